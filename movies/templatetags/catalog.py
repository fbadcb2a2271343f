from decimal import Decimal

from django import template
from django.conf import settings

register = template.Library()

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}


@register.filter
def money(amount) -> str:
    """12.5 → “€12.50” (or “12.50 CHF” for currencies without a symbol here)."""
    if amount is None or amount == "":
        return ""
    value = f"{Decimal(amount):,.2f}"
    symbol = SYMBOLS.get(settings.CURRENCY)
    return f"{symbol}{value}" if symbol else f"{value} {settings.CURRENCY}"


@register.filter
def runtime(minutes) -> str:
    """130 → “2 h 10 min”."""
    hours, rest = divmod(int(minutes or 0), 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"
