"""A realistic fake kit for the web app's tests, and a real waitress server on loopback.

``FakeKit`` has a real :class:`State`, real :class:`Actions`, a Pillow frame that
changes when its simulated button is pressed, a semainier that validates like the real
one (a :class:`DataError` whose problems name ``lieux[i].creneaux[j].champ``), a
waiting counter and its CSV statistics.
"""

from __future__ import annotations

import copy
import io
import os
import re
import threading
from pathlib import Path

import pytest
import requests
from PIL import Image, ImageDraw

from fabrique_kit.actions import Actions
from fabrique_kit.errors import DataError, Problem
from fabrique_kit.state import State
from fabrique_kit.web import WebServer, create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
TEST_PIN = "482913"


def sample_semainier() -> dict:
    return {
        "version": 1,
        "valide_du": "2026-09-01",
        "lieux": [
            {
                "nom": "Espace Social Commun Maurepas",
                "creneaux": [
                    {"jour": "mardi", "debut": "14:00", "fin": "17:00",
                     "service": "Permanence numérique", "animateur": "Nadia",
                     "salle": "Salle 2", "public": "Tout public", "sur_rendez_vous": False,
                     "id": "maurepas-mardi"},
                    {"jour": "jeudi", "debut": "09:30", "fin": "12:00",
                     "service": "Informaticien public (ARCS)", "sur_rendez_vous": True},
                ],
            },
            {
                "nom": "Carrefour 18",
                "creneaux": [
                    {"jour": "mercredi", "debut": "10:00", "fin": "12:00",
                     "service": "Atelier smartphone", "salle": "Cyber-espace"},
                ],
            },
        ],
    }


def validate_semainier(document: dict) -> list[Problem]:
    problems = []
    for i, place in enumerate(document.get("lieux", [])):
        for j, slot in enumerate(place.get("creneaux", [])):
            where = f"lieux[{i}].creneaux[{j}]"
            if slot.get("jour") not in DAYS:
                problems.append(Problem("Jour inconnu.", field=f"{where}.jour",
                                        hint="Un jour de la semaine, en minuscules."))
            times = {}
            for key in ("debut", "fin"):
                value = slot.get(key, "")
                if not re.fullmatch(r"[0-2][0-9]:[0-5][0-9]", str(value)):
                    problems.append(Problem(f"Heure illisible : « {value} ».",
                                            field=f"{where}.{key}", hint="Par exemple 14:00."))
                else:
                    times[key] = value
            if len(times) == 2 and times["debut"] >= times["fin"]:
                problems.append(Problem("La fin doit venir après le début.", field=f"{where}.fin"))
            if not slot.get("service"):
                problems.append(Problem("Le service est obligatoire.", field=f"{where}.service"))
    return problems


