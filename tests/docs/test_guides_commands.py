"""Every command the tutorial and the workshop guides show, run in order in a fresh folder,
and every output they quote compared with what the real `fabrique` prints (issue 20).

A guide's ```` ```sh ```` blocks are its commands. A plain ```` ``` ```` block after them is the
output they print when the sentence before it says so (« Le terminal répond », « vous
devez voir »…; not « Par exemple »): each of its lines must appear, in that order, in
what the commands printed since the last quoted output. Commands that start a server
or wait for the team (`fabrique run`, `fabrique atelier` without `--une-fois`, `--tables`)
run on a free port for a few seconds: their first lines are compared. The checkpoint
texts the guides quote from the guided mode (`✓ …`) must be texts the guided mode prints.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDES = sorted((ROOT / "workshop_guides").glob("guide-*.md")) + sorted((ROOT / "workshop_guides" / "en").glob("guide-*.md"))
WORKSHOP = sorted((ROOT / "workshop_guides").glob("*.md")) + sorted((ROOT / "workshop_guides" / "en").glob("*.md"))
PAGES = [ROOT / "docs" / "tutoriel.md", *WORKSHOP]
if (ROOT / "docs" / "en" / "tutoriel.md").exists():
    PAGES.append(ROOT / "docs" / "en" / "tutoriel.md")
OUTPUT_WORDS = ("répond", "écrit", "devez voir", "affiche", "answers", "prints", "should see", "must see", "writes")
EXAMPLE_WORDS = ("par exemple", "for example", "for instance")
STARTUP_LIMIT = 45.0  # seconds a server command may take to print its first lines (a busy machine)
QUIET_FOR = 2.5  # then its first lines are those printed before it stays quiet this long
SKIPPED = ("source ", "sudo ", "rm ", "cd ", "make ", "python", "git ", "pip ", ".venv/bin/python", ".venv/bin/pip")


@dataclass
class Block:
    commands: list[str] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)
    line: int = 0


def blocks_of(text: str) -> list[Block]:
    """The page's commands, each run of them followed by the output quoted after it (if any)."""
    found: list[Block] = []
    prose: list[str] = []
    fence: str | None = None
    body: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if fence is None and stripped.startswith("```"):
            fence, body, start = stripped[3:].strip(), [], number
            continue
        if fence is not None and stripped.startswith("```"):
            if fence in ("sh", "bash", "console"):
                commands = [c for c in (_command(x) for x in body) if c]
                if commands:
                    found.append(Block(commands=commands, line=start))
            elif fence == "" and found and not found[-1].expected:
                said = " ".join(prose[-4:]).lower()
                if any(w in said for w in OUTPUT_WORDS) and not any(w in said for w in EXAMPLE_WORDS):
                    found[-1].expected = [b.strip() for b in body if b.strip()]
            fence, prose = None, []
            continue
        if fence is None:
            prose.append(stripped)
        else:
            body.append(line)
    return found


def _command(line: str) -> str | None:
    line = line.strip().removeprefix("$ ")
    if not line or line.startswith("#"):
        return None
    try:
        words = shlex.split(line, comments=True)
    except ValueError:
        return None
    return shlex.join(words) if words else None


def normalise(line: str) -> str:
    """What may differ between two runs: ports, setup codes, times, the key of a project."""
    line = re.sub(r"(127\.0\.0\.1|localhost):\d+", r"\1:PORT", line.strip())
    line = re.sub(r"\b\d{4}-\d{4}\b", "CODE", line)
    line = re.sub(r"\(\d{1,2}:\d{2}\)", "(HH:MM)", line)
    return re.sub(r"\s+", " ", line)


def missing_in_order(expected: list[str], printed: str) -> list[str]:
    """The quoted lines that the real output lacks, or has out of order."""
    lines = [normalise(x) for x in printed.splitlines() if x.strip()]
    wrong, at = [], 0
    for want in (normalise(x) for x in expected):
        hit = next((i for i in range(at, len(lines)) if lines[i] == want), None)
        if hit is None:
            wrong.append(want)
        else:
            at = hit + 1
    return wrong


def _is_server(words: list[str]) -> bool:
    if words[:2] == ["fabrique", "run"]:
        return True
    return words[:2] == ["fabrique", "atelier"] and "--une-fois" not in words


