"""The only place a price is worked out. Decimal throughout, rounded half-up to cents.

A quote is a line per ticket (the show's price for the seat's category, nothing for
complimentary seats), then a line per discount — the customer's loyalty tier first, then the
coupon, each on what remains, never below zero. What each seat earns (`Quote.revenue_for`, stored
on its ticket) is the total shared over the ticket lines pro rata to their prices. Prices posted
by a browser are never used: callers pass seats, and the quote reads prices from the show.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db import models
from django.db.models import Sum

from movies.models import SeatCategory
from promotions.selectors import customer_tier
from xcounter.money import CENT, ZERO, allocate, cents, format_money

__all__ = ["CENT", "ZERO", "cents", "format_money", "quote", "amount_paid", "amount_due"]


class DiscountKind(models.TextChoices):
    TIER = "tier", "Loyalty tier"
    COUPON = "coupon", "Coupon"


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

    @property
    def coupon_amount(self) -> Decimal:
        """What the coupon took off (nothing when it had nothing left to take)."""
        return cents(sum((line.amount for line in self.discounts if line.kind == DiscountKind.COUPON), ZERO))

    def price_for(self, seat_id: int) -> Decimal:
        return self.line_for(seat_id).amount

    @cached_property
    def revenues(self) -> dict[int, Decimal]:
        """What the customer pays for each seat: the total shared over the ticket lines pro rata to
        their prices (largest remainder to the cent), so the seats add up to `total` exactly and
        revenue by movie, category, channel or salesman adds up to the booking totals."""
        return dict(
            zip(
                (line.seat_id for line in self.tickets),
                allocate(self.total, [line.amount for line in self.tickets]),
                strict=True,
            )
        )

    def revenue_for(self, seat_id: int) -> Decimal:
        return self.revenues[seat_id]

    def line_for(self, seat_id: int) -> TicketLine:
        return next(line for line in self.tickets if line.seat_id == seat_id)


def quote(*, show, seats: Iterable, customer=None, coupon=None, complimentary: bool = False, house: bool = False):
    """What `seats` of `show` cost `customer` with `coupon`: the one price pages, mails and sales use.

    `house` seats (kept by an Admin for a VIP guest) count as VIP tickets at their seat's price;
    `complimentary` ones cost nothing and take no discount.
    """
    return price_lines(
        show,
        seats,
        discounts=() if complimentary else discounts_for(customer, coupon),
        complimentary=complimentary,
        house=house,
    )


def discounts_for(customer, coupon=None) -> list[PercentOff]:
    """The customer's loyalty tier first, then the coupon on what remains."""
    discounts = []
    tier = customer_tier(customer)
    if tier is not None and tier.percent_off > 0:
        label = f"{tier.name} member discount ({tier.percent_off.normalize():f}%)"
        discounts.append(PercentOff(kind=DiscountKind.TIER, label=label, percent=tier.percent_off))
    if coupon is not None:
        label = f"Coupon {coupon.code} ({coupon.percent_off}%)"
        discounts.append(PercentOff(kind=DiscountKind.COUPON, label=label, percent=Decimal(coupon.percent_off)))
    return discounts


def price_lines(
    show, seats: Iterable, *, discounts: Iterable[PercentOff] = (), complimentary: bool = False, house: bool = False
) -> Quote:
    """The arithmetic of a quote, with the discounts already chosen: a line per seat, then each
    percent-off on what remains. No database look-ups, so the price tables test it directly."""
    tickets = tuple(
        TicketLine(
            seat_id=seat.pk,
            seat_label=str(seat),
            category=SeatCategory.VIP if house else seat.category,
            category_label=SeatCategory.VIP.label if house else seat.get_category_display(),
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


def amount_paid(booking) -> Decimal:
    """Money in minus money handed back, from the booking's payments."""
    return booking.payments.aggregate(total=Sum("amount"))["total"] or ZERO


def amount_due(booking) -> Decimal:
    """What the customer still owes (negative: what the theater owes them)."""
    return booking.total - amount_paid(booking)
