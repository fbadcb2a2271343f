"""Reading the sales figures: the one source every dashboard, chart, PDF and CSV reads. Nothing
else adds up money or tickets on its own. The definitions are in `sales.ledger`; the README's
"Sales figures" section says them for people.

Every reader takes a `xcounter.days.Period` (a cinema week, month, year, day or checked custom
range) and costs a fixed number of queries, however many tickets, movies or salesmen there are:
it sums the pre-aggregated rows of `sales.models`, never the tickets.

- Sale-date readers (`figures(...).sales`, `series`, `by_movie`, `by_genre`, `by_category`,
  `by_ticket_type`, `by_channel`, `by_seller`) count a sale on the day it was made and a
  cancellation on the day it was cancelled. `sellers` (users or ids) narrows `figures`, `series`
  and `by_seller` to some staff members' sales.
- Show-date readers (`figures(...).audience`, `film_week_grid`, `occupancy`, `admissions`) count
  the valid tickets of the shows playing in the period.
- `takings` is money: taken and handed back on the day, by method.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, DecimalField, F, IntegerField, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractHour
from django.utils import timezone

from bookings.models import Booking, BookingDiscount, Payment
from bookings.pricing import DiscountKind
from movies.models import Movie, Seat, SeatCategory, Show
from sales.models import NOBODY, DailySales, DailyTakings, SellerSales, ShowSales
from xcounter.days import Period, cinema_week, month
from xcounter.money import ZERO, cents

SALE_DATE = "Counted on the day of sale; cancellations on the day they were cancelled."
SHOW_DATE = "Counted on the day of the show: the valid tickets of the shows in the period."
GENRES = "A movie with several genres counts in full under each of them, so the rows overlap and have no total."
NO_GENRE = "No genre"
ONLINE = "Online (website)"

_TOTAL = DecimalField(max_digits=16, decimal_places=2)


def _sum(name: str, money: bool = False, **filters):
    total = Sum(name, filter=Q(**filters) if filters else None)
    return Coalesce(total, Value(ZERO) if money else Value(0), output_field=_TOTAL if money else IntegerField())


@dataclass(frozen=True)
class Sales:
    """Sale-date figures. `tickets` are the tickets sold (exchanges netted, comps apart)."""

    bookings: int = 0
    tickets: int = 0
    comps: int = 0
    gross: Decimal = ZERO
    face: Decimal = ZERO  # the tickets sold at their prices before discounts
    cancelled_bookings: int = 0
    cancelled_tickets: int = 0  # comps included
    refunds: Decimal = ZERO  # what the cancelled tickets had been sold for
    refund_due: Decimal = ZERO  # of the refunds: still owed to customers now
    refunded: Decimal = ZERO  # of the refunds: handed back

    @property
    def discounts(self) -> Decimal:
        return self.face - self.gross

    @property
    def net(self) -> Decimal:
        return self.gross - self.refunds

    @property
    def never_paid(self) -> Decimal:
        """Of the refunds: bookings cancelled before they were paid (nothing to hand back)."""
        return self.refunds - self.refund_due - self.refunded

    @property
    def average_price(self) -> Decimal | None:
        """Gross over tickets sold (comps are not sales and do not lower it)."""
        return cents(self.gross / self.tickets) if self.tickets > 0 else None

    def __add__(self, other: "Sales") -> "Sales":
        return Sales(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})


_DAILY_MONEY = ("gross", "face", "refunds", "refund_due", "refunded")
_DAILY_COUNTS = ("bookings", "tickets", "cancelled_bookings", "cancelled_tickets")
# Summed under other names: an aggregate may not take the name of the column it sums.
_DAILY = {
    **{f"sum_{name}": _sum(name) for name in _DAILY_COUNTS},
    **{f"sum_{name}": _sum(name, money=True) for name in _DAILY_MONEY},
}


def _sales(row: dict) -> Sales:
    """One summed row (with its `complimentary` flag) as Sales: comps are not tickets sold."""
    values = {name: row[f"sum_{name}"] for name in (*_DAILY_COUNTS, *_DAILY_MONEY)}
    if row["complimentary"]:
        values["comps"], values["tickets"] = values["tickets"], 0
    return Sales(**values)


def _ids(people) -> list[int] | None:
    return None if people is None else [getattr(person, "pk", person) for person in people]


def _daily(period: Period, sellers=None):
    """The period's daily rows: per movie (the theater), or per seller when `sellers` is given."""
    if sellers is None:
        return DailySales.objects.filter(day__gte=period.first, day__lte=period.last)
    return SellerSales.objects.filter(day__gte=period.first, day__lte=period.last, seller__in=_ids(sellers))


