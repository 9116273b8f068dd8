"""The bilan's figures, worked out in SQL, checked against a day written by hand with a real counter."""

from __future__ import annotations

from datetime import date

import pytest

from fabrique_kit.errors import FabriqueError
from fabrique_kit.sources.counters import Counter, counter_db_path
from fabrique_kit.sources.counters.bilan import AFTERNOON, MORNING, compute


def a_morning(queue, clock):
    """Four tickets: 1 received (wait 10, service 20), 2 absent, 3 left waiting, 4 received; two refusals."""
    queue.take_ticket()                      # 1 at 09:00
    clock.advance(minutes=5)
    queue.take_ticket()                      # 2 at 09:05
    clock.advance(minutes=5)
    queue.call_next(desk=1)                  # 1 called at 09:10: waited 10
    queue.turn_away("caf")                   # any case: stored as « CAF »
    clock.advance(minutes=20)
    queue.call_next(desk=1)                  # 1 served at 09:30 (20 min); 2 called: waited 25
    queue.absent(desk=1)
    queue.take_ticket()                      # 3 at 09:30
    queue.take_ticket()                      # 4 at 09:30
    clock.advance(minutes=30)
    queue.call_next(desk=2)                  # 3 called at 10:00: waited 30
    queue.turn_away()
    clock.advance(minutes=15)
    queue.served(desk=2)                     # 3 served at 10:15 (15 min)
    queue.close_session()                    # 4 left without help


def test_figures_of_one_morning(queue, clock):
    a_morning(queue, clock)
    bilan = compute([queue.db_path], 2026, today=date(2026, 12, 1))
    assert [(r.place, r.month, r.period) for r in bilan.rows] == [("ESC Maurepas", "2026-03", MORNING)]
    total = bilan.total()
    assert (total.tickets, total.received, total.absent, total.left_without_help, total.in_progress) == (4, 2, 1, 1, 0)
    assert total.turned_away == 2 and total.turned_away_share == pytest.approx(2 / 6)
    assert dict(total.requests) == {"CAF": 1, "": 1}
    # waits: 1 → 10 min, 2 → 25 min, 3 → 30 min (first call), 4 never called
    assert total.wait_avg_min == pytest.approx((10 + 25 + 30) / 3)
    assert total.wait_max_min == pytest.approx(30)
    # services: 1 → 20 min, 3 → 15 min (from its last call)
    assert total.service_avg_min == pytest.approx(17.5)
    assert total.session_count == 1 and total.received_per_session == 2


def test_places_months_and_half_days_are_apart(tmp_path, clock, queue):
    queue.take_ticket()
    clock.set("2026-03-10 14:30")
    queue.take_ticket()
    clock.set("2026-04-02 09:30")
    queue.turn_away("santé")
    other = Counter("accueil", db_path=counter_db_path(tmp_path, "accueil"), clock=clock, place="Carrefour 18")
    other.take_ticket()
    other.close()
    bilan = compute([queue.db_path, other.db_path], 2026, today=date(2026, 12, 1))
    keys = [(r.place, r.month, r.period) for r in bilan.rows]
    assert keys == [("Carrefour 18", "2026-04", MORNING), ("ESC Maurepas", "2026-03", MORNING),
                    ("ESC Maurepas", "2026-03", AFTERNOON), ("ESC Maurepas", "2026-04", MORNING)]
    assert {p: f.tickets for p, f in bilan.by_place().items()} == {"Carrefour 18": 1, "ESC Maurepas": 2}
    months = bilan.by_month()
    assert list(months) == [f"2026-{m:02d}" for m in range(1, 13)]  # every month, even empty
    assert (months["2026-03"].tickets, months["2026-04"].tickets, months["2026-04"].turned_away) == (2, 1, 1)
    assert months["2026-04"].session_count == 2  # one morning at each place
    assert months["2026-05"].tickets == 0 and months["2026-05"].turned_away_share is None
    assert bilan.sources == ["attente", "accueil"]
    april = compute([queue.db_path, other.db_path], 2026, month=4, today=date(2026, 12, 1))
    assert april.total().tickets == 1 and april.months() == ["2026-04"]
    assert compute([queue.db_path], 2025).total().tickets == 0


def test_today_open_session_is_in_progress_not_left(queue, clock):
    queue.take_ticket()
    queue.take_ticket()
    queue.call_next()
    total = compute([queue.db_path], 2026, today=clock.now().date()).total()
    assert (total.tickets, total.in_progress, total.left_without_help, total.received) == (2, 2, 0, 0)
    queue.close_session()  # the person at the desk is received, the one waiting left
    total = compute([queue.db_path], 2026, today=clock.now().date()).total()
    assert (total.in_progress, total.left_without_help, total.received) == (0, 1, 1)


def test_request_kinds_are_a_short_list_never_a_name(queue):
    with pytest.raises(FabriqueError, match="n'est pas un type de demande") as caught:
        queue.turn_away("Mme Dupont")
    assert "CAF" in caught.value.problems[0].hint
    custom = Counter("autre", db_path=queue.db_path.with_name("autre.sqlite3"), clock=queue.clock,
                     request_kinds=("logement", "impôts"))
    assert custom.turn_away("Logement") == 1 and custom.turn_away(None) == 2
    with pytest.raises(FabriqueError):
        custom.turn_away("CAF")
    custom.close()


def test_bad_year_month_or_file_is_a_located_french_error(tmp_path, queue):
    with pytest.raises(FabriqueError, match="n'est pas une année"):
        compute([queue.db_path], 26)
    with pytest.raises(FabriqueError, match="n'est pas un mois"):
        compute([queue.db_path], 2026, month=13)
    with pytest.raises(FabriqueError, match="n'existe pas"):
        compute([tmp_path / "absent.sqlite3"], 2026)
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database at all" * 100)
    with pytest.raises(FabriqueError, match="illisible"):
        compute([broken], 2026)
