"""What each dashboard shows, assembled from the sales figures (`sales.selectors`, the one source:
nothing here adds up money or tickets) and a few reads of other apps (shows, bookings, staff,
support, notifications). Views stay thin: they pick the period and render what these return.

The Admin dashboard is computed once per period and kept in the cache under the figures'
version (`sales.selectors.version`), which every booking event changes: a sale confirmed a moment
ago is on the next page at once, and otherwise the page is at most `ADMIN_FRESH_SECONDS` old (for
what no booking event announces: a show scheduled or cancelled, a check-in's no-show turning due).
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from bookings.loyalty import loyalty_status
from bookings.models import Booking
from bookings.selectors import bookings_for, customer_bookings, seats_left
from employees.models import Employee, Shift
from employees.selectors import employees_managed_by, headcount, performance
from movies.models import Show
from notifications.models import Notification
from sales import selectors as sales
from support.models import Thread
from xcounter.days import Period, cinema_week, day_bounds, one_day
from xcounter.money import SYMBOLS

logger = logging.getLogger(__name__)

ADMIN_FRESH_SECONDS = 60
TOP = 10  # movies in the "most popular" and "top-earning" lists
RECENT = 8  # recent bookings and cancellations on the Moderator dashboard


# --- Comparison with the previous period -----------------------------------------------------------


@dataclass(frozen=True)
class Kpi:
    """One tile: the period's value against the previous period's."""

    name: str
    label: str
    value: object  # Decimal (money or percent) or int; None when there is nothing to divide
    before: object
    kind: str  # "money", "count" or "percent"
    counted_on: str  # "sale date" or "show date"

    @property
    def change(self) -> Decimal | None:
        """Percent change; for a percentage (occupancy) the difference in points."""
        if self.value is None or self.before is None:
            return None
        if self.kind == "percent":
            return Decimal(self.value) - Decimal(self.before)
        return sales.change(self.value, self.before)

    @property
    def size(self) -> Decimal | None:
        """The change without its sign (the arrow shows the direction)."""
        return None if self.change is None else abs(self.change)

    @property
    def unit(self) -> str:
        return " pts" if self.kind == "percent" else "%"

    @property
    def arrow(self) -> str:
        if not self.change:
            return ""
        return "▲" if self.change > 0 else "▼"


def kpis(now: sales.Figures, before: sales.Figures) -> list[Kpi]:
    a, b = now.sales, before.sales
    occupancy = now.audience.occupancy if now.audience else None
    occupancy_before = before.audience.occupancy if before.audience else None
    return [
        Kpi("tickets", "Tickets sold", a.tickets, b.tickets, "count", "sale date"),
        Kpi("gross", "Gross revenue", a.gross, b.gross, "money", "sale date"),
        Kpi("net", "Net revenue", a.net, b.net, "money", "sale date"),
        Kpi("discounts", "Discounts given", a.discounts, b.discounts, "money", "sale date"),
        Kpi("refunds", "Refunds", a.refunds, b.refunds, "money", "sale date"),
        Kpi("average", "Average ticket price", a.average_price, b.average_price, "money", "sale date"),
        Kpi("occupancy", "Occupancy", occupancy, occupancy_before, "percent", "show date"),
        Kpi("comps", "Comps (free house seats)", a.comps, b.comps, "count", "sale date"),
        Kpi("cancelled", "Cancelled tickets", a.cancelled_tickets, b.cancelled_tickets, "count", "sale date"),
    ]


# --- Charts ------------------------------------------------------------------------------------------


def _number(value) -> float:
    """Charts draw shapes: a float is enough there (the tables beside them carry exact amounts)."""
    return float(value or 0)


def chart(kind: str, labels: list[str], *datasets: tuple[str, list], money: bool = False, **options) -> dict:
    """The data `static/js/charts.js` draws: `kind` is bar, hbar, line, doughnut or sales (bars of
    tickets with a line of revenue on a second axis)."""
    return {
        "kind": kind,
        "labels": labels,
        "datasets": [{"label": label, "data": [_number(v) for v in values]} for label, values in datasets],
        "money": money,
        "currency": SYMBOLS.get(settings.CURRENCY, ""),
        **options,
    }


def sales_chart(points: list[sales.Point]) -> dict:
    labels = [point.label for point in points]
    return chart(
        "sales",
        labels,
        ("Tickets sold", [p.sales.tickets for p in points]),
        ("Gross revenue", [p.sales.gross for p in points]),
        ("Refunds", [p.sales.refunds for p in points]),
    )


# --- Admin -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdminPage:
    period: Period
    previous: Period
    computed_at: datetime
    figures: sales.Figures
    kpis: list[Kpi]
    granularity: str
    series: list[sales.Point]
    genres: list[sales.Row]
    most_profitable: list[sales.Row]
    top_earning: list[sales.Row]
    most_popular: list[sales.Row]
    grid_week: Period
    grid: list[sales.FilmWeek]
    halls: list[sales.Occupancy]
    hours: list[sales.Occupancy]
    ticket_types: list[sales.Row]
    channels: list[sales.Row]
    sellers: list[sales.Row]
    headcount: list
    charts: dict


def grid_week_for(period: Period, today: date) -> Period:
    """The film week grid's week: the cinema week the period ends in (this week for a period
    still running)."""
    return cinema_week(min(period.last, today))


def admin_page(period: Period) -> AdminPage:
    """The Admin dashboard for `period`, from the cache when nothing changed since it was computed."""
    today = timezone.localdate()
    try:
        key = f"dashboard:admin:{period.kind}:{period.first}:{period.last}:{today}:{sales.version()}"
        page = cache.get(key)
    except Exception:  # the cache is unreachable: compute the page, as on a miss
        logger.warning("Dashboard cache unreachable", exc_info=True)
        return _admin_page(period, today)
    if page is None:
        page = _admin_page(period, today)
        try:
            cache.set(key, page, ADMIN_FRESH_SECONDS)
        except Exception:
            logger.warning("Dashboard cache unreachable", exc_info=True)
    return page


def _admin_page(period: Period, today: date) -> AdminPage:
    previous = period.previous()
    now, before = sales.figures(period), sales.figures(previous)
    granularity = sales.granularity_for(period)
    series = sales.series(period, granularity)
    genres = sales.by_genre(period)
    movies = sales.by_movie(period)
    most_popular = sorted(movies, key=lambda row: (-row.sales.tickets, -row.sales.gross, row.label))[:TOP]
    grid_week = grid_week_for(period, today)
    grid = sales.film_week_grid(grid_week)
    halls, hours = sales.occupancy(period), sales.occupancy(period, by="hour")
    ticket_types, channels, sellers = sales.by_ticket_type(period), sales.by_channel(period), sales.by_seller(period)
    charts = {
        "sales": sales_chart(series),
        "genres": chart(
            "hbar", [r.label for r in genres], ("Gross revenue", [r.sales.gross for r in genres]), money=True
        ),
        "movies": chart(
            "hbar",
            [r.label for r in movies[:TOP]],
            ("Gross revenue", [r.sales.gross for r in movies[:TOP]]),
            money=True,
        ),
        "popular": chart(
            "hbar", [r.label for r in most_popular], ("Tickets sold", [r.sales.tickets for r in most_popular])
        ),
        "grid": chart(
            "hbar",
            [line.title for line in grid],
            ("This week", [line.revenue for line in grid]),
            ("Last week", [line.last_revenue for line in grid]),
            money=True,
        ),
        "halls": chart("bar", [o.label for o in halls], ("Occupancy %", [o.occupancy for o in halls]), percent=True),
        "hours": chart("bar", [o.label for o in hours], ("Occupancy %", [o.occupancy for o in hours]), percent=True),
        "types": chart(
            "doughnut",
            [r.label for r in ticket_types],
            ("Tickets", [r.sales.tickets + r.sales.comps for r in ticket_types]),
        ),
        "channels": chart(
            "doughnut", [r.label for r in channels], ("Gross revenue", [r.sales.gross for r in channels]), money=True
        ),
        "sellers": chart(
            "hbar", [r.label for r in sellers], ("Net revenue", [r.sales.net for r in sellers]), money=True
        ),
    }
    return AdminPage(
        period=period,
        previous=previous,
        computed_at=timezone.now(),
        figures=now,
        kpis=kpis(now, before),
        granularity=granularity,
        series=series,
        genres=genres,
        most_profitable=sorted(genres, key=lambda row: (-row.sales.net, row.label))[:3],
        top_earning=movies[:TOP],
        most_popular=most_popular,
        grid_week=grid_week,
        grid=grid,
        halls=halls,
        hours=hours,
        ticket_types=ticket_types,
        channels=channels,
        sellers=sellers,
        headcount=headcount(),
        charts=charts,
    )


# --- Today's shows (Moderator, Salesman) -----------------------------------------------------------


@dataclass(frozen=True)
class ShowToday:
    show: Show
    sold: int  # valid tickets, house seats included (the sales figures' admissions)
    capacity: int
    left: int  # seats free to sell now (holds not yet expired take a seat too)

    @property
    def on_sale(self) -> bool:
        return self.show.status == Show.Status.SCHEDULED and not self.show.has_started


def shows_today(day: date | None = None) -> list[ShowToday]:
    """The day's scheduled shows with seats sold and left: three queries however many shows."""
    since, until = day_bounds(day or timezone.localdate())
    shows = list(
        Show.objects.filter(starts_at__gte=since, starts_at__lt=until, status=Show.Status.SCHEDULED)
        .select_related("movie", "auditorium")
        .order_by("starts_at", "auditorium__name")
    )
    ids = [show.pk for show in shows]
    sold, left = sales.admissions(ids), seats_left(ids)
    return [
        ShowToday(show, sold.get(show.pk, 0), left[show.pk].capacity, left[show.pk].left)
        if show.pk in left
        else ShowToday(show, sold.get(show.pk, 0), 0, 0)
        for show in shows
    ]


