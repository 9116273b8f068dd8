"""The mediators' PIN (salted hash, lockout) and their login sessions.

The PIN is never stored: only a salted scrypt hash, in ``<data_dir>/web_pin.json``,
together with the count of wrong attempts and the end of a lockout, so that
restarting the kit does not reset a lockout. There is no default PIN: until one is
chosen, the admin pages ask for it (see :mod:`fabrique_kit.web.auth`).

Example::

    pins = PinStore(Path("donnees"))
    pins.set_pin("482913")
    pins.check("000000").status     # "wrong"
    pins.check("482913").status     # "ok"
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fabrique_kit.errors import FabriqueError
from fabrique_kit.files import write_atomically
from fabrique_kit.i18n import _

PIN_FILE = "web_pin.json"
SETUP_CODE_FILE = "web_setup_code.txt"
MIN_PIN_DIGITS = 6
MAX_PIN_DIGITS = 12
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def pin_problem(pin: str) -> str | None:
    """Why ``pin`` cannot be used as a PIN (a French sentence), or None when it is fine.

    Example::

        pin_problem("1234")     # 'Le code doit avoir au moins 6 chiffres.'
        pin_problem("482913")   # None
    """
    if not re.fullmatch(r"[0-9]+", pin or ""):
        return _("Le code ne doit contenir que des chiffres (0 à 9).")
    if len(pin) < MIN_PIN_DIGITS:
        return _("Le code doit avoir au moins {count} chiffres.", count=MIN_PIN_DIGITS)
    if len(pin) > MAX_PIN_DIGITS:
        return _("Le code doit avoir au plus {count} chiffres.", count=MAX_PIN_DIGITS)
    if len(set(pin)) == 1 or pin in "01234567890123" or pin in "98765432109876":
        return _("Ce code est trop facile à deviner : évitez les suites et les répétitions.")
    return None


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """A salted scrypt hash of ``pin``, as one text: ``scrypt$n$r$p$salt$hash``."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, **_SCRYPT)
    return "scrypt${n}${r}${p}${salt}${digest}".format(
        salt=salt.hex(), digest=digest.hex(), **_SCRYPT
    )


