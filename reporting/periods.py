"""The periods a report is asked for, and how a period travels in a link and a file name.

Weeks, months, years and checked custom ranges are `xcounter.days`'; reports add quarters and
"year to date". `from_query` reads a period from the report form's fields (a `PeriodError`
carries the message), `to_query` writes one back, so a dashboard can link to the report of the
period it shows (`report_url`).
"""

from datetime import date

from django.utils import timezone

from xcounter.days import Period, PeriodError, cinema_week, custom, month, preset, year
from xcounter.parsing import EARLIEST_DAY, LATEST_DAY

PRESETS = {
    "last_week": "Last week",
    "last_month": "Last month",
    "year_to_date": "Year to date",
    "this_week": "This week",
    "this_month": "This month",
    "last_year": "Last year",
}
KINDS = {"week": "Cinema week of…", "month": "Month", "quarter": "Quarter", "year": "Year", "custom": "From … to …"}


def quarter(day: date | None = None) -> Period:
    """The calendar quarter `day` (today) falls in."""
    day = day or timezone.localdate()
    first_month = 3 * ((day.month - 1) // 3) + 1
    first = date(day.year, first_month, 1)
    return Period(first, month(date(day.year, first_month + 2, 1)).last, "quarter")


def year_to_date(today: date | None = None) -> Period:
    today = today or timezone.localdate()
    return Period(date(today.year, 1, 1), today, "custom")


def label(period: Period) -> str:
    """How a report names its period: "October 2026", "Q4 2026", "Cinema week 12–18 Nov 2026"."""
    if period.kind == "quarter":
        return f"Q{(period.first.month - 1) // 3 + 1} {period.first:%Y}"
    return period.label


def slug(period: Period) -> str:
    """The period in a file name: 2026-10, 2026, 2026-q4, week-2026-11-12, 2026-11-01-to-2026-11-20."""
    if period.kind == "month":
        return f"{period.first:%Y-%m}"
    if period.kind == "year":
        return f"{period.first:%Y}"
    if period.kind == "quarter":
        return f"{period.first:%Y}-q{(period.first.month - 1) // 3 + 1}"
    if period.kind == "week":
        return f"week-{period.first.isoformat()}"
    if period.first == period.last:
        return period.first.isoformat()
    return f"{period.first.isoformat()}-to-{period.last.isoformat()}"


def _year(value) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise PeriodError("The year is not a number.") from None
    if not EARLIEST_DAY.year <= number <= LATEST_DAY.year:
        raise PeriodError(f"Choose a year between {EARLIEST_DAY:%Y} and {LATEST_DAY:%Y}.")
    return number


def _month(value) -> date:
    text = str(value or "").strip()
    try:
        first = date.fromisoformat(f"{text}-01")
    except ValueError:
        raise PeriodError("The month is not a month (use YYYY-MM).") from None
    _year(first.year)
    return first


def from_query(data, today: date | None = None) -> Period:
    """The period of the report form's fields (a QueryDict or dict): `period` is a preset name or
    a kind (week + `day`, month + `month` YYYY-MM, quarter + `year` and `quarter` 1–4, year +
    `year`, custom + `start` and `end`)."""
    today = today or timezone.localdate()
    kind = (data.get("period") or "").strip()
    if kind == "year_to_date":
        return year_to_date(today)
    if kind in PRESETS:
        return preset(kind, today)
    if kind == "week":
        day = custom(data.get("day") or "", data.get("day") or "").first
        return cinema_week(day)
    if kind == "month":
        return month(_month(data.get("month")))
    if kind == "quarter":
        number = str(data.get("quarter") or "").strip()
        if number not in {"1", "2", "3", "4"}:
            raise PeriodError("Choose a quarter from 1 to 4.")
        return quarter(date(_year(data.get("year")), 3 * int(number) - 2, 1))
    if kind == "year":
        return year(date(_year(data.get("year")), 1, 1))
    if kind == "custom":
        return custom(data.get("start") or "", data.get("end") or "")
    raise PeriodError("Choose a period from the list.")


def to_query(period: Period) -> dict[str, str]:
    """The form fields that give `period` back through `from_query`."""
    if period.kind == "week":
        return {"period": "week", "day": period.first.isoformat()}
    if period.kind == "month":
        return {"period": "month", "month": f"{period.first:%Y-%m}"}
    if period.kind == "quarter":
        return {"period": "quarter", "year": str(period.first.year), "quarter": str((period.first.month - 1) // 3 + 1)}
    if period.kind == "year":
        return {"period": "year", "year": str(period.first.year)}
    return {"period": "custom", "start": period.first.isoformat(), "end": period.last.isoformat()}
