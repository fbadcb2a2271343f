"""Days as the theater lives them: a date means midnight to midnight in the theater's TIME_ZONE,
and every moment shown to a person reads in that zone, one way."""

from datetime import date, datetime, time, timedelta

from django.utils import dateformat, timezone

# How the site writes a moment, a day and a time of day (Django `date` filter syntax):
# “Wed 20 Jan 2027, 23:30”, “Wed 20 Jan 2027”, “23:30”.
FORMATS = {"when": "D j M Y, H:i", "day": "D j M Y", "time": "H:i"}


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
