from datetime import date

import pytest

from reporting import periods
from xcounter.days import Period, PeriodError

TODAY = date(2026, 11, 17)  # a Tuesday; cinema weeks start on Thursday


@pytest.mark.parametrize(
    ("query", "expected", "label", "slug"),
    [
        ({"period": "last_month"}, Period(date(2026, 10, 1), date(2026, 10, 31), "month"), "October 2026", "2026-10"),
        (
            {"period": "last_week"},
            Period(date(2026, 11, 5), date(2026, 11, 11), "week"),
            "Cinema week 5–11 Nov 2026",
            "week-2026-11-05",
        ),
        (
            {"period": "year_to_date"},
            Period(date(2026, 1, 1), TODAY, "custom"),
            "1 Jan – 17 Nov 2026",
            "2026-01-01-to-2026-11-17",
        ),
        (
            {"period": "week", "day": "2026-11-17"},
            Period(date(2026, 11, 12), date(2026, 11, 18), "week"),
            "Cinema week 12–18 Nov 2026",
            "week-2026-11-12",
        ),
        (
            {"period": "month", "month": "2025-05"},
            Period(date(2025, 5, 1), date(2025, 5, 31), "month"),
            "May 2025",
            "2025-05",
        ),
        (
            {"period": "quarter", "year": "2026", "quarter": "4"},
            Period(date(2026, 10, 1), date(2026, 12, 31), "quarter"),
            "Q4 2026",
            "2026-q4",
        ),
        (
            {"period": "quarter", "year": "2024", "quarter": "1"},
            Period(date(2024, 1, 1), date(2024, 3, 31), "quarter"),
            "Q1 2024",
            "2024-q1",
        ),
        ({"period": "year", "year": "2025"}, Period(date(2025, 1, 1), date(2025, 12, 31), "year"), "2025", "2025"),
        (
            {"period": "custom", "start": "2026-11-01", "end": "2026-11-20"},
            Period(date(2026, 11, 1), date(2026, 11, 20), "custom"),
            "1–20 Nov 2026",
            "2026-11-01-to-2026-11-20",
        ),
    ],
)
def test_periods_from_the_form_and_back(query, expected, label, slug):
    period = periods.from_query(query, today=TODAY)
    assert period == expected
    assert periods.label(period) == label
    assert periods.slug(period) == slug
    assert periods.from_query(periods.to_query(period), today=TODAY) == period


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "Choose a period from the list."),
        ({"period": "fortnight"}, "Choose a period from the list."),
        ({"period": "month", "month": "2026-13"}, "The month is not a month (use YYYY-MM)."),
        ({"period": "month", "month": "1999-12"}, "Choose a year between 2000 and 2099."),
        ({"period": "quarter", "year": "2026", "quarter": "5"}, "Choose a quarter from 1 to 4."),
        ({"period": "year", "year": "abc"}, "The year is not a number."),
        ({"period": "year", "year": "2100"}, "Choose a year between 2000 and 2099."),
        ({"period": "week", "day": "17/11/2026"}, "The start date is not a date (use YYYY-MM-DD)."),
        ({"period": "custom", "start": "2026-11-20", "end": "2026-11-01"}, "The start date is after the end date."),
        ({"period": "custom", "start": "2010-01-01", "end": "2026-01-01"}, "Choose a range of at most five years."),
    ],
)
def test_a_period_that_cannot_be_read_says_why(query, message):
    with pytest.raises(PeriodError) as error:
        periods.from_query(query, today=TODAY)
    assert str(error.value) == message


def test_quarters_of_the_year():
    assert [periods.quarter(date(2026, m, 15)).first.month for m in range(1, 13)] == [1] * 3 + [4] * 3 + [7] * 3 + [
        10
    ] * 3
    assert periods.quarter(date(2024, 2, 29)).last == date(2024, 3, 31)
