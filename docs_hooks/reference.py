"""MkDocs hook: write the references that must follow the code, at each build.

- ``reference/configuration.md``: every key of ``fabrique.toml``, read from the one
  schema ``fabrique_kit.config.schema.SCHEMA`` (type, default, allowed values, range and
  the French description). A key without a description is a warning, so ``mkdocs build
  --strict`` fails until it is documented.
- ``reference/cli.md`` (French) and ``en/cli.md`` (English): every command of
  ``fabrique_kit.cli.build_cli()``, its usage, its help and its options.
"""

from __future__ import annotations

import logging

import click
from mkdocs.structure.files import File, Files

from fabrique_kit.config.schema import SCHEMA

log = logging.getLogger("mkdocs.hooks.reference")

# section -> key -> what it means, for mediators (French): read from the one schema.
DESCRIPTIONS: dict[str, dict[str, str]] = {
    section.name: {key.name: key.description for key in section.keys} for section in SCHEMA.values()
}


def _type_text(kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "texte", int: "nombre entier", float: "nombre", bool: "true / false", list: "liste"}
    return " ou ".join(names.get(k, k.__name__) for k in kinds)


def _default_text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f'`"{value}"`' if value else '`""`'
    return f"`{value}`"


def _allowed_text(key) -> str:
    if key.choices:
        return ", ".join(f"`{c}`" for c in key.choices)
    if key.minimum is not None and key.maximum is not None:
        return f"de `{key.minimum}` à `{key.maximum}`"
    return ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def config_reference() -> str:
    from fabrique_kit.config import CONFIG_NAME

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
    for title, repeated in (("Les sections", False), ("Les listes (une section par élément)", True)):
        lines += [f"## {title}", ""]
        if repeated:
            lines += [
                "Ces sections s'écrivent entre doubles crochets et peuvent se répéter :",
                "chaque `[[flux]]` ajoute un flux, chaque `[[boutons]]` un bouton.",
                "",
            ]
        for section in (s for s in SCHEMA.values() if s.repeated == repeated):
            header = f"[[{section.name}]]" if repeated else f"[{section.name}]"
            lines += [f"### `{header}`", ""]
            lines += ["| clé | type | par défaut | valeurs possibles | ce que c'est |", "|---|---|---|---|---|"]
            for key in section.keys:
                if not key.description:
                    log.warning("The key [%s] %s of fabrique.toml has no description: add one to "
                                "fabrique_kit/config/schema.py.", section.name, key.name)
                lines.append(
                    f"| `{key.name}` | {_type_text(key.kind)} | "
                    f"{'obligatoire' if key.required else _default_text(key.default)} | "
                    f"{_allowed_text(key)} | {_cell(key.description)} |"
                )
            lines.append("")
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
                "Every command accepts `--help`, in English with `--lang en`.",
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
