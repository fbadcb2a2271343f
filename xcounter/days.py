"""Days as the theater lives them: a date means midnight to midnight in the theater's TIME_ZONE."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The theater-local day as an aware [start, end) range."""
    return period_bounds(day, day)


def period_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The theater-local days `first` to `last`, both included, as an aware [start, end) range."""
    start = timezone.make_aware(datetime.combine(first, time.min))
    return start, timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
