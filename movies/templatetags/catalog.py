from django import template

from xcounter.days import format_when
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
