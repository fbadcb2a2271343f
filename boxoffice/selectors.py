"""Reads of the tills: a session's totals and expected figures, the lists moderators review, the
day's sessions, and each salesman's variance for the performance report."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, Max, Min, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from bookings.models import Booking, Ticket
from boxoffice.models import DayClose, TillEntry, TillSession
from users.models import Role
from xcounter.days import day_bounds
from xcounter.money import MONEY, ZERO

CASH, CARD = TillEntry.Method.CASH, TillEntry.Method.CARD
MANAGERS = (Role.ADMIN, Role.MODERATOR)
_MONEY = DecimalField(**MONEY)


@dataclass
class Totals:
    """A session's money by method and kind (refunds, drops and pay-outs as positive amounts)."""

    opening_float: Decimal = ZERO
    cash_sales: Decimal = ZERO
    cash_refunds: Decimal = ZERO
    card_sales: Decimal = ZERO
    card_refunds: Decimal = ZERO
    drops: Decimal = ZERO
    payouts: Decimal = ZERO
    cash_adjustments: Decimal = ZERO
    card_adjustments: Decimal = ZERO
    payments: int = 0
    refunds: int = 0

    @property
    def expected_cash(self) -> Decimal:
        """Float + cash sales − cash refunds − drops − pay-outs."""
        return self.opening_float + self.cash_sales - self.cash_refunds - self.drops - self.payouts

    @property
    def expected_card(self) -> Decimal:
        return self.card_sales - self.card_refunds

    @property
    def net_sales(self) -> Decimal:
        """What the counter took less what it handed back, cash and card."""
        return self.cash_sales - self.cash_refunds + self.card_sales - self.card_refunds


def _sum(**filters):
    return Coalesce(Sum("amount", filter=Q(**filters)), Value(ZERO), output_field=_MONEY)


TOTALS = {
    "cash_sales": _sum(kind=TillEntry.Kind.SALE, method=CASH),
    "cash_refunds": _sum(kind=TillEntry.Kind.REFUND, method=CASH),
    "card_sales": _sum(kind=TillEntry.Kind.SALE, method=CARD),
    "card_refunds": _sum(kind=TillEntry.Kind.REFUND, method=CARD),
    "drops": _sum(kind=TillEntry.Kind.DROP),
    "payouts": _sum(kind=TillEntry.Kind.PAYOUT),
    "cash_adjustments": _sum(kind=TillEntry.Kind.ADJUSTMENT, method=CASH),
    "card_adjustments": _sum(kind=TillEntry.Kind.ADJUSTMENT, method=CARD),
    "payments": Count("pk", filter=Q(kind=TillEntry.Kind.SALE)),
    "refunds": Count("pk", filter=Q(kind=TillEntry.Kind.REFUND)),
}
_OUT = ("cash_refunds", "card_refunds", "drops", "payouts")


def _totals(row: dict, opening_float=ZERO) -> Totals:
    values = {name: (-row[name] if name in _OUT else row[name]) for name in TOTALS}
    return Totals(opening_float=opening_float, **values)


def session_totals(session: TillSession) -> Totals:
    """One query: the session's entries added up by kind and method."""
    return _totals(TillEntry.objects.filter(session=session).aggregate(**TOTALS), session.opening_float)


def entries_totals(entries: QuerySet[TillEntry]) -> Totals:
    """Any set of entries added up (no float): a day's sales across sessions."""
    return _totals(entries.aggregate(**TOTALS))


@dataclass
class Variance:
    """A closed session's count against the expected figures, with the corrections made since."""

    cash: Decimal
    card: Decimal
    cash_adjusted: Decimal
    card_adjusted: Decimal

    @property
    def total(self) -> Decimal:
        return self.cash_adjusted + self.card_adjusted


def variance(session: TillSession, totals: Totals) -> Variance | None:
    if session.is_open:
        return None
    return Variance(
        session.cash_variance,
        session.card_variance,
        session.cash_variance + totals.cash_adjustments,
        session.card_variance + totals.card_adjustments,
    )


def is_manager(user) -> bool:
    return user.role in MANAGERS


def sessions_for(user) -> QuerySet[TillSession]:
    """Moderators and Admins review every till; a salesman sees their own sessions."""
    sessions = TillSession.objects.select_related("cashier", "reviewed_by")
    return sessions if is_manager(user) else sessions.filter(cashier=user)


def session_get_for(user, pk) -> TillSession:
    try:
        return sessions_for(user).get(pk=pk)
    except (TillSession.DoesNotExist, ValueError, TypeError):
        raise Http404("No such till session.") from None


def own_session(user, pk) -> TillSession:
    """A session the user runs themself (drops, the close): anyone else's answers 404."""
    try:
        return TillSession.objects.select_related("cashier").get(pk=pk, cashier=user)
    except (TillSession.DoesNotExist, ValueError, TypeError):
        raise Http404("No such till session.") from None


def open_session(user) -> TillSession | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return TillSession.objects.filter(cashier=user, closed_at__isnull=True).first()


STATUSES = {
    "open": Q(closed_at__isnull=True),
    "closed": Q(closed_at__isnull=False, reviewed_at__isnull=True),
    "reviewed": Q(reviewed_at__isnull=False),
}


