"""Read JSON and remember on which line each key and list item stands.

The semainier validator uses it to point at the exact line of a mistake. The data
comes from :func:`json.loads` (so decoding errors are Python's own, with line and
column); the lines are found by a second pass over the text, made only when a
problem asks for one (a correct file of 10,000 slots is read at ``json.loads`` speed).
That pass is a flat loop over the tokens: no recursion, whatever the nesting.

Example::

    data, lines, duplicates = load_with_lines('{"lieux": [\\n  {"nom": "Maurepas"}\\n]}')
    lines[("lieux", 0, "nom")]      # 2  (errors.field_name names the path: 'lieux[0].nom')
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from json.decoder import scanstring  # type: ignore[attr-defined]  # missing from typeshed's stub
from typing import Any

Path = tuple[str | int, ...]

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[{}\[\],\n]|[^\s{}\[\],:"]+')


def load_with_lines(text: str) -> tuple[Any, Mapping[Path, int], list[tuple[Path, int]]]:
    """Decode ``text``; map each path (tuple of keys and indexes) to its line.

    Returns ``(data, lines, duplicates)``: ``duplicates`` lists the keys written twice
    in one object, as ``(path, line of the second one)``. Raises
    :class:`json.JSONDecodeError` when the text is not JSON.
    """
    twice = False

    def pairs(items: list[tuple[str, Any]]) -> dict:
        nonlocal twice
        found = dict(items)
        twice = twice or len(found) != len(items)
        return found

    data = json.loads(text, object_pairs_hook=pairs)
    lines = LazyLines(text)
    return data, lines, lines.duplicates() if twice else []


def line_of(lines: Mapping[Path, int], path: Path) -> int | None:
    """The line of ``path``, or of its closest parent that has one."""
    path = tuple(path)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


class LazyLines(Mapping):
    """``{path: line}`` of a valid JSON text, computed at the first question.

    Example: ``LazyLines('{\\n"a": 1}')[("a",)]`` → ``2``
    """

    def __init__(self, text: str):
        self._text = text
        self._lines: dict[Path, int] | None = None
        self._duplicates: list[tuple[Path, int]] = []

    def _table(self) -> dict[Path, int]:
        if self._lines is None:
            self._lines, self._duplicates = record_lines(self._text)
        return self._lines

    def duplicates(self) -> list[tuple[Path, int]]:
        """The keys written twice in one object: ``[(path, line of the second one)]``."""
        self._table()
        return self._duplicates

    def __getitem__(self, path: Path) -> int:
        return self._table()[path]

    def __iter__(self) -> Iterator[Path]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


def record_lines(text: str) -> tuple[dict[Path, int], list[tuple[Path, int]]]:
    """The line of every key and list item of a valid JSON ``text``, and the repeated keys.

    Example: ``record_lines('[\\n1]')[0]`` → ``{(): 1, (0,): 2}``
    """
    lines: dict[Path, int] = {}
    duplicates: list[tuple[Path, int]] = []
    line = 1
    stack: list[list[Any]] = []  # [path, is an object, current key or index, keys seen]
    expecting_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first == "\n":
            line += 1
        elif first == ",":
            frame = stack[-1]
            if frame[1]:
                expecting_key = True
            else:
                frame[2] += 1
        elif first in "}]":
            stack.pop()
            expecting_key = False
        elif expecting_key:
            frame = stack[-1]
            key = scanstring(text, match.start() + 1)[0] if "\\" in token else token[1:-1]
            path = frame[0] + (key,)
            if key in frame[3]:
                duplicates.append((path, line))
            frame[3].add(key)
            lines[path] = line
            frame[2], expecting_key = key, False
        else:
            path = stack[-1][0] + (stack[-1][2],) if stack else ()
            lines.setdefault(path, line)
            if first == "{":
                stack.append([path, True, None, set()])
                expecting_key = True
            elif first == "[":
                stack.append([path, False, 0, None])
    return lines, duplicates
