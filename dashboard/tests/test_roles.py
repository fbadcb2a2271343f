"""The Moderator, Salesman and Customer dashboards on the known fortnight (sales/tests/story.py):
each figure to the cent, and each person sees only what is theirs to see."""

from datetime import date, time

import pytest
from django.urls import reverse
from freezegun import freeze_time

from bookings.models import Booking
from bookings.tests.factories import confirmed
from dashboard.tests.page import foot, parse, table
from employees.models import Employee, Shift
from movies.tests.factories import show as make_show
from notifications.models import Notification
from sales.tests.story import at, tell
from support.models import Thread
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return tell()


@pytest.fixture
def page(client, sign_in):
    def get(user, name, **params):
        sign_in(user)
        response = client.get(reverse(f"dashboard:{name}"), params)
        assert response.status_code == 200
        return parse(response.content.decode())

    return get


def values(element) -> dict:
    return {node.attrs["data-value"]: node.text() for node in element.find_all(data_value=True)}


# --- Moderator ---------------------------------------------------------------------------------------


@pytest.fixture
def moderator(story):
    """Mo supervises Sam only; Sue reports to another moderator."""
    mo = UserFactory(role=Role.MODERATOR, full_name="Mo Moderator")
    other = UserFactory(role=Role.MODERATOR)
    Employee.objects.create(user=mo, started_on=date(2026, 1, 1))
    Employee.objects.create(user=story.sam, started_on=date(2026, 1, 1), supervisor=mo)
    Employee.objects.create(user=story.sue, started_on=date(2026, 1, 1), supervisor=other)
    return mo


def test_the_moderators_period_figures_and_sales_over_time(page, moderator):
    with freeze_time(at(2026, 11, 17, 12, 0)):
        document = page(moderator, "moderator")
    tiles = {tile.attrs["data-kpi"]: tile.find(data_value=True).text() for tile in document.find_all(data_kpi=True)}
    assert tiles == {"tickets": "8", "cancelled": "7", "gross": "€96.91", "net": "€10.74"}
    assert table(document, "series")[:3] == [
        ["Thu 12 Nov", "4", "0", "€52.50", "€52.50"],
        ["Fri 13 Nov", "3", "0", "€31.91", "€31.91"],
        ["Sat 14 Nov", "1", "7", "€12.50", "−€73.67"],
    ]
    assert document.find("canvas", data_chart="chart-sales")
    assert "Counted on the day of sale" in document.find(data_section="series").text()


def test_the_moderator_sees_only_their_own_salesmens_performance(page, moderator):
    with freeze_time(at(2026, 11, 17, 12, 0)):
        document = page(moderator, "moderator")
    assert table(document, "salesmen") == [["Sam Seller", "2", "3", "€32.50", "0"]]  # not Sue
    with freeze_time(at(2026, 11, 17, 12, 0)):
        document = page(moderator, "moderator", period="last_week")
    assert table(document, "salesmen") == [["Sam Seller", "1", "2", "€25.00", "0"]]


def test_recent_bookings_and_cancellations_link_to_them(page, moderator, story):
    with freeze_time(at(2026, 11, 17, 12, 0)):
        document = page(moderator, "moderator")
    recent = document.find(data_list="recent-bookings").find_all("li")
    e2b = Booking.objects.get(created_by=story.sam, show=story.p)
    assert recent[0].text().startswith(f"{e2b.reference} · Paper Lanterns · €12.50 confirmed Sat 14 Nov 2026, 18:00")
    assert recent[0].find("a").attrs["href"] == reverse("bookings:staff_detail", args=[e2b.reference])
    assert len(recent) == 5  # E0, E2 (changed), E3, E4, E2b; the cancelled two are apart
    cancelled = [item.text() for item in document.find(data_list="recent-cancellations").find_all("li")]
    cora = Booking.objects.get(customer=story.cora)
    sue = Booking.objects.get(created_by=story.sue)
    assert cancelled == [
        f"{cora.reference} · Paper Lanterns · €46.17 cancelled Sat 14 Nov 2026, 11:00",
        f"{sue.reference} · Night Train · €40.00 cancelled Sat 14 Nov 2026, 09:00",
    ]


