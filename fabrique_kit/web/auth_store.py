"""The mediators' PIN (salted hash, lockout per device) and their login sessions.

The PIN is never stored: only a salted scrypt hash, in ``<data_dir>/web_pin.json``,
together with each device's wrong attempts and lockout, so that restarting the kit does
not reset a lockout. There is no default PIN: until one is chosen, the admin pages ask
for it (see :mod:`fabrique_kit.web.auth`).

Lockouts are **per device** (its address): wrong PINs from one phone never lock the
mediators out on another. After ``max_failures`` wrong tries a device waits
``lockout_seconds``, doubled at each new lockout, at most ``MAX_LOCKOUT`` (a clock that
steps back never makes it longer). Above that, a **global slowdown**: when more than
``GLOBAL_FAILURES`` wrong tries came from the network within a minute, the others get
one try every ``SLOW_EVERY`` seconds; the kit's own screen and console (its loopback
address) never wait for it. Wrong setup codes count the same way, and after
``SETUP_RENEW_AFTER`` of them the setup code is renewed.

A damaged ``web_pin.json`` is set aside (``web_pin.json.damaged``) with a warning: the
kit starts as on its first day (choose a PIN with the setup code shown on the hall
screen); a damaged counter in it is ignored. It never crashes and never refuses the
right PIN because of it.

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
import logging
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

log = logging.getLogger(__name__)

PIN_FILE = "web_pin.json"
SETUP_CODE_FILE = "web_setup_code.txt"
MIN_PIN_DIGITS = 6
MAX_PIN_DIGITS = 12
MAX_LOCKOUT = 3600.0  # seconds a device may be locked out at most
GLOBAL_FAILURES = 20  # wrong tries from the network in a minute before the global slowdown
SLOW_EVERY = 2.0  # seconds between two tries from the network during the slowdown
SETUP_RENEW_AFTER = 10  # wrong setup codes before a new one is drawn
MAX_CLIENTS = 256  # devices whose failures are remembered
OWN_CLIENTS = ("127.0.0.1", "::1", "::ffff:127.0.0.1")  # the kit's own screen and console
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
_HASH_SHAPE = re.compile(r"^scrypt\$\d{1,7}\$\d{1,3}\$\d{1,3}\$[0-9a-f]{8,128}\$[0-9a-f]{16,256}$")


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


def _number(value, default: float = 0.0) -> float:
    """A number read from the file, or ``default`` when it is damaged."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return default
    return float(value)


