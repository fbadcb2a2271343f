"""Days as the theater lives them: a date means midnight to midnight in the theater's TIME_ZONE,
and every moment shown to a person reads in that zone, one way.

Periods of days are what figures are read for: a cinema week (starting on CINEMA_WEEK_STARTS,
Thursday unless set), a calendar month or year, one day, or a custom range of days. A range a
person typed is checked here once (`custom`): `PeriodError` carries the message to show.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import dateformat, timezone

from xcounter.parsing import EARLIEST_DAY, LATEST_DAY

# How the site writes a moment, a day and a time of day (Django `date` filter syntax):
# “Wed 20 Jan 2027, 23:30”, “Wed 20 Jan 2027”, “23:30”.
FORMATS = {"when": "D j M Y, H:i", "day": "D j M Y", "time": "H:i"}

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MAX_PERIOD_DAYS = 5 * 365 + 2  # five years, leap days included


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The theater-local day as an aware [start, end) range."""
    return period_bounds(day, day)


def period_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The theater-local days `first` to `last`, both included, as an aware [start, end) range."""
    start = timezone.make_aware(datetime.combine(first, time.min))
    return start, timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))


def local_time(moment: datetime) -> datetime:
    """An aware moment as the theater's clock shows it (TIME_ZONE, summer time included)."""
    return timezone.localtime(moment, timezone.get_default_timezone())


def format_when(moment, style: str = "when") -> str:
    """The one way a moment is written for people: pages (the `when` filter), messages, mails,
    PDFs and the booking trail. `style` is "when" (day and time), "day" or "time"; a plain date
    is written as a day."""
    if moment is None or moment == "":
        return ""
    if isinstance(moment, datetime):
        moment = local_time(moment) if timezone.is_aware(moment) else moment
    elif style == "when":
        style = "day"
    return dateformat.format(moment, FORMATS[style])


class PeriodError(ValueError):
    """A period figures cannot be read for; the message is meant for the page."""


@dataclass(frozen=True)
class Period:
    """Theater days `first` to `last`, both included. `kind`: week, month, year, day or custom."""

    first: date
    last: date
    kind: str = "custom"

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def bounds(self) -> tuple[datetime, datetime]:
        return period_bounds(self.first, self.last)

    def each_day(self):
        return (self.first + timedelta(days=n) for n in range(self.days))

    def __contains__(self, day: date) -> bool:
        return self.first <= day <= self.last

    def previous(self) -> "Period":
        """The period before, of the same kind: last week, last month, last year, or as many days."""
        if self.kind == "week":
            return cinema_week(self.first - timedelta(days=7))
        if self.kind == "month":
            return month(self.first - timedelta(days=1))
        if self.kind == "year":
            return year(self.first - timedelta(days=1))
        return Period(self.first - timedelta(days=self.days), self.first - timedelta(days=1), self.kind)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.first:%B %Y}"
        if self.kind == "year":
            return f"{self.first:%Y}"
        if self.kind == "day" or self.first == self.last:
            return format_when(self.first, "day")
        if self.first.year != self.last.year:
            span = f"{self.first.day} {self.first:%b %Y} – {self.last.day} {self.last:%b %Y}"
        elif self.first.month != self.last.month:
            span = f"{self.first.day} {self.first:%b} – {self.last.day} {self.last:%b %Y}"
        else:
            span = f"{self.first.day}–{self.last.day} {self.last:%b %Y}"
        return f"Cinema week {span}" if self.kind == "week" else span


def week_starts() -> int:
    """The weekday (Monday 0) a cinema week starts on."""
    return WEEKDAYS.index(settings.CINEMA_WEEK_STARTS)


def cinema_week(day: date | None = None) -> Period:
    """The cinema week `day` (today) falls in."""
    day = day or timezone.localdate()
    first = day - timedelta(days=(day.weekday() - week_starts()) % 7)
    return Period(first, first + timedelta(days=6), "week")


def month(day: date | None = None) -> Period:
    day = day or timezone.localdate()
    first = day.replace(day=1)
    following = (first + timedelta(days=31)).replace(day=1)
    return Period(first, following - timedelta(days=1), "month")


def year(day: date | None = None) -> Period:
    day = day or timezone.localdate()
    return Period(date(day.year, 1, 1), date(day.year, 12, 31), "year")


def one_day(day: date | None = None) -> Period:
    day = day or timezone.localdate()
    return Period(day, day, "day")


PRESETS = {
    "today": lambda today: one_day(today),
    "this_week": lambda today: cinema_week(today),
    "last_week": lambda today: cinema_week(today).previous(),
    "this_month": lambda today: month(today),
    "last_month": lambda today: month(today).previous(),
    "this_year": lambda today: year(today),
    "last_year": lambda today: year(today).previous(),
}


def preset(name: str, today: date | None = None) -> Period:
    """A period of the picker by name (this_week, last_month, …)."""
    if name not in PRESETS:
        raise PeriodError("Choose a period from the list.")
    return PRESETS[name](today or timezone.localdate())


def _day(value, which: str) -> date:
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip())
        except ValueError:
            raise PeriodError(f"The {which} date is not a date (use YYYY-MM-DD).") from None
    if not EARLIEST_DAY <= value <= LATEST_DAY:
        raise PeriodError(f"Choose dates between {EARLIEST_DAY:%Y} and {LATEST_DAY:%Y}.")
    return value


def custom(first, last) -> Period:
    """Days someone chose (dates or YYYY-MM-DD text), refused with a PeriodError when the start
    is after the end, the range is longer than five years, or a date is not one or out of range."""
    first, last = _day(first, "start"), _day(last, "end")
    if first > last:
        raise PeriodError("The start date is after the end date.")
    if (last - first).days + 1 > MAX_PERIOD_DAYS:
        raise PeriodError("Choose a range of at most five years.")
    return Period(first, last, "custom")