def pin_matches(pin: str, stored: str) -> bool:
    """True if ``pin`` gives the stored hash (compared in constant time)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        computed = hashlib.scrypt(
            pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
            dklen=len(digest) // 2,
        )
    except (ValueError, TypeError):
        return False
    return kind == "scrypt" and hmac.compare_digest(computed.hex(), digest)


@dataclass(frozen=True)
class LoginResult:
    """The answer to one PIN attempt.

    ``status`` is ``"ok"``, ``"wrong"`` or ``"locked"``; ``attempts_left`` counts the
    tries before a lockout; ``locked_seconds`` is how long the lockout still lasts.
    """

    status: str
    attempts_left: int = 0
    locked_seconds: int = 0


class PinStore:
    """The mediators' PIN of one kit, kept in ``data_dir`` (hash, failures, lockout).

    After ``max_failures`` wrong PINs in a row, every attempt is refused (even the right
    PIN) for ``lockout_seconds``. The count lives in the file, so it survives a restart.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        max_failures: int = 5,
        lockout_seconds: float = 300,
        now: Callable[[], float] = time.time,
    ):
        self.path = Path(data_dir) / PIN_FILE
        self.setup_code_path = Path(data_dir) / SETUP_CODE_FILE
        self.max_failures = max_failures
        self.lockout_seconds = lockout_seconds
        self.now = now
        self._lock = threading.Lock()

    # -- the file -----------------------------------------------------------------
    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            # A damaged file must not open the door: keep the admin locked until it is
            # repaired (delete it to choose a new PIN from the kit itself).
            return {"hash": "damaged", "failures": 0, "locked_until": 0}
        return data if isinstance(data, dict) else {"hash": "damaged"}

    def _write(self, data: dict) -> None:
        write_atomically(self.path, json.dumps(data, indent=2), mode=0o600)

    # -- the PIN ------------------------------------------------------------------
    def has_pin(self) -> bool:
        """True once a PIN was chosen."""
        with self._lock:
            return bool(self._read().get("hash"))

    def set_pin(self, pin: str) -> None:
        """Choose a new PIN (6 to 12 digits); resets failures and the setup code.

        A bad PIN raises :class:`~fabrique_kit.errors.FabriqueError` saying why.
        """
        problem = pin_problem(pin)
        if problem:
            raise FabriqueError(problem, field="pin")
        with self._lock:
            self._write({"hash": hash_pin(pin), "failures": 0, "locked_until": 0})
        self.setup_code_path.unlink(missing_ok=True)

    def locked_seconds(self) -> int:
        """How many seconds the lockout still lasts (0 when not locked)."""
        with self._lock:
            return self._locked_seconds(self._read())

    def _locked_seconds(self, data: dict) -> int:
        left = float(data.get("locked_until", 0) or 0) - self.now()
        return max(0, int(left + 0.999))

    def check(self, pin: str) -> LoginResult:
        """Try ``pin``: counts failures and locks after too many."""
        with self._lock:
            data = self._read()
            locked = self._locked_seconds(data)
            if locked:
                return LoginResult("locked", 0, locked)
            stored = data.get("hash") or ""
            if stored and pin_matches(pin or "", stored):
                if data.get("failures"):
                    data.update(failures=0, locked_until=0)
                    self._write(data)
                return LoginResult("ok", self.max_failures)
            failures = int(data.get("failures", 0) or 0) + 1
            if failures >= self.max_failures:
                data.update(failures=0, locked_until=self.now() + self.lockout_seconds)
                self._write(data)
                return LoginResult("locked", 0, int(self.lockout_seconds))
            data.update(failures=failures)
            if stored:
                self._write(data)
            return LoginResult("wrong", self.max_failures - failures)

    # -- first run ----------------------------------------------------------------
    def setup_code(self) -> str:
        """The one-time code that allows choosing the first PIN from another device.

        It is written in ``<data_dir>/web_setup_code.txt`` (and printed by the kit),
        so only someone with access to the kit itself can choose the first PIN.
        """
        with self._lock:
            try:
                code = self.setup_code_path.read_text(encoding="utf-8").strip()
            except OSError:
                code = ""
            if not re.fullmatch(r"[0-9]{4}-[0-9]{4}", code):
                number = f"{secrets.randbelow(10**8):08d}"
                code = f"{number[:4]}-{number[4:]}"
                write_atomically(self.setup_code_path, code + "\n", mode=0o600)
            return code

    def setup_code_matches(self, code: str) -> bool:
        """True if ``code`` is the current setup code (spaces and dashes ignored)."""
        expected = self.setup_code().replace("-", "")
        given = re.sub(r"[\s-]", "", code or "")
        return hmac.compare_digest(expected.encode(), given.encode())


class SessionRegistry:
    """The open admin sessions, kept in memory, each ending after some idle time.

    A session id lives in the signed cookie; logging out removes it here, so a copied
    cookie stops working at once. Restarting the kit logs everybody out.

    Example::

        sessions = SessionRegistry(idle_seconds=1800)
        sid = sessions.open()
        sessions.touch(sid)      # True while used at least every 30 minutes
        sessions.close(sid)
    """

    def __init__(self, idle_seconds: float = 1800, now: Callable[[], float] = time.monotonic):
        self.idle_seconds = idle_seconds
        self.now = now
        self._last_seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def open(self) -> str:
        sid = secrets.token_urlsafe(24)
        with self._lock:
            self._forget_idle()
            self._last_seen[sid] = self.now()
        return sid

    def touch(self, sid: str | None) -> bool:
        """True (and note the activity) if ``sid`` is an open, recently used session."""
        if not sid:
            return False
        with self._lock:
            self._forget_idle()
            if sid not in self._last_seen:
                return False
            self._last_seen[sid] = self.now()
            return True

    def close(self, sid: str | None) -> None:
        with self._lock:
            self._last_seen.pop(sid or "", None)

    def _forget_idle(self) -> None:
        limit = self.now() - self.idle_seconds
        for sid in [s for s, seen in self._last_seen.items() if seen < limit]:
            del self._last_seen[sid]
