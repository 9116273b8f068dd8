"""The ``fabrique service …`` and ``fabrique deploy`` commands (thin: they call ``fabrique_kit.deploy``).

Example::

    $ sudo .venv/bin/fabrique service install mon-afficheur    # on the Pi, once
    $ fabrique service status
    $ fabrique deploy Accueil mon-afficheur                     # from the laptop
    $ fabrique deploy --rollback Accueil
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _


def _fail(error: FabriqueError) -> None:
    click.secho(_("Erreur :"), fg="red", bold=True, err=True)
    click.echo(str(error), err=True)
    sys.exit(1)


def build_service_group() -> click.Group:
    """The ``service`` group, built in the current language."""

    @click.group("service", help=_("Installer le kit comme service : il démarre avec le Pi et redémarre seul."))
    def service():
        pass

    @service.command("install", help=_("Installer le projet comme service systemd (avec sudo sur le Pi)."))
    @click.argument("directory", required=False, default=".", type=click.Path(path_type=Path))
    @click.option("--user", "user_unit", is_flag=True, help=_("Service de l'utilisateur (systemctl --user), sans sudo."))
    @click.option("--utilisateur", "user", default=None, help=_("Compte qui fait tourner le kit (par défaut : vous)."))
    @click.option("--racine", "service_root", default=None, type=click.Path(path_type=Path),
                  help=_("Dossier du service (par défaut : ~/fabrique-service)."))
    @click.option("--dry-run", is_flag=True, help=_("Montrer ce qui serait fait, sans rien changer."))
    @click.option("--kiosque/--sans-kiosque", "kiosk", default=None,
                  help=_("Montrer l'écran dans Chromium en plein écran au démarrage du bureau (par défaut sur un bureau : la sortie native du kit, sans navigateur ; --sans-kiosque : aucune des deux)."))
    def install(directory, user_unit, user, service_root, dry_run, kiosk):
        from fabrique_kit.deploy.service import apply_plan, plan_install

        try:
            plan = plan_install(directory, user=user, service_root=service_root, user_unit=user_unit, kiosk=kiosk)
            if dry_run:
                for path, text in plan.files.items():
                    click.secho(f"# {path}", bold=True)
                    click.echo(text)
                for path in plan.edits:
                    click.secho(_("# {path} : ajout de « consoleblank=0 »", path=path), bold=True)
                for command in plan.commands:
                    click.echo("$ " + " ".join(command))
                for note in plan.notes:
                    click.echo(note)
                return
            for line in apply_plan(plan):
                click.echo(line)
            for note in plan.notes:
                click.echo(note)
            click.echo(_("Service installé : le kit tourne et redémarrera avec le Pi."))
            click.echo(_("Suivi : fabrique service status — messages : fabrique service logs"))
        except FabriqueError as error:
            _fail(error)

    @service.command("status", help=_("Dire si le service tourne."))
    @click.option("--user", "user_unit", is_flag=True, help=_("Service de l'utilisateur (systemctl --user)."))
    def status(user_unit):
        from fabrique_kit.deploy.service import service_status

        try:
            click.echo(service_status(user_unit=user_unit))
        except FabriqueError as error:
            _fail(error)

    @service.command("logs", help=_("Afficher les derniers messages du kit (journal systemd)."))
    @click.option("-n", "lines", default=100, show_default=True, help=_("Nombre de lignes."))
    @click.option("-f", "--follow", is_flag=True, help=_("Continuer à afficher les nouveaux messages."))
    @click.option("--user", "user_unit", is_flag=True, help=_("Service de l'utilisateur (systemctl --user)."))
    def logs(lines, follow, user_unit):
        from fabrique_kit.deploy.service import require_systemd, service_logs_command

        try:
            require_systemd()
        except FabriqueError as error:
            _fail(error)
        sys.exit(subprocess.call(service_logs_command(lines, follow, user_unit)))

    @service.command("uninstall", help=_("Arrêter et retirer le service (le dossier du service et ses données restent)."))
    @click.option("--user", "user_unit", is_flag=True, help=_("Service de l'utilisateur (systemctl --user)."))
    @click.option("--utilisateur", "user", default=None, help=_("Compte qui fait tourner le kit."))
    def uninstall(user_unit, user):
        from fabrique_kit.deploy.service import apply_uninstall, plan_uninstall

        try:
            for line in apply_uninstall(plan_uninstall(user=user, user_unit=user_unit)):
                click.echo(line)
            click.echo(_("Service retiré. Les versions et les données (compteurs) sont gardées."))
        except FabriqueError as error:
            _fail(error)

    @service.command("run", help=_("Faire tourner le kit d'un dossier de service (ce que lance systemd)."))
    @click.argument("root", type=click.Path(path_type=Path, file_okay=False, exists=True))
    @click.option("--port", type=int, default=None, help=_("Port du kit (le déploiement écoute sur le suivant)."))
    @click.option("--host", default="0.0.0.0", show_default=True, help=_("Adresse d'écoute."))
    @click.option("--deploy-port", type=int, default=None, help=_("Port de l'API de déploiement (par défaut : port du kit + 1)."))
    @click.option("--health-timeout", type=float, default=None, help=_("Secondes laissées au kit pour répondre au démarrage."))
    @click.argument("kit_args", nargs=-1, type=click.UNPROCESSED)
    def run(root, port, host, deploy_port, health_timeout, kit_args):
        from fabrique_kit.deploy.supervisor import run_service

        try:
            run_service(root, port=port, host=host, deploy_port=deploy_port, health_timeout=health_timeout,
                        kit_args=list(kit_args))
        except FabriqueError as error:
            _fail(error)

    return service


def build_deploy_command() -> click.Command:
    """The ``deploy`` command, built in the current language."""

    @click.command("deploy", help=_("Envoyer le projet sur un kit du réseau (il redémarre et revient en arrière s'il échoue)."))
    @click.argument("kit", required=False)
    @click.argument("directory", required=False, default=".", type=click.Path(path_type=Path))
    @click.option("--url", default=None, help=_("Adresse de l'API de déploiement, ex. http://192.168.1.20:8001."))
    @click.option("--key", "key", default=None, help=_("Clé de site (par défaut : celle du fabrique.toml du projet)."))
    @click.option("--rollback", is_flag=True, help=_("Revenir à la version précédente du kit."))
    @click.option("--timeout", default=180.0, show_default=True, help=_("Secondes d'attente du verdict du kit."))
    def deploy(kit, directory, url, key, rollback, timeout):
        from fabrique_kit.deploy.client import send_to_kit

        try:
            result = send_to_kit(kit, directory, url=url, key=key, rollback=rollback, timeout=timeout,
                                 say=click.echo)
        except FabriqueError as error:
            _fail(error)
        _report(result)

    return deploy


def _report(result: dict) -> None:
    from fabrique_kit.i18n import get_language

    message = (get_language() == "en" and result.get("message_en")) or result.get("message") or result.get("state")
    state = result.get("state")
    colour = {"ok": "green", "rolled_back": "yellow"}.get(str(state), "red")
    click.secho(message, fg=colour, bold=True)
    if state != "ok":
        reason = (get_language() == "en" and result.get("reason_en")) or result.get("reason")
        if reason:
            click.echo(reason)
        if result.get("log"):
            click.echo(_("Derniers messages du kit :"))
            for line in result["log"][-15:]:
                click.echo("  " + line)
        sys.exit(1)


# The names the main CLI attaches (``fabrique service …``, ``fabrique deploy``).
service = build_service_group()
deploy = build_deploy_command()
