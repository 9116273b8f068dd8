"""Paper tickets through python-escpos's Dummy printer (no printer here), and a printer
that is unplugged or out of paper never stops a ticket."""

from __future__ import annotations

from datetime import datetime

from escpos.printer import Dummy

from fabrique_kit.clock import PARIS, FakeClock
from fabrique_kit.devices.printer import Ticket, TicketPrinter, TicketWatcher, print_ticket
from fabrique_kit.model import QueueStatus
from fabrique_kit.state import State

TAKEN = datetime(2026, 11, 30, 10, 5, tzinfo=PARIS)
TICKET = Ticket(42, "Espace Social Commun Maurepas", TAKEN, wait_min=25, waiting=3,
                next_sessions=("14h00 Atelier numérique (Salle 2)",))


def test_the_ticket_bytes_carry_the_number_in_large_type_and_its_details():
    printer = Dummy()
    print_ticket(printer, TICKET)
    data = printer.output
    assert b"\x1d!\x77" + b"\x1ba\x01" in data or b"\x1d!\x77" in data  # GS ! : 8 x 8 characters
    big = data.index(b"\x1d!\x77")
    assert data.index(b"42\n", big) > big  # the number, printed in that size
    for text in (b"Maurepas", b"10:05", b"25 min", b"Atelier num"):
        assert text in data, text
    assert data.endswith(b"\x1dV\x00") or b"\x1dV" in data[-8:]  # the paper is cut


class FlakyPrinter(Dummy):
    def __init__(self, paper=2):
        super().__init__()
        self.paper = paper

    def paper_status(self):
        return self.paper


def test_an_unplugged_printer_is_told_on_the_state_and_the_next_ticket_prints():
    state = State()
    attempts = []

    def opener():
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("USB device not found")
        return printed

    printed = Dummy()
    printer = TicketPrinter(state, "reseau", "192.0.2.1", opener=opener)
    try:
        assert printer.submit(TICKET) is True  # returns at once
        assert printer.wait_idle()
        assert "ne répond pas" in state.value("imprimante").error
        assert "42" in state.value("imprimante").error
        printer.submit(Ticket(43, "Maurepas", TAKEN))
        assert printer.wait_idle()
        assert state.value("imprimante").error is None  # back: the status page says it is fine
        assert state.get("imprimante")["last"] == 43
        assert b"43\n" in printed.output
    finally:
        printer.close()


def test_out_of_paper_is_told_and_nothing_is_sent():
    state = State()
    empty = FlakyPrinter(paper=0)
    printer = TicketPrinter(state, "usb", "04b8:0202", opener=lambda: empty)
    try:
        printer.submit(TICKET)
        assert printer.wait_idle()
        assert "plus de papier" in state.value("imprimante").error
        assert b"42" not in empty.output
    finally:
        printer.close()


def test_the_watcher_prints_each_new_number_of_the_counter_only():
    state = State(FakeClock("2026-11-30 10:05"))
    state.set("attente", QueueStatus("attente", last_ticket=7, waiting=2))  # before the kit started
    printed = Dummy()
    watcher = TicketWatcher(state, "attente", TicketPrinter(state, "usb", "1:2", opener=lambda: printed),
                            place="Maurepas")
    try:
        state.set("attente", QueueStatus("attente", last_ticket=8, waiting=3, estimated_wait_min=20))
        state.set("attente", QueueStatus("attente", called=6, last_ticket=8, waiting=2))  # a call: no ticket
        state.set("attente", QueueStatus("attente", last_ticket=None))  # a reset: no ticket
        state.set("attente", QueueStatus("attente", last_ticket=1, waiting=1))
        assert watcher.printer.wait_idle()
        data = printed.output
        assert data.count(b"\x1dV") == 2  # two tickets cut
        assert b"8\n" in data and b"1\n" in data and b"7\n" not in data
        assert b"20 min" in data
    finally:
        watcher.close()