def _grouped(rows, *group) -> dict[tuple, Sales]:
    """Sales per value of `group` (one query); keys in first-seen order."""
    result: dict[tuple, Sales] = {}
    for row in rows.values(*group, "complimentary").annotate(**_DAILY).order_by():
        key = tuple(row[name] for name in group)
        result[key] = result.get(key, Sales()) + _sales(row)
    return result


@dataclass(frozen=True)
class Audience:
    """Show-date figures of the shows in a period."""

    shows: int = 0  # scheduled shows
    capacity: int = 0  # their seats
    admissions: int = 0  # valid tickets, comps included
    comps: int = 0
    revenue: Decimal = ZERO  # what the valid tickets earn
    attended: int = 0  # admitted at the door
    no_shows: int = 0  # valid tickets of finished shows never admitted

    @property
    def occupancy(self) -> Decimal | None:
        """Admissions per hundred seats, to one decimal."""
        if not self.capacity:
            return None
        return (Decimal(100) * self.admissions / self.capacity).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Figures:
    period: Period
    sales: Sales
    audience: Audience | None  # None when read for some sellers: shows are the theater's


def figures(period: Period, *, sellers: Iterable | None = None) -> Figures:
    """The period's key figures: sales on the sale date, the audience on the show date."""
    rows = _grouped(_daily(period, sellers))
    sales = sum(rows.values(), Sales())
    return Figures(period=period, sales=sales, audience=None if sellers is not None else _audience(period))


def _shows_in(period: Period, prefix: str = ""):
    since, until = period.bounds()
    return Q(**{f"{prefix}starts_at__gte": since, f"{prefix}starts_at__lt": until})


def _capacity(period: Period, **group) -> dict[tuple, tuple[int, int]]:
    """(shows, seats) of the scheduled shows in the period, per `group` (Show expressions by name;
    everything when none). Two queries: shows per auditorium and group, seats per auditorium."""
    rows = (
        Show.objects.filter(_shows_in(period), status=Show.Status.SCHEDULED)
        .annotate(**group)
        .values("auditorium", *group)
        .annotate(shows=Count("pk"))
        .order_by()
    )
    seats = dict(Seat.objects.values_list("auditorium").annotate(n=Count("pk")).order_by())
    result: dict[tuple, tuple[int, int]] = {}
    for row in rows:
        key = tuple(row[name] for name in group)
        shows, capacity = result.get(key, (0, 0))
        result[key] = (shows + row["shows"], capacity + row["shows"] * seats.get(row["auditorium"], 0))
    return result


def _audience(period: Period) -> Audience:
    now = timezone.now()
    totals = ShowSales.objects.filter(_shows_in(period, "show__")).aggregate(
        sum_tickets=_sum("tickets"),
        sum_comps=_sum("tickets", complimentary=True),
        sum_revenue=_sum("revenue", money=True),
        sum_attended=_sum("attended"),
        sum_ended=_sum("tickets", show__ends_at__lte=now),
        sum_ended_attended=_sum("attended", show__ends_at__lte=now),
    )
    shows, capacity = _capacity(period).get((), (0, 0))
    return Audience(
        shows=shows,
        capacity=capacity,
        admissions=totals["sum_tickets"],
        comps=totals["sum_comps"],
        revenue=totals["sum_revenue"],
        attended=totals["sum_attended"],
        no_shows=totals["sum_ended"] - totals["sum_ended_attended"],
    )


# --- Over time ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    first: date
    last: date
    label: str
    sales: Sales = field(default_factory=Sales)


def granularity_for(period: Period) -> str:
    """Days for up to a month, cinema weeks for up to half a year, months beyond."""
    if period.days <= 31:
        return "day"
    return "week" if period.days <= 190 else "month"


def _buckets(period: Period, granularity: str) -> list[tuple[date, date, str]]:
    result, day = [], period.first
    while day <= period.last:
        if granularity == "day":
            first, last, label = day, day, f"{day:%a} {day.day} {day:%b}"
        elif granularity == "week":
            week = cinema_week(day)
            first, last = max(week.first, period.first), min(week.last, period.last)
            label = f"Week of {week.first.day} {week.first:%b}"
        elif granularity == "month":
            whole = month(day)
            first, last, label = max(whole.first, period.first), min(whole.last, period.last), f"{day:%b %Y}"
        else:
            raise ValueError(f"Unknown granularity {granularity!r}")
        result.append((first, last, label))
        day = last + timedelta(days=1)
    return result


