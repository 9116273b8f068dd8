"""Undo, for a minute: the semainier as it was before a change from the admin pages.

After each change saved with :func:`save_with_undo`, the page offers « Annuler cette
modification » for :data:`UNDO_SECONDS`. Undoing saves the previous document back
(checked and atomic like any save), only if nobody changed the semainier since.
The kit keeps at most :data:`MAX_UNDOS` such versions, in memory.

Example::

    save_with_undo(changed, previous)      # saves, remembers ``previous`` for a minute
    POST /admin/annuler/<token>            # puts it back
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from flask import Blueprint, current_app, flash, redirect, session, url_for

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.web.auth import login_required
from fabrique_kit.web.context import web_context

UNDO_SECONDS = 60
MAX_UNDOS = 8

undo = Blueprint("undo", __name__, url_prefix="/admin/annuler")


def fingerprint(document) -> str:
    """A short digest of a document (to notice a change made meanwhile)."""
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


@dataclass
class Undo:
    previous: dict
    saved: str  # the fingerprint of what was saved
    until: float
    back_to: str


class UndoStore:
    """The recent changes that can still be undone (bounded, each for a minute)."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self._items: OrderedDict[str, Undo] = OrderedDict()
        self._lock = threading.Lock()

    def keep(self, previous: dict, saved: dict, back_to: str) -> str:
        token = secrets.token_urlsafe(12)
        with self._lock:
            self._items[token] = Undo(previous, fingerprint(saved), self.clock() + UNDO_SECONDS, back_to)
            while len(self._items) > MAX_UNDOS:
                self._items.popitem(last=False)
        return token

    def get(self, token: str | None) -> Undo | None:
        with self._lock:
            item = self._items.get(token or "")
            if item is not None and item.until <= self.clock():
                del self._items[token or ""]
                return None
            return item

    def take(self, token: str) -> Undo | None:
        item = self.get(token)
        if item is not None:
            with self._lock:
                self._items.pop(token, None)
        return item


def store() -> UndoStore:
    return current_app.extensions.setdefault("fabrique.undo", UndoStore())


def save_with_undo(changed: dict, previous: dict, back_to: str) -> None:
    """Save ``changed`` as the semainier; the page ``back_to`` then offers to put ``previous`` back."""
    web_context().kit.save_semainier(changed)
    session["undo"] = store().keep(previous, changed, back_to)


def offer_undo() -> dict | None:
    """``{"token", "seconds"}`` when this browser's last change can still be undone."""
    token = session.get("undo")
    item = store().get(token)
    if item is None:
        return None
    return {"token": token, "seconds": max(1, int(item.until - store().clock()))}


@undo.post("/<token>")
@login_required
def undo_change(token: str):
    """Put the semainier back as it was before the change (within a minute)."""
    context = web_context()
    item = store().take(token)
    if item is None:
        flash(_("Trop tard pour annuler : la modification date de plus d'une minute."), "error")
        return redirect(url_for("semainier.slots"))
    session.pop("undo", None)
    with context.edit_lock:
        if fingerprint(context.kit.semainier_document()) != item.saved:
            flash(_("Le semainier a été modifié entre-temps : rien n'a été annulé."), "error")
            return redirect(item.back_to)
        try:
            context.kit.save_semainier(item.previous)
        except FabriqueError as error:
            for problem in error.problems:
                flash(str(problem), "error")
            return redirect(item.back_to)
    flash(_("Modification annulée : le semainier est revenu à la version précédente."), "success")
    return redirect(item.back_to)