# --- Moderator -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModeratorPage:
    period: Period
    sales: sales.Sales
    series: list[sales.Point]
    recent_bookings: list[Booking]
    recent_cancellations: list[Booking]
    shows: list[ShowToday]
    salesmen: list
    waiting: int  # support threads waiting for a staff answer
    charts: dict


def moderator_page(user, period: Period) -> ModeratorPage:
    series = sales.series(period)
    bookings = bookings_for(user)
    salesmen = performance(employees_managed_by(user), start=period.first, end=period.last, sort="-revenue")
    return ModeratorPage(
        period=period,
        sales=sales.figures(period).sales,
        series=series,
        recent_bookings=list(
            bookings.filter(status=Booking.Status.CONFIRMED, confirmed_at__isnull=False).order_by("-confirmed_at")[
                :RECENT
            ]
        ),
        recent_cancellations=list(
            bookings.filter(status=Booking.Status.CANCELLED, cancelled_at__isnull=False).order_by("-cancelled_at")[
                :RECENT
            ]
        ),
        shows=shows_today(),
        salesmen=list(salesmen),
        waiting=Thread.objects.filter(status=Thread.Status.OPEN, staff_unread=True).count(),
        charts={"sales": sales_chart(series)},
    )


# --- Salesman --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnSales:
    period: Period
    sales: sales.Sales
    takings: list[sales.Takings]

    @property
    def taken(self) -> Decimal:
        return sales.total_takings(self.takings).net


