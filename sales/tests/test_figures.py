"""Every figure of a known fortnight (sales/tests/story.py), to the cent, as a manager would
check it by hand. The figures are read on Tuesday 17 November, after both weeks' shows."""

from datetime import date
from decimal import Decimal as D

import pytest
from freezegun import freeze_time

from bookings import services
from bookings.models import Booking, Ticket
from bookings.tests.factories import confirmed
from movies.tests.factories import MovieFactory
from movies.tests.factories import show as make_show
from sales import selectors
from sales.tests.story import at, tell
from xcounter.days import Period, cinema_week, one_day

pytestmark = pytest.mark.django_db

THIS_WEEK = Period(date(2026, 11, 12), date(2026, 11, 18), "week")
LAST_WEEK = Period(date(2026, 11, 5), date(2026, 11, 11), "week")


@pytest.fixture
def story():
    story = tell()
    with freeze_time(at(2026, 11, 17, 12, 0)):
        yield story


def test_the_weeks_are_cinema_weeks_starting_on_thursday(story):
    assert cinema_week(date(2026, 11, 17)) == THIS_WEEK
    assert THIS_WEEK.previous() == LAST_WEEK


def test_each_ticket_earns_its_share_of_the_booking_discounts(story):
    cora = Booking.objects.get(customer=story.cora)
    # After the change: 54.00 − 5% − 10% = 46.17, three VIP seats at 15.39.
    assert cora.total == D("46.17")
    assert [t.revenue for t in cora.tickets.filter(status=Ticket.Status.CANCELLED)] == [D("15.39")] * 3
    # The first pick (before the change): 36.76 shared 10.69 + 10.68 + 15.39.
    replaced = cora.tickets.filter(status=Ticket.Status.REPLACED).order_by("pk")
    assert [t.revenue for t in replaced] == [D("10.69"), D("10.68"), D("15.39")]


def test_this_weeks_sales_on_the_sale_date(story):
    sales = selectors.figures(THIS_WEEK).sales
    assert sales.bookings == 5  # E2, E3, E4, E7, E2b (changes are exchanges, not new bookings)
    assert sales.tickets == 8  # 3 + 1 + (2 − 3) + (3 − 3) + 4 + 1
    assert sales.comps == 2
    assert sales.gross == D("96.91")  # 37.50 + 15.00 − 17.50 + 9.41 + 40.00 + 12.50
    assert sales.discounts == D("1.59")  # Cora's change: 11.00 more at face value, 9.41 more paid
    assert sales.cancelled_bookings == 2 and sales.cancelled_tickets == 7
    assert sales.refunds == D("86.17")  # 40.00 + 46.17
    assert (sales.refunded, sales.refund_due, sales.never_paid) == (D("86.17"), D("0.00"), D("0.00"))
    assert sales.net == D("10.74")
    assert sales.average_price == D("12.11")  # 96.91 / 8


def test_last_weeks_sales_include_the_sale_a_second_before_midnight(story):
    sales = selectors.figures(LAST_WEEK).sales
    assert (sales.bookings, sales.tickets, sales.gross, sales.discounts) == (2, 5, D("61.76"), D("6.24"))
    assert sales.net == D("61.76")


def test_a_sale_at_midnight_counts_on_the_new_day(story):
    by_day = {point.first: point.sales for point in selectors.series(Period(date(2026, 11, 11), date(2026, 11, 12)))}
    assert by_day[date(2026, 11, 11)].gross == D("36.76")  # Cora at 23:59:30
    assert by_day[date(2026, 11, 12)].gross == D("52.50")  # Sam at 00:00:00, Ada's priced house seat
    assert selectors.figures(one_day(date(2026, 11, 12))).sales.tickets == 4


def test_sales_over_the_week_by_day(story):
    points = selectors.series(THIS_WEEK)
    assert [point.first.day for point in points] == [12, 13, 14, 15, 16, 17, 18]
    assert [point.sales.tickets for point in points] == [4, 3, 1, 0, 0, 0, 0]
    assert [point.sales.gross for point in points] == [D("52.50"), D("31.91"), D("12.50")] + [D("0")] * 4
    assert [point.sales.refunds for point in points] == [D("0"), D("0"), D("86.17")] + [D("0")] * 4
    assert points[0].label == "Thu 12 Nov"


def test_weekly_and_monthly_steps(story):
    november = Period(date(2026, 11, 1), date(2026, 11, 30), "month")
    weeks = selectors.series(november, "week")
    assert [(p.first.day, p.last.day) for p in weeks] == [(1, 4), (5, 11), (12, 18), (19, 25), (26, 30)]
    assert [p.sales.gross for p in weeks] == [D("0"), D("61.76"), D("96.91"), D("0"), D("0")]
    year = selectors.series(Period(date(2026, 1, 1), date(2026, 12, 31), "year"))
    assert len(year) == 12 and year[10].label == "Nov 2026" and year[10].sales.gross == D("158.67")


