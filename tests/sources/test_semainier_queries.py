"""Questions asked of a semainier: today, open now, next, week, opening hours."""

import json
from datetime import date, datetime, timedelta

import pytest

from fabrique_kit.clock import PARIS, FakeClock
from fabrique_kit.errors import FabriqueError
from fabrique_kit.sources.semainier import SAMPLE, load_semainier
from fabrique_kit.sources.semainier.validate import check_text

DOCUMENT = {
    "valable_du": "2026-01-01",
    "valable_au": "2027-06-30",
    "vacances_scolaires": [{"du": "2026-10-17", "au": "2026-11-01", "nom": "Toussaint"}],
    "fermetures": [{"du": "2026-12-24", "au": "2026-12-26", "motif": "Fêtes de fin d'année"}],
    "lieux": [
        {
            "nom": "Espace Social Commun Maurepas",
            "services": ["Wi-Fi public"],
            "horaires": {"lundi": "09:00-12:30, 13:30-17:30", "mercredi": "09:00-12:30, 13:30-17:30",
                         "dimanche": "09:00-12:00"},
            "creneaux": [
                {"jour": "lundi", "debut": "09:00", "fin": "12:00", "service": "Permanence numérique",
                 "salle": "Salle 2", "libre": True},
                {"jour": "lundi", "debut": "14:00", "fin": "17:00", "service": "Informaticien public (ARCS)",
                 "sur_rendez_vous": True},
                {"jour": "mercredi", "debut": "14:00", "fin": "16:00", "service": "Atelier numérique",
                 "pendant_vacances": False},
                {"jour": "dimanche", "debut": "09:00", "fin": "12:00", "service": "Permanence numérique"},
            ],
            "annulations": [{"date": "2026-12-07", "debut": "09:00", "motif": "Formation de l'équipe"}],
            "seances_exceptionnelles": [
                {"date": "2026-12-03", "debut": "10:00", "fin": "11:30", "service": "Atelier numérique",
                 "note": "Arnaques en ligne"}],
            "fermetures": [{"date": "2026-12-14", "motif": "Inventaire"}],
        },
        {
            "nom": "Espace Social Commun Villejean",
            "creneaux": [{"jour": "mardi", "debut": "09:30", "fin": "12:00", "service": "Permanence numérique"}],
        },
    ],
}


@pytest.fixture(scope="module")
def planning():
    semainier, problems = check_text(json.dumps(DOCUMENT))
    assert problems == []
    return semainier


def paris(text):
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


def test_today_lists_sessions_in_order_with_their_details(planning):
    sessions = planning.today(paris("2026-11-23 08:00"), place="Maurepas")
    assert [(s.start.hour, s.service) for s in sessions] == [
        (9, "Permanence numérique"), (14, "Informaticien public (ARCS)")]
    assert sessions[0].room == "Salle 2" and sessions[0].drop_in
    assert not sessions[1].drop_in
    assert sessions[0].place == "Espace Social Commun Maurepas"


def test_dst_spring_week_keeps_three_hour_slots_and_right_offsets(planning):
    # 2026-03-29 is the Sunday of the change to summer time (02:00 → 03:00).
    [sunday] = planning.today(paris("2026-03-29 08:00"), place="Maurepas")
    assert sunday.start.utcoffset() == timedelta(hours=2)
    assert sunday.end - sunday.start == timedelta(hours=3)
    assert sunday.start.astimezone(PARIS).hour == 9
    week = planning.week(paris("2026-03-26 08:00"), place="Maurepas")
    monday_after = week[date(2026, 3, 30)]
    assert monday_after[0].start.utcoffset() == timedelta(hours=2)
    assert week[date(2026, 3, 29)][0].end - week[date(2026, 3, 29)][0].start == timedelta(hours=3)
    before = planning.next(paris("2026-03-22 13:00"), place="Maurepas")
    assert before.start.utcoffset() == timedelta(hours=1) and before.start.date() == date(2026, 3, 23)


def test_dst_autumn_week_keeps_three_hour_slots(planning):
    # 2026-10-25: back to winter time (03:00 → 02:00), the day has 25 hours.
    [sunday] = planning.today(paris("2026-10-25 08:00"), place="Maurepas")
    assert sunday.start.utcoffset() == timedelta(hours=1)
    assert sunday.end - sunday.start == timedelta(hours=3)
    clock = FakeClock("2026-10-25 01:30")
    clock.advance(hours=9)  # 25-hour day: 01:30 + 9 h of real time is 09:30 local
    assert clock.now().hour == 9
    assert [s.service for s in planning.open_now(clock.now(), place="Maurepas")] == ["Permanence numérique"]


def test_public_holidays_close_automatically(planning):
    for holiday in ("2026-11-11", "2026-12-25", "2027-01-01"):
        day = date.fromisoformat(holiday)
        assert planning.sessions_on(day) == []
        assert planning.closure(day).startswith("Jour férié")
    assert "Armistice" in planning.closure(date(2026, 11, 11))
    assert planning.is_open(paris("2026-11-11 10:00"), place="Maurepas") is False


def test_public_holidays_can_be_switched_off():
    document = dict(DOCUMENT, jours_feries=False)
    semainier = check_text(json.dumps(document))[0]
    assert semainier.closure(date(2026, 11, 11)) is None
    assert [s.service for s in semainier.sessions_on(date(2026, 11, 11), "Maurepas")] == ["Atelier numérique"]
    assert len(semainier.sessions_on(date(2027, 5, 17), "Maurepas")) == 2  # Pentecost Monday