@dataclass(frozen=True)
class SalesmanPage:
    shows: list[ShowToday]
    today: OwnSales
    week: OwnSales
    next_shift: Shift | None
    has_record: bool


def own_sales(user, period: Period) -> OwnSales:
    """A salesman's own sales (only theirs: the figures narrowed to them) and the money they took."""
    return OwnSales(
        period,
        sales.figures(period, sellers=[user]).sales,
        sales.takings(period, taken_by=[user]),
    )


def salesman_page(user) -> SalesmanPage:
    today = timezone.localdate()
    employee = Employee.objects.filter(user=user).first()
    now = timezone.localtime()
    next_shift = None
    if employee is not None:
        next_shift = (
            Shift.objects.filter(employee=employee)
            .filter(Q(day__gt=today) | Q(day=today, ends__gt=now.time()))
            .order_by("day", "starts")
            .first()
        )
    return SalesmanPage(
        shows=shows_today(today),
        today=own_sales(user, one_day(today)),
        week=own_sales(user, cinema_week(today)),
        next_shift=next_shift,
        has_record=employee is not None,
    )


# --- Customer --------------------------------------------------------------------------------------

PAST_SHOWN = 5
NOTICES_SHOWN = 5


@dataclass(frozen=True)
class CustomerPage:
    upcoming: list[Booking]
    past: list[Booking]
    more_past: bool  # older bookings than those shown: on "Your bookings"
    loyalty: object
    unread: list[Notification]
    unread_count: int


def customer_page(user) -> CustomerPage:
    upcoming, past, _cancelled = customer_bookings(user)
    upcoming = upcoming.exclude(status=Booking.Status.HELD)
    unread = Notification.objects.filter(user=user, read_at__isnull=True).order_by("-created_at")
    past = list(past.exclude(status=Booking.Status.HELD)[: PAST_SHOWN + 1])
    return CustomerPage(
        upcoming=list(upcoming),
        past=past[:PAST_SHOWN],
        more_past=len(past) > PAST_SHOWN,
        loyalty=loyalty_status(user),
        unread=list(unread[:NOTICES_SHOWN]),
        unread_count=unread.count(),
    )
