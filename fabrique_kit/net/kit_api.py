"""The one HTTP client of the kits' API: a session, the site key, the language, JSON answers.

Everything that speaks to a kit (:class:`~fabrique_kit.net.client.PeerClient` for the
state and actions, the deploy client for ``/api/deploy``) sends its requests through a
:class:`KitApi`: never through a proxy (kits talk on the local network), with the site
key in the ``X-Fabrique-Key`` header when there is one, and the person's language in
``Accept-Language`` so the kit answers its errors in it. The callers word their own
errors; :class:`Answer` gives them the kit's reason and hint in the right language.

Example::

    api = KitApi(site_key, timeout=5.0)
    answer = api.send("GET", "http://192.168.1.20:8080/api/info")   # requests errors pass through
    answer.ok, answer.body                    # True, {'name': 'Accueil', ...}
    api.close()
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fabrique_kit.i18n import get_language
from fabrique_kit.net.keys import HEADER

if TYPE_CHECKING:
    import requests


@dataclass(frozen=True)
class Answer:
    """A kit's answer: its HTTP ``status`` and its JSON ``body`` (None when it is not a JSON object).

    Example: ``Answer(403, {"error": "Clé refusée"}).reason()`` → ``'Clé refusée'``
    """

    status: int
    body: dict | None

    @property
    def ok(self) -> bool:
        """True for a 2xx or 3xx answer with a JSON object."""
        return self.status < 400 and self.body is not None

    def _field(self, name: str) -> Any:
        body = self.body or {}
        return (get_language() == "en" and body.get(f"{name}_en")) or body.get(name)

    def reason(self) -> str:
        """The kit's error message in the current language (its HTTP code when it gave none)."""
        return self._field("error") or str(self.status)

    def hint(self) -> str | None:
        """The kit's advice in the current language, if any."""
        return self._field("hint")


class KitApi:
    """A session to the kits' API, with the site key and the language on every request.

    ``site_key`` may be None (reading is public); ``timeout`` is in seconds.
    """

    def __init__(self, site_key: str | None = None, timeout: float = 5.0):
        import requests  # imported when a kit talks to another: it costs memory on a Pi

        self.site_key = site_key
        self.timeout = timeout
        self.session = requests.Session()
        self.session.trust_env = False  # kits talk on the local network: never via a proxy

    def headers(self, content_type: str | None = None) -> dict[str, str]:
        """The headers of a request: JSON answers, the language, the site key when there is one.

        Example: ``KitApi("k" * 20).headers()["X-Fabrique-Key"]`` → ``'kkkk…'``
        """
        headers = {"Accept": "application/json", "Accept-Language": get_language()}
        if self.site_key:
            headers[HEADER] = self.site_key
        if content_type:
            headers["Content-Type"] = content_type
        return headers

    def send(self, method: str, url: str, *, json: Any = None, data: bytes | None = None,
             content_type: str | None = None) -> Answer:
        """Send one request to ``url``; a network failure raises ``requests.RequestException``.

        Example: ``api.send("POST", url + "/api/actions/attente.take_ticket", json={})``
        """
        response = self.session.request(method, url, json=json, data=data,
                                        headers=self.headers(content_type), timeout=self.timeout)
        return read_answer(response)

    def close(self) -> None:
        """Close the HTTP connections.

        Example: ``api.close()``
        """
        self.session.close()


def read_answer(response: requests.Response) -> Answer:
    """The :class:`Answer` of a ``requests`` response (its body only if it is a JSON object).

    Example: ``read_answer(session.get(url + "/api/info")).body["name"]`` → ``'Accueil'``
    """
    try:
        body = response.json()
    except ValueError:
        body = None
    return Answer(response.status_code, body if isinstance(body, dict) else None)
