"""The semainier file: read and check it, or check a document and save it safely.

Reading never raises for the data: it gives the schedule (or None) and the located
problems. Saving checks first, keeps the previous version as ``<name>.bak``, and
replaces the file with :func:`fabrique_kit.files.write_atomically`.

Example::

    from fabrique_kit.sources.semainier import load_semainier, save_semainier
    planning = load_semainier("semainier.json")
    save_semainier("semainier.json", {"lieux": [{"nom": "Maurepas"}]})
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from fabrique_kit.errors import DataError, Problem
from fabrique_kit.files import write_atomically
from fabrique_kit.i18n import _
from fabrique_kit.sources.semainier.schedule import Semainier
from fabrique_kit.sources.semainier.validate import check_text

SAMPLE = Path(__file__).parent.parent / "samples" / "semainier-exemple.json"
"""The sample semainier (six places of Rennes) that the ``afficheur`` template copies."""


def read_semainier(path: str | os.PathLike) -> tuple[Semainier | None, list[Problem]]:
    """Read and check the file: ``(semainier or None, problems)``; never raises for the data."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(_("Fichier introuvable : {path}", path=name), file=name,
                              hint=_("Vérifiez le chemin du fichier semainier."))]
    except UnicodeDecodeError:
        return None, [Problem(_("Le fichier n'est pas en UTF-8."), file=name,
                              hint=_("Enregistrez-le en UTF-8 depuis votre éditeur de texte."))]
    except OSError as error:
        return None, [Problem(_("Impossible de lire le fichier : {error}", error=error.strerror or error),
                              file=name)]
    return check_text(text, name)


def validate_semainier(path: str | os.PathLike) -> list[Problem]:
    """Every problem of the file (errors and warnings), located by line and field.

    Example::

        for problem in validate_semainier("semainier.json"):
            print(problem)
    """
    return read_semainier(path)[1]


def load_semainier(path: str | os.PathLike) -> Semainier:
    """The :class:`Semainier` of the file; raises :class:`DataError` listing the problems."""
    semainier, problems = read_semainier(path)
    if semainier is None:
        raise DataError(problems=problems)
    return semainier


def save_semainier(path: str | os.PathLike, document: dict) -> list[Problem]:
    """Check ``document`` and write it to ``path`` atomically, keeping ``path.bak``.

    Returns the warnings; raises :class:`DataError` (nothing written) when it has errors.

    Example::

        save_semainier("semainier.json", {"lieux": [{"nom": "Maurepas"}]})
    """
    target = Path(path)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    semainier, problems = check_text(text, str(target))
    if semainier is None:
        raise DataError(problems=problems)
    if target.exists():  # the previous version, replaced safely too (with its dates)
        backup = target.with_name(target.name + ".bak")
        write_atomically(backup, target.read_bytes())
        shutil.copystat(target, backup)
    write_atomically(target, text)
    return problems
