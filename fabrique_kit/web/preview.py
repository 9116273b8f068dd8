"""The public pages: the live preview (``/``) and the kiosk (``/kiosk``).

- ``/frame.png``: the latest frame, with ``ETag`` = the frame number;
- ``/frame/wait?since=N``: waits (long-poll, up to 20 s) for a frame newer than N and
  answers ``{"frame": number}``; the pages then load the new image;
- ``/status.json``: the kit's status and its simulated inputs;
- ``POST /controls/<id>/press|release|value`` and ``POST /keys/<name>``: drive the
  simulated inputs. Without the PIN this is allowed **only in simulation and from the
  computer running the kit**: another device on the Wi-Fi sees the preview but presses
  nothing; on a real Pi the buttons are physical, so only a logged-in mediator may
  press them from here.

Example::

    curl http://localhost:8000/frame/wait?since=12     # {"frame": 13} when it changes
"""

from __future__ import annotations

import io
import re
import time
from functools import cache

from flask import Blueprint, Response, abort, jsonify, render_template, request

from fabrique_kit.web.auth import is_local_request, is_logged_in
from fabrique_kit.web.context import LONG_POLL_SECONDS, web_context
from fabrique_kit.web.status import describe_status

preview = Blueprint("preview", __name__)

KEY_NAMES = ("space", "up", "down", "left", "right", "enter", "escape", "backspace", "tab")


@cache
def placeholder_png() -> bytes:
    """A dark grey 16:9 image, shown before the kit has drawn its first frame."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 180), (40, 40, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def _no_cache(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-cache"
    return response


@preview.get("/")
def preview_page():
    """The live frame, the simulated inputs and the kit's status, on one page."""
    kit = web_context().kit
    return render_template(
        "preview.html",
        kit=kit,
        frame_number=kit.frame_number,
        controls=kit.controls() if _may_see_inputs() else [],
        status=describe_status(kit.status()),
    )


@preview.get("/kiosk")
def kiosk_page():
    """Only the frame, fullscreen on black (for Chromium in kiosk mode)."""
    kit = web_context().kit
    return render_template("kiosk.html", kit=kit, frame_number=kit.frame_number)


@preview.get("/frame.png")
def frame_png():
    """The latest frame as PNG; answers 304 when the browser already has it."""
    kit = web_context().kit
    number = kit.frame_number
    etag = str(number)
    if request.if_none_match.contains(etag):
        return _no_cache(Response(status=304, headers={"ETag": f'"{etag}"'}))
    if is_local_request():  # the hall screen itself (the kiosk browser on the kit)
        png = kit.frame_png()
    else:  # other devices never see the first-run code (see kit.web.public_frame_png)
        png = getattr(kit, "public_frame_png", kit.frame_png)()
    png = png or placeholder_png()
    response = Response(png, mimetype="image/png")
    response.set_etag(etag)
    return _no_cache(response)


@preview.get("/frame/wait")
def frame_wait():
    """Wait until the frame number passes ``since``; answer the current number."""
    context = web_context()
    kit = context.kit
    since = request.args.get("since", default=-1, type=int)
    timeout = request.args.get("timeout", default=LONG_POLL_SECONDS, type=float)
    timeout = min(max(timeout, 0.0), LONG_POLL_SECONDS)
    number = kit.frame_number
    if number > since or since > number:
        # A newer frame, or the kit restarted and counts from zero again.
        return _frame_answer(number)
    if not context.waiters.acquire(blocking=False):
        abort(503)
    try:
        deadline = time.monotonic() + timeout
        while number <= since and not context.stopping.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                break
            slice_seconds = min(left, 0.5)
            asked_at = time.monotonic()
            number = kit.wait_frame(since, slice_seconds)
            if number <= since and time.monotonic() - asked_at < slice_seconds / 2:
                break  # the kit answered at once without a new frame: it is stopping
    finally:
        context.waiters.release()
    return _frame_answer(number)


def _frame_answer(number: int) -> Response:
    response = jsonify(frame=number)
    response.headers["Cache-Control"] = "no-store"
    return response


@preview.get("/status.json")
def status_json():
    """The kit's status as shown on the preview page (ages in words, errors, peers)."""
    kit = web_context().kit
    response = jsonify(
        status=describe_status(kit.status()),
        controls=kit.controls() if _may_see_inputs() else [],
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _may_see_inputs() -> bool:
    """The simulated inputs are shown to whoever may press them."""
    return web_context().kit.simulated and (is_local_request() or is_logged_in())


def _may_drive_inputs() -> None:
    """Simulated inputs: from the kit's own computer; otherwise a mediator must log in."""
    if not ((web_context().kit.simulated and is_local_request()) or is_logged_in()):
        abort(403)


def _known_control(control_id: str) -> dict:
    for control in web_context().kit.controls():
        if str(control.get("id")) == control_id:
            return control
    abort(404)


@preview.post("/controls/<control_id>/<verb>")
def drive_control(control_id: str, verb: str):
    """Press, release or set a simulated input: ``verb`` is press, release or value."""
    _may_drive_inputs()
    control = _known_control(control_id)
    kit = web_context().kit
    if control.get("kind") == "output":
        abort(400)
    if verb == "press":
        kit.press(control_id)
    elif verb == "release":
        kit.release(control_id)
    elif verb == "value":
        kit.set_value(control_id, _bounded_value(control))
    else:
        abort(404)
    return jsonify(ok=True, frame=kit.frame_number)


def _bounded_value(control: dict) -> float:
    """The ``value`` sent by the page, checked against the control's min and max."""
    data = request.get_json(silent=True) or request.form
    sent = data.get("value")
    if sent is None:
        abort(400)
    try:
        value = float(sent)
    except (TypeError, ValueError):
        abort(400)
    minimum, maximum = control.get("min"), control.get("max")
    low = float(minimum) if minimum is not None else 0.0
    high = float(maximum) if maximum is not None else 1.0
    if not low <= value <= high:
        abort(400)
    return value


@preview.post("/keys/<name>")
def send_key(name: str):
    """A key pressed on the page (space, arrows, a letter...) as if typed on the kit."""
    _may_drive_inputs()
    if name not in KEY_NAMES and not re.fullmatch(r"[a-z0-9]", name):
        abort(404)
    kit = web_context().kit
    # The kit's web interface presses a key with press_key(name); older, simpler kits
    # may only have key(name).
    press = getattr(kit, "press_key", None) or kit.key  # type: ignore[attr-defined]
    press(name)
    return jsonify(ok=True)