def test_revenue_by_movie_adds_up_to_the_total(story):
    rows = selectors.by_movie(THIS_WEEK)
    assert [(r.label, r.sales.tickets, r.sales.gross, r.sales.refunds, r.sales.net) for r in rows] == [
        ("Night Train", 7, D("75.00"), D("40.00"), D("35.00")),
        ("Paper Lanterns", 1, D("21.91"), D("46.17"), D("-24.26")),
    ]
    assert rows[1].sales.comps == 2
    assert sum(r.sales.gross for r in rows) == selectors.figures(THIS_WEEK).sales.gross


def test_revenue_by_genre_counts_a_movie_under_each_of_its_genres(story):
    rows = selectors.by_genre(THIS_WEEK)
    assert [(r.label, r.sales.gross) for r in rows] == [
        ("Thriller", D("75.00")),
        ("Drama", D("21.91")),
        ("Romance", D("21.91")),
    ]


def test_revenue_by_category_ticket_type_channel_and_seller_each_add_up(story):
    total = selectors.figures(THIS_WEEK).sales
    category = {r.key: (r.sales.tickets, r.sales.comps, r.sales.gross) for r in selectors.by_category(THIS_WEEK)}
    assert category == {"standard": (5, 0, D("51.13")), "vip": (3, 2, D("45.78"))}
    kinds = {r.label: (r.sales.tickets, r.sales.comps, r.sales.gross) for r in selectors.by_ticket_type(THIS_WEEK)}
    assert kinds == {"Standard": (5, 0, D("51.13")), "VIP": (2, 0, D("30.78")), "House seats": (1, 2, D("15.00"))}
    channel = {r.key: (r.sales.tickets, r.sales.gross, r.sales.refunds) for r in selectors.by_channel(THIS_WEEK)}
    assert channel == {
        "counter": (7, D("72.50"), D("40.00")),
        "house": (1, D("15.00"), D("0.00")),
        "online": (0, D("9.41"), D("46.17")),
    }
    sellers = {r.label: (r.sales.tickets, r.sales.gross, r.sales.net) for r in selectors.by_seller(THIS_WEEK)}
    assert sellers == {
        "Sue Seller": (4, D("40.00"), D("0.00")),
        "Sam Seller": (3, D("32.50"), D("32.50")),
        "Ada Admin": (1, D("15.00"), D("15.00")),
        selectors.ONLINE: (0, D("9.41"), D("-36.76")),
    }
    for breakdown in (selectors.by_category, selectors.by_ticket_type, selectors.by_channel, selectors.by_seller):
        rows = breakdown(THIS_WEEK)
        assert sum(r.sales.gross for r in rows) == total.gross
        assert sum(r.sales.tickets for r in rows) == total.tickets
        assert sum(r.sales.refunds for r in rows) == total.refunds


def test_a_salesmans_own_figures(story):
    sam = selectors.figures(THIS_WEEK, sellers=[story.sam])
    assert (sam.sales.bookings, sam.sales.tickets, sam.sales.gross) == (2, 3, D("32.50"))
    assert sam.audience is None  # shows are the theater's, not one salesman's
    takings = {t.method: t for t in selectors.takings(THIS_WEEK, taken_by=[story.sam])}
    cash, card, online = takings["cash"], takings["card"], takings["online"]
    assert (cash.method, cash.payments, cash.taken, cash.refunds, cash.handed_back) == (
        "cash",
        3,
        D("96.17"),  # 37.50 + 46.17 + 12.50
        2,
        D("63.67"),  # 17.50 + 46.17
    )
    assert (card.taken, online.taken) == (D("0"), D("0"))


def test_money_taken_and_handed_back_by_method(story):
    takings = {t.method: (t.taken, t.handed_back, t.net) for t in selectors.takings(THIS_WEEK)}
    assert takings == {
        "cash": (D("96.17"), D("63.67"), D("32.50")),
        "card": (D("40.00"), D("40.00"), D("0.00")),
        "online": (D("0"), D("0"), D("0")),
    }
    assert {t.method: t.taken for t in selectors.takings(LAST_WEEK)}["cash"] == D("25.00")


def test_a_refund_is_due_on_the_cancellation_day_until_staff_pay_it_out():
    story = tell()  # Cora's 46.17 was cancelled on Saturday and paid out on Monday
    saturday, monday = one_day(date(2026, 11, 14)), one_day(date(2026, 11, 16))
    assert selectors.figures(saturday).sales.refunded == D("86.17")  # Sue's 40.00 and Cora's 46.17
    with freeze_time(at(2026, 11, 20, 10, 0)):
        show = make_show(movie=story.lanterns, auditorium_=story.hall1, starts_at=at(2026, 11, 28, 20, 0))
        booking = confirmed(show, "A1", "A2", customer=story.cora)  # no tier left after her cancellation
        services.payment_record(booking=booking, method="card", by=story.sue)
    with freeze_time(at(2026, 11, 21, 10, 0)):
        services.booking_cancel(booking=booking, by=story.cora, reason="Away")
    the_21st = one_day(date(2026, 11, 21))
    sales = selectors.figures(the_21st).sales
    assert (sales.refunds, sales.refund_due, sales.refunded) == (D("25.00"), D("25.00"), D("0.00"))
    with freeze_time(at(2026, 11, 23, 10, 0)):
        services.refund_record(booking=booking, by=story.sue)
    sales = selectors.figures(the_21st).sales  # still the cancellation day's refund, now paid out
    assert (sales.refunds, sales.refund_due, sales.refunded, sales.net) == (
        D("25.00"),
        D("0.00"),
        D("25.00"),
        D("-25.00"),
    )
    card = {t.method: t for t in selectors.takings(one_day(date(2026, 11, 23)))}["card"]
    assert (card.refunds, card.handed_back) == (1, D("25.00"))  # the money left on the payout day
    assert selectors.figures(monday).sales.refunds == D("0.00")


