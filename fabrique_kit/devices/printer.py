"""Paper tickets: an ESC/POS thermal printer (python-escpos) prints each ticket taken.

Many visitors have no phone: the paper ticket is how they keep their number. It carries
the number in very large type, the place, the time it was taken, the estimated wait and
the next sessions. The printer is USB, serial or network (``[imprimante]`` of
``fabrique.toml``); in simulation the ticket is drawn as a PNG picture instead, that the
preview shows (``/ticket.png``).

Printing never holds up the ticket: it runs in its own thread, and a printer unplugged,
switched off or out of paper is written to the kit's state (``"imprimante"``, shown on
the status page) while the ticket is taken as usual.

Example::

    printer = TicketPrinter(state, kind="usb", address="04b8:0202")
    printer.submit(Ticket(number=42, place="Espace Social Commun Maurepas", taken=now))
    print_ticket(escpos.printer.Dummy(), ticket)          # the ESC/POS bytes, for tests
"""

from __future__ import annotations

import io
import logging
import queue
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _

log = logging.getLogger("fabrique_kit.devices")
STATE_NAME = "imprimante"
KINDS = ("usb", "serie", "reseau")
PAPER_DOTS = 384  # a 58 mm printer's line (80 mm printers have 576)
FONT_DIR = Path(__file__).resolve().parent.parent / "screen" / "font_files"
MAX_WAITING = 20  # tickets queued while the printer is slow (more are dropped, told once)


@dataclass(frozen=True)
class Ticket:
    """What a paper ticket says.

    Example: ``Ticket(42, "Espace Social Commun Maurepas", now, wait_min=15, waiting=3)``
    """

    number: int
    place: str
    taken: datetime
    wait_min: int | None = None
    waiting: int = 0
    next_sessions: tuple[str, ...] = ()


def ticket_lines(ticket: Ticket) -> list[tuple[str, str]]:
    """The ticket as ``(style, text)`` lines: ``big`` (the number), ``title``, ``text``.

    Example: ``ticket_lines(ticket)[1]`` → ``('big', '42')``
    """
    lines = [("title", ticket.place or _("Votre ticket")), ("big", str(ticket.number))]
    lines.append(("text", _("Pris à {time}", time=ticket.taken.strftime("%H:%M"))))
    if ticket.wait_min is not None:
        lines.append(("text", _("Attente estimée : environ {minutes} min", minutes=ticket.wait_min)))
    if ticket.waiting:
        lines.append(("text", _("Personnes avant vous : {count}", count=ticket.waiting)))
    if ticket.next_sessions:
        lines.append(("title", _("Prochaines permanences")))
        lines += [("text", session) for session in ticket.next_sessions[:3]]
    lines.append(("text", _("Gardez ce ticket : votre numéro sera appelé.")))
    return lines


def print_ticket(printer, ticket: Ticket) -> None:
    """Send ``ticket`` to an ESC/POS ``printer`` (a python-escpos printer object), then cut."""
    for style, text in ticket_lines(ticket):
        if style == "big":  # 8 times the normal size: readable at arm's length
            printer.set(align="center", bold=True, custom_size=True, width=8, height=8)
        elif style == "title":
            printer.set(align="center", bold=True, double_height=True, double_width=True)
        else:
            printer.set(align="center", bold=False, normal_textsize=True)
        printer.textln(text)
    printer.set(normal_textsize=True)
    printer.cut()


