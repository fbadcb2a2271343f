"""Keeping the figures: each booking event adds its facts (`sales.ledger`) inside the booking's
transaction, and the rebuild recomputes a range of days from the ticket lines and payments.

Adding is one `INSERT … ON CONFLICT DO UPDATE SET figure = figure + new` per table, so two
transactions adding to the same row never lose each other's amounts (the second waits for the
first's row lock). Rows are written in key order and the tables always in the order of
`models.FIGURES` (takings, daily sales, seller sales, show sales), so two bookings'
transactions cannot wait on each other in a circle.
"""

import logging
import time
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from bookings.models import Booking, Payment, Ticket
from sales import ledger
from sales.models import FIGURES, DailySales, DailyTakings, SellerSales, ShowSales
from sales.selectors import VERSION_KEY
from xcounter.days import month, period_bounds

logger = logging.getLogger(__name__)


def add(model, deltas: ledger.Deltas) -> None:
    """Add `deltas` to `model`'s rows, creating the rows that do not exist yet."""
    figures = FIGURES[model]
    rows = [(key, values) for key, values in sorted(deltas.items()) if any(values.values())]
    if not rows:
        return
    meta = model._meta
    key_fields = [meta.get_field(name) for name in model.KEY]
    figure_fields = [meta.get_field(name) for name in figures]
    fields = key_fields + figure_fields
    table, quote = meta.db_table, connection.ops.quote_name
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(fields)) + ")"] * len(rows))
    params = []
    for key, values in rows:
        for field, value in zip(fields, (*key, *(values.get(name, 0) for name in figures)), strict=True):
            params.append(field.get_db_prep_value(value, connection))
    updates = ", ".join(
        f"{quote(field.column)} = {quote(table)}.{quote(field.column)} + EXCLUDED.{quote(field.column)}"
        for field in figure_fields
    )
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES {placeholders} "
        f"ON CONFLICT ({', '.join(quote(field.column) for field in key_fields)}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    changed()


def changed() -> None:
    """Tell readers that cache computed figures (the dashboards) the figures moved, once the
    transaction commits: a page computed before the commit is then never kept under the new
    version (`sales.selectors.version`), and no cache call is made while the booking holds its
    locks. A transaction bumps once, however many figure tables it wrote."""
    connection = transaction.get_connection()
    open_savepoints = set(connection.savepoint_ids)
    # One already waiting that no rollback from here can drop (its savepoints enclose us) will do.
    if any(callback is _bump and savepoints <= open_savepoints for savepoints, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(_bump)


def _bump() -> None:
    """Never fails a booking: with the cache unreachable, cached pages expire on their own."""
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # not set yet (or evicted): any new value differs from the old one
            cache.set(VERSION_KEY, time.time_ns(), None)
    except Exception:
        logger.warning("Could not mark the sales figures changed in the cache", exc_info=True)


def sales_add(deltas: ledger.Deltas) -> None:
    """Sale-date facts (keyed by ledger.SALE_KEY) into both daily tables."""
    for model in (DailySales, SellerSales):
        add(model, deltas.project(ledger.SALE_KEY, model.KEY))


# --- As it happens (called by sales.receivers, inside the booking's transaction) -----------------


def _lines(booking: Booking, **filters) -> list[ledger.Line]:
    return list(ledger.lines(Ticket.objects.filter(booking_id=booking.pk, **filters)))


def sale_record(booking: Booking, tickets: list[Ticket] | None = None) -> None:
    """A booking was confirmed: its tickets are sold today and valid for their show. `tickets`: its
    tickets as just written (read again from the database when not given)."""
    if tickets is None:
        sold = _lines(booking, status=Ticket.Status.CONFIRMED)
    else:
        sold = [_line(ticket, booking) for ticket in tickets if ticket.status == Ticket.Status.CONFIRMED]
    sales_add(ledger.sold(sold))
    add(ShowSales, ledger.audience(sold))


def _line(ticket: Ticket, booking: Booking) -> ledger.Line:
    """The ticket line (`ledger.LINE_FIELDS`) of a ticket and its booking at hand, without a query."""
    return ledger.Line(
        pk=ticket.pk,
        booking=booking.pk,
        show=ticket.show_id,
        movie=booking.show.movie_id,
        channel=booking.channel,
        created_by=booking.created_by_id,
        category=ticket.category,
        price=ticket.price,
        revenue=ticket.revenue,
        status=ticket.status,
        sold_at=ticket.sold_at,
        replaced_at=ticket.replaced_at,
        cancelled_at=booking.cancelled_at,
        refund_amount=booking.refund_amount,
        payment_status=booking.payment_status,
        used_at=ticket.used_at,
    )


def change_record(booking: Booking) -> None:
    """A booking was changed: the tickets it replaced leave, the new ones are sold, both now."""
    every = _lines(booking, sold_at__isnull=False)
    new = [line for line in every if line.status == Ticket.Status.CONFIRMED]
    moment = max(line.sold_at for line in new)
    old = [line for line in every if line.replaced_at == moment]
    sales_add(ledger.sold(new).merge(ledger.replaced(old)))
    add(ShowSales, ledger.audience(new).merge(ledger.audience(old, -1)))


def cancellation_record(booking: Booking) -> None:
    """A booking was cancelled: its tickets count as cancelled today and no longer as admissions."""
    gone = _lines(booking, status=Ticket.Status.CANCELLED)
    sales_add(ledger.cancelled(gone))
    add(ShowSales, ledger.audience(gone, -1))


def refund_paid_record(booking: Booking) -> None:
    sales_add(ledger.refund_paid(_lines(booking, status=Ticket.Status.CANCELLED)))


def payment_record(payment: Payment) -> None:
    booking = payment.booking  # the services create a payment with its booking at hand: no query
    row = (payment.recorded_at, payment.method, booking.channel, payment.recorded_by_id, booking.created_by_id)
    add(DailyTakings, ledger.takings([(*row, payment.amount)]))


def check_in_record(ticket: Ticket) -> None:
    (line,) = ledger.lines(Ticket.objects.filter(pk=ticket.pk))
    deltas = ledger.Deltas()
    deltas.add(line.show_key, attended=1)
    add(ShowSales, deltas)


# --- From scratch ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """A row the rebuild found wrong: its key, what it held and what it holds now."""

    table: str
    key: dict
    was: dict
    now: dict

    def __str__(self):
        names = [*self.now, *(name for name in self.was if name not in self.now)]
        changed = ", ".join(
            f"{name} {self.was.get(name, 0)} → {self.now.get(name, 0)}"
            for name in names
            if self.was.get(name, 0) != self.now.get(name, 0)
        )
        key = " ".join(f"{name.removesuffix('_id')}={value}" for name, value in self.key.items())
        return f"{self.table} {key}: {changed}"


def computed(first: date, last: date) -> dict:
    """The figures of days `first` to `last` (shows starting on them) from the ticket lines."""
    since, until = period_bounds(first, last)
    during = {"__gte": since, "__lt": until}

    def within(field):
        return Q(**{f"{field}{lookup}": moment for lookup, moment in during.items()})

    touched = Ticket.objects.filter(
        within("sold_at")
        | within("replaced_at")
        | (Q(status=Ticket.Status.CANCELLED) & within("booking__cancelled_at"))
    )
    daily = ledger.Deltas()
    for _, items in _by_booking(ledger.lines(touched)):
        daily.merge(ledger.day_facts(items))
    daily = ledger.Deltas({key: row for key, row in daily.items() if first <= key[0] <= last})
    valid = Ticket.objects.filter(within("show__starts_at"), status=Ticket.Status.CONFIRMED)
    shows = ledger.show_facts(ledger.lines(valid))
    money = ledger.takings(Payment.objects.filter(within("recorded_at")).values_list(*ledger.PAYMENT_FIELDS))
    return {
        DailyTakings: money,
        DailySales: daily.project(ledger.SALE_KEY, DailySales.KEY),
        SellerSales: daily.project(ledger.SALE_KEY, SellerSales.KEY),
        ShowSales: shows,
    }


def _by_booking(lines):
    return groupby(lines, key=lambda line: line.booking)


def _stored(model, first: date, last: date):
    if model is ShowSales:
        since, until = period_bounds(first, last)
        return model.objects.filter(show__starts_at__gte=since, show__starts_at__lt=until)
    return model.objects.filter(day__gte=first, day__lte=last)


def rebuild(first: date, last: date) -> list[Difference]:
    """Recompute days `first` to `last` from the ticket lines; fix and return every difference.

    It runs in one transaction and, on PostgreSQL, locks the figure tables first: a booking made
    meanwhile waits for it (and then adds its own facts), so none is counted twice or lost."""
    differences = []
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in FIGURES)
                cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
        for model, rows in computed(first, last).items():
            differences += _fix(model, _stored(model, first, last), rows)
    return differences


