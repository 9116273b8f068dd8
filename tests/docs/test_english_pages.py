"""Every page of the documentation and every workshop guide exists in English too
(``docs/en/<same path>``, ``workshop_guides/en/<same name>``): the test names the
French pages still without their twin (issue 20)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS, GUIDES = ROOT / "docs", ROOT / "workshop_guides"


def _hook():
    spec = importlib.util.spec_from_file_location("english_hook", ROOT / "docs_hooks" / "english.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_every_french_page_has_its_english_twin():
    missing = _hook().missing_twins(DOCS, GUIDES)
    assert missing == [], "English twin missing for: " + ", ".join(missing)


def test_english_pages_are_translations_not_stubs():
    """A twin is a real page: a heading, and at least a third of its French page's length."""
    hook = _hook()
    short = []
    for page in hook.french_pages(DOCS, GUIDES):
        french = GUIDES / page.removeprefix("ateliers/") if page.startswith("ateliers/") else DOCS / page
        twin = (GUIDES / "en" / french.name) if page.startswith("ateliers/") else DOCS / "en" / page
        if twin.exists():
            text = twin.read_text(encoding="utf-8")
            if not text.lstrip().startswith("#") or len(text.split()) < len(french.read_text(encoding="utf-8").split()) / 3:
                short.append(page)
    assert short == []


def test_no_english_page_without_its_french_page():
    orphans = [p.relative_to(DOCS / "en").as_posix() for p in (DOCS / "en").rglob("*.md")
               if not (DOCS / p.relative_to(DOCS / "en")).exists() and p.name not in ("cli.md", "configuration.md")]
    orphans += [p.name for p in (GUIDES / "en").glob("*.md") if not (GUIDES / p.name).exists()]
    assert orphans == []


def test_the_check_sees_a_missing_twin(tmp_path):
    docs, guides = tmp_path / "docs", tmp_path / "guides"
    (docs / "en").mkdir(parents=True)
    (guides / "en").mkdir(parents=True)
    (docs / "page.md").write_text("# Page\n")
    (guides / "guide-x.md").write_text("# Guide\n")
    assert _hook().missing_twins(docs, guides) == ["page.md", "ateliers/guide-x.md"]
    (docs / "en" / "page.md").write_text("# Page\n")
    (guides / "en" / "guide-x.md").write_text("# Guide\n")
    assert _hook().missing_twins(docs, guides) == []
