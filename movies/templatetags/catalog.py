from django import template

from xcounter.days import format_when, local_time
from xcounter.money import format_money

register = template.Library()

# 12.5 → “€12.50”: the one money formatter, as a template filter.
register.filter("money", format_money)
# {{ show.starts_at|when }} → “Wed 20 Jan 2027, 23:30” in the theater's TIME_ZONE; |when:"day", |when:"time".
register.filter("when", format_when)


@register.filter
def runtime(minutes) -> str:
    """130 → “2 h 10 min”."""
    hours, rest = divmod(int(minutes or 0), 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


@register.filter
def clock(moment) -> str:
    """A moment's time of day on the theater's clock, “23:30”: what `|when:"time"` writes, without
    the general formatter's cost (the movie page writes one per show)."""
    moment = local_time(moment)
    return f"{moment.hour:02d}:{moment.minute:02d}"
