"""Keyboard keys and the Makey Makey (a USB keyboard: space, arrows, click, w a s d f g).

Keys have names in English or in French (``"espace"``, ``"haut"``, ``"entrée"``...).
The preview page, a window or the evdev reader press and release them by name.

Example::

    keys = Keys()
    keys.key("espace").when_pressed = queue.take_ticket
    keys.key("droite").when_pressed = queue.call_next
    keys.press("space")              # as if the key went down
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

from fabrique_kit.devices.base import Wrapper
from fabrique_kit.devices.events import event_property
from fabrique_kit.errors import FabriqueError, suggestion_hint
from fabrique_kit.i18n import _

if TYPE_CHECKING:
    from fabrique_kit.devices.evdev_reader import KeyboardReader

SPECIAL_KEYS = (
    "space",
    "up",
    "down",
    "left",
    "right",
    "enter",
    "esc",
    "tab",
    "backspace",
    "click",
    "right_click",
)
KEY_NAMES = (
    frozenset(SPECIAL_KEYS)
    | set(string.ascii_lowercase)
    | set(string.digits)
    | {f"f{n}" for n in range(1, 13)}
)
MAKEY_MAKEY_KEYS = ("up", "down", "left", "right", "space", "click", "w", "a", "s", "d", "f", "g")

ALIASES = {
    "espace": "space",
    " ": "space",
    "barre_espace": "space",
    "haut": "up",
    "fleche_haut": "up",
    "arrowup": "up",
    "bas": "down",
    "fleche_bas": "down",
    "arrowdown": "down",
    "gauche": "left",
    "fleche_gauche": "left",
    "arrowleft": "left",
    "droite": "right",
    "fleche_droite": "right",
    "arrowright": "right",
    "entree": "enter",
    "return": "enter",
    "retour": "enter",
    "\n": "enter",
    "\r": "enter",
    "echap": "esc",
    "echappement": "esc",
    "escape": "esc",
    "tabulation": "tab",
    "retour_arriere": "backspace",
    "clic": "click",
    "souris": "click",
    "mouse": "click",
    "clic_gauche": "click",
    "left_click": "click",
    "clic_droit": "right_click",
}


def normalise_key_name(name: str) -> str:
    """The kit's name of a key: ``"Espace"`` → ``"space"``, ``"Entrée"`` → ``"enter"``.

    Unknown names raise a :class:`FabriqueError` that suggests the closest one.

    Example::

        normalise_key_name("Flèche haut")     # 'up'
        normalise_key_name("ArrowLeft")       # 'left' (a browser's key name)
    """
    if not isinstance(name, str) or not name:
        raise FabriqueError(_("Un nom de touche est attendu, par exemple « espace »."))
    if name in (" ", "\n", "\r"):
        return ALIASES[name]
    plain = unicodedata.normalize("NFKD", name.strip().lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    plain = plain.replace("-", "_").replace(" ", "_")
    plain = ALIASES.get(plain, plain)
    if plain.startswith("key") and plain[3:] in KEY_NAMES:  # KeyA, the browser's code
        plain = plain[3:]
    if plain.startswith("digit") and plain[5:] in KEY_NAMES:
        plain = plain[5:]
    if plain not in KEY_NAMES:
        raise FabriqueError(
            _("La touche « {name} » est inconnue.", name=name),
            field="key",
            hint=suggestion_hint(plain, list(SPECIAL_KEYS) + [a for a in ALIASES if a.isalpha()]),
        )
    return plain


class Key(Wrapper):
    """One key: ``when_pressed`` and ``when_released``, like a button.

    Example::

        keys.key("space").when_pressed = queue.take_ticket
    """

    kind = "key"
    control = "button"
    when_pressed = event_property("when_pressed")
    when_released = event_property("when_released")

    def __init__(self, registry, name: str, label: str, id: str):
        super().__init__(registry, None, label, id, [])
        self.name = name
        self._down = False

    @property
    def simulated(self) -> bool:
        return True

    @property
    def is_pressed(self) -> bool:
        return self._down

    @property
    def value(self) -> int:
        return int(self._down)

    def press(self) -> None:
        """The key goes down (a second press while down, a key repeat, is ignored)."""
        if self._down or self.closed:
            return
        self._down = True
        self._fire("when_pressed")

    def release(self) -> None:
        if not self._down or self.closed:
            return
        self._down = False
        self._fire("when_released")

    def set_value(self, value) -> None:
        self.press() if value else self.release()


class Keys:
    """The keys a kit listens to, by name.

    ``on_change`` (optional) is called with each :class:`Key` whose state changed,
    ``on_forget`` with each key that was closed.
    """

    def __init__(
        self,
        on_change: Callable[[Key], None] | None = None,
        on_forget: Callable[[Key], None] | None = None,
    ):
        self._keys: dict[str, Key] = {}
        self._on_change = on_change
        self._on_forget = on_forget
        self._reader: KeyboardReader | None = None

    def key(self, name: str, label: str | None = None) -> Key:
        """The key called ``name`` (the same object each time)."""
        canonical = normalise_key_name(name)
        if canonical not in self._keys:
            label = label or _("Touche {name}", name=canonical)
            self._keys[canonical] = Key(self, canonical, label, f"key-{canonical}")
        elif label:
            self._keys[canonical].label = label
        return self._keys[canonical]

    def __iter__(self):
        return iter(list(self._keys.values()))

    def __contains__(self, name: str) -> bool:
        return normalise_key_name(name) in self._keys

    def press(self, name: str) -> None:
        """Press the key ``name`` (a key nobody listens to is ignored)."""
        key = self._keys.get(normalise_key_name(name))
        if key is not None:
            key.press()

    def release(self, name: str) -> None:
        key = self._keys.get(normalise_key_name(name))
        if key is not None:
            key.release()

    def tap(self, name: str) -> None:
        """Press and release ``name`` at once (a click on the preview page's key)."""
        self.press(name)
        self.release(name)

    def start_reader(self, **options) -> bool:
        """Read real keyboards (and Makey Makeys) with evdev, if it can; True if started.

        It needs the ``evdev`` package and readable ``/dev/input/event*`` keyboards
        (the ``input`` group). See :mod:`fabrique_kit.devices.evdev_reader`.
        """
        from fabrique_kit.devices.evdev_reader import KeyboardReader

        if self._reader is not None:
            return True
        reader = KeyboardReader(self, **options)
        if not reader.start():
            return False
        self._reader = reader
        return True

    def close(self) -> None:
        """Stop the keyboard reader and forget the keys (closing twice is harmless)."""
        if self._reader is not None:
            self._reader.stop()
            self._reader = None
        for key in list(self._keys.values()):
            key.close()
        self._keys.clear()

    # -- registry protocol used by Key ----------------------------------------------
    def _changed(self, key: Key) -> None:
        if self._on_change is not None:
            self._on_change(key)

    def _forget(self, key: Key) -> None:
        self._keys.pop(key.name, None)
        if self._on_forget is not None:
            self._on_forget(key)
