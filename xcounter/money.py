"""Money for every app: one field shape, one rounding rule, one way to show an amount.

Amounts are `Decimal`, stored with two decimal places and rounded half-up to cents. What a
booking costs is worked out in `bookings/pricing.py`; this module only knows what money is.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# Keyword arguments of every money column and form field: `models.DecimalField(**MONEY)`.
MONEY = {"max_digits": 10, "decimal_places": 2}

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}


def cents(amount) -> Decimal:
    """Round half-up to cents: 2.345 → 2.35, 2.344 → 2.34."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(amount) -> str:
    """12.5 → “€12.50” (or “12.50 CHF” for currencies without a symbol here); pages, mails and PDFs."""
    if amount is None or amount == "":
        return ""
    value = f"{cents(amount):,.2f}"
    symbol = SYMBOLS.get(settings.CURRENCY)
    return f"{symbol}{value}" if symbol else f"{value} {settings.CURRENCY}"