def _fix(model, stored, rows: dict) -> list[Difference]:
    figures = FIGURES[model]
    expected = {key: {name: values.get(name, 0) for name in figures} for key, values in rows.items()}
    found = {}
    for row in stored.values("pk", *model.KEY, *figures):
        found[tuple(row[name] for name in model.KEY)] = row
    differences, wrong = [], []
    for key in sorted(expected.keys() | found.keys()):
        want = expected.get(key, {})
        have = {name: found[key][name] for name in figures} if key in found else {}
        if all(want.get(name, 0) == have.get(name, 0) for name in figures):
            continue
        named = dict(zip(model.KEY, key, strict=True))
        differences.append(Difference(str(model._meta.verbose_name_plural), named, have, want))
        if key in found:
            wrong.append(found[key]["pk"])
    model.objects.filter(pk__in=wrong).delete()
    fixed = ledger.Deltas()
    for difference in differences:
        if any(difference.now.values()):
            fixed.add(tuple(difference.key.values()), **difference.now)
    add(model, fixed)
    return differences


def extent() -> tuple[date, date] | None:
    """The first and last day anything was sold, changed, cancelled, paid or shown."""
    days = []
    for moments in (
        Ticket.objects.aggregate(
            Min("sold_at"), Max("sold_at"), Max("replaced_at"), Min("show__starts_at"), Max("show__starts_at")
        ),
        Booking.objects.aggregate(Max("cancelled_at")),
        Payment.objects.aggregate(Min("recorded_at"), Max("recorded_at")),
    ):
        days += [timezone.localdate(moment) for moment in moments.values() if moment is not None]
    for model in (DailySales, DailyTakings):
        days += [day for day in model.objects.aggregate(Min("day"), Max("day")).values() if day is not None]
    return (min(days), max(days)) if days else None


def months(first: date, last: date):
    """[first, last] cut at month ends: the rebuild does a month per transaction, so a sale waits
    for at most one month's work."""
    while first <= last:
        end = min(month(first).last, last)
        yield first, end
        first = end + timedelta(days=1)