def test_todays_shows_with_seats_sold_and_support_waiting(page, moderator, story):
    Thread.objects.create(customer=story.cora, subject="Lost scarf")
    Thread.objects.create(customer=story.cora, subject="Answered", staff_unread=False)
    Thread.objects.create(customer=story.cora, subject="Done", status=Thread.Status.CLOSED)
    with freeze_time(at(2026, 11, 15, 12, 0)):  # Sunday: Night Train at 18:00 in Hall 2
        document = page(moderator, "moderator")
    # Valid tickets: Sam's A1 A2 (after the change) and the critic's priced house seat C1.
    assert table(document, "shows-today") == [["18:00", "Night Train", "Hall 2", "3 / 24", "21"]]
    assert values(document.find(data_section="support")) == {"waiting": "1"}


# --- Salesman ----------------------------------------------------------------------------------------


def test_a_salesmans_own_sales_today_and_this_week(page, story):
    with freeze_time(at(2026, 11, 14, 23, 0)):  # Saturday
        document = page(story.sam, "salesman")
    today = document.find(data_own="today")
    assert values(today) == {"bookings": "1", "tickets": "1", "gross": "€12.50", "cancelled": "0", "net": "€12.50"}
    # Cora's 46.17 taken in cash in the morning, and the 12.50 of the evening's sale.
    assert table(today, "takings-today") == [
        ["Online", "€0.00", "€0.00", "€0.00"],
        ["Counter cash", "€58.67", "€0.00", "€58.67"],
        ["Counter card", "€0.00", "€0.00", "€0.00"],
    ]
    assert foot(today, "takings-today") == ["Total", "", "", "€58.67"]
    with freeze_time(at(2026, 11, 17, 12, 0)):
        document = page(story.sam, "salesman")
    week = document.find(data_own="week")
    assert "Cinema week 12–18 Nov 2026" in week.text()
    assert values(week) == {"bookings": "2", "tickets": "3", "gross": "€32.50", "cancelled": "0", "net": "€32.50"}
    # 37.50 + 46.17 + 12.50 taken; 17.50 (the change) and 46.17 (Cora's refund, Monday) handed back.
    assert table(week, "takings-week")[1] == ["Counter cash", "€96.17", "€63.67", "€32.50"]


def test_a_salesman_never_sees_another_salesmans_figures(page, story):
    with freeze_time(at(2026, 11, 17, 12, 0)):
        document = page(story.sue, "salesman")
        week = document.find(data_own="week")
        assert values(week) == {"bookings": "1", "tickets": "4", "gross": "€40.00", "cancelled": "4", "net": "€0.00"}
        assert table(week, "takings-week")[1:] == [
            ["Counter cash", "€0.00", "€0.00", "€0.00"],
            ["Counter card", "€40.00", "€40.00", "€0.00"],
        ]
        assert "Sam" not in document.find(data_section="own-sales").text()
        # No query string reaches another seller's figures.
        other = page(story.sue, "salesman", seller=story.sam.pk, taken_by=story.sam.pk)
        assert values(other.find(data_own="week")) == values(week)