def draw_ticket(ticket: Ticket, width: int = PAPER_DOTS) -> bytes:
    """The ticket as the printer would print it: a black-on-white PNG ``width`` dots wide."""
    from PIL import Image, ImageDraw, ImageFont

    sizes = {"big": width // 2, "title": width // 12, "text": width // 16}
    fonts = {style: ImageFont.truetype(str(FONT_DIR / ("NotoSans-Bold.ttf" if style != "text" else
                                                         "NotoSans-Regular.ttf")), size)
             for style, size in sizes.items()}
    rows: list[tuple[str, ImageFont.FreeTypeFont]] = []
    for style, text in ticket_lines(ticket):
        font = fonts[style]
        line = ""
        for word in text.split():  # wrap to the paper's width
            candidate = f"{line} {word}".strip()
            if line and font.getlength(candidate) > width - 16:
                rows.append((line, font))
                line = word
            else:
                line = candidate
        rows.append((line, font))
    heights = [int(font.size * 1.3) for _text, font in rows]
    image = Image.new("L", (width, sum(heights) + 40), 255)
    draw = ImageDraw.Draw(image)
    y = 20
    for (text, font), height in zip(rows, heights, strict=True):
        draw.text((width // 2, y + height // 2), text, font=font, fill=0, anchor="mm")
        y += height
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _paper_status(printer) -> int | None:
    """0 without paper, 1 near its end, 2 fine; None when the printer cannot tell."""
    try:
        return printer.paper_status()
    except Exception:  # many cheap printers answer nothing: print anyway
        return None


def open_printer(kind: str, address: str):
    """A python-escpos printer for ``kind`` (usb, serie, reseau) at ``address``."""
    try:
        from escpos import printer as escpos_printer
    except ImportError as error:
        raise FabriqueError(_("Le module python-escpos n'est pas installé : pas d'impression des tickets."),
                            hint=_("Installez-le : pip install python-escpos")) from error
    if kind == "usb":
        try:
            vendor, product = (int(part, 16) for part in address.split(":"))
        except ValueError as error:
            raise FabriqueError(_("Adresse USB de l'imprimante illisible : « {address} ».", address=address),
                                field="imprimante.adresse",
                                hint=_("Écrivez fabricant:produit comme lsusb les donne, par exemple 04b8:0202.")) from error
        return escpos_printer.Usb(vendor, product, timeout=2000)
    if kind == "serie":
        return escpos_printer.Serial(address or "/dev/ttyUSB0", timeout=2)
    host, _sep, port = address.partition(":")
    return escpos_printer.Network(host, int(port or 9100), timeout=5)


class TicketPrinter:
    """Prints the tickets handed to :meth:`submit`, one after the other, in its own thread.

    ``kind``: ``"usb"``, ``"serie"``, ``"reseau"`` or ``"simulation"`` (a PNG in
    ``folder``); ``opener`` (tests) returns the printer object to use.
    """

    def __init__(self, state, kind: str, address: str = "", folder=None, opener=None):
        self.state, self.kind, self.address = state, kind, address
        self.folder = Path(folder) if folder else None
        self.opener = opener or (lambda: open_printer(kind, address))
        self.printed = 0
        self._queue: queue.Queue[Ticket | None] = queue.Queue(MAX_WAITING)
        self._thread = threading.Thread(target=self._run, name="fabrique-tickets", daemon=True)
        self._thread.start()

    def submit(self, ticket: Ticket) -> bool:
        """Queue ``ticket`` for printing and return at once (False when too many wait)."""
        try:
            self._queue.put_nowait(ticket)
        except queue.Full:
            self._fail(_("Trop de tickets en attente d'impression : l'imprimante ne suit pas."))
            return False
        return True

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until every submitted ticket was handled (tests, shutdown)."""
        done = threading.Event()

        def join() -> None:
            self._queue.join()
            done.set()

        threading.Thread(target=join, daemon=True).start()
        return done.wait(timeout)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(2)

    def _run(self) -> None:
        while True:
            ticket = self._queue.get()
            try:
                if ticket is None:
                    return
                self._handle(ticket)
            finally:
                self._queue.task_done()

    def _handle(self, ticket: Ticket) -> None:
        if self.kind == "simulation":
            from fabrique_kit.files import write_atomically

            if self.folder is not None:
                write_atomically(self.folder / "ticket.png", draw_ticket(ticket))
            self.printed += 1
            self.state.set(STATE_NAME, {"kind": "simulation", "last": ticket.number, "n": self.printed})
            return
        printer = None
        try:
            printer = self.opener()
            if self.kind == "usb" and _paper_status(printer) == 0:
                self._fail(_("L'imprimante de tickets n'a plus de papier : le ticket {number} n'est pas imprimé.",
                             number=ticket.number))
                return
            print_ticket(printer, ticket)
        except FabriqueError as error:
            self._fail(str(error.problems[0].message))
            return
        except Exception as error:  # unplugged, switched off, jammed: the ticket is still taken
            log.warning("ticket printer: %s", error)
            self._fail(_("L'imprimante de tickets ne répond pas (débranchée ou éteinte ?) : "
                         "le ticket {number} n'est pas imprimé.", number=ticket.number))
            return
        finally:
            close = getattr(printer, "close", None)
            if close is not None:
                try:
                    close()
                except Exception:  # a printer gone away while closing
                    log.debug("closing the printer failed", exc_info=True)
        self.printed += 1
        self.state.set(STATE_NAME, {"kind": self.kind, "last": ticket.number, "n": self.printed})

    def _fail(self, message: str) -> None:
        log.warning("%s", message)
        self.state.fail(STATE_NAME, message)


def session_line(session, today) -> str:
    """``14h00 Atelier numérique (Salle 2)``; another day: ``02/12 14h00 …``."""
    when = f"{session.start:%Hh%M}" if session.start.date() == today else f"{session.start:%d/%m %Hh%M}"
    room = f" ({session.room})" if session.room else ""
    return f"{when} {session.service}{room}"


class TicketWatcher:
    """Prints a ticket each time the counter ``counter`` gives a new number (its state value).

    It follows the kit's state, so every way of taking a ticket is seen (a button, a key,
    the web page, another kit) without touching the counter. ``planning`` (optional, a
    semainier source or a function returning one) gives the next sessions. It is also a source of the kit (``close`` stops the printer).

    Example: ``kit.add_source(TicketWatcher(kit.state, "attente", printer, place=kit.place))``
    """

    name = "imprimante.tickets"
    every = 0.0

    def __init__(self, state, counter: str, printer: TicketPrinter, place: str = "", planning=None):
        self.state, self.counter, self.printer = state, counter, printer
        self.place, self.planning = place, planning
        self._last = self._number()
        self._unsubscribe = state.subscribe(self._changed)

    def _number(self) -> int:
        return getattr(self.state.get(self.counter), "last_ticket", None) or 0

    def _changed(self, names) -> None:
        if self.counter not in names:
            return
        number, previous = self._number(), self._last
        self._last = number
        if number <= previous:  # a new day or a reset: nothing taken
            return
        status = self.state.get(self.counter)
        self.printer.submit(Ticket(
            number=number, place=self.place, taken=self.state.clock.now(),
            wait_min=getattr(status, "estimated_wait_min", None),
            waiting=max(0, getattr(status, "waiting", 1) - 1), next_sessions=self._next_sessions()))

    def _next_sessions(self) -> tuple[str, ...]:
        planning = self.planning() if callable(self.planning) else self.planning
        if planning is None:
            return ()
        try:
            now = self.state.clock.now()
            coming = [s for s in planning.today(now) if not s.cancelled and s.end > now]
            if not coming:
                following = planning.next(now)
                coming = [following] if following is not None else []
            return tuple(session_line(s, now.date()) for s in coming[:3])
        except Exception:  # an unreadable schedule never stops a ticket
            log.debug("no next sessions for the ticket", exc_info=True)
            return ()

    def refresh(self, state) -> None:
        """Sources contract: nothing to read (the state's changes drive it)."""

    def close(self) -> None:
        self._unsubscribe()
        self.printer.close()


def ticket_watcher(config, state, data_dir, planning=None, simulated: bool = True) -> TicketWatcher:
    """The watcher and printer that ``[imprimante]`` of ``config`` asks for (simulated: a PNG).

    Example: ``sources.add(ticket_watcher(kit.config, kit.state, kit.data_dir, simulated=True))``
    """
    kind = "simulation" if simulated else config.printer_kind
    printer = TicketPrinter(state, kind, config.printer_address, folder=Path(data_dir) / "tickets")
    return TicketWatcher(state, config.printer_counter, printer, place=config.place or config.name,
                         planning=planning)