class FakeKit:
    """Everything the web app asks of a kit, in memory (see docs/web.md)."""

    def __init__(self, data_dir: Path, simulated: bool = True, lang: str = "fr"):
        self.name = "accueil-maurepas"
        self.place = "Espace Social Commun Maurepas"
        self.template = "afficheur"
        self.simulated = simulated
        self.lang = lang
        self.site_key = "cle-de-site-de-test"
        self.data_dir = Path(data_dir)
        self.state = State()
        self.actions = Actions()
        self.peers: list = []
        self.keys: list[str] = []
        self.calls: list[tuple] = []
        self._semainier = sample_semainier()
        self._frame_lock = threading.Condition()
        self._frame_number = 0
        self._png: bytes | None = None
        self._controls = {
            "ticket": {"id": "ticket", "label": "Prendre un ticket", "kind": "button",
                       "pin": 17, "value": 0, "min": None, "max": None},
            "porte": {"id": "porte", "label": "Porte ouverte", "kind": "switch",
                      "pin": 22, "value": 0, "min": None, "max": None},
            "lumiere": {"id": "lumiere", "label": "Lumière", "kind": "slider",
                        "pin": None, "value": 0.5, "min": 0.0, "max": 1.0},
            "voyant": {"id": "voyant", "label": "Voyant", "kind": "output",
                       "pin": 27, "value": 0, "min": None, "max": None},
        }
        self.presses = 0
        self._register_actions()
        self.state.set("actus", ["Atelier CAF jeudi"])
        self._draw()

    def info(self) -> dict:
        """What the kit says about itself (never a secret), like Kit.info()."""
        return {"id": "accueil-maurepas-test", "name": self.name, "place": self.place,
                "template": self.template, "version": "0.1.0"}

    # -- frames ------------------------------------------------------------------
    def _draw(self) -> None:
        pressed = self._controls["ticket"]["value"]
        image = Image.new("RGB", (320, 180), (200, 40, 40) if pressed else (30, 60, 120))
        draw = ImageDraw.Draw(image)
        draw.rectangle((10, 10, 10 + 20 * (self.presses % 14), 40), fill=(255, 255, 255))
        draw.text((10, 60), f"Tickets : {self.presses}", fill=(255, 255, 0))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        with self._frame_lock:
            self._png = buffer.getvalue()
            self._frame_number += 1
            self._frame_lock.notify_all()

    def frame_png(self) -> bytes | None:
        with self._frame_lock:
            return self._png

    @property
    def frame_number(self) -> int:
        with self._frame_lock:
            return self._frame_number

    def wait_frame(self, since: int, timeout: float) -> int:
        with self._frame_lock:
            self._frame_lock.wait_for(lambda: self._frame_number > since, timeout)
            return self._frame_number

    # -- simulated inputs -----------------------------------------------------------
    def controls(self) -> list[dict]:
        return [dict(c) for c in self._controls.values()]

    def press(self, control_id: str) -> None:
        self.calls.append(("press", control_id))
        self._controls[control_id]["value"] = 1
        if control_id == "ticket":
            self.presses += 1
            self._controls["voyant"]["value"] = 1
        self._draw()

    def release(self, control_id: str) -> None:
        self.calls.append(("release", control_id))
        self._controls[control_id]["value"] = 0
        self._draw()

    def set_value(self, control_id: str, value: float) -> None:
        self.calls.append(("value", control_id, value))
        self._controls[control_id]["value"] = value
        self._draw()

    def press_key(self, name: str) -> None:
        self.keys.append(name)

    def status(self) -> dict:
        now = self.state.clock.now()
        return {
            "simulated": self.simulated,
            "values": {
                name: {"age_s": value.age(now), "error": value.error}
                for name, value in self.state.snapshot().items()
            },
            "peers": list(self.peers),
            "version": "0.1.0",
        }

    # -- semainier ------------------------------------------------------------------
    def semainier_document(self) -> dict | None:
        return copy.deepcopy(self._semainier)

    def save_semainier(self, document: dict) -> None:
        problems = validate_semainier(document)
        if problems:
            raise DataError(problems=problems)
        self._semainier = copy.deepcopy(document)
        self.state.set("semainier", self._semainier)

    # -- actions and counters -------------------------------------------------------
    def _register_actions(self) -> None:
        def post_message(text: str, until: str | None = None, kind: str = "information",
                         start: str | None = None):
            self.calls.append(("message.post", text, until) + ((kind,) if kind != "information" else ()))
            self.state.set("message", {"text": text, "until": until, "kind": kind})

        def clear_message():
            self.calls.append(("message.clear",))
            self.state.set("message", None)

        def call_next(desk: int = 1):
            queue = dict(self.state.get("attente"))
            queue.update(called=(queue["called"] or 0) + 1, desk=desk,
                         waiting=max(0, queue["waiting"] - 1))
            self.state.set("attente", queue)

        def close_session():
            self.calls.append(("attente.close_session",))

        def reset():
            self.calls.append(("attente.reset",))
            self.state.set("attente", {"called": None, "desk": None, "waiting": 0})

        self.actions.register("message.post", post_message)
        self.actions.register("message.clear", clear_message)
        self.actions.register("attente.call_next", call_next)
        self.actions.register("attente.close_session", close_session)
        self.actions.register("attente.reset", reset)
        self.state.set("attente", {"called": 41, "desk": 2, "waiting": 3})

    def counters(self) -> list[str]:
        return ["attente"]

    def stats_csv(self, name: str) -> str:
        return ("date,session,recus,partis_sans_aide,attente_moyenne_min\n"
                "2026-11-24,matin,18,3,21\n2026-11-24,apres-midi,23,5,26\n")


@pytest.fixture
def kit(tmp_path) -> FakeKit:
    return FakeKit(tmp_path / "donnees")


@pytest.fixture
def app(kit):
    return create_app(kit)


@pytest.fixture
def server(app):
    web = WebServer(app, port=0).start()
    yield web
    web.stop()


@pytest.fixture
def base_url(server) -> str:
    return server.url


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html) or re.search(
        r'name="csrf-token" content="([^"]+)"', html
    )
    assert match, "no CSRF token in the page"
    return match.group(1)


def set_pin(kit, pin: str = TEST_PIN) -> None:
    from fabrique_kit.web.auth_store import PinStore

    PinStore(kit.data_dir).set_pin(pin)


def logged_in_session(base_url: str, kit, pin: str = TEST_PIN) -> requests.Session:
    """A requests session logged in to the admin pages (sets the PIN first if needed)."""
    from fabrique_kit.web.auth_store import PinStore

    if not PinStore(kit.data_dir).has_pin():
        set_pin(kit, pin)
    browser = requests.Session()
    page = browser.get(f"{base_url}/admin/connexion", timeout=5)
    answer = browser.post(
        f"{base_url}/admin/connexion",
        data={"pin": pin, "csrf_token": csrf_from(page.text), "next": "/admin"},
        timeout=5,
    )
    assert answer.status_code == 200 and "Espace des médiateurs" in answer.text
    return browser


def chromium_or_skip() -> str:
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing, and browser tests must run in CI")
    pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium)")


@pytest.fixture(scope="session")
def chromium():
    path = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    yield tab
    context.close()