def series(period: Period, granularity: str | None = None, *, sellers: Iterable | None = None) -> list[Point]:
    """Sales over the period by day, cinema week or month (chosen by its length unless told),
    every step present (zero when nothing was sold). Weeks and months are cut at the period's ends."""
    by_day = _grouped(_daily(period, sellers), "day")
    points = []
    for first, last, label in _buckets(period, granularity or granularity_for(period)):
        sales = Sales()
        for n in range((last - first).days + 1):
            sales += by_day.get((first + timedelta(days=n),), Sales())
        points.append(Point(first, last, label, sales))
    return points


# --- Breakdowns (sale date) ----------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    key: object
    label: str
    sales: Sales


def _rows(grouped: dict[tuple, Sales], label) -> list[Row]:
    """Rows keyed by the first part of each key, best earners first."""
    rows = [Row(key[0], label(key), sales) for key, sales in grouped.items()]
    return sorted(rows, key=lambda row: (-row.sales.gross, -row.sales.tickets, row.label))


def by_movie(period: Period) -> list[Row]:
    """Per movie, top earners first (`sorted(…, key=…tickets)` for the most popular)."""
    return _rows(_grouped(_daily(period), "movie", "movie__title"), lambda key: key[1])


def by_genre(period: Period) -> list[Row]:
    """Per genre, most profitable first. A movie counts in full under each of its genres (see
    GENRES: the rows overlap and must not be totalled); one without a genre under NO_GENRE.
    Two queries: the period per movie, then the movies' genres."""
    movies = _grouped(_daily(period), "movie")
    genres: dict[int, list[tuple]] = {}
    pairs = Movie.genres.through.objects.filter(movie_id__in=[key[0] for key in movies])
    for movie_id, genre_id, name in pairs.values_list("movie_id", "genre_id", "genre__name"):
        genres.setdefault(movie_id, []).append((genre_id, name))
    grouped: dict[tuple, Sales] = {}
    for (movie_id,), sales in movies.items():
        for genre in genres.get(movie_id, [(None, NO_GENRE)]):
            grouped[genre] = grouped.get(genre, Sales()) + sales
    return _rows(grouped, lambda key: key[1])


def by_category(period: Period) -> list[Row]:
    """Per seat category (house seats are VIP seats)."""
    labels = dict(SeatCategory.choices)
    return _rows(_grouped(_daily(period), "category"), lambda key: labels[key[0]])


HOUSE = "house"


def by_ticket_type(period: Period) -> list[Row]:
    """The ticket-type mix: standard, VIP and wheelchair tickets, and house seats on their own."""
    labels = {**dict(SeatCategory.choices), HOUSE: "House seats"}
    merged: dict[tuple, Sales] = {}
    for (channel, category), sales in _grouped(_daily(period), "channel", "category").items():
        kind = (HOUSE if channel == Booking.Channel.HOUSE else category,)
        merged[kind] = merged.get(kind, Sales()) + sales
    return _rows(merged, lambda key: labels[key[0]])


def by_channel(period: Period) -> list[Row]:
    """Online, box office and house seats."""
    labels = dict(Booking.Channel.choices)
    return _rows(_grouped(_daily(period), "channel"), lambda key: labels[key[0]])


def by_seller(period: Period, *, sellers: Iterable | None = None) -> list[Row]:
    """Per staff member who sold at the counter or kept house seats (key: the user id), and
    online sales as one row (key None), so the rows add up to the period's sales."""
    from users.models import User

    rows = SellerSales.objects.filter(day__gte=period.first, day__lte=period.last)
    if sellers is not None:
        rows = rows.filter(seller__in=_ids(sellers))
    grouped = _grouped(rows, "seller")
    people = User.objects.filter(pk__in=[key[0] for key in grouped]).values_list("pk", "full_name", "email")
    names = {pk: full_name or email for pk, full_name, email in people}
    keyed = {(None if key[0] == NOBODY else key[0],): sales for key, sales in grouped.items()}
    return _rows(keyed, lambda key: ONLINE if key[0] is None else names.get(key[0], f"#{key[0]}"))


