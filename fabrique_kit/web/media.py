"""What the preview plays and shows beside the frame: the game's sounds and voice, and
the last paper ticket drawn in simulation.

- ``/media.json``: the last sound (``{"name", "n"}``), the last sentence to say
  (``{"text", "lang", "n"}``) and the printer's state (``{"last", "n"}`` or its problem);
  the preview page reads it after each new frame;
- ``/sons/<name>.wav``: a game sound (bravo, oups, applaudissements), made once;
- ``/ticket.png``: the last ticket as the printer would print it (simulation), 404 before.

All public and read-only, like the frame: they say nothing the hall screen does not.

Example::

    curl http://localhost:8000/media.json     # {"sound": {"name": "bravo", "n": 3}, ...}
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from flask import Blueprint, Response, abort, jsonify

from fabrique_kit.screen.outputs.sounds import SOUND_NAMES, write_sound
from fabrique_kit.web.context import web_context

media = Blueprint("media", __name__)


@cache
def sound_bytes(name: str) -> bytes:
    """The WAV bytes of the sound ``name`` (three small files, kept once made)."""
    buffer = io.BytesIO()
    write_sound(name, buffer)
    return buffer.getvalue()


@media.get("/media.json")
def media_state():
    """The last sound, sentence and ticket, each with a number that grows."""
    state = web_context().kit.state
    printer = state.value("imprimante")
    ticket = None
    if printer is not None:
        ticket = {"n": (printer.value or {}).get("n", 0), "last": (printer.value or {}).get("last"),
                  "problem": printer.error}
    response = jsonify({"sound": state.get("sons"), "voice": state.get("voix"), "ticket": ticket})
    response.headers["Cache-Control"] = "no-store"
    return response


@media.get("/sons/<name>.wav")
def sound_file(name: str):
    """A game sound as WAV (cached by the browser: the sounds never change)."""
    if name not in SOUND_NAMES:
        abort(404)
    response = Response(sound_bytes(name), mimetype="audio/wav")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@media.get("/ticket.png")
def ticket_png():
    """The last paper ticket drawn in simulation (404 until one is taken)."""
    path = Path(web_context().kit.data_dir) / "tickets" / "ticket.png"
    try:
        data = path.read_bytes()
    except OSError:
        abort(404)
    response = Response(data, mimetype="image/png")
    response.headers["Cache-Control"] = "no-cache"
    return response
