"""The reports: each reads the sales figures (`sales.selectors`) and staff performance
(`employees.selectors`) for a period and lays them out as a `Document`. Nothing here adds up
money or tickets: every total line is read from a selector, and the tests hold it to the sum of
its rows.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from employees import selectors as staff
from employees.models import Employee
from reporting import periods
from reporting.document import Chart, Column, Document, Table
from sales import selectors as figures
from users.models import Role
from xcounter.days import Period

TEXT, INT, MONEY, PERCENT, DATE, WHEN = "text", "int", "money", "percent", "date", "when"


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    description: str
    roles: tuple[str, ...]
    build: Callable[[Period, object], Document]

    def allowed(self, user) -> bool:
        """Whether `user` may have this report (None: the theater itself, a command)."""
        return user is None or (user.is_active and user.role in self.roles)


def _document(slug: str, title: str, period: Period, **parts) -> Document:
    return Document(
        slug=slug,
        title=title,
        period=period,
        period_label=periods.label(period),
        generated_at=timezone.now(),
        **parts,
    )


SALES_COLUMNS = [
    Column("Tickets", INT),
    Column("Comps", INT),
    Column("Gross", MONEY),
    Column("Discounts", MONEY),
    Column("Refunds", MONEY),
    Column("Net", MONEY),
    Column("Avg price", MONEY),
]


def _sales(s: figures.Sales) -> tuple:
    return (s.tickets, s.comps, s.gross, s.discounts, s.refunds, s.net, s.average_price)


def _top(rows, n: int = 10):
    return rows[:n]


# --- Sales by movie -------------------------------------------------------------------------------


def sales_by_movie(period: Period, user=None) -> Document:
    """Per movie: sales on the sale date, audience on the show date; then each show."""
    sold = figures.by_movie(period)
    audience = {line.key: line for line in figures.audience_by_movie(period)}
    total = figures.figures(period)
    columns = [
        Column("Movie"),
        Column("Tickets", INT),
        Column("Comps", INT),
        Column("Admissions", INT),
        Column("Gross", MONEY),
        Column("Discounts", MONEY),
        Column("Refunds", MONEY),
        Column("Net", MONEY),
        Column("Avg price", MONEY),
        Column("Occupancy %", PERCENT),
    ]

    def line(label, sales: figures.Sales, seen: figures.Audience) -> tuple:
        return (
            label,
            sales.tickets,
            sales.comps,
            seen.admissions,
            sales.gross,
            sales.discounts,
            sales.refunds,
            sales.net,
            sales.average_price,
            seen.occupancy,
        )

    rows = [
        line(row.label, row.sales, audience[row.key].audience if row.key in audience else figures.Audience())
        for row in sold
    ]
    sold_keys = {row.key for row in sold}
    rows += [
        line(extra.label, figures.Sales(), extra.audience) for extra in audience.values() if extra.key not in sold_keys
    ]
    movies = Table(
        "Sales by movie",
        columns,
        rows,
        total=line("Total", total.sales, total.audience),
        note=f"Tickets, gross, discounts, refunds and net: {figures.SALE_DATE} Admissions and occupancy: "
        f"{figures.SHOW_DATE}",
    )
    shows = figures.by_show(period)
    seen = total.audience
    per_show = Table(
        "Shows (distributor view)",
        [
            Column("Movie"),
            Column("Show", WHEN),
            Column("Auditorium"),
            Column("Seats", INT),
            Column("Admissions", INT),
            Column("Attended", INT),
            Column("Box office", MONEY),
            Column("Occupancy %", PERCENT),
        ],
        [
            (s.title, s.starts_at, s.auditorium, s.capacity, s.admissions, s.attended, s.revenue, s.occupancy)
            for s in shows
        ],
        total=(
            "Total",
            None,
            f"{seen.shows} shows",
            seen.capacity,
            seen.admissions,
            seen.attended,
            seen.revenue,
            seen.occupancy,
        ),
        note=figures.SHOW_DATE,
    )
    chart = Chart("Gross by movie (top 10)", "hbar", [r.label for r in _top(sold)], [r.sales.gross for r in _top(sold)])
    return _document("sales-by-movie", "Sales by movie", period, tables=[movies, per_show], charts=[chart])


# --- Revenue by ticket type -------------------------------------------------------------------------


def revenue_by_ticket_type(period: Period, user=None) -> Document:
    rows = figures.by_ticket_type(period)
    total = figures.figures(period).sales
    types = Table(
        "Revenue by ticket type",
        [Column("Ticket type"), *SALES_COLUMNS],
        [(row.label, *_sales(row.sales)) for row in rows],
        total=("Total", *_sales(total)),
        note=figures.SALE_DATE,
    )
    kinds = Table(
        "Discounts by kind",
        [Column("Discount"), Column("Bookings", INT), Column("Amount", MONEY)],
        [(line.label, line.bookings, line.amount) for line in figures.discounts_by_kind(period)],
        note=figures.DISCOUNTS,
    )
    chart = Chart("Gross by ticket type", "bar", [r.label for r in rows], [r.sales.gross for r in rows])
    return _document("revenue-by-ticket-type", "Revenue by ticket type", period, tables=[types, kinds], charts=[chart])


# --- Payment method and channel ---------------------------------------------------------------------


def payments_and_channels(period: Period, user=None) -> Document:
    takings = figures.takings(period)
    paid = figures.total_takings(takings)
    methods = Table(
        "Money by payment method",
        [
            Column("Method"),
            Column("Payments", INT),
            Column("Taken", MONEY),
            Column("Refunds", INT),
            Column("Handed back", MONEY),
            Column("Net", MONEY),
        ],
        [(t.label, t.payments, t.taken, t.refunds, t.handed_back, t.net) for t in takings],
        total=("Total", paid.payments, paid.taken, paid.refunds, paid.handed_back, paid.net),
        note="Money taken and handed back on the day it happened.",
    )
    channels = figures.by_channel(period)
    total = figures.figures(period).sales
    sales_columns = [
        Column("Channel"),
        Column("Bookings", INT),
        Column("Tickets", INT),
        Column("Gross", MONEY),
        Column("Refunds", MONEY),
        Column("Net", MONEY),
    ]

    def line(label, s):
        return (label, s.bookings, s.tickets, s.gross, s.refunds, s.net)

    by_channel = Table(
        "Sales by channel",
        sales_columns,
        [line(row.label, row.sales) for row in channels],
        total=line("Total", total),
        note=figures.SALE_DATE,
    )
    owing = Table(
        "Not paid yet",
        [Column("Channel"), Column("Bookings", INT), Column("Due", MONEY)],
        [(u.label, u.bookings, u.due) for u in figures.unpaid(period)],
        note=figures.UNPAID,
    )
    chart = Chart("Money taken by method", "bar", [t.label for t in takings], [t.taken for t in takings])
    return _document(
        "payments-and-channels",
        "Revenue by payment method and channel",
        period,
        tables=[methods, by_channel, owing],
        charts=[chart],
    )


# --- Bookings, daily ---------------------------------------------------------------------------------


def daily_bookings(period: Period, user=None) -> Document:
    points = figures.series(period, "day")
    total = figures.figures(period).sales
    columns = [
        Column("Day", DATE),
        Column("Bookings", INT),
        Column("Tickets", INT),
        Column("Comps", INT),
        Column("Cancelled bookings", INT),
        Column("Cancelled tickets", INT),
        Column("Gross", MONEY),
        Column("Refunds", MONEY),
        Column("Net", MONEY),
    ]

    def line(label, s):
        return (
            label,
            s.bookings,
            s.tickets,
            s.comps,
            s.cancelled_bookings,
            s.cancelled_tickets,
            s.gross,
            s.refunds,
            s.net,
        )

    days = Table(
        "Bookings by day",
        columns,
        [line(p.first, p.sales) for p in points],
        total=line("Total", total),
        note=figures.SALE_DATE,
    )
    steps = figures.series(period)
    chart = Chart(
        "Net revenue", "line" if len(steps) > 1 else "bar", [p.label for p in steps], [p.sales.net for p in steps]
    )
    return _document("daily-bookings", "Bookings, daily breakdown", period, tables=[days], charts=[chart])


# --- Employee performance ----------------------------------------------------------------------------


PERFORMANCE_COLUMNS = [
    Column("Bookings", INT),
    Column("Tickets", INT),
    Column("Revenue (net)", MONEY),
    Column("Cancelled", INT),
    Column("Check-ins", INT),
    Column("Shifts", INT),
]


def _performance_cells(values: dict) -> tuple:
    return tuple(values[name] for name in staff.PERFORMANCE_FIGURES)


def _performance(period: Period, user) -> tuple[list, list[Table]]:
    employees = (
        Employee.objects.select_related("user", "supervisor") if user is None else staff.employees_managed_by(user)
    )
    rows = list(staff.performance(employees, start=period.first, end=period.last, sort="name"))
    people = Table(
        "Employee performance",
        [Column("Employee"), Column("Role"), Column("Reports to"), *PERFORMANCE_COLUMNS],
        [
            (
                row.user.get_full_name(),
                row.user.get_role_display(),
                row.supervisor.get_full_name() if row.supervisor else "",
                *(getattr(row, name) for name in staff.PERFORMANCE_FIGURES),
            )
            for row in rows
        ],
        total=("Total", "", "", *_performance_cells(staff.performance_totals(rows))),
        note="Bookings, tickets, revenue and cancellations of each one's counter sales and house seats: "
        f"{figures.SALE_DATE}",
    )
    tables = [people]
    if user is None or user.role == Role.ADMIN:
        teams = staff.performance_by_team(rows)
        tables.append(
            Table(
                "Teams (salesmen per moderator)",
                [Column("Moderator"), *PERFORMANCE_COLUMNS],
                [
                    (moderator.get_full_name() if moderator else "No moderator", *_performance_cells(values))
                    for moderator, values in teams
                ],
            )
        )
    return rows, tables


def employee_performance(period: Period, user=None) -> Document:
    rows, tables = _performance(period, user)
    best = sorted(rows, key=lambda row: -row.revenue)[:10]
    chart = Chart(
        "Revenue by employee (top 10)", "hbar", [r.user.get_full_name() for r in best], [r.revenue for r in best]
    )
    return _document("employee-performance", "Employee performance", period, tables=tables, charts=[chart])


# --- Monthly / yearly summary -----------------------------------------------------------------------


def summary(period: Period, user=None) -> Document:
    total = figures.figures(period)
    s, seen = total.sales, total.audience
    key = Table(
        "Key figures",
        [
            Column("Bookings", INT),
            Column("Tickets", INT),
            Column("Comps", INT),
            Column("Gross", MONEY),
            Column("Discounts", MONEY),
            Column("Refunds", MONEY),
            Column("Net", MONEY),
            Column("Avg price", MONEY),
            Column("Admissions", INT),
            Column("Occupancy %", PERCENT),
        ],
        [
            (
                s.bookings,
                s.tickets,
                s.comps,
                s.gross,
                s.discounts,
                s.refunds,
                s.net,
                s.average_price,
                seen.admissions,
                seen.occupancy,
            )
        ],
        note=f"Sales: {figures.SALE_DATE} Admissions and occupancy: {figures.SHOW_DATE}",
    )
    steps = figures.series(period, "month" if period.days > 62 else "day")
    over_time = Table(
        "By month" if period.days > 62 else "By day",
        [
            Column("Period"),
            Column("Bookings", INT),
            Column("Tickets", INT),
            Column("Gross", MONEY),
            Column("Refunds", MONEY),
            Column("Net", MONEY),
        ],
        [(p.label, p.sales.bookings, p.sales.tickets, p.sales.gross, p.sales.refunds, p.sales.net) for p in steps],
        total=("Total", s.bookings, s.tickets, s.gross, s.refunds, s.net),
    )
    genres = figures.by_genre(period)
    by_genre = Table(
        "Revenue by genre (most profitable first)",
        [Column("Genre"), Column("Tickets", INT), Column("Gross", MONEY), Column("Net", MONEY)],
        [(g.label, g.sales.tickets, g.sales.gross, g.sales.net) for g in genres],
        note=figures.GENRES,
    )
    movies = _top(figures.by_movie(period))
    top = Table(
        "Top movies",
        [Column("Movie"), Column("Tickets", INT), Column("Gross", MONEY), Column("Net", MONEY)],
        [(m.label, m.sales.tickets, m.sales.gross, m.sales.net) for m in movies],
        note="The ten best earners of the period.",
    )
    staff_rows, staff_tables = _performance(period, None)
    long = Table(
        "Summary",
        [Column("Section"), Column("Item"), Column("Tickets", INT), Column("Gross", MONEY), Column("Net", MONEY)],
        [("Total", periods.label(period), s.tickets, s.gross, s.net)]
        + [("Genre", g.label, g.sales.tickets, g.sales.gross, g.sales.net) for g in genres]
        + [("Top movie", m.label, m.sales.tickets, m.sales.gross, m.sales.net) for m in movies]
        + [("Employee", row.user.get_full_name(), row.tickets_sold, None, row.revenue) for row in staff_rows],
    )
    charts = [
        Chart("Gross by genre", "bar", [g.label for g in genres], [g.sales.gross for g in genres]),
        Chart(
            "Net revenue", "line" if len(steps) > 1 else "bar", [p.label for p in steps], [p.sales.net for p in steps]
        ),
    ]
    title = "Yearly summary" if period.kind == "year" else "Monthly summary" if period.kind == "month" else "Summary"
    return _document(
        "summary",
        title,
        period,
        tables=[key, over_time, by_genre, top, *staff_tables],
        charts=charts,
        charts_after=1,
        csv=long,
    )


MANAGERS = (Role.ADMIN, Role.MODERATOR)
ADMINS = (Role.ADMIN,)

REPORTS = {
    report.slug: report
    for report in (
        Report(
            "sales-by-movie",
            "Sales by movie",
            "Per movie tickets, admissions, money and occupancy; each show.",
            ADMINS,
            sales_by_movie,
        ),
        Report(
            "revenue-by-ticket-type",
            "Revenue by ticket type",
            "Standard, VIP, wheelchair and house seats; discounts by kind.",
            ADMINS,
            revenue_by_ticket_type,
        ),
        Report(
            "payments-and-channels",
            "Revenue by payment method and channel",
            "Cash, card, online; online, box office and house seats; what is not paid yet.",
            ADMINS,
            payments_and_channels,
        ),
        Report(
            "daily-bookings",
            "Bookings, daily breakdown",
            "Per day sold, cancelled, refunds and revenue.",
            MANAGERS,
            daily_bookings,
        ),
        Report(
            "employee-performance",
            "Employee performance",
            "Per salesman bookings, tickets, revenue, cancellations, check-ins and shifts.",
            MANAGERS,
            employee_performance,
        ),
        Report(
            "summary",
            "Monthly / yearly summary",
            "Totals, revenue by genre, top movies and employee performance.",
            ADMINS,
            summary,
        ),
    )
}

# What `generate_monthly_report` writes for a month (the documents' list), and for --year-only.
MONTHLY = ("sales-by-movie", "daily-bookings", "payments-and-channels", "revenue-by-ticket-type")
YEARLY = ("summary",)


def reports_for(user) -> list[Report]:
    return [report for report in REPORTS.values() if report.allowed(user)]


def build(slug: str, period: Period, user=None) -> Document:
    """The report `slug` for `period`, as `user` may see it (None: everything, for commands)."""
    return REPORTS[slug].build(period, user)