class PinStore:
    """The mediators' PIN of one kit, kept in ``data_dir`` (hash, failures per device, lockouts).

    After ``max_failures`` wrong PINs in a row from one device, that device is refused
    (even the right PIN) for ``lockout_seconds``, doubled at each new lockout up to
    ``MAX_LOCKOUT``. The counts live in the file, so they survive a restart.

    Example: ``PinStore(Path("donnees")).check("482913", client="192.168.1.30").status``
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
        self._network_failures: list[float] = []  # when recent wrong tries came (monotonic)
        self._last_network_try = 0.0
        self._setup_failures = 0

    # -- the file -----------------------------------------------------------------
    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_bytes()[:1_000_000].decode("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, UnicodeDecodeError, RecursionError):
            data = None
        if not isinstance(data, dict) or (data.get("hash") and not _HASH_SHAPE.match(str(data["hash"]))):
            self._set_aside()
            return {}
        clients = data.get("clients")
        data["clients"] = {str(k): v for k, v in clients.items() if isinstance(v, dict)} \
            if isinstance(clients, dict) else {}
        return data

    def _set_aside(self) -> None:
        """Keep a damaged PIN file for the record and start as on the first day."""
        try:
            self.path.replace(self.path.with_name(PIN_FILE + ".damaged"))
        except OSError:
            return
        log.warning("%s", _("web_pin.json était abîmé : il est mis de côté ; choisissez à nouveau le code des "
                            "médiateurs avec le code d'installation affiché sur l'écran du hall."))

    def _write(self, data: dict) -> None:
        write_atomically(self.path, json.dumps(data, indent=2), mode=0o600)

    # -- the PIN ------------------------------------------------------------------
    def has_pin(self) -> bool:
        """True once a PIN was chosen (the admin person's first-run screen asks this)."""
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
            self._write({"hash": hash_pin(pin), "clients": {}})
        self.setup_code_path.unlink(missing_ok=True)

    def locked_seconds(self, client: str = "") -> int:
        """How many seconds the lockout of ``client`` still lasts (0 when not locked)."""
        with self._lock:
            return self._locked_seconds(self._read().get("clients", {}).get(client, {}))

    def _locked_seconds(self, entry: dict) -> int:
        left = _number(entry.get("locked_until")) - self.now()
        return max(0, int(min(left, MAX_LOCKOUT) + 0.999))

    def _slowed(self, client: str) -> int:
        """Seconds a network device must wait during the global slowdown (0: it may try)."""
        if client in OWN_CLIENTS:
            return 0
        moment = time.monotonic()
        self._network_failures = [t for t in self._network_failures if moment - t < 60]
        if len(self._network_failures) < GLOBAL_FAILURES:
            return 0
        wait = self._last_network_try + SLOW_EVERY - moment
        return max(0, int(wait + 0.999))

    def _failed(self, data: dict, client: str) -> LoginResult:
        """Count a wrong try of ``client`` in ``data`` (written), and lock it if needed."""
        if client not in OWN_CLIENTS:
            self._network_failures.append(time.monotonic())
        clients = data.setdefault("clients", {})
        entry = clients.pop(client, {})
        failures = int(_number(entry.get("failures"))) + 1
        lockouts = int(_number(entry.get("lockouts")))
        if failures >= self.max_failures:
            seconds = min(MAX_LOCKOUT, self.lockout_seconds * 2 ** min(lockouts, 16))
            clients[client] = {"failures": 0, "lockouts": lockouts + 1, "locked_until": self.now() + seconds}
            result = LoginResult("locked", 0, int(seconds))
        else:
            clients[client] = {"failures": failures, "lockouts": lockouts,
                               "locked_until": _number(entry.get("locked_until"))}
            result = LoginResult("wrong", self.max_failures - failures)
        while len(clients) > MAX_CLIENTS:  # the oldest first (dicts keep their order)
            clients.pop(next(iter(clients)))
        self._write(data)  # before the first PIN too: wrong setup codes count
        return result

    def _open_try(self, client: str) -> tuple[dict, dict, LoginResult | None]:
        """The stored data, ``client``'s entry, and the refusal when it is locked or slowed
        (a PIN and a setup code pass the same gate). Called with the lock held."""
        data = self._read()
        entry = data.get("clients", {}).get(client, {})
        locked = self._locked_seconds(entry) or self._slowed(client)
        if locked:
            return data, entry, LoginResult("locked", 0, locked)
        if client not in OWN_CLIENTS:
            self._last_network_try = time.monotonic()
        return data, entry, None

    def check(self, pin: str, client: str = "") -> LoginResult:
        """Try ``pin`` from the device ``client`` (its address): counts failures, locks after too many."""
        with self._lock:
            data, entry, refused = self._open_try(client)
            if refused is not None:
                return refused
            stored = data.get("hash") or ""
            if stored and pin_matches(pin or "", stored):
                if entry:
                    data["clients"].pop(client, None)
                    self._write(data)
                return LoginResult("ok", self.max_failures)
            return self._failed(data, client)

    # -- first run ----------------------------------------------------------------
    def setup_code(self) -> str:
        """The one-time code that allows choosing the first PIN from another device.

        It is written in ``<data_dir>/web_setup_code.txt`` (and shown on the hall
        screen), so only someone at the kit itself can choose the first PIN.
        Example: ``PinStore(data_dir).setup_code()`` → ``'4821-0937'``
        """
        with self._lock:
            return self._setup_code()

    def _setup_code(self, renew: bool = False) -> str:
        try:
            code = self.setup_code_path.read_bytes()[:64].decode("ascii").strip()
        except (OSError, UnicodeDecodeError):
            code = ""
        if renew or not re.fullmatch(r"[0-9]{4}-[0-9]{4}", code):
            number = f"{secrets.randbelow(10**8):08d}"
            code = f"{number[:4]}-{number[4:]}"
            write_atomically(self.setup_code_path, code + "\n", mode=0o600)
        return code

    def setup_code_matches(self, code: str, client: str = "") -> bool:
        """True if ``code`` is the current setup code (spaces and dashes ignored).

        A wrong code counts as a wrong try of ``client`` (a locked device is refused
        even the right code); after ``SETUP_RENEW_AFTER`` wrong codes a new one is drawn.
        """
        return self.try_setup_code(code, client).status == "ok"

    def try_setup_code(self, code: str, client: str = "") -> LoginResult:
        """Like :meth:`setup_code_matches`, with the lockout's details (``LoginResult``)."""
        with self._lock:
            data, _entry, refused = self._open_try(client)
            if refused is not None:
                return refused
            expected = self._setup_code().replace("-", "")
            given = re.sub(r"[\s-]", "", code or "")
            if hmac.compare_digest(expected.encode(), given.encode()):
                self._setup_failures = 0
                return LoginResult("ok", self.max_failures)
            self._setup_failures += 1
            if self._setup_failures >= SETUP_RENEW_AFTER:
                self._setup_failures = 0
                self._setup_code(renew=True)
                log.warning("%s", _("{count} codes d'installation faux : un nouveau code est tiré (voir l'écran du hall).",
                                    count=SETUP_RENEW_AFTER))
            return self._failed(data, client)


class SessionRegistry:
    """The open admin sessions, kept in memory, each ending after some idle time and,
    used or not, ``max_seconds`` after the login.

    A session id lives in the signed cookie; logging out removes it here, so a copied
    cookie stops working at once. Restarting the kit logs everybody out.

    Example::

        sessions = SessionRegistry(idle_seconds=1800)
        sid = sessions.open()
        sessions.touch(sid)      # True while used at least every 30 minutes
        sessions.close(sid)
    """

    def __init__(self, idle_seconds: float = 1800, now: Callable[[], float] = time.monotonic,
                 max_seconds: float = 8 * 3600, max_sessions: int = 64):
        self.idle_seconds = idle_seconds
        self.max_seconds = max_seconds  # a session ends this long after login, used or not
        self.max_sessions = max_sessions
        self.now = now
        self._last_seen: dict[str, float] = {}
        self._opened: dict[str, float] = {}
        self._lock = threading.Lock()

    def open(self) -> str:
        sid = secrets.token_urlsafe(24)
        with self._lock:
            self._forget_idle()
            while len(self._opened) >= self.max_sessions:  # the oldest one ends
                self.close_unlocked(next(iter(self._opened)))
            self._last_seen[sid] = self._opened[sid] = self.now()
        return sid

    def close_unlocked(self, sid: str) -> None:
        self._last_seen.pop(sid, None)
        self._opened.pop(sid, None)

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
            self.close_unlocked(sid or "")

    def _forget_idle(self) -> None:
        now = self.now()
        idle, old = now - self.idle_seconds, now - self.max_seconds
        for sid in [s for s, seen in self._last_seen.items() if seen < idle or self._opened.get(s, now) < old]:
            self.close_unlocked(sid)
