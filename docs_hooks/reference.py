"""MkDocs hook: write the references that must follow the code, at each build.

- ``reference/configuration.md``: every key of ``fabrique.toml``, read from
  ``fabrique_kit.config.SECTIONS``, ``LIST_SECTIONS``, ``CHOICES`` and ``REQUIRED``.
  Each key needs a sentence in ``DESCRIPTIONS`` below: a new key without one is a
  warning, so ``mkdocs build --strict`` fails until it is documented.
- ``reference/cli.md`` (French) and ``en/cli.md`` (English): every command of
  ``fabrique_kit.cli.build_cli()``, its usage, its help and its options.
"""

from __future__ import annotations

import logging

import click
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.reference")

# section -> key -> what it means, for mediators (French).
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "kit": {
        "nom": "Le nom du kit sur le réseau (par défaut : le nom du dossier). Les autres kits le trouvent sous ce nom.",
        "lieu": "Le lieu affiché en haut de l'écran, par exemple « Espace Social Commun Maurepas ».",
        "modele": "Le modèle dont vient le projet (afficheur, compteur, borne, capteur).",
        "langue": "La langue des messages du kit.",
        "simulation": "« auto » : simuler seulement sans Raspberry Pi ; « oui » : toujours simuler ; « non » : jamais.",
    },
    "ecran": {
        "taille": "La taille de l'écran en pixels, largeur x hauteur (par exemple « 1920x1080 »).",
        "rotation": "L'écran est tourné de 90, 180 ou 270 degrés ; 90 ou 270 donnent un écran en hauteur.",
        "theme": "Les couleurs : clair, sombre ou contraste (très contrasté).",
        "sortie": "Où l'image est montrée : auto, framebuffer (l'écran du Pi), fenetre, navigateur, png ou aucune.",
        "disposition": "La mise en page : auto, paysage ou portrait.",
        "voix": "true : dire à voix haute le numéro appelé, pour les personnes qui ne peuvent pas le lire (espeak-ng en français s'il est installé, sinon un carillon).",
        "extinction": "true : éteindre l'écran en dehors des horaires d'ouverture du semainier (le kit continue de tourner et de compter).",
        "extinction_moyen": "Comment éteindre l'écran : auto, wlr (bureau Wayland), framebuffer, vcgencmd (anciens Pi), cec (commande de la télévision) ou aucun.",
        "allumage_avance": "Combien de temps avant l'ouverture rallumer l'écran, par exemple « 15 min ».",
    },
    "web": {
        "port": "Le port de l'aperçu web : http://127.0.0.1:8000 avec 8000.",
        "adresse": "L'adresse d'écoute du serveur web. « auto » : tout le réseau local quand la découverte des kits est active (les autres kits doivent le joindre), sinon seulement cet ordinateur (127.0.0.1). Ou une adresse IP. En simulation, les boutons de l'aperçu ne répondent qu'à cet ordinateur.",
        "ouvrir_navigateur": "true : ouvrir l'aperçu dans le navigateur au démarrage.",
    },
    "site": {
        "cle": "La clé partagée par les kits d'un même lieu ; elle autorise les actions entre kits. Secrète : ne la publiez pas.",
    },
    "reseau": {
        "decouverte": "true : annoncer le kit et trouver les autres kits du réseau local (zeroconf).",
    },
    "semainier": {
        "fichier": "Le fichier du planning de la semaine, à côté de fabrique.toml (par exemple « semainier.json »).",
        "lieu": "Garder un seul lieu d'un semainier qui en décrit plusieurs.",
    },
    "message": {
        "texte": "Le message affiché dans le bandeau au démarrage (les médiateurs peuvent le changer dans /admin).",
    },
    "flux": {
        "nom": "Le nom des actualités dans l'état du kit (par défaut « actus », puis « actus2 »…).",
        "adresse": "L'adresse du flux RSS ou Atom (http:// ou https://).",
        "toutes_les": "Le temps entre deux lectures du flux, par exemple « 15 min » ou « 1 h ».",
        "max": "Le nombre d'actualités gardées.",
    },
    "compteurs": {
        "nom": "Le nom du compteur d'attente (par défaut « attente »).",
        "guichets": "Le nombre de guichets qui appellent les tickets.",
    },
    "boutons": {
        "broche": "La broche GPIO du bouton (par exemple 17 pour GPIO17).",
        "libelle": "Le texte du bouton dans l'aperçu.",
        "action": "L'action lancée par le bouton, par exemple « attente.take_ticket ».",
        "touche": "Une touche du clavier ou d'une Makey Makey qui lance la même action (par exemple « space »).",
    },
}


