"""One value picked from a JSON document on the web (open data, a partner's API...).

The ``path`` says where the value is, in a small syntax:

- names separated by dots: ``data.count``;
- a position in a list in square brackets, from 0: ``items[0]``; ``items[-1]`` is the last;
- both together: ``data.items[0].value``;
- an empty path (``""``) keeps the whole document.

Names with other characters than letters, digits, ``_`` and ``-`` are not supported.

Fetching, the disk cache of the last good value and the retry delays are the same as for
feeds (see :mod:`fabrique_kit.sources.http.fetch`).

Example::

    places = JsonSource("https://data.rennes-metropole.fr/api/records.json",
                        path="results[0].nb_places", name="places_libres", every=300)
    places.refresh(state)
    places.value()          # 42
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from fabrique_kit.clock import SYSTEM_CLOCK, Clock
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _, ngettext
from fabrique_kit.sources.http.fetch import FetchError, FetchResult, HttpSource

_STEP = re.compile(r"([A-Za-z0-9_-]+)?((?:\[-?\d+\])*)")
_INDEX = re.compile(r"\[(-?\d+)\]")


def parse_path(path: str) -> list[str | int]:
    """The steps of a ``path``: names (str) and positions (int).

    Example::

        >>> parse_path("data.items[0].value")
        ['data', 'items', 0, 'value']
    """
    text = (path or "").strip()
    if text in ("", "."):
        return []
    steps: list[str | int] = []
    for part in text.split("."):
        match = _STEP.fullmatch(part)
        if not part or match is None or not (match.group(1) or match.group(2)):
            raise FabriqueError(
                _("Le chemin « {path} » est mal écrit près de « {part} ».", path=text, part=part),
                field="path",
                hint=_("Exemple de chemin : data.items[0].value (des noms séparés par des points, "
                       "une position entre crochets)."),
            )
        if match.group(1):
            steps.append(match.group(1))
        steps.extend(int(i) for i in _INDEX.findall(match.group(2)))
    return steps


def _where(steps: list[str | int]) -> str:
    text = ""
    for step in steps:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text or _("(racine)")


def pick(document: Any, path: str | list[str | int]) -> Any:
    """The value at ``path`` in ``document``; a missing step is a FetchError saying where.

    Example::

        >>> pick({"data": {"items": [{"value": 3}]}}, "data.items[0].value")
        3
    """
    steps = parse_path(path) if isinstance(path, str) else path
    current = document
    for position, step in enumerate(steps):
        here = _where(steps[:position])
        if isinstance(step, int):
            if not isinstance(current, list):
                raise FetchError(_("« {where} » n'est pas une liste : impossible de prendre [{index}]",
                                   where=here, index=step))
            if not -len(current) <= step < len(current):
                raise FetchError(ngettext("« {where} » n'a que {n} élément : pas de [{index}]",
                                          "« {where} » n'a que {n} éléments : pas de [{index}]",
                                          len(current), where=here, index=step))
            current = current[step]
        else:
            if not isinstance(current, dict):
                raise FetchError(_("« {where} » n'est pas un objet : impossible d'y lire « {key} »",
                                   where=here, key=step))
            if step not in current:
                keys = ", ".join(_short(k) for k in sorted(map(str, current))[:8]) or _("aucune")
                raise FetchError(_("la clé « {key} » est absente de « {where} » (clés : {keys})",
                                   key=_short(step), where=here, keys=keys))
            current = current[step]
    return current


def _short(text: str, limit: int = 30) -> str:
    """A key as a message quotes it: at most ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class JsonSource(HttpSource):
    """A value read from a JSON address every ``every`` seconds into the state.

    Example::

        meteo = JsonSource("https://example.org/api.json", path="current.temperature",
                           name="temperature", every=600)
    """

    kind = "json"
    accept = "application/json, */*;q=0.5"

    def __init__(
        self,
        url: str,
        path: str = "",
        name: str = "donnees",
        every: float = 300.0,
        cache_dir: Path | str | None = None,
        timeout: float = 10.0,
        max_bytes: int = 2_000_000,
        *,
        clock: Clock = SYSTEM_CLOCK,
    ):
        self.path = path or ""
        self.steps = parse_path(self.path)
        super().__init__(url, name=name, every=every, cache_dir=cache_dir, timeout=timeout,
                         max_bytes=max_bytes, clock=clock)

    def parse(self, result: FetchResult) -> Any:
        try:
            document = json.loads(result.content)
        except (ValueError, UnicodeDecodeError, RecursionError) as error:  # nested 100,000 deep: recursion
            line = getattr(error, "lineno", None)
            if line:
                raise FetchError(_("JSON illisible (ligne {line})", line=line)) from None
            raise FetchError(_("JSON illisible")) from None
        try:
            return pick(document, self.steps)
        except FetchError as error:
            raise FetchError(_("chemin « {path} » : {reason}", path=self.path, reason=error)) from None

    def value(self, default: Any = None) -> Any:
        """The last good value (read through the state, so the screen follows it)."""
        if self._state is None:
            return default
        found = self._state.get(self.name)
        return default if found is None else found