def test_an_unpaid_booking_cancelled_was_never_paid():
    with freeze_time(at(2026, 11, 20, 10, 0)):
        booking = confirmed(make_show(starts_at=at(2026, 11, 28, 20, 0)), "A1")
    with freeze_time(at(2026, 11, 22, 10, 0)):
        services.booking_cancel(booking=booking, by=booking.customer, reason="Away")
    sales = selectors.figures(Period(date(2026, 11, 20), date(2026, 11, 22))).sales
    assert (sales.gross, sales.refunds, sales.never_paid, sales.net) == (D("12.50"), D("12.50"), D("12.50"), D("0"))


def test_the_audience_on_the_show_date(story):
    audience = selectors.figures(THIS_WEEK).audience
    assert (audience.shows, audience.capacity) == (2, 48)
    assert (audience.admissions, audience.comps, audience.attended, audience.no_shows) == (6, 2, 3, 3)
    assert audience.revenue == D("47.50")  # 12.50 (P A5) + 15.00 (Q C1) + 20.00 (Q A1 A2)
    assert audience.occupancy == D("12.5")
    last = selectors.figures(LAST_WEEK).audience
    assert (last.shows, last.admissions, last.revenue, last.occupancy) == (1, 2, D("25.00"), D("8.3"))


def test_the_film_week_grid(story):
    grid = selectors.film_week_grid(THIS_WEEK)
    assert [
        (f.title, f.admissions, f.revenue, f.last_admissions, f.last_revenue, f.to_date_admissions, f.to_date_revenue)
        for f in grid
    ] == [
        ("Night Train", 3, D("35.00"), 0, D("0"), 3, D("35.00")),
        ("Paper Lanterns", 3, D("12.50"), 2, D("25.00"), 5, D("37.50")),
    ]
    assert grid[0].change is None and grid[1].change == D("-50.0")


def test_occupancy_by_auditorium_and_by_hour(story):
    halls = selectors.occupancy(THIS_WEEK)
    assert [(o.label, o.shows, o.capacity, o.admissions, o.occupancy) for o in halls] == [
        ("Hall 1", 1, 24, 3, D("12.5")),
        ("Hall 2", 1, 24, 3, D("12.5")),
    ]
    hours = selectors.occupancy(THIS_WEEK, by="hour")
    assert [(o.label, o.admissions) for o in hours] == [("18:00", 3), ("20:00", 3)]
    assert selectors.admissions([story.p.pk, story.q.pk, story.r.pk]) == {story.p.pk: 3, story.q.pk: 3, story.r.pk: 2}


def test_change_against_the_previous_period():
    assert selectors.change(D("120"), D("100")) == D("20.0")
    assert selectors.change(D("75"), D("100")) == D("-25.0")
    assert selectors.change(5, 0) is None


def test_a_movie_without_a_genre_counts_under_no_genre():
    with freeze_time(at(2026, 11, 20, 10, 0)):
        show = make_show(movie=MovieFactory(title="Untitled"), starts_at=at(2026, 11, 28, 20, 0))
        confirmed(show, "A1")
    rows = selectors.by_genre(Period(date(2026, 11, 20), date(2026, 11, 20)))
    assert [(row.key, row.label, row.sales.gross) for row in rows] == [(None, selectors.NO_GENRE, D("12.50"))]


def test_the_staff_performance_page_reads_the_same_figures(story):
    """One source: a salesman's bookings, tickets, revenue and cancellations on the Performance
    page are the sales figures (Sue sold 4 tickets on Friday, cancelled and refunded on Saturday)."""
    from employees.models import Employee
    from employees.selectors import performance

    for user in (story.sam, story.sue):
        Employee.objects.create(user=user, started_on=date(2026, 1, 1))
    rows = {row.user: row for row in performance(Employee.objects.all(), start=THIS_WEEK.first, end=THIS_WEEK.last)}
    figures = {row.key: row.sales for row in selectors.by_seller(THIS_WEEK)}
    for user, expected in ((story.sam, (2, 3, D("32.50"), 0)), (story.sue, (1, 4, D("0.00"), 1))):
        row, sales = rows[user], figures[user.pk]
        assert (row.bookings_made, row.tickets_sold, row.revenue, row.cancellations) == expected
        assert expected == (sales.bookings, sales.tickets, sales.net, sales.cancelled_bookings)