def _adjusted(sessions: QuerySet[TillSession]) -> QuerySet[TillSession]:
    """Each session with its variance after corrections (null while open), in the same query."""
    adjustments = Coalesce(
        Sum("entries__amount", filter=Q(entries__kind=TillEntry.Kind.ADJUSTMENT)), Value(ZERO), output_field=_MONEY
    )
    return sessions.annotate(adjustments=adjustments).order_by("-opened_at", "-pk")


def sessions_listed(user, *, status: str = "", cashier_id: int | None = None) -> QuerySet[TillSession]:
    sessions = sessions_for(user)
    if status in STATUSES:
        sessions = sessions.filter(STATUSES[status])
    if cashier_id:
        sessions = sessions.filter(cashier_id=cashier_id)
    return _adjusted(sessions)


def open_sessions_until(day: date) -> QuerySet[TillSession]:
    """Sessions still open that were opened on `day` or before."""
    return TillSession.objects.select_related("cashier").filter(
        closed_at__isnull=True, opened_at__lt=day_bounds(day)[1]
    )


def day_closed(day: date) -> DayClose | None:
    return DayClose.objects.filter(day=day).select_related("closed_by").first()


def sessions_of_day(day: date) -> QuerySet[TillSession]:
    """The sessions the day's Z report covers: closed that day, in Z order."""
    return TillSession.objects.select_related("cashier").filter(z_day=day).order_by("z_number")


def day_entries(day: date) -> QuerySet[TillEntry]:
    """Every till entry made during the theater day (sales, refunds, drops, pay-outs)."""
    start, end = day_bounds(day)
    return TillEntry.objects.filter(at__gte=start, at__lt=end).exclude(kind=TillEntry.Kind.ADJUSTMENT)


# --- What the session's money paid for (the Z report) -------------------------------------------


@dataclass
class Sold:
    """The valid tickets (neither cancelled nor replaced by a change) of the bookings first paid in
    the sessions, by film and ticket type, and the invoice numbers of those bookings. A booking
    topped up in a later session (a change to dearer seats) stays with the session that sold it,
    so a day's Z reports never count a ticket twice."""

    films: list[tuple[str, int]] = field(default_factory=list)
    types: list[tuple[str, int]] = field(default_factory=list)
    first_invoice: str = ""
    last_invoice: str = ""
    bookings: int = 0


def sold_in(sessions) -> Sold:
    first_sales = (
        TillEntry.objects.filter(kind=TillEntry.Kind.SALE)
        .values("payment__booking_id")
        .annotate(first=Min("pk"))
        .values("first")
    )
    entries = TillEntry.objects.filter(session__in=sessions, pk__in=first_sales)
    booking_ids = entries.values("payment__booking_id")
    tickets = Ticket.objects.filter(booking_id__in=booking_ids, status=Ticket.Status.CONFIRMED)
    films = tickets.values_list("show__movie__title").annotate(n=Count("pk")).order_by("-n", "show__movie__title")
    labels = dict(Ticket._meta.get_field("category").choices)
    types = tickets.values_list("category").annotate(n=Count("pk")).order_by("category")
    span = Booking.objects.filter(pk__in=booking_ids).aggregate(
        first=Min("invoice_number"), last=Max("invoice_number"), n=Count("pk")
    )
    return Sold(
        films=list(films),
        types=[(labels.get(category, category), n) for category, n in types],
        first_invoice=span["first"] or "",
        last_invoice=span["last"] or "",
        bookings=span["n"],
    )


# --- Per salesman (the employee-performance report) ---------------------------------------------


@dataclass(frozen=True)
class SalesmanVariance:
    cashier_id: int
    sessions: int
    cash: Decimal
    card: Decimal

    @property
    def total(self) -> Decimal:
        return self.cash + self.card


def variance_total(variances: dict[int, SalesmanVariance]) -> Decimal:
    """The till variance of several cashiers together (a report's total line)."""
    return sum((variance.total for variance in variances.values()), ZERO)


def variance_by_salesman(first: date, last: date, *, cashiers=None) -> dict[int, SalesmanVariance]:
    """Each cashier's till variance over the sessions closed from `first` to `last` (Z day),
    corrections included: counted − expected (negative: short). Keyed by user id; cashiers
    without a closed session are absent. Two queries however many sessions."""
    sessions = TillSession.objects.filter(z_day__gte=first, z_day__lte=last)
    if cashiers is not None:
        sessions = sessions.filter(cashier__in=cashiers)
    rows = sessions.values("cashier_id").annotate(
        n=Count("pk"),
        cash=Sum("counted_cash") - Sum("expected_cash"),
        card=Sum("counted_card") - Sum("expected_card"),
    )
    adjustments = (
        TillEntry.objects.filter(session__in=sessions, kind=TillEntry.Kind.ADJUSTMENT)
        .values("session__cashier_id", "method")
        .annotate(total=Sum("amount"))
    )
    extra = {(row["session__cashier_id"], row["method"]): row["total"] for row in adjustments.order_by()}
    return {
        row["cashier_id"]: SalesmanVariance(
            row["cashier_id"],
            row["n"],
            row["cash"] + extra.get((row["cashier_id"], CASH), ZERO),
            row["card"] + extra.get((row["cashier_id"], CARD), ZERO),
        )
        for row in rows.order_by()
    }
