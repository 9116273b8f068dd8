"""The steps of a guided workshop, read from ``steps_<guide>.toml`` beside this file.

The same titles appear in the Markdown guides (``workshop_guides/guide-<guide>.md``),
so the terminal and the paper never drift apart (a test checks it).

Example::

    guide = load_guide("afficheur")
    guide.steps[0].title("fr")      # 'Créer le projet'
    guide.steps[0].check            # 'projet_cree'
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from fabrique_kit.errors import FabriqueError, suggestion_hint
from fabrique_kit.i18n import _, get_language

STEPS_DIR = Path(__file__).parent


@dataclass(frozen=True)
class Step:
    """One step: a title, what to do, a hint, and the name of the check that proves it."""

    number: int
    check: str
    texts: dict

    def text(self, key: str, lang: str | None = None) -> str:
        """The French ``key`` (``titre``, ``consigne``, ``aide``) or its English version."""
        lang = lang or get_language()
        english = {"titre": "title_en", "consigne": "consigne_en", "aide": "aide_en"}[key]
        if lang == "en" and self.texts.get(english):
            return self.texts[english]
        return self.texts.get(key, "")

    def title(self, lang: str | None = None) -> str:
        return self.text("titre", lang)


@dataclass(frozen=True)
class Guide:
    """A guide: its name (also the template it starts from) and its steps."""

    name: str
    steps: tuple[Step, ...]
    folder: str = ""

    @property
    def template(self) -> str:
        return self.name

    @property
    def default_folder(self) -> str:
        """The project folder the guide uses (``mon-afficheur``, ``ma-borne``…)."""
        return self.folder or f"mon-{self.name}"


def guide_names() -> list[str]:
    """The guides that have steps: ``['afficheur', 'borne', ...]``."""
    return sorted(p.stem.removeprefix("steps_") for p in STEPS_DIR.glob("steps_*.toml"))


def load_guide(name: str) -> Guide:
    """Read ``steps_<name>.toml``; raise a FabriqueError that suggests a close name."""
    path = STEPS_DIR / f"steps_{name}.toml"
    if not path.exists():
        raise FabriqueError(
            _("Le guide « {name} » n'existe pas.", name=name),
            hint=suggestion_hint(name, guide_names()),
        )
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    steps = tuple(
        Step(number=i, check=item["verification"], texts=item)
        for i, item in enumerate(data.get("etape", []), start=1)
    )
    return Guide(name=name, steps=steps, folder=data.get("dossier", ""))


def default_folder(guide: Guide) -> Path:
    """The current folder when it is a project, else the guide's (``mon-afficheur``…).

    Example: ``default_folder(load_guide("borne"))`` → ``Path("ma-borne")``
    """
    from fabrique_kit.config import CONFIG_NAME

    if (Path.cwd() / CONFIG_NAME).exists():
        return Path(".")
    return Path(guide.default_folder)
