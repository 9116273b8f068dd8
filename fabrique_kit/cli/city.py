"""The ``fabrique ville`` commands (thin: they call ``fabrique_kit.city``).

Example::

    $ fabrique ville courtier /etc/fabrique-ville --lieu maurepas --lieu villejean \\
          --certificat server.crt --cle server.key
    $ fabrique ville verifier mon-afficheur
    $ fabrique ville etat --courtier mqtts://courtier.ville.example --utilisateur coordination
    $ fabrique ville message "Fermé le 14 juillet" --type fermeture --du 2027-07-14T00:00
    $ fabrique ville export semainier.json -o lieux.csv --siret maurepas=21350238800019
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _


def _fail(error: FabriqueError) -> None:
    click.echo(str(error), err=True)
    sys.exit(1)


def _account_options(function):
    function = click.option("--mot-de-passe", "password", envvar="FABRIQUE_VILLE_MOT_DE_PASSE", default=None,
                            help=_("Le mot de passe du compte (ou la variable FABRIQUE_VILLE_MOT_DE_PASSE)."))(function)
    function = click.option("--utilisateur", "user", default=None, help=_("Le compte sur le courtier."))(function)
    function = click.option("--courtier", "broker", default=None,
                            help=_("L'adresse du courtier (par défaut : [ville] courtier du projet)."))(function)
    return click.argument("project", required=False, default=".", type=click.Path(file_okay=False))(function)


def _now():
    from fabrique_kit.clock import SYSTEM_CLOCK

    return SYSTEM_CLOCK.now()


@click.group("ville", help=_("Le réseau des lieux de la ville (courtier MQTT)."))
def ville() -> None:
    pass


@ville.command("courtier", help=_("Écrit la configuration d'un courtier Mosquitto pour la coordination."))
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--lieu", "places", multiple=True, required=True, help=_("L'identifiant d'un lieu (répétez l'option)."))
@click.option("--port", default=8883, show_default=True, type=int, help=_("Le port d'écoute."))
@click.option("--adresse", "host", default="", help=_("L'adresse d'écoute (par défaut : toutes)."))
@click.option("--certificat", "certfile", default=None, help=_("Le certificat TLS du courtier (PEM)."))
@click.option("--cle", "keyfile", default=None, help=_("La clé privée du courtier (PEM)."))
@click.option("--autorite", "cafile", default=None, help=_("L'autorité qui signe les certificats des lieux (PEM)."))
@click.option("--certificats-clients", is_flag=True, help=_("Exiger un certificat de chaque lieu (son nom = l'identifiant)."))
@click.option("--compte-systeme", "system_user", default="mosquitto", show_default=True,
              help=_("Le compte système sous lequel Mosquitto tourne."))
def courtier(folder, places, port, host, certfile, keyfile, cafile, certificats_clients, system_user) -> None:
    from fabrique_kit.city.broker import TlsFiles, write_broker_config

    tls = None
    if certfile or keyfile:
        if not (certfile and keyfile):
            _fail(FabriqueError(_("Donnez à la fois --certificat et --cle.")))
        tls = TlsFiles(str(Path(certfile).resolve()), str(Path(keyfile).resolve()),
                       str(Path(cafile).resolve()) if cafile else None, certificats_clients)
    try:
        files = write_broker_config(folder, list(places), port=port, host=host, tls=tls, user=system_user)
    except FabriqueError as error:
        _fail(error)
    click.echo(_("Configuration écrite : {path}", path=files.conf))
    click.echo(_("Comptes et mots de passe (à donner à chaque lieu, puis à garder en lieu sûr) : {path}",
                 path=files.credentials))
    click.echo(_("Démarrez le courtier : mosquitto -c {path}", path=files.conf))


@ville.command("verifier", help=_("Vérifie la connexion d'un kit au courtier de la ville."))
@_account_options
def verifier(project, broker, user, password) -> None:
    from fabrique_kit.city.fleet import check_connection
    from fabrique_kit.city.settings import tool_settings

    try:
        steps = check_connection(tool_settings(project, broker, user, password), _now())
    except FabriqueError as error:
        _fail(error)
    for ok, text in steps:
        click.echo(f"{'✓' if ok else '✗'} {text}")
    if not all(ok for ok, _text in steps):
        sys.exit(1)


@ville.command("etat", help=_("Montre chaque lieu et chaque kit du réseau : en ligne, vu il y a, version, erreurs, attente."))
@_account_options
@click.option("--json", "as_json", is_flag=True, help=_("Sortie JSON (pour les scripts)."))
def etat(project, broker, user, password, as_json) -> None:
    from fabrique_kit.city.fleet import collect_fleet, fleet_rows, fleet_table
    from fabrique_kit.city.settings import tool_settings

    now = _now()
    try:
        rows = fleet_rows(collect_fleet(tool_settings(project, broker, user, password), now), now)
    except FabriqueError as error:
        _fail(error)
    click.echo(json.dumps(rows, ensure_ascii=False, indent=2) if as_json else
               (fleet_table(rows) if rows else _("Aucun lieu n'a encore rien publié.")))


@ville.command("bilan", help=_("Le bilan anonyme de la ville : les chiffres de l'année de tous les lieux, additionnés."))
@_account_options
@click.option("--annee", "year", default=None, help=_("L'année (par défaut : celle publiée)."))
def bilan(project, broker, user, password, year) -> None:
    from fabrique_kit.city.fleet import city_bilan, collect_fleet
    from fabrique_kit.city.settings import tool_settings

    try:
        total = city_bilan(collect_fleet(tool_settings(project, broker, user, password), _now()), year)
    except FabriqueError as error:
        _fail(error)
    click.echo(json.dumps(total, ensure_ascii=False, indent=2))


@ville.command("message", help=_("Envoie un message aux écrans de tous les lieux, ou de certains (compte « coordination »)."))
@click.argument("text")
@_account_options
@click.option("--type", "kind", default="information", show_default=True,
              type=click.Choice(["information", "fermeture", "alerte"]), help=_("Le genre du message."))
@click.option("--du", "start", default=None, help=_("Affiché à partir de (AAAA-MM-JJTHH:MM)."))
@click.option("--au", "end", default=None, help=_("Affiché jusqu'à (AAAA-MM-JJTHH:MM)."))
@click.option("--lieu", "places", multiple=True, help=_("Un lieu destinataire (par défaut : tous)."))
def message(text, project, broker, user, password, kind, start, end, places) -> None:
    from fabrique_kit.city.fleet import send_message
    from fabrique_kit.city.settings import tool_settings

    try:
        sent = send_message(tool_settings(project, broker, user, password), text, kind=kind, start=start,
                            end=end, places=list(places), now=_now())
    except FabriqueError as error:
        _fail(error)
    click.echo(_("Message envoyé ({kind}) à {where}.", kind=sent["type"],
                 where=", ".join(sent["lieux"]) or _("tous les lieux")))


@ville.command("export", help=_("Exporte l'offre au schéma national « Lieux de médiation numérique » (CSV ou JSON)."))
@click.argument("semainier", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help=_("Le fichier écrit (.csv ou .json)."))
@click.option("--siret", "pivots", multiple=True, help=_("identifiant=SIRET (ou RNA) d'un lieu ; répétez l'option."))
@click.option("--source", default="", help=_("La structure qui publie la donnée (par exemple « Ville de Rennes »)."))
def export(semainier, output, pivots, source) -> None:
    from fabrique_kit.city.national import national_rows, write_national
    from fabrique_kit.sources.semainier import load_semainier

    try:
        given = dict(item.split("=", 1) for item in pivots if "=" in item)
        rows, warnings = national_rows(load_semainier(semainier), pivots=given, source=source, file=semainier)
        for warning in warnings:
            click.echo(str(warning), err=True)
        if not rows:
            raise FabriqueError(_("Aucun lieu à exporter."), hint=_("Donnez le SIRET de chaque lieu avec --siret."))
        path = write_national(output, rows)
    except FabriqueError as error:
        _fail(error)
    click.echo(_("{n} lieu(x) exporté(s) : {path}", n=len(rows), path=path))