def _type_text(kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "texte", int: "nombre entier", float: "nombre", bool: "true / false"}
    return " ou ".join(names.get(k, k.__name__) for k in kinds)


def _default_text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f'`"{value}"`' if value else '`""`'
    return f"`{value}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def config_reference() -> str:
    from fabrique_kit.config import CHOICES, CONFIG_NAME, LIST_SECTIONS, REQUIRED, SECTIONS

    lines = [
        "# Configuration : `fabrique.toml`",
        "",
        "Cette page est écrite à chaque construction de la documentation à partir de",
        "`fabrique_kit.config` : elle suit toujours le code.",
        "",
        f"Le fichier `{CONFIG_NAME}` est à côté de `main.py`. Après chaque modification,",
        "`fabrique check` le vérifie et indique la ligne de chaque erreur, avec une",
        "suggestion quand une clé est mal écrite.",
        "",
    ]
    for title, sections, repeated in (
        ("Les sections", SECTIONS, False),
        ("Les listes (une section par élément)", LIST_SECTIONS, True),
    ):
        lines += [f"## {title}", ""]
        if repeated:
            lines += [
                "Ces sections s'écrivent entre doubles crochets et peuvent se répéter :",
                "chaque `[[flux]]` ajoute un flux, chaque `[[boutons]]` un bouton.",
                "",
            ]
        for section, keys in sections.items():
            header = f"[[{section}]]" if repeated else f"[{section}]"
            lines += [f"### `{header}`", ""]
            lines += ["| clé | type | par défaut | valeurs possibles | ce que c'est |", "|---|---|---|---|---|"]
            for key, (kind, default) in keys.items():
                description = DESCRIPTIONS.get(section, {}).get(key)
                if not description:
                    log.warning(
                        "The key [%s] %s of fabrique.toml has no description: add one to "
                        "DESCRIPTIONS in docs_hooks/reference.py.", section, key
                    )
                    description = ""
                choices = CHOICES.get((section, key))
                choice_text = ", ".join(f"`{c}`" for c in choices) if choices else ""
                default_text = "obligatoire" if key in REQUIRED.get(section, ()) else _default_text(default)
                lines.append(
                    f"| `{key}` | {_type_text(kind)} | {default_text} | {choice_text} | {_cell(description)} |"
                )
            lines.append("")
    for section, keys in DESCRIPTIONS.items():
        known = SECTIONS.get(section) or LIST_SECTIONS.get(section) or {}
        for key in keys:
            if key not in known:
                log.warning("docs_hooks/reference.py describes [%s] %s, which fabrique.toml no longer has.", section, key)
    lines += [
        "## Un exemple complet",
        "",
        "```toml",
        "[kit]",
        'nom = "hall-maurepas"',
        'lieu = "Espace Social Commun Maurepas"',
        "",
        "[ecran]",
        'taille = "1920x1080"',
        'theme = "clair"',
        "",
        "[semainier]",
        'fichier = "semainier.json"',
        "",
        "[[flux]]",
        'adresse = "https://www.espacenumeriqueesc.fr/feed/"',
        'toutes_les = "15 min"',
        "",
        "[[compteurs]]",
        'nom = "attente"',
        "guichets = 2",
        "",
        "[[boutons]]",
        "broche = 17",
        'libelle = "Prendre un ticket"',
        'action = "attente.take_ticket"',
        'touche = "space"',
        "",
        "[site]",
        'cle = "…la clé donnée par fabrique pair --show…"',
        "```",
        "",
    ]
    return "\n".join(lines)


CLICK_FR = [  # click's own words, for the French page
    ("Show this message and exit.", "Affiche cette aide et s'arrête."),  # as in click.po
    ("Show the version and exit.", "Affiche la version et s'arrête."),
    ("[default: ", "[par défaut : "),
    ("[required]", "[obligatoire]"),
]