def seller_figures(first: date, last: date, seller) -> dict:
    """One seller's sale-date figures over the days `first` to `last` as correlated subqueries,
    to annotate a list of staff (`seller`: an OuterRef to their user id) in one query however
    long it is: `bookings`, `tickets` (sold, comps apart), `net` (revenue, Sales.net) and
    `cancelled_bookings` — the figures `by_seller` reads."""
    rows = SellerSales.objects.filter(seller=seller, day__gte=first, day__lte=last).order_by().values("seller")

    def one(aggregate, money: bool = False):
        value = rows.annotate(value=aggregate).values("value")[:1]
        return Coalesce(Subquery(value), Value(ZERO if money else 0), output_field=_TOTAL if money else IntegerField())

    return {
        "bookings": one(Sum("bookings")),
        "tickets": one(Sum("tickets", filter=Q(complimentary=False))),
        "net": one(Sum("gross") - Sum("refunds"), money=True),
        "cancelled_bookings": one(Sum("cancelled_bookings")),
    }


# --- Show date -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FilmWeek:
    """A movie's line of the week grid: admissions and box office (show date)."""

    movie_id: int
    title: str
    admissions: int
    revenue: Decimal
    last_admissions: int
    last_revenue: Decimal
    to_date_admissions: int  # life to date: every show up to the end of this week
    to_date_revenue: Decimal

    @property
    def change(self) -> Decimal | None:
        """Box office against last week, in percent."""
        return change(self.revenue, self.last_revenue)


def film_week_grid(week: Period | None = None) -> list[FilmWeek]:
    """The cinema manager's weekly film report for `week` (this cinema week): each movie played
    this week or last, with this week's and last week's admissions and box office, the change,
    and life to date; top box office first. Counted on the show date."""
    week = week or cinema_week()
    last = week.previous()
    rows = (
        ShowSales.objects.filter(show__starts_at__lt=week.bounds()[1])
        .values("show__movie", "show__movie__title")
        .annotate(
            admissions=_sum("tickets", **_q(week)),
            this_revenue=_sum("revenue", money=True, **_q(week)),
            last_admissions=_sum("tickets", **_q(last)),
            last_revenue=_sum("revenue", money=True, **_q(last)),
            to_date_admissions=_sum("tickets"),
            to_date_revenue=_sum("revenue", money=True),
        )
        .order_by()
    )
    grid = [
        FilmWeek(
            movie_id=row.pop("show__movie"),
            title=row.pop("show__movie__title"),
            revenue=row.pop("this_revenue"),
            **row,
        )
        for row in rows
    ]
    grid = [line for line in grid if line.admissions or line.last_admissions]
    return sorted(grid, key=lambda line: (-line.revenue, -line.admissions, line.title))


def _q(period: Period) -> dict:
    since, until = period.bounds()
    return {"show__starts_at__gte": since, "show__starts_at__lt": until}


@dataclass(frozen=True)
class Occupancy:
    key: object
    label: str
    shows: int
    capacity: int
    admissions: int

    @property
    def occupancy(self) -> Decimal | None:
        return Audience(capacity=self.capacity, admissions=self.admissions).occupancy


def occupancy(period: Period, by: str = "auditorium") -> list[Occupancy]:
    """Occupancy of the period's scheduled shows by auditorium, or by the hour they start
    (`by="hour"`, theater time); in that order. Two queries."""
    if by == "auditorium":
        group, label = {"key": F("auditorium"), "name": F("auditorium__name")}, lambda key: key[1]
    elif by == "hour":
        hour = ExtractHour("starts_at", tzinfo=timezone.get_current_timezone())
        group, label = {"key": hour}, lambda key: f"{key[0]:02d}:00"
    else:
        raise ValueError(f"Unknown occupancy grouping {by!r}")
    capacity = _capacity(period, **group)
    sold = ShowSales.objects.filter(_shows_in(period, "show__"), show__status=Show.Status.SCHEDULED)
    sold = sold.annotate(key=_on_show(group["key"])).values("key").annotate(n=_sum("tickets")).order_by()
    admitted = {row["key"]: row["n"] for row in sold}
    rows = [
        Occupancy(key[0], label(key), shows, seats, admitted.get(key[0], 0)) for key, (shows, seats) in capacity.items()
    ]
    return sorted(rows, key=lambda row: row.label if by == "auditorium" else row.key)


def _on_show(expression):
    """The same Show expression read from a ShowSales row (through its show)."""
    if isinstance(expression, F):
        return F(f"show__{expression.name}")
    return ExtractHour("show__starts_at", tzinfo=timezone.get_current_timezone())


