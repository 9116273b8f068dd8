"""A Griffe extension: read the library's reST-flavoured docstrings as Markdown.

The docstrings of fabrique_kit are written for ``help()`` and Sphinx habits:
``Example::`` followed by an indented block, and roles such as :class:`Kit`.
mkdocstrings renders Markdown, so before rendering:

- a paragraph ending with ``::`` ends with ``:`` and the indented block after it
  becomes a fenced code block (``python``, or ``sh`` for shell commands);
- ``:class:`~a.b.C``` and the other roles become inline code (`` `C` ``).
"""

from __future__ import annotations

import re
import textwrap

import griffe

_ROLE = re.compile(r":(?:class|meth|func|mod|attr|data|exc|obj|const):`~?([^`]+)`")
_SHELL = re.compile(r"^(\$ |fabrique |\.venv/|sudo |python|pip |chromium|curl )")


def _role(match: re.Match) -> str:
    target = match.group(1)
    if match.group(0).count("~"):
        target = target.rsplit(".", 1)[-1]
    return f"``{target}``"


def _language(block: str) -> str:
    first = block.strip().splitlines()[0] if block.strip() else ""
    if _SHELL.match(first):
        return "sh"
    if first.startswith("<"):
        return "html"
    return "python"


def rst_to_markdown(text: str) -> str:
    """The docstring ``text`` with literal blocks fenced and roles as code."""
    text = _ROLE.sub(_role, text)
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.rstrip().endswith("::") and not line.lstrip().startswith((">>>", "```")):
            head = line.rstrip()[:-2].rstrip()
            indent = len(line) - len(line.lstrip())
            if head.strip():
                out.append(head + ":")
            i += 1
            block: list[str] = []
            while i < len(lines) and not lines[i].strip():
                i += 1
            while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent):
                block.append(lines[i])
                i += 1
            while block and not block[-1].strip():
                block.pop()
            code = textwrap.dedent("\n".join(block))
            pad = " " * indent
            out += ["", pad + "```" + _language(code)]
            out += [pad + row if row else "" for row in code.splitlines()]
            out += [pad + "```", ""]
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


class RstToMarkdown(griffe.Extension):
    """Rewrite each docstring once it is loaded."""

    def on_object(self, *, obj, **kwargs) -> None:
        if obj.docstring is not None and not obj.is_alias:
            obj.docstring.value = rst_to_markdown(obj.docstring.value)