def _translate(text: str, english: bool) -> str:
    if not english:
        for source, target in CLICK_FR:
            text = text.replace(source, target)
    return text


def _command_lines(command: click.Command, path: list[str], parent: click.Context | None, english: bool) -> list[str]:
    name = " ".join(path)
    ctx = click.Context(command, info_name=path[-1], parent=parent)
    lines = [f"## `{name}`", ""]
    help_text = (command.help or "").strip()
    if help_text:
        lines += [click.unstyle(help_text).replace("\b\n", ""), ""]
    usage = " ".join(command.collect_usage_pieces(ctx))
    lines += ["```", f"{name} {usage}".rstrip(), "```", ""]
    rows = []
    for param in command.get_params(ctx):
        if isinstance(param, click.Argument):
            if english:
                what = "required" if param.required else "optional"
            else:
                what = "obligatoire" if param.required else "facultatif"
            rows.append((f"`{param.make_metavar(ctx) if _metavar_takes_ctx() else param.make_metavar()}`", "argument", what))
            continue
        if parent is not None and "--help" in param.opts:
            continue  # every command has it; said once at the top
        record = param.get_help_record(ctx)
        if record is None:
            continue
        opts, help_ = record
        rows.append((f"`{opts}`", "option", _translate(help_, english)))
    if rows:
        if english:
            lines += ["| name | kind | help |", "|---|---|---|"]
        else:
            lines += ["| nom | type | aide |", "|---|---|---|"]
        for opts, kind, help_ in rows:
            lines.append(f"| {_cell(opts)} | {kind} | {_cell(click.unstyle(help_))} |")
        lines.append("")
    if isinstance(command, click.Group):
        for sub_name in command.list_commands(ctx):
            sub = command.get_command(ctx, sub_name)
            if sub is not None and not sub.hidden:
                lines += _command_lines(sub, [*path, sub_name], ctx, english)
    return lines


def _metavar_takes_ctx() -> bool:
    import inspect

    return "ctx" in inspect.signature(click.Argument.make_metavar).parameters


def cli_reference(language: str) -> str:
    from fabrique_kit.i18n import use_language

    english = language == "en"
    with use_language(language):
        from fabrique_kit.cli import build_cli

        cli = build_cli()
        ctx = click.Context(cli, info_name="fabrique")
        if english:
            head = [
                "# The `fabrique` command",
                "",
                "Written from `fabrique_kit.cli.build_cli()` at each build of the docs, so it",
                "always matches the code. `fabrique --lang en COMMAND --help` prints the same help.",
                "Some commands (discover, pair) only have French help. Every command accepts `--help`.",
                "",
            ]
        else:
            head = [
                "# La commande `fabrique`",
                "",
                "Cette page est écrite à chaque construction de la documentation à partir de",
                "`fabrique_kit.cli.build_cli()` : elle suit toujours le code.",
                "`fabrique COMMANDE --help` affiche la même aide dans le terminal ; chaque",
                "commande accepte `--help`.",
                "",
            ]
        del ctx
        lines = head + _command_lines(cli, ["fabrique"], None, english)
    return "\n".join(lines) + "\n"


def cli_reference_fresh(language: str) -> str:
    """:func:`cli_reference` in a new interpreter.

    The commands attached from other modules (atelier, stats, semainier...) build their
    help when first imported, in the language of that moment: a fresh interpreter per
    language gets each help in the right language.
    """
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, __file__, language], capture_output=True, text=True, encoding="utf-8", check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"the {language} command reference failed:\n{result.stderr}")
    return result.stdout


GENERATED = {
    "reference/configuration.md": config_reference,
    "reference/cli.md": lambda: cli_reference_fresh("fr"),
    "en/cli.md": lambda: cli_reference_fresh("en"),
}


def on_files(files: Files, config, **kwargs) -> Files:
    for uri, make in GENERATED.items():
        if files.get_file_from_path(uri) is not None:
            log.warning("docs/%s exists but is generated by docs_hooks/reference.py: remove it.", uri)
            files.remove(files.get_file_from_path(uri))
        files.append(File.generated(config, uri, content=make()))
    return files


if __name__ == "__main__":  # used by cli_reference_fresh
    import sys

    sys.stdout.reconfigure(encoding="utf-8")
    sys.stdout.write(cli_reference(sys.argv[1]))
