"""Read a project folder and ask its running kit, without starting anything.

Example::

    port = project_port(Path("mon-afficheur"))      # 8000, from [web] port
    state = read_json(f"http://127.0.0.1:{port}/api/state")
"""

from __future__ import annotations

import json
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

from fabrique_kit.config import CONFIG_NAME
from fabrique_kit.project import SCRIPT_NAME, TEMPLATES_DIR

DEFAULT_PORT = 8000
TIMEOUT_S = 1.5
# Never go through a proxy to reach a kit on this machine.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def read_toml(path: Path) -> dict | None:
    """The TOML file as a dict, or None when it is missing or badly written.

    Example: ``read_toml(Path("mon-afficheur/fabrique.toml"))["kit"]["lieu"]``
    """
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None


def project_config(folder: Path) -> dict | None:
    """The project's ``fabrique.toml`` as a dict (None when missing or unreadable)."""
    return read_toml(folder / CONFIG_NAME)


def template_config(template: str) -> dict:
    """The ``fabrique.toml`` a template starts with (empty when the template is unknown).

    Example: ``template_config("afficheur")["ecran"]["theme"]`` → ``'clair'``
    """
    return read_toml(TEMPLATES_DIR / template / CONFIG_NAME) or {}


def setting(config: dict | None, section: str, key: str, default=None):
    """``config[section][key]``, or ``default`` when any part is missing.

    Example: ``setting(config, "web", "port", 8000)``
    """
    if not isinstance(config, dict):
        return default
    table = config.get(section)
    if not isinstance(table, dict):
        return default
    return table.get(key, default)


def project_port(folder: Path) -> int:
    """The preview's port written in ``[web] port`` (8000 when not written or wrong)."""
    port = setting(project_config(folder), "web", "port", DEFAULT_PORT)
    return port if isinstance(port, int) and 0 < port < 65536 else DEFAULT_PORT


def schedule_places(path: Path) -> list[str]:
    """The names of the places in a ``semainier.json`` (``[]`` when it cannot be read).

    Example: ``schedule_places(Path("mon-afficheur/semainier.json"))[0]``
    → ``'Espace Social Commun Maurepas'``
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    places = data.get("lieux") if isinstance(data, dict) else None
    if not isinstance(places, list):
        return []
    return [p["nom"] for p in places if isinstance(p, dict) and isinstance(p.get("nom"), str)]


def project_script(folder: Path) -> str:
    """The text of the project's ``main.py`` ("" when there is none)."""
    try:
        return (folder / SCRIPT_NAME).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def template_script(template: str) -> str:
    """The text of the template's ``main.py`` ("" when there is none)."""
    return project_script(TEMPLATES_DIR / template)


def kit_url(port: int, path: str = "/") -> str:
    """``kit_url(8000, "/api/state")`` → ``'http://127.0.0.1:8000/api/state'``."""
    return f"http://127.0.0.1:{port}{path}"


def page_answers(url: str, timeout: float = TIMEOUT_S) -> bool:
    """True when something answers an HTTP GET on ``url`` (even with an error page)."""
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            response.read(1024)
        return True
    except urllib.error.HTTPError:
        return True  # a server answered, with an error status
    except (OSError, ValueError):
        return False


def read_json(url: str, timeout: float = TIMEOUT_S) -> dict | None:
    """The JSON object at ``url``, or None (nothing answers, an error status, not JSON)."""
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            data = json.loads(response.read(2_000_000).decode("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