def test_closures_empty_the_day_and_give_the_reason(planning):
    assert planning.today(paris("2026-12-24 10:00")) == []
    assert planning.closure(date(2026, 12, 24)) == "Fêtes de fin d'année"
    assert planning.today(paris("2026-12-14 10:00"), place="Maurepas") == []
    assert planning.closure(date(2026, 12, 14), place="Maurepas") == "Inventaire"
    # Villejean is open that Monday, so the day as a whole is not closed
    assert planning.closure(date(2026, 12, 14)) is None


def test_cancellations_stay_visible_with_their_reason(planning):
    sessions = planning.today(paris("2026-12-07 08:00"), place="Maurepas")
    cancelled = [s for s in sessions if s.cancelled]
    assert [(s.start.hour, s.reason) for s in cancelled] == [(9, "Formation de l'équipe")]
    assert not cancelled[0].is_on(paris("2026-12-07 10:00"))
    assert planning.open_now(paris("2026-12-07 10:00"), place="Maurepas") == []
    assert planning.next(paris("2026-12-07 08:00"), place="Maurepas").start == paris("2026-12-07 14:00")


def test_one_off_sessions_appear_on_their_day(planning):
    [one] = planning.today(paris("2026-12-03 08:00"), place="Maurepas")
    assert (one.start, one.end, one.note) == (paris("2026-12-03 10:00"), paris("2026-12-03 11:30"), "Arnaques en ligne")


def test_school_holidays_skip_marked_slots(planning):
    assert planning.sessions_on(date(2026, 10, 21), "Maurepas") == []  # Wednesday in Toussaint
    assert [s.service for s in planning.sessions_on(date(2026, 11, 4), "Maurepas")] == ["Atelier numérique"]


def test_open_now_gives_running_sessions_and_their_end(planning):
    [running] = planning.open_now(paris("2026-11-23 10:15"))
    assert running.end == paris("2026-11-23 12:00")
    assert planning.open_now(paris("2026-11-23 12:00")) == []


def test_next_finds_a_session_next_week(planning):
    after = planning.next(paris("2026-11-24 12:30"), place="Villejean")
    assert after.start == paris("2026-12-01 09:30")
    assert planning.next(paris("2026-11-23 17:30"), service="permanence").start == paris("2026-11-24 09:30")


def test_next_stops_at_the_end_of_validity(planning):
    assert planning.next(paris("2027-06-30 12:00"), place="Villejean") is None
    assert planning.today(paris("2027-07-05 10:00")) == []


def test_week_has_seven_days_from_today(planning):
    week = planning.week(paris("2026-12-22 09:00"), place="Maurepas")
    assert list(week) == [date(2026, 12, 22) + timedelta(days=i) for i in range(7)]
    assert week[date(2026, 12, 25)] == []
    assert [s.start.hour for s in week[date(2026, 12, 27)]] == [9]


def test_opening_hours_with_a_lunch_break(planning):
    morning = paris("2026-11-23 10:00")
    assert planning.is_open(morning, place="Maurepas")
    assert planning.closes_at(morning, place="Maurepas") == paris("2026-11-23 12:30")
    assert planning.opens_at(morning, place="Maurepas") == paris("2026-11-23 13:30")
    lunch = paris("2026-11-23 12:45")
    assert not planning.is_open(lunch, place="Maurepas") and planning.closes_at(lunch, "Maurepas") is None
    evening = paris("2026-11-23 18:00")
    assert planning.opens_at(evening, place="Maurepas") == paris("2026-11-25 09:00")


def test_opening_by_service(planning):
    at_three = paris("2026-11-23 15:00")
    assert planning.is_open(at_three, "Maurepas", service="ARCS")
    assert planning.closes_at(at_three, "Maurepas", service="ARCS") == paris("2026-11-23 17:00")
    assert not planning.is_open(at_three, "Maurepas", service="Permanence")
    assert planning.opens_at(at_three, "Maurepas", service="Permanence") == paris("2026-11-29 09:00")
    # a service of the whole place follows the opening hours
    assert planning.closes_at(at_three, "Maurepas", service="wifi") == paris("2026-11-23 17:30")


def test_place_without_hours_is_open_during_its_sessions(planning):
    assert planning.is_open(paris("2026-11-24 10:00"), place="Villejean")
    assert planning.closes_at(paris("2026-11-24 10:00"), place="Villejean") == paris("2026-11-24 12:00")


def test_unknown_place_or_service_is_explained(planning):
    with pytest.raises(FabriqueError) as caught:
        planning.today(paris("2026-11-23 10:00"), place="Maurpas")
    assert "Maurepas" in caught.value.problems[0].hint
    with pytest.raises(FabriqueError):
        planning.today(paris("2026-11-23 10:00"), service="Yoga")


def test_equal_readings_compare_equal():
    assert load_semainier(SAMPLE) == load_semainier(SAMPLE)
    assert check_text(json.dumps(DOCUMENT))[0] != load_semainier(SAMPLE)


def test_sample_covers_any_date_and_all_six_places():
    sample = load_semainier(SAMPLE)
    assert len(sample.places) == 6 and sample.valid_until is None
    for year in (2026, 2028, 2030):
        assert sample.next(paris(f"{year}-06-01 08:00")) is not None
    kleber = sample.today(paris("2030-01-07 08:00"), place="kleber")
    assert kleber and kleber[0].place == "Espace Social Commun Kléber"


def test_utc_and_naive_times_are_read_as_paris_time(planning):
    from datetime import UTC

    late_utc = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # already Tuesday 00:30 in Paris
    assert planning.week(late_utc, place="Villejean")[date(2026, 11, 24)][0].start.hour == 9
    assert planning.today(late_utc, place="Villejean")[0].start.date() == date(2026, 11, 24)
    assert planning.open_now(datetime(2026, 11, 23, 10, 0), place="Maurepas")[0].end.hour == 12
