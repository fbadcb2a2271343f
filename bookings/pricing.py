"""The only place money is computed. Decimal throughout, rounded half-up to cents.

A quote is a line per ticket (the show's price for the seat's category), then a line per
discount, each applied to what remains, never below zero. Prices posted by a browser are never
used: callers pass seats, and the quote reads prices from the show.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(amount) -> Decimal:
    """Round half-up to cents: 2.345 → 2.35, 2.344 → 2.34."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class TicketLine:
    seat_id: int
    seat_label: str
    category: str
    category_label: str
    amount: Decimal


@dataclass(frozen=True)
class DiscountLine:
    kind: str
    label: str
    amount: Decimal  # positive: what is taken off


@dataclass(frozen=True)
class PercentOff:
    """A discount to apply after the subtotal: loyalty tier first, then coupon (issue order)."""

    kind: str
    label: str
    percent: Decimal


@dataclass(frozen=True)
class Quote:
    tickets: tuple[TicketLine, ...]
    discounts: tuple[DiscountLine, ...] = field(default_factory=tuple)

    @property
    def subtotal(self) -> Decimal:
        return cents(sum((line.amount for line in self.tickets), ZERO))

    @property
    def discount_total(self) -> Decimal:
        return cents(sum((line.amount for line in self.discounts), ZERO))

    @property
    def total(self) -> Decimal:
        return max(ZERO, self.subtotal - self.discount_total)

    def price_for(self, seat_id: int) -> Decimal:
        return next(line.amount for line in self.tickets if line.seat_id == seat_id)


def quote(show, seats: Iterable, *, discounts: Iterable[PercentOff] = (), complimentary: bool = False) -> Quote:
    """Price `seats` of `show`: a line per seat, then each percent-off on what remains."""
    tickets = tuple(
        TicketLine(
            seat_id=seat.pk,
            seat_label=str(seat),
            category=seat.category,
            category_label=seat.get_category_display(),
            amount=ZERO if complimentary else cents(show.price_for(seat.category)),
        )
        for seat in seats
    )
    remaining = cents(sum((line.amount for line in tickets), ZERO))
    lines = []
    for discount in discounts:
        amount = min(remaining, cents(remaining * discount.percent / Decimal(100)))
        if amount > 0:
            lines.append(DiscountLine(kind=discount.kind, label=discount.label, amount=amount))
            remaining -= amount
    return Quote(tickets=tickets, discounts=tuple(lines))
