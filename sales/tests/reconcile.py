"""The figures against a straight sum over the ticket lines and payments, written with plain ORM
sums (not with sales.ledger), so a mistake in the definitions' code cannot hide itself."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from bookings.models import Booking, Payment, Ticket
from sales.models import NOBODY, DailySales, DailyTakings, SellerSales, ShowSales

SOLD = [Ticket.Status.CONFIRMED, Ticket.Status.CANCELLED]  # sold and never replaced


def _day(field):
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


def _table(rows, key, *figures):
    """{key: (figure, …)} without the all-zero rows."""
    result = defaultdict(lambda: [0] * len(figures))
    for row in rows:
        k = tuple(row[name] for name in key)
        for i, name in enumerate(figures):
            result[k][i] += row[name] or 0
    return {k: tuple(v) for k, v in result.items() if any(v)}


def _stored(rows, key, *figures):
    return _table(rows.values(*key, *figures), key, *figures)


def straight_sums() -> dict:
    """What the figures must be, summed directly from tickets, bookings and payments."""
    paid_for = Q(price__gt=0)
    sold = Ticket.objects.filter(sold_at__isnull=False).annotate(day=_day("sold_at"))
    gone = Ticket.objects.filter(replaced_at__isnull=False).annotate(day=_day("replaced_at"))
    per_day = defaultdict(lambda: [0, Decimal(0)])
    for queryset, sign in ((sold, 1), (gone, -1)):
        for row in queryset.filter(paid_for).values("day").annotate(n=Count("pk"), gross=Sum("revenue")):
            per_day[row["day"]][0] += sign * row["n"]
            per_day[row["day"]][1] += sign * row["gross"]
    cancelled = (
        Ticket.objects.filter(status=Ticket.Status.CANCELLED)
        .annotate(day=_day("booking__cancelled_at"))
        .values("day")
        .annotate(n=Count("pk"), refunds=Sum("revenue"))
    )
    valid = Ticket.objects.filter(status=Ticket.Status.CONFIRMED).values("show_id")
    money = Payment.objects.annotate(day=_day("recorded_at")).values("day", "method")
    return {
        "tickets and gross per day": {day: tuple(v) for day, v in per_day.items() if any(v)},
        "refunds per day": _table(cancelled, ["day"], "n", "refunds"),
        "gross per movie, category, channel": _table(
            Ticket.objects.filter(status__in=SOLD)
            .values("show__movie", "category", "booking__channel")
            .annotate(gross=Sum("revenue"), n=Count("pk", filter=paid_for)),
            ["show__movie", "category", "booking__channel"],
            "gross",
            "n",
        ),
        "gross per seller and channel": _table(
            Ticket.objects.filter(status__in=SOLD)
            .values("booking__created_by", "booking__channel")
            .annotate(gross=Sum("revenue"), n=Count("pk", filter=paid_for)),
            ["booking__created_by", "booking__channel"],
            "gross",
            "n",
        ),
        "comps": Ticket.objects.filter(status__in=SOLD, price=0).count(),
        "bookings": Booking.objects.exclude(status=Booking.Status.HELD).count(),
        "cancelled bookings": Booking.objects.filter(status=Booking.Status.CANCELLED).count(),
        "refund due": Booking.objects.filter(payment_status=Booking.PaymentStatus.REFUND_DUE).aggregate(
            s=Sum("refund_amount")
        )["s"]
        or 0,
        "refunded": Booking.objects.filter(
            status=Booking.Status.CANCELLED, payment_status=Booking.PaymentStatus.REFUNDED
        ).aggregate(s=Sum("refund_amount"))["s"]
        or 0,
        "valid tickets per show": _table(
            valid.annotate(n=Count("pk"), revenue=Sum("revenue"), attended=Count("used_at")),
            ["show_id"],
            "n",
            "revenue",
            "attended",
        ),
        "money per day and method": _table(
            money.annotate(
                taken=Sum("amount", filter=Q(amount__gt=0)),
                payments=Count("pk", filter=Q(amount__gt=0)),
                handed_back=-Sum("amount", filter=Q(amount__lt=0)),
                refunds=Count("pk", filter=Q(amount__lt=0)),
            ),
            ["day", "method"],
            "payments",
            "taken",
            "refunds",
            "handed_back",
        ),
    }


def _per(rows, *key) -> dict:
    """Gross and tickets sold (comps apart) per `key` of a daily table."""
    result = defaultdict(lambda: [Decimal(0), 0])
    for row in rows.values(*key, "complimentary", "gross", "tickets"):
        k = tuple(row[name] for name in key)
        result[k][0] += row["gross"]
        result[k][1] += 0 if row["complimentary"] else row["tickets"]
    return {k: tuple(v) for k, v in result.items() if any(v)}


def kept_figures() -> dict:
    """The same sums read from the pre-aggregated tables."""
    daily = DailySales.objects.all()
    per_day = {day: (tickets, gross) for (day,), (gross, tickets) in _per(daily, "day").items()}
    totals = daily.aggregate(
        comps=Sum("tickets", filter=Q(complimentary=True)),
        bookings=Sum("bookings"),
        cancelled=Sum("cancelled_bookings"),
        due=Sum("refund_due"),
        refunded=Sum("refunded"),
    )
    return {
        "tickets and gross per day": per_day,
        "refunds per day": _stored(daily, ["day"], "cancelled_tickets", "refunds"),
        "gross per movie, category, channel": _per(daily, "movie", "category", "channel"),
        "gross per seller and channel": _per(SellerSales.objects.all(), "seller", "channel"),
        "comps": totals["comps"] or 0,
        "bookings": totals["bookings"] or 0,
        "cancelled bookings": totals["cancelled"] or 0,
        "refund due": totals["due"] or 0,
        "refunded": totals["refunded"] or 0,
        "valid tickets per show": _stored(ShowSales.objects.all(), ["show_id"], "tickets", "revenue", "attended"),
        "money per day and method": _stored(
            DailyTakings.objects.all(), ["day", "method"], "payments", "taken", "refunds", "handed_back"
        ),
    }


def online_as_nobody(sums: dict) -> dict:
    """Straight sums name the booking's creator; the figures name no seller for online sales."""
    key = "gross per seller and channel"
    merged = defaultdict(lambda: [Decimal(0), 0])
    for (creator, channel), (gross, n) in sums[key].items():
        seller = NOBODY if channel == Booking.Channel.ONLINE else creator
        merged[(seller, channel)][0] += gross
        merged[(seller, channel)][1] += n
    return {**sums, key: {k: tuple(v) for k, v in merged.items() if any(v)}}


def assert_reconciled() -> None:
    expected, kept = online_as_nobody(straight_sums()), kept_figures()
    for name in expected:
        assert kept[name] == expected[name], name
    # The seller rows add up to the same days as the movie rows.
    assert _per(SellerSales.objects.all(), "day") == _per(DailySales.objects.all(), "day")
    for booking in Booking.objects.exclude(status=Booking.Status.HELD).prefetch_related("tickets"):
        current = [t.revenue for t in booking.tickets.all() if t.status in SOLD]
        assert sum(current) == booking.total, booking.reference