def test_todays_shows_with_one_click_to_sell_and_the_next_shift(page, story):
    employee = Employee.objects.create(user=story.sam, started_on=date(2026, 1, 1))
    Shift.objects.create(employee=employee, day=date(2026, 11, 14), starts=time(9), ends=time(13))
    Shift.objects.create(employee=employee, day=date(2026, 11, 16), starts=time(14), ends=time(22), counter="Foyer")
    with freeze_time(at(2026, 11, 14, 12, 0)):  # Saturday noon: Paper Lanterns at 20:00
        later = make_show(movie=story.night_train, auditorium_=story.hall2, starts_at=at(2026, 11, 14, 22, 30))
        document = page(story.sam, "salesman")
    # Valid tickets of P: the Mayor's C2 C3 and Sam's A5.
    assert table(document, "shows-today") == [
        ["20:00", "Paper Lanterns", "Hall 1", "3 / 24", "21", "Sell"],
        ["22:30", "Night Train", "Hall 2", "0 / 24", "24", "Sell"],
    ]
    sell = document.find(data_show=str(story.p.pk)).find("a")
    assert sell.attrs["href"] == reverse("bookings:counter", args=[story.p.pk])
    assert document.find(data_show=str(later.pk))
    assert document.find(data_next_shift=True).text() == "Sat 14 Nov 2026, 09:00–13:00 at the Main counter"
    with freeze_time(at(2026, 11, 14, 21, 0)):  # the shift is over, P has started
        document = page(story.sam, "salesman")
    assert table(document, "shows-today")[0][-1] == "Started"
    assert document.find(data_next_shift=True).text() == "Mon 16 Nov 2026, 14:00–22:00 at the Foyer"


# --- Customer ----------------------------------------------------------------------------------------


@pytest.mark.usefixtures("default_tiers")
def test_the_customers_bookings_with_their_documents(page, story, django_capture_on_commit_callbacks):
    with freeze_time(at(2026, 11, 17, 12, 0)):
        friday = make_show(movie=story.night_train, auditorium_=story.hall2, starts_at=at(2026, 11, 20, 18, 0))
        with django_capture_on_commit_callbacks(execute=True):  # her tier is recounted once the sale commits
            upcoming = confirmed(friday, "A3", customer=story.cora)  # no tier left after her cancellation
        Notification.objects.filter(user=story.cora).update(read_at=at(2026, 11, 17, 11, 0))  # the bookings' notices
        Notification.objects.create(user=story.cora, kind="booking", title="See you on Friday", url="/bookings/")
        Notification.objects.create(
            user=story.cora, kind="offers", title="Two for one", read_at=at(2026, 11, 17, 11, 0)
        )
        document = page(story.cora, "customer")
    items = document.find(data_section="upcoming").find_all("li")
    assert len(items) == 1
    assert items[0].text() == (
        f"Night Train Fri 20 Nov 2026, 18:00 · Hall 2 · {upcoming.reference} · €12.50 Tickets (PDF) Invoice (PDF)"
    )
    links = [a.attrs["href"] for a in items[0].find_all("a")]
    assert links == [
        reverse("bookings:detail", args=[upcoming.reference]),
        reverse("bookings:tickets_pdf", args=[upcoming.reference]),
        reverse("bookings:invoice_pdf", args=[upcoming.reference]),
    ]
    assert document.find(data_section="past").text().startswith("Past No past bookings yet.")  # hers were cancelled
    notices = document.find(data_section="notifications")
    assert values(notices) == {"unread": "1 unread"}
    assert "See you on Friday" in notices.text() and "Two for one" not in notices.text()
    account = [a.attrs["href"] for a in document.find(data_section="account").find_all("a")]
    assert account == [reverse("account_email"), reverse("account_change_password"), reverse("users:profile")]
    assert document.find(data_loyalty=True).text() == (
        "Loyalty Member 5% off every booking 1 ticket in the last 12 months 99 more tickets to reach Silver (5% off)."
    )


def test_a_past_booking_keeps_its_documents(page, story):
    with freeze_time(at(2026, 11, 10, 12, 0)):
        show = make_show(movie=story.lanterns, auditorium_=story.hall1, starts_at=at(2026, 11, 13, 20, 0))
        booking = confirmed(show, "B7", "B8", customer=story.cora)
    with freeze_time(at(2026, 11, 17, 12, 0)):
        document = page(story.cora, "customer")
    past = document.find(data_section="past").find_all("li")
    assert [item.attrs["data-booking"] for item in past] == [booking.reference]
    assert "Invoice (PDF)" in past[0].text()
