"""Money for every app: one field shape, one rounding rule, one way to show an amount.

Amounts are `Decimal`, stored with two decimal places and rounded half-up to cents. What a
booking costs is worked out in `bookings/pricing.py`; this module only knows what money is.
"""

from collections.abc import Sequence
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


MINUS = "\u2212"  # the minus sign, not a hyphen: “−€5.99”


def format_money(amount) -> str:
    """12.5 → “€12.50”, -5.99 → “−€5.99” (or “12.50 CHF” for currencies without a symbol here).

    The one way an amount is written for people: pages (the `money` filter), messages, notices,
    mails, PDFs and the booking trail. Rounded to cents first, so no text ever holds more digits."""
    if amount is None or amount == "":
        return ""
    rounded = cents(amount)
    value = f"{abs(rounded):,.2f}"
    symbol = SYMBOLS.get(settings.CURRENCY)
    shown = f"{symbol}{value}" if symbol else f"{value} {settings.CURRENCY}"
    return f"{MINUS}{shown}" if rounded < 0 else shown


def allocate(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Share `amount` out over `weights` pro rata, to the cent, so the shares add up to `amount`
    exactly: each share is rounded down, then the cents left over go one each to the largest
    remainders (the earlier line first on a tie). Equal shares when every weight is zero.

    allocate(10.00, [5, 5, 5]) → [3.34, 3.33, 3.33]. Pricing uses it to spread a booking's
    discounts over its tickets, so revenue by any ticket attribute adds up to the booking totals.
    """
    if not weights:
        return []
    units = [max(Decimal(weight), ZERO) for weight in weights]
    if not any(units):
        units = [Decimal(1)] * len(units)
    whole, base = sum(units), int(cents(amount) / CENT)
    exact = [Decimal(base) * unit / whole for unit in units]
    shares = [int(share) for share in exact]  # rounded down (every share is non-negative)
    left = base - sum(shares)
    by_remainder = sorted(range(len(units)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in by_remainder[:left]:
        shares[i] += 1
    return [Decimal(share) * CENT for share in shares]