def run_command(command: str, folder: Path, lang: str, expected: list[str] | None = None) -> str:
    """Run one command as the page shows it, in ``folder``; what it printed.

    A command that runs until stopped is read until it has printed ``expected`` (the
    lines the page quotes), or, without them, until it stays quiet a moment.
    """
    command = command.replace("/mnt/rapports", str(folder / "rapports"))
    words = shlex.split(command)
    if words[0] == ".venv/bin/fabrique":
        words[0] = "fabrique"
    if words[0] != "fabrique":
        done = subprocess.run(words, cwd=folder, capture_output=True, text=True, timeout=30)
        return done.stdout + done.stderr
    env = {**os.environ, "FABRIQUE_SIMULATION": "1", "FABRIQUE_LANG": lang, "COLUMNS": "100"}
    argv = [sys.executable, "-m", "fabrique_kit", *words[1:]]
    if words[:2] == ["fabrique", "run"]:
        argv += ["--port", "0"]  # the guides' port 8000 may be taken on a test machine
    if not _is_server(words):
        done = subprocess.run(argv, cwd=folder, capture_output=True, text=True, timeout=120, env=env,
                              stdin=subprocess.DEVNULL)
        return done.stdout + done.stderr
    return _first_lines(argv, folder, env, expected)


def _first_lines(argv: list[str], folder: Path, env: dict, expected: list[str] | None) -> str:
    """Start a command that runs until stopped; its output once it has been quiet a moment."""
    import threading
    import time

    process = subprocess.Popen(argv, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env=env, stdin=subprocess.PIPE)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)  # type: ignore[arg-type]
    reader.start()
    deadline, seen, quiet_since = time.monotonic() + STARTUP_LIMIT, 0, time.monotonic()
    while time.monotonic() < deadline and process.poll() is None:
        if len(lines) != seen:
            seen, quiet_since = len(lines), time.monotonic()
            if expected and not missing_in_order(expected, "".join(lines)):
                break
        elif seen and not expected and time.monotonic() - quiet_since > QUIET_FOR:
            break
        time.sleep(0.1)
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    reader.join(5)
    return "".join(lines)


def _runnable(command: str) -> bool:
    return not command.startswith(SKIPPED) and command.split()[0] in ("fabrique", ".venv/bin/fabrique", "ls")


def _with_commands(pages: list[Path]) -> list[Path]:
    return [p for p in pages if any(b.commands for b in blocks_of(p.read_text(encoding="utf-8")))]


@pytest.mark.parametrize("page", _with_commands(PAGES), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_commands_of_the_page_print_what_it_quotes(page, tmp_path):
    lang = "en" if "/en/" in page.as_posix() else "fr"
    (tmp_path / "rapports").mkdir()
    printed = ""
    problems = []
    blocks = blocks_of(page.read_text(encoding="utf-8"))
    for block in blocks:
        for i, command in enumerate(block.commands):
            if _runnable(command):
                last = i == len(block.commands) - 1
                output = run_command(command, tmp_path, lang, block.expected if last else None)
                assert "Traceback" not in output, f"{page.name}, line {block.line}: {command}\n{output}"
                printed += output
        if block.expected:
            wrong = missing_in_order(block.expected, printed)
            if wrong:
                problems.append(f"line {block.line} ({'; '.join(block.commands)}): not printed: {wrong}\n"
                                f"--- printed ---\n{printed}")
            printed = ""
    assert problems == [], "\n".join(problems)


def _pattern(message: str) -> re.Pattern:
    parts = re.split(r"\{[a-z_]+\}", message)
    return re.compile("^" + "(.+)".join(re.escape(p) for p in parts) + "$")


def _guided_mode_texts(lang: str) -> list[re.Pattern]:
    """Every text of the guided mode (fabrique_kit/atelier/), as patterns ({x} matches anything)."""
    from fabrique_kit.i18n import catalogue
    from fabrique_kit.i18n.extract import messages_in_code

    messages = {m for m, where in messages_in_code() if "/atelier/" in where}
    if lang == "en":
        english = catalogue("en")
        messages = {english[m] for m in messages if m in english}
    return [_pattern(m) for m in messages]


@pytest.mark.parametrize("page", GUIDES, ids=lambda p: str(p.relative_to(ROOT)))
def test_checkpoint_texts_are_what_the_guided_mode_prints(page):
    patterns = _guided_mode_texts("en" if "/en/" in page.as_posix() else "fr")
    quoted = re.findall(r"`✓ ([^`]+)`", page.read_text(encoding="utf-8"))
    unknown = [q for q in quoted if not any(p.match(q.replace("…", "x").strip()) for p in patterns)]
    assert unknown == []


def test_the_comparison_catches_a_wrong_quote():
    assert missing_in_order(["Aperçu : http://127.0.0.1:8000/"], "Aperçu : http://127.0.0.1:41234/\n") == []
    assert missing_in_order(["B", "A"], "A\nB\n") == ["A"]
    quoted = blocks_of("Le terminal répond :\n```sh\nfabrique new x\n```\nLe terminal répond :\n```\nOK\n```\n")
    assert quoted[0].commands == ["fabrique new x"] and quoted[0].expected == ["OK"]
