"""``fabrique atelier``: the guided mode in the terminal, and the mediator's summary (thin).

Examples::

    fabrique atelier                                  # guide afficheur, folder mon-afficheur
    fabrique atelier --dossier villejean --rapport /partage/table-3.json
    fabrique atelier --une-fois                       # check every step once; exit status = steps passed
    fabrique atelier --tables /partage                # where is each table?
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from fabrique_kit.atelier.checks import StepContext
from fabrique_kit.atelier.report import now_utc, read_reports, summary_lines
from fabrique_kit.atelier.session import GuidedSession, check_once, passed_in_order, report_once
from fabrique_kit.atelier.steps import default_folder, guide_names, load_guide
from fabrique_kit.i18n import _, set_language

TABLES_REFRESH_S = 5.0


@click.command("atelier", help=_("Mode guidé : suivre un guide d'atelier pas à pas, chaque étape vérifiée."))
@click.option("--guide", default="afficheur", show_default=True, type=click.Choice(guide_names()),
              help=_("Le guide à suivre (le modèle du projet)."))
@click.option("--dossier", type=click.Path(path_type=Path, file_okay=False), default=None,
              help=_("Le dossier du projet (par défaut : mon-afficheur, ou le dossier courant s'il contient fabrique.toml)."))
@click.option("--rapport", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help=_("Fichier JSON où écrire l'avancement, pour l'animateur (ex. /partage/table-3.json)."))
@click.option("--table", default=None, help=_("Nom de la table dans le rapport (par défaut : le nom du fichier)."))
@click.option("--tables", "tables", type=click.Path(path_type=Path, file_okay=False, exists=True), default=None,
              help=_("Pour l'animateur : résumer les rapports de toutes les tables de ce dossier, "
                     "à nouveau à chaque changement, jusqu'à Ctrl+C (avec --une-fois : une seule fois)."))
@click.option("--une-fois", "once", is_flag=True,
              help=_("Tout vérifier une seule fois ; le code de sortie est le nombre d'étapes réussies."))
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None, help=_("Langue des messages (fr ou en)."))
@click.pass_context
def atelier(ctx, guide, dossier, rapport, table, tables, once, lang):
    if lang:
        set_language(lang)
    if tables is not None:
        _show_tables(tables, once)
        return
    chosen = load_guide(guide)
    context = StepContext(folder=dossier or default_folder(chosen), template=chosen.template)
    if once:
        results = check_once(chosen, context)
        for step, result in results:
            mark = "✓" if result.ok else "✗"
            click.echo(f"{mark} {step.number}. {step.title()} — {result.detail}")
        passed = passed_in_order(results)
        click.echo(_("{n}/{total} étape(s) réussie(s) dans l'ordre.", n=passed, total=len(results)))
        if rapport is not None:
            report_once(rapport, chosen, results, table or rapport.stem)
        ctx.exit(passed)
    session = GuidedSession(chosen, context, echo=click.echo, report=rapport, table=table)
    try:
        session.run()
    except KeyboardInterrupt:
        click.echo("")
        click.echo(_("À bientôt ! Relancez fabrique atelier pour reprendre où vous en êtes."))


def _show_tables(folder: Path, once: bool) -> None:
    """Print where each table is; with no ``--une-fois``, again whenever it changes."""
    shown = None
    try:
        while True:
            lines = summary_lines(read_reports(folder), now_utc())
            if lines != shown:
                click.echo("")
                click.echo(_("Tables ({time}) :", time=time.strftime("%H:%M")))
                for line in lines:
                    click.echo("  " + line)
                shown = lines
            if once:
                return
            time.sleep(TABLES_REFRESH_S)
    except KeyboardInterrupt:
        click.echo("")
