"""The ``fabrique`` command group and its core commands (new, run, preview, check, doctor).

The commands are built after the language is known (``--lang en`` or the locale), so
that their help is in the right language too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from fabrique_kit import __version__
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _, set_language


class FriendlyGroup(click.Group):
    """A click group that shows a :class:`FabriqueError` as a report, without a traceback.

    Its optional commands (``lazy_commands``: name → module) are imported when they run;
    one whose module fails to import says so, with the reason, instead of « no such
    command » (the traceback goes to the log, and to the terminal with ``FABRIQUE_DEBUG=1``).
    """

    lazy_commands: dict[str, str] = {}

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(self.lazy_commands))

    def get_command(self, ctx, cmd_name):
        command = super().get_command(ctx, cmd_name)
        if command is not None or cmd_name not in self.lazy_commands:
            return command
        import importlib
        import logging
        import os

        module_name = self.lazy_commands[cmd_name]
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:  # a part left out of this installation
                return None
            failure: Exception = error
        except Exception as error:  # noqa: BLE001 - said to the person, with its reason
            failure = error
        else:
            command = getattr(module, cmd_name, None)
            return command if isinstance(command, click.Command) else None
        logging.getLogger("fabrique_kit.cli").error("loading %s failed", module_name, exc_info=failure)
        if os.environ.get("FABRIQUE_DEBUG") == "1":
            import traceback

            traceback.print_exception(failure)
        raise click.ClickException(_("La commande « {name} » n'a pas pu être chargée ({module}) : {error}",
                                     name=cmd_name, module=module_name,
                                     error=f"{type(failure).__name__}: {failure}"))

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except FabriqueError as error:
            click.secho(_("Erreur :"), fg="red", bold=True, err=True)
            click.echo(str(error), err=True)
            ctx.exit(1)


def _simulate_option(function):
    return click.option(
        "--simulate/--no-simulate",
        "simulate",
        default=None,
        help=_("Forcer la simulation (sans Raspberry Pi) ou le matériel réel."),
    )(function)


def parse_moment(_ctx, _param, value: str | None):
    """``--at "2026-11-23 14:30"`` as a fixed clock at that time (Europe/Paris), or None."""
    if value is None:
        return None
    from datetime import datetime

    from fabrique_kit.clock import FakeClock

    try:
        moment = datetime.strptime(value.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise click.BadParameter(
            _("« {value} » n'est pas un moment au format AAAA-MM-JJ HH:MM (par exemple « 2026-11-23 14:30 »).",
              value=value)
        ) from None
    return FakeClock(moment)


def parse_size(_ctx, _param, value: str | None) -> tuple[int, int] | None:
    """``--size 1280x1024`` as ``(1280, 1024)``, or None."""
    if value is None:
        return None
    width, sep, height = value.strip().lower().replace("×", "x").partition("x")
    if not (sep and width.isdigit() and height.isdigit() and 64 <= int(width) <= 7680 and 64 <= int(height) <= 7680):
        raise click.BadParameter(
            _("« {value} » n'est pas une taille d'écran : écrivez LARGEURxHAUTEUR en pixels, "
              "entre 64 et 7680 (par exemple « 1280x1024 »).", value=value)
        )
    return int(width), int(height)


def build_cli() -> click.Group:
    """Build the ``fabrique`` command group in the current language."""
    from fabrique_kit.i18n.click_messages import install_click_translations

    install_click_translations()

    @click.group(cls=FriendlyGroup, help=_("fabrique-kit : des écrans et boîtiers d'information sociale sur Raspberry Pi."))
    @click.version_option(__version__, "--version", prog_name="fabrique-kit", message="%(prog)s %(version)s")
    @click.option("--lang", type=click.Choice(["fr", "en"]), default=None, help=_("Langue des messages (fr ou en)."))
    def cli(lang):
        if lang:
            set_language(lang)

    @cli.command("new", help=_("Créer un projet à partir d'un modèle (sans modèle : la liste). "
                               "« fabrique new module NOM » crée un module à contribuer."))
    @click.argument("template", required=False)
    @click.argument("directory", required=False, type=click.Path(path_type=Path))
    @click.argument("module_dir", required=False, type=click.Path(path_type=Path))
    def new(template, directory, module_dir):
        from fabrique_kit.project import new_project, templates

        if template == "module":  # fabrique new module NOM [DOSSIER]
            from fabrique_kit.cli.modules import new_module

            new_module(str(directory) if directory else None, module_dir)
            return
        if not template:
            click.echo(_("Modèles disponibles :"))
            for item in templates().values():
                click.echo(f"  {item.name:<12} {item.description}")
            click.echo(f"  {'module':<12} " + _("Un module à contribuer (bloc, source, modèle), avec ses tests."))
            click.echo(_("Exemple : fabrique new afficheur mon-afficheur"))
            return
        target = directory or Path(template)
        path = new_project(template, target)
        click.echo(_("Projet « {template} » créé dans {path}.", template=template, path=path))
        import shlex

        click.echo(_("Étape suivante : fabrique run {path}", path=shlex.quote(str(path))))

    @cli.command("run", help=_("Lancer le projet (son main.py ou sa configuration) jusqu'à l'arrêt."))
    @click.argument("directory", required=False, default=".", type=click.Path(path_type=Path))
    @_simulate_option
    @click.option("--port", type=int, default=None, help=_("Port de l'aperçu web."))
    @click.option("--host", default=None, help=_("Adresse d'écoute du serveur web."))
    @click.option("--output", "output", default=None, help=_("Sortie de l'écran : auto, framebuffer, fenetre, navigateur, aucune."))
    def run(directory, simulate, port, host, output):
        from fabrique_kit.project import run_project

        run_project(directory, mode="run", simulate=simulate, port=port, host=host, output=output)

    @cli.command("preview", help=_("Dessiner une image de l'écran dans un fichier PNG, sans serveur."))
    @click.argument("directory", required=False, default=".", type=click.Path(path_type=Path))
    @click.option("-o", "--output", "png", default="apercu.png", type=click.Path(path_type=Path), help=_("Fichier PNG à écrire."))
    @click.option("--layout", "layout", default=None, type=click.Path(path_type=Path),
                  help=_("Écrire aussi, en JSON, chaque texte dessiné : sa place, sa taille, ses couleurs, son rôle."))
    @click.option("--at", "clock", default=None, callback=parse_moment, metavar="'AAAA-MM-JJ HH:MM'",
                  help=_("Dessiner l'écran comme à ce moment (heure de Paris)."))
    @click.option("--size", "size", default=None, callback=parse_size, metavar="LxH",
                  help=_("Taille de l'écran en pixels, à la place de celle de la configuration (ex. 1280x1024)."))
    @_simulate_option
    def preview(directory, png, layout, clock, size, simulate):
        from fabrique_kit.project import run_project

        run_project(directory, mode="preview", png=png.resolve(), layout=layout.resolve() if layout else None,
                    clock=clock, size=size, simulate=simulate, network=False)

    @cli.command("check", help=_("Vérifier la configuration et les fichiers de données du projet."))
    @click.argument("directory", required=False, default=".", type=click.Path(path_type=Path))
    def check(directory):
        from fabrique_kit.project import check_project

        problems = check_project(directory)
        errors = [p for p in problems if p.severity == "error"]
        for problem in problems:
            word = _("Erreur") if problem.severity == "error" else _("Attention")
            click.echo(f"{word} — {problem}")
        if errors:
            click.echo(_("{n} erreur(s) : corrigez-les puis relancez « fabrique check ».", n=len(errors)))
            sys.exit(1)
        click.echo(_("Tout est correct."))

    @cli.command("doctor", help=_("Dire ce qu'est cette machine et ce qui marchera."))
    @click.argument("directory", required=False, default=".", type=click.Path(path_type=Path))
    @click.option("--json", "as_json", is_flag=True, help=_("Sortie en JSON."))
    @click.option("--port", type=int, default=None,
                  help=_("Port web à vérifier (par défaut : [web] port du fabrique.toml du dossier, sinon 8000)."))
    def doctor(directory, as_json, port):
        from fabrique_kit.doctor import PROBLEM, label, run_checks

        checks = run_checks(port=port, project_dir=directory)
        if as_json:
            click.echo(json.dumps([c.as_dict() for c in checks], ensure_ascii=False, indent=2))
        else:
            colours = {"ok": "green", "warning": "yellow", "problem": "red"}
            for item in checks:
                head = click.style(f"[{label(item.status)}]", fg=colours[item.status], bold=True)
                line = f"{head} {item.topic}{_(' : ')}{item.message}"
                if item.fix:
                    line += " → " + item.fix
                click.echo(line)
        if any(c.status == PROBLEM for c in checks):
            sys.exit(1)

    _attach_optional_commands(cli)
    return cli


# the commands of the other modules of fabrique_kit.cli (one module per part of the
# library), imported only when they run: « fabrique --version » reads none of them
OPTIONAL_COMMANDS = {
    "semainier": "fabrique_kit.cli.semainier",
    "stats": "fabrique_kit.cli.counters",
    "bilan": "fabrique_kit.cli.bilan",
    "discover": "fabrique_kit.cli.net",
    "pair": "fabrique_kit.cli.net",
    "atelier": "fabrique_kit.cli.atelier",
    "modules": "fabrique_kit.cli.modules",
    "service": "fabrique_kit.cli.deploy",
    "deploy": "fabrique_kit.cli.deploy",
    "ville": "fabrique_kit.cli.city",
}


def _attach_optional_commands(cli: click.Group) -> None:
    """Let ``cli`` find the optional commands when asked for them (see :class:`FriendlyGroup`)."""
    cli.lazy_commands = dict(OPTIONAL_COMMANDS)  # type: ignore[attr-defined]


def _language_from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``fabrique`` command."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _language_from_argv(argv)
    if lang in ("fr", "en"):
        set_language(lang)
    build_cli().main(args=argv, prog_name="fabrique")


if __name__ == "__main__":
    main()