def admissions(show_ids: Iterable[int]) -> dict[int, int]:
    """Valid tickets (comps included) of each show: seats sold, for lists of today's shows."""
    rows = ShowSales.objects.filter(show_id__in=list(show_ids)).values("show_id").annotate(n=_sum("tickets"))
    return {row["show_id"]: row["n"] for row in rows.order_by()}


# --- Money ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Takings:
    method: str
    label: str
    payments: int = 0
    taken: Decimal = ZERO
    refunds: int = 0
    handed_back: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        return self.taken - self.handed_back


def takings(period: Period, *, taken_by: Iterable | None = None) -> list[Takings]:
    """Money taken and handed back in the period, per method (cash, card, online), every method
    present; `taken_by` narrows it to what some staff members took at the counter."""
    rows = DailyTakings.objects.filter(day__gte=period.first, day__lte=period.last)
    if taken_by is not None:
        rows = rows.filter(taken_by__in=_ids(taken_by))
    sums = {
        row["method"]: row
        for row in rows.values("method")
        .annotate(
            sum_payments=_sum("payments"),
            sum_taken=_sum("taken", money=True),
            sum_refunds=_sum("refunds"),
            sum_handed_back=_sum("handed_back", money=True),
        )
        .order_by()
    }
    return [
        Takings(
            method,
            label,
            **{name: sums[method][f"sum_{name}"] for name in ("payments", "taken", "refunds", "handed_back")},
        )
        if method in sums
        else Takings(method, label)
        for method, label in Payment.Method.choices
    ]


VERSION_KEY = "sales:figures-version"


def version() -> int:
    """A number that changes whenever a sale, change, cancellation, payment, refund or check-in
    adds to the figures (and when they are rebuilt): a reader that caches what it computed from
    them keys it by this, so a booking confirmed a moment ago is in the next page at once."""
    return cache.get(VERSION_KEY) or 0  # callers treat an unreachable cache as a miss


def change(now, before) -> Decimal | None:
    """Percent change from `before` to `now`, to one decimal (▲ when positive); None from zero."""
    if not before:
        return None
    return (Decimal(100) * (Decimal(now) - Decimal(before)) / abs(Decimal(before))).quantize(Decimal("0.1"))


def total_takings(rows: Iterable[Takings]) -> Takings:
    """The methods' takings added up (the total line of a takings table)."""
    total = Takings("total", "Total")
    for row in rows:
        total = Takings(
            "total",
            "Total",
            total.payments + row.payments,
            total.taken + row.taken,
            total.refunds + row.refunds,
            total.handed_back + row.handed_back,
        )
    return total


# --- For reports: per show, per movie on the show date, discounts by kind, unpaid ------------------


@dataclass(frozen=True)
class ShowLine:
    """A scheduled show of the period with its valid tickets (show date): the distributor's view."""

    show_id: int
    movie_id: int
    title: str
    starts_at: object
    auditorium: str
    capacity: int
    admissions: int = 0
    comps: int = 0
    attended: int = 0
    revenue: Decimal = ZERO

    @property
    def occupancy(self) -> Decimal | None:
        return Audience(capacity=self.capacity, admissions=self.admissions).occupancy


def by_show(period: Period) -> list[ShowLine]:
    """Each scheduled show starting in the period, by movie title then start, with its seats,
    admissions (comps included), comps, attended and box office. Three queries."""
    seats = dict(Seat.objects.values_list("auditorium").annotate(n=Count("pk")).order_by())
    shows = (
        Show.objects.filter(_shows_in(period), status=Show.Status.SCHEDULED)
        .values_list("pk", "movie_id", "movie__title", "starts_at", "auditorium_id", "auditorium__name")
        .order_by("movie__title", "starts_at", "pk")
    )
    sold = {
        row["show_id"]: row
        for row in ShowSales.objects.filter(_shows_in(period, "show__"), show__status=Show.Status.SCHEDULED)
        .values("show_id")
        .annotate(
            sum_tickets=_sum("tickets"),
            sum_comps=_sum("tickets", complimentary=True),
            sum_attended=_sum("attended"),
            sum_revenue=_sum("revenue", money=True),
        )
        .order_by()
    }
    lines = []
    for pk, movie_id, title, starts_at, auditorium_id, auditorium_name in shows:
        row = sold.get(pk)
        figures_ = (
            {}
            if row is None
            else {
                "admissions": row["sum_tickets"],
                "comps": row["sum_comps"],
                "attended": row["sum_attended"],
                "revenue": row["sum_revenue"],
            }
        )
        lines.append(ShowLine(pk, movie_id, title, starts_at, auditorium_name, seats.get(auditorium_id, 0), **figures_))
    return lines


