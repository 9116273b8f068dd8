"""The coordinator's side: the fleet (every place and kit, online or not, last seen,
version, errors, queue and wait), a connection check for a kit, and the messages sent to
all or some places (retained on ``fabrique/v1/coordination/messages``).

Example::

    fleet = collect_fleet(settings, now)              # a short connection, then the data
    print(fleet_table(fleet_rows(fleet, now)))
    send_message(settings, "Toutes les permanences sont fermées le 14 juillet",
                 kind="fermeture", start="2027-07-14T00:00", end="2027-07-15T00:00")
"""

from __future__ import annotations

import secrets
import socket
import threading
from datetime import datetime, timedelta

from fabrique_kit.city.client import CityClient, login_problem, unreachable
from fabrique_kit.city.payloads import KINDS_OF_MESSAGE
from fabrique_kit.city.settings import CitySettings
from fabrique_kit.city.topics import MESSAGES, place_root
from fabrique_kit.city.view import CityView
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _

ONLINE_S = 11 * 60  # a kit heard from within this delay (two heartbeats and a bit) is online
LISTEN_S = 1.0  # after the subscription, how long to wait for the retained messages


def _age(text: str | None, now: datetime) -> float | None:
    return None if not text else max(0.0, (now - datetime.fromisoformat(text)).total_seconds())


def fleet_rows(fleet: dict, now: datetime) -> list[dict]:
    """One row per kit (a place without any kit heard of gets one row too)."""
    rows = []
    for place, info in sorted((fleet.get("lieux") or {}).items()):
        status = info.get("statut") or {}
        base = {"lieu": place, "nom": info.get("nom") or place, "ouvert": status.get("ouvert"),
                "attente": status.get("attente"), "attente_min": status.get("attente_min")}
        kits = info.get("kits") or {}
        if not kits:
            seen = _age((info.get("recu") or {}).get("statut"), now)
            rows.append({**base, "kit": None, "en_ligne": False, "vu_il_y_a_s": seen, "version": None, "erreurs": []})
        for name, kit in kits.items():
            seen = _age(kit.get("recu"), now)
            online = bool(kit.get("en_ligne")) and seen is not None and seen < ONLINE_S
            rows.append({**base, "kit": name, "en_ligne": online, "vu_il_y_a_s": seen,
                         "version": kit.get("version"), "erreurs": kit.get("erreurs") or []})
    return rows


def city_bilan(fleet: dict, period: str | None = None) -> dict:
    """The city-wide anonymous bilan: every place's figures of ``period`` (a year) added up.

    Example: ``city_bilan(fleet)["chiffres"]["refus"]`` → ``212``; ``["lieux"]`` → ``14``
    """
    total: dict[str, int] = {}
    places = 0
    for info in (fleet.get("lieux") or {}).values():
        bilan = info.get("bilan") or {}
        if not bilan.get("chiffres") or (period and bilan.get("periode") != period):
            continue
        places += 1
        for key, value in bilan["chiffres"].items():
            total[key] = max(total.get(key, 0), value) if key == "attente_max_min" else total.get(key, 0) + value
    came = total.get("tickets", 0) + total.get("refus", 0)
    return {"lieux": places, "chiffres": total,
            "part_refus": round(total.get("refus", 0) / came, 3) if came else None,
            "attente_moy_min": round(total["attente_somme_min"] / total["attentes"], 1) if total.get("attentes") else None}


def _ago(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 90:
        return _("{n} s", n=int(seconds))
    if seconds < 90 * 60:
        return _("{n} min", n=round(seconds / 60))
    return _("{n} h", n=round(seconds / 3600))


def fleet_table(rows: list[dict]) -> str:
    """The rows as a plain-text table with French headers (English with FABRIQUE_LANG=en)."""
    headers = [_("Lieu"), _("Kit"), _("État"), _("Vu il y a"), _("Version"), _("Attente"), _("Erreurs")]
    lines = []
    for row in rows:
        waiting = "—" if row["attente"] is None else _("{n} pers. ≈ {m} min", n=row["attente"], m=row["attente_min"] if row["attente_min"] is not None else "?")
        lines.append([row["lieu"], row["kit"] or "—", _("en ligne") if row["en_ligne"] else _("hors ligne"),
                      _ago(row["vu_il_y_a_s"]), row["version"] or "—", waiting, " ; ".join(row["erreurs"])[:80] or "—"])
    widths = [max(len(str(r[i])) for r in [headers, *lines]) for i in range(len(headers))]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [headers, *lines])


def _listen(settings: CitySettings, view: CityView, now: datetime, timeout: float) -> CityClient:
    client = CityClient(settings, f"outil-{secrets.token_hex(3)}", will=False,
                        on_message=lambda topic, raw: view.receive(topic, raw, now), on_problem=lambda _p: None)
    client.start()
    end = threading.Event()
    client.connected.wait(timeout)
    if client.subscribed.wait(timeout):
        end.wait(LISTEN_S)
    return client


