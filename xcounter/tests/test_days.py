"""Periods as the figures read them: cinema weeks from CINEMA_WEEK_STARTS, calendar months and
years in the theater's time zone, and custom ranges refused with a message a page can show."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from xcounter import days
from xcounter.days import Period, PeriodError, cinema_week, custom, month, preset, year


@pytest.mark.parametrize(
    ("day", "first", "last"),
    [
        (date(2026, 11, 12), date(2026, 11, 12), date(2026, 11, 18)),  # a Thursday starts its week
        (date(2026, 11, 18), date(2026, 11, 12), date(2026, 11, 18)),  # the Wednesday ends it
        (date(2026, 11, 11), date(2026, 11, 5), date(2026, 11, 11)),
        (date(2027, 1, 1), date(2026, 12, 31), date(2027, 1, 6)),  # across a new year
    ],
)
def test_a_cinema_week_starts_on_thursday_by_default(day, first, last):
    assert cinema_week(day) == Period(first, last, "week")


def test_the_week_start_is_a_setting(settings):
    settings.CINEMA_WEEK_STARTS = "monday"
    assert cinema_week(date(2026, 11, 12)) == Period(date(2026, 11, 9), date(2026, 11, 15), "week")


def test_a_wrong_week_start_stops_the_site_at_start(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import xcounter.settings.base as base

    monkeypatch.setenv("CINEMA_WEEK_STARTS", "Thursdy")
    with pytest.raises(ImproperlyConfigured, match="CINEMA_WEEK_STARTS must be a weekday name"):
        importlib.reload(base)
    monkeypatch.setenv("CINEMA_WEEK_STARTS", "Friday")
    assert importlib.reload(base).CINEMA_WEEK_STARTS == "friday"
    monkeypatch.delenv("CINEMA_WEEK_STARTS")
    importlib.reload(base)


def test_months_and_years_are_calendar_ones_and_each_has_a_previous():
    assert month(date(2028, 2, 10)) == Period(date(2028, 2, 1), date(2028, 2, 29), "month")
    assert month(date(2026, 1, 31)).previous() == Period(date(2025, 12, 1), date(2025, 12, 31), "month")
    assert year(date(2026, 6, 1)).previous() == Period(date(2025, 1, 1), date(2025, 12, 31), "year")
    assert cinema_week(date(2026, 11, 12)).previous() == cinema_week(date(2026, 11, 5))
    # A custom range's previous period is as many days just before it.
    assert custom("2026-11-10", "2026-11-12").previous() == Period(date(2026, 11, 7), date(2026, 11, 9))


def test_a_period_is_its_days_in_the_theater_time_zone(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    start, end = month(date(2026, 10, 5)).bounds()
    berlin = ZoneInfo("Europe/Berlin")
    assert (start, end) == (datetime(2026, 10, 1, tzinfo=berlin), datetime(2026, 11, 1, tzinfo=berlin))
    assert end.timestamp() - start.timestamp() == (31 * 24 + 1) * 3600  # the clocks went back on the 25th


def test_labels():
    assert cinema_week(date(2026, 11, 12)).label == "Cinema week 12–18 Nov 2026"
    assert cinema_week(date(2026, 10, 30)).label == "Cinema week 29 Oct – 4 Nov 2026"
    assert cinema_week(date(2027, 1, 1)).label == "Cinema week 31 Dec 2026 – 6 Jan 2027"
    assert month(date(2026, 11, 1)).label == "November 2026"
    assert year(date(2026, 11, 1)).label == "2026"
    assert days.one_day(date(2026, 11, 12)).label == "Thu 12 Nov 2026"


def test_the_picker_presets():
    today = date(2026, 11, 17)
    assert preset("this_week", today).first == date(2026, 11, 12)
    assert preset("last_week", today).first == date(2026, 11, 5)
    assert preset("last_month", today) == Period(date(2026, 10, 1), date(2026, 10, 31), "month")
    assert preset("this_year", today).last == date(2026, 12, 31)
    with pytest.raises(PeriodError, match="Choose a period from the list"):
        preset("next_century", today)


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("2026-11-12", "2026-11-01", "The start date is after the end date."),
        ("2020-01-01", "2025-01-02", "Choose a range of at most five years."),
        ("1999-12-31", "2000-01-05", "Choose dates between 2000 and 2099."),
        ("2026-01-01", "9999-12-31", "Choose dates between 2000 and 2099."),
        ("yesterday", "2026-01-05", "The start date is not a date (use YYYY-MM-DD)."),
        ("2026-01-01", "2026-02-30", "The end date is not a date (use YYYY-MM-DD)."),
        ("2026-01-01", None, "The end date is not a date (use YYYY-MM-DD)."),
    ],
)
def test_a_bad_custom_range_is_refused_with_a_message(first, last, message):
    with pytest.raises(PeriodError) as refused:
        custom(first, last)
    assert str(refused.value) == message


def test_a_custom_range_of_exactly_five_years_is_fine():
    period = custom(date(2024, 1, 1), date(2028, 12, 31))
    assert period.days == 1827 and period.kind == "custom"
