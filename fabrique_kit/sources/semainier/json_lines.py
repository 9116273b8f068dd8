"""Read JSON and remember on which line each key and list item stands.

The semainier validator uses it to point at the exact line of a mistake. The data
comes from :func:`json.loads` (so decoding errors are Python's own, with line and
column); a second small pass over the text records the lines.

Example::

    data, lines, duplicates = load_with_lines('{"lieux": [\\n  {"nom": "Maurepas"}\\n]}')
    lines[("lieux", 0, "nom")]      # 2  (errors.field_name names the path: 'lieux[0].nom')
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from json.decoder import scanstring  # type: ignore[attr-defined]  # missing from typeshed's stub
from typing import Any

Path = tuple[str | int, ...]

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null|NaN|-?Infinity")


def load_with_lines(text: str) -> tuple[Any, dict[Path, int], list[tuple[Path, int]]]:
    """Decode ``text``; map each path (tuple of keys and indexes) to its line.

    Returns ``(data, lines, duplicates)``: ``duplicates`` lists the keys written twice
    in one object, as ``(path, line of the second one)``. Raises
    :class:`json.JSONDecodeError` when the text is not JSON.
    """
    data = json.loads(text)
    recorder = _LineRecorder(text)
    recorder.value(recorder.skip(0), ())
    return data, recorder.lines, recorder.duplicates


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of ``path``, or of its closest parent that has one."""
    path = tuple(path)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


class _LineRecorder:
    """A tiny JSON walker that only records positions (the text is already valid JSON)."""

    def __init__(self, text: str):
        self.text = text
        self.lines: dict[Path, int] = {}
        self.duplicates: list[tuple[Path, int]] = []
        self._newlines = [m.start() for m in re.finditer("\n", text)]

    def line(self, index: int) -> int:
        return bisect_left(self._newlines, index) + 1

    def skip(self, index: int) -> int:
        return self._match_end(_WHITESPACE, index)

    def _match_end(self, pattern: re.Pattern[str], index: int) -> int:
        match = pattern.match(self.text, index)
        if match is None:  # cannot happen: the text was accepted by json.loads
            raise ValueError(f"unexpected JSON at offset {index}")
        return match.end()

    def value(self, index: int, path: Path) -> int:
        self.lines.setdefault(path, self.line(index))
        char = self.text[index]
        if char == "{":
            return self.object(index + 1, path)
        if char == "[":
            return self.array(index + 1, path)
        if char == '"':
            return scanstring(self.text, index + 1)[1]
        return self._match_end(_SCALAR, index)

    def object(self, index: int, path: Path) -> int:
        index = self.skip(index)
        seen: set[str] = set()
        if self.text[index] == "}":
            return index + 1
        while True:
            key_line = self.line(index)
            key, index = scanstring(self.text, index + 1)
            if key in seen:
                self.duplicates.append((path + (key,), key_line))
            seen.add(key)
            self.lines[path + (key,)] = key_line
            index = self.skip(self.skip(index) + 1)  # the colon
            index = self.skip(self.value(index, path + (key,)))
            if self.text[index] == "}":
                return index + 1
            index = self.skip(index + 1)  # the comma

    def array(self, index: int, path: Path) -> int:
        index = self.skip(index)
        if self.text[index] == "]":
            return index + 1
        position = 0
        while True:
            index = self.skip(self.value(index, path + (position,)))
            position += 1
            if self.text[index] == "]":
                return index + 1
            index = self.skip(index + 1)