def collect_fleet(settings: CitySettings, now: datetime, timeout: float = 5.0) -> dict:
    """Connect, read every retained message of the tree, disconnect: the fleet's data.

    Raises a French :class:`FabriqueError` when the broker cannot be reached or refuses.
    """
    view = CityView()
    client = _listen(settings, view, now, timeout)
    try:
        if not client.subscribed.is_set():
            raise FabriqueError(client.problem or unreachable(settings))
        return view.fleet(now)
    finally:
        client.stop()


def check_connection(settings: CitySettings, now: datetime, timeout: float = 5.0) -> list[tuple[bool, str]]:
    """The steps of a kit's connection, each ``(ok, French sentence)``: reach, login, read, write."""
    steps: list[tuple[bool, str]] = []
    try:
        socket.create_connection((settings.host, settings.port), timeout=timeout).close()
    except OSError:
        return [(False, unreachable(settings))]
    steps.append((True, _("Courtier joignable : {url}", url=settings.url)))
    view = CityView()
    client = _listen(settings, view, now, timeout)
    try:
        if not client.connected.is_set():
            if settings.tls and client.problem in (None, unreachable(settings)):  # TCP answered: TLS failed
                steps.append((False, _("La connexion chiffrée au courtier a échoué : son certificat n'est pas reconnu. "
                                       "Donnez le certificat de l'autorité de la ville dans [ville] autorite.")))
            else:
                steps.append((False, client.problem or login_problem(settings, 135)))
            return steps
        steps.append((True, _("Connexion acceptée pour « {user} ».", user=settings.user or settings.place)))
        steps.append((True, _("Lecture du réseau de la ville : {n} lieu(x) vu(s).", n=len(view.places()))))
        info = client.publish(f"{place_root(settings.place)}/verification", b"{}", retain=False)
        if info is not None:
            info.wait_for_publish(timeout)
        refused = any(topic.endswith("/verification") for topic, _code in client.refused)
        steps.append((not refused, _("Écriture sur les sujets du lieu « {place} » : autorisée.", place=settings.place)
                      if not refused else _("Écriture sur les sujets du lieu « {place} » : refusée par le courtier.",
                                            place=settings.place)))
        return steps
    finally:
        client.stop()


def new_messages(existing: list[dict], text: str, *, kind: str = "information", start: str | None = None,
                 end: str | None = None, places: list[str] | None = None, now: datetime) -> tuple[dict, dict]:
    """``(message, payload)``: the checked new message, and the retained list with it added
    (expired ones dropped, 20 at most). Raises a French :class:`FabriqueError` for a bad field.
    """
    text = (text or "").strip()[:500]
    if not text:
        raise FabriqueError(_("Le message est vide."))
    if kind not in KINDS_OF_MESSAGE:
        raise FabriqueError(_("« {value} » n'est pas un type de message.", value=kind),
                            hint=_("Valeurs possibles : {choices}.", choices=", ".join(KINDS_OF_MESSAGE)))
    moments = []
    for value in (start, end):
        try:
            moments.append(_moment(value, now).isoformat() if value else None)
        except ValueError:
            raise FabriqueError(_("« {value} » n'est pas une date et heure.", value=value),
                                hint=_("Écrivez par exemple 2026-12-01T18:00.")) from None
    keep = [m for m in existing if not m.get("au") or _moment(m["au"], now) > now]
    message = {"id": secrets.token_hex(6), "texte": text, "type": kind, "du": moments[0], "au": moments[1],
               "lieux": sorted(set(places or []))}
    return message, {"messages": [*keep, message][-20:], "publie": now.isoformat(timespec="seconds")}


def publish_messages(client: CityClient, data: dict) -> None:
    """Publish the retained list of messages; a French error when the broker refuses it."""
    info = client.publish(MESSAGES, data)
    if info is not None:
        info.wait_for_publish(5.0)
        threading.Event().wait(0.2)  # the broker's answer (PUBACK) is read by paho's thread
    if info is None or any(topic == MESSAGES for topic, _code in client.refused):
        raise FabriqueError(_("Le courtier refuse le message : seul le compte « coordination » peut l'envoyer."))


def send_message(settings: CitySettings, text: str, *, now: datetime, **fields) -> dict:
    """Add a message for ``places`` (all when empty) to the retained list (see :func:`new_messages`).

    Needs the coordinator's account (``coordination``): the broker refuses any other.
    """
    view = CityView()
    client = _listen(settings, view, now, 5.0)
    try:
        if not client.subscribed.is_set():
            raise FabriqueError(client.problem or unreachable(settings))
        message, data = new_messages(view.messages, text, now=now, **fields)
        publish_messages(client, data)
        return message
    finally:
        client.stop()


def _moment(text: str, now: datetime) -> datetime:
    """An ISO date-time, in the local time zone when it has none."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=now.tzinfo)


def tomorrow(now: datetime) -> str:
    """Midnight after ``now`` (a message's default end)."""
    return (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0).isoformat()