@dataclass(frozen=True)
class MovieAudience:
    key: int
    label: str
    audience: Audience


def audience_by_movie(period: Period) -> list[MovieAudience]:
    """The show-date figures (`Audience`) of each movie with scheduled shows or valid tickets in
    the period, by title; they add up to `figures(period).audience`. Four queries."""
    now = timezone.now()
    sold = {
        row["show__movie"]: row
        for row in ShowSales.objects.filter(_shows_in(period, "show__"))
        .values("show__movie")
        .annotate(
            sum_tickets=_sum("tickets"),
            sum_comps=_sum("tickets", complimentary=True),
            sum_revenue=_sum("revenue", money=True),
            sum_attended=_sum("attended"),
            sum_ended=_sum("tickets", show__ends_at__lte=now),
            sum_ended_attended=_sum("attended", show__ends_at__lte=now),
        )
        .order_by()
    }
    capacity = _capacity(period, film=F("movie"))
    ids = set(sold) | {key[0] for key in capacity}
    titles = dict(Movie.objects.filter(pk__in=ids).values_list("pk", "title"))
    result = []
    for movie_id in ids:
        shows, seats = capacity.get((movie_id,), (0, 0))
        row = sold.get(movie_id)
        audience = Audience(shows=shows, capacity=seats)
        if row is not None:
            audience = Audience(
                shows=shows,
                capacity=seats,
                admissions=row["sum_tickets"],
                comps=row["sum_comps"],
                revenue=row["sum_revenue"],
                attended=row["sum_attended"],
                no_shows=row["sum_ended"] - row["sum_ended_attended"],
            )
        result.append(MovieAudience(movie_id, titles.get(movie_id, f"#{movie_id}"), audience))
    return sorted(result, key=lambda line: (line.label, line.key))


DISCOUNTS = (
    "Discounts of the bookings first confirmed in the period, as their price stands now (after any change, "
    "cancelled bookings included)."
)


_SOLD = [Booking.Status.CONFIRMED, Booking.Status.CANCELLED]  # bookings that were sold (and may be cancelled since)


@dataclass(frozen=True)
class DiscountKindLine:
    kind: str
    label: str
    bookings: int = 0
    amount: Decimal = ZERO


def discounts_by_kind(period: Period) -> list[DiscountKindLine]:
    """Loyalty-tier and coupon discounts of the bookings confirmed in the period (see DISCOUNTS),
    every kind present. One query."""
    since, until = period.bounds()
    rows = {
        row["kind"]: row
        for row in BookingDiscount.objects.filter(
            booking__confirmed_at__gte=since, booking__confirmed_at__lt=until, booking__status__in=_SOLD
        )
        .values("kind")
        .annotate(bookings=Count("booking", distinct=True), total=_sum("amount", money=True))
        .order_by()
    }
    return [
        DiscountKindLine(kind, label, rows[kind]["bookings"], rows[kind]["total"])
        if kind in rows
        else DiscountKindLine(kind, label)
        for kind, label in DiscountKind.choices
    ]


UNPAID = "Bookings confirmed in the period and not paid yet: what is still owed now (to pay at the box office)."


@dataclass(frozen=True)
class Unpaid:
    channel: str
    label: str
    bookings: int = 0
    due: Decimal = ZERO


def unpaid(period: Period) -> list[Unpaid]:
    """Per channel, the valid bookings confirmed in the period that are still unpaid, and what they
    owe now (their total less any payment): pay-at-box-office bookings and priced house seats.
    Every channel present; two queries."""
    since, until = period.bounds()
    owing = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        payment_status=Booking.PaymentStatus.UNPAID,
        confirmed_at__gte=since,
        confirmed_at__lt=until,
    )
    totals = {
        row["channel"]: row
        for row in owing.values("channel").annotate(n=Count("pk"), owed=_sum("total", money=True)).order_by()
    }
    paid = dict(
        Payment.objects.filter(booking__in=owing)
        .values("booking__channel")
        .annotate(paid=_sum("amount", money=True))
        .order_by()
        .values_list("booking__channel", "paid")
    )
    return [
        Unpaid(channel, label, totals[channel]["n"], totals[channel]["owed"] - paid.get(channel, ZERO))
        if channel in totals
        else Unpaid(channel, label)
        for channel, label in Booking.Channel.choices
    ]
