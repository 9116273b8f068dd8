"""Every layout and theme at every size, compared with reference pictures and display lists.

The references live in ``tests/screen/snapshots/``: the picture at reduced scale (the
longer side is 480 px, 32 colours) for the look, and the display list (``.json``: every
text drawn, its role, size, colours and box) for what the screen says. The pictures
allow a small tolerance; the display list does not: a called number 42 → 47 or a
session ending at 17h30 instead of 17h fails the test. To make them again after a
deliberate change::

    FABRIQUE_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/screen/test_snapshots.py

then look at the pictures before committing them.
"""

import json
import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from fabrique_kit.screen import THEMES, Renderer
from tests.screen.samples import hall

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("FABRIQUE_UPDATE_SNAPSHOTS") == "1"
LANDSCAPE = [(1920, 1080), (1280, 720), (1024, 768), (1280, 1024)]
SIZES = LANDSCAPE + [(h, w) for w, h in LANDSCAPE]
TOLERANCE = 0.005  # share of pixels allowed to differ clearly (font hinting, rounding)
BOX_TOLERANCE = 2  # pixels a text's box may move (rounding); its words, size and colours may not


def reduced(image: Image.Image) -> Image.Image:
    scale = 480 / max(image.size)
    small = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.BOX)
    return small.quantize(32, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def different_share(reference: Image.Image, candidate: Image.Image) -> float:
    if reference.size != candidate.size:
        return 1.0
    difference = ImageChops.difference(reference.convert("RGB"), candidate.convert("RGB")).convert("L")
    histogram = difference.histogram()
    return sum(histogram[48:]) / (reference.width * reference.height)


def hall_with_message(state):
    draw = hall(state)

    def with_message(screen):
        screen.message("Fermeture exceptionnelle lundi 1er décembre : inventaire.", kind="closure")
        draw(screen)

    return with_message


@pytest.mark.parametrize("theme", sorted(THEMES))
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_snapshot(size, theme, state, clock, tmp_path):
    frame = Renderer(hall_with_message(state), size=size, theme=theme, state=state, clock=clock).render()
    assert frame.errors == []
    compare_with_reference(frame, SNAPSHOTS / f"hall_{size[0]}x{size[1]}_{theme}.png", tmp_path)


def display_differences(reference: dict, candidate: dict) -> list[str]:
    """What differs between two display lists (``DisplayList.as_json()``), one line each."""
    problems = []
    if reference["size"] != candidate["size"]:
        problems.append(f"taille {reference['size']} → {candidate['size']}")
    old, new = reference["items"], candidate["items"]
    for index in range(max(len(old), len(new))):
        if index >= len(old):
            problems.append(f"texte en plus : {new[index]['role']} {new[index]['text']!r}")
            continue
        if index >= len(new):
            problems.append(f"texte disparu : {old[index]['role']} {old[index]['text']!r}")
            continue
        a, b = old[index], new[index]
        for key in ("role", "text", "px", "fg", "bg", "cut"):
            if a[key] != b[key]:
                problems.append(f"{a['role']} {a['text']!r} : {key} {a[key]!r} → {b[key]!r}")
        if max(abs(p - q) for p, q in zip(a["box"], b["box"], strict=True)) > BOX_TOLERANCE:
            problems.append(f"{a['role']} {a['text']!r} : boîte {a['box']} → {b['box']}")
    return problems


def compare_with_reference(frame, reference_path: Path, tmp_path: Path) -> None:
    """Compare a frame with its reference picture and display list (or write them when updating)."""
    picture = reduced(frame.image)
    layout_path = reference_path.with_suffix(".json")
    if UPDATE or not reference_path.exists() or not layout_path.exists():
        SNAPSHOTS.mkdir(exist_ok=True)
        picture.save(reference_path, optimize=True)
        layout_path.write_text(frame.display.to_text(), encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"nouvelle référence créée : {reference_path.name} (relancer les tests)")
        return
    problems = display_differences(json.loads(layout_path.read_text(encoding="utf-8")), frame.display.as_json())
    assert not problems, "ce que dit l'écran a changé :\n" + "\n".join(problems)
    with Image.open(reference_path) as reference:
        share = different_share(reference, picture)
    if share > TOLERANCE:
        picture.save(tmp_path / reference_path.name)
        frame.image.save(tmp_path / f"full_{reference_path.name}")
    assert share <= TOLERANCE, f"{share:.2%} des pixels diffèrent; voir {tmp_path}"


def grid_screen(state):
    def draw(screen):
        screen.header("Maison des aidants et des aînés", date=False)
        screen.grid(rows=2, cols=3)
        screen.schedule(state.get("semainier"), title="Permanences").at(row=0, col=0, rows=2, cols=2)
        screen.big_number(state.get("attente"))
        screen.text("Wi-Fi gratuit : réseau « Rennes-Public ». Demandez le code à l'accueil.", title="Informations")

    return draw


@pytest.mark.parametrize("name, options", [
    ("grille_1920x1080_clair", {"size": (1920, 1080), "draw": grid_screen}),
    ("anglais_1280x720_sombre", {"size": (1280, 720), "theme": "sombre", "language": "en"}),
    ("tourne90_1920x1080_clair", {"size": (1920, 1080), "rotation": 90}),
])
def test_special_snapshots(name, options, state, clock, tmp_path):
    options = dict(options)
    draw = options.pop("draw", hall_with_message)(state)
    frame = Renderer(draw, state=state, clock=clock, **options).render()
    compare_with_reference(frame, SNAPSHOTS / f"{name}.png", tmp_path)


def test_the_comparison_notices_a_change(state, clock):
    frame = Renderer(hall(state), size=(1280, 720), state=state, clock=clock).render()
    changed = frame.image.copy()
    changed.paste((255, 0, 0), (0, 200, 1280, 320))
    assert different_share(reduced(frame.image), reduced(changed)) > TOLERANCE
    assert different_share(reduced(frame.image), reduced(frame.image.copy())) == 0


def test_the_display_comparison_notices_each_value_that_matters(state, clock):
    """The pixel comparison misses small changes (42 → 47 is 0.19 % of the pixels); the
    display list sees each one, and says which."""
    from dataclasses import replace

    from fabrique_kit.model import QueueStatus

    def display(**changes):
        if "called" in changes or "desk" in changes:
            state.set("attente", QueueStatus("attente", **{"called": 42, "desk": 2, "waiting": 5,
                                                           "estimated_wait_min": 25, **changes}))
        frame = Renderer(hall(state), size=(1920, 1080), state=state, clock=clock).render()
        return frame.display.as_json()

    reference = display()
    assert display_differences(reference, display()) == []
    assert display_differences(reference, display(called=47)) == ["queue.number '42' : text '42' → '47'"]
    assert display_differences(reference, display(called=42, desk=3)) == [
        "queue.desk 'Guichet 2' : text 'Guichet 2' → 'Guichet 3'"]
    state.set("attente", QueueStatus("attente", called=42, desk=2, waiting=5, estimated_wait_min=25))
    sessions = state.get("semainier")
    later = [replace(s, end=s.end.replace(minute=30)) if s.start.hour == 14 else s for s in sessions]
    state.set("semainier", later)
    problems = display_differences(reference, display())
    assert any("'14h – 17h' : text '14h – 17h' → '14h – 17h30'" in p for p in problems), problems


def test_snapshots_stay_small():
    total = sum(p.stat().st_size for p in SNAPSHOTS.glob("*.png"))
    total += sum(p.stat().st_size for p in SNAPSHOTS.glob("*.json"))
    assert total < 3_500_000
