"""Our French public holidays are exactly those of the `holidays` package."""

from datetime import date

import holidays

from fabrique_kit.sources.holidays_fr import french_public_holidays


def test_same_dates_as_the_holidays_package():
    for year in range(2020, 2041):
        ours = set(french_public_holidays(year))
        theirs = set(holidays.France(years=year))
        assert ours == theirs, year


def test_names_and_moving_feasts():
    days = french_public_holidays(2026)
    assert days[date(2026, 4, 6)] == "Lundi de Pâques"
    assert days[date(2026, 5, 14)] == "Ascension"
    assert days[date(2026, 11, 11)] == "Armistice 1918"
    assert len(days) == 11
