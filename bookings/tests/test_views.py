"""Booking pages as customers and staff use them."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from bookings import services
from bookings.models import Booking, Ticket
from bookings.tests.factories import confirmed, held, seats_of, sold_at_counter
from movies.tests.factories import auditorium
from movies.tests.factories import show as make_show
from users.models import Role, User
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def show():
    return make_show()


@pytest.fixture
def customer(client, sign_in):
    return sign_in(UserFactory(email="mia@example.com"))


def test_anyone_sees_the_seat_map_and_is_asked_to_sign_in(client, show):
    held(show, "A1")
    response = client.get(reverse("bookings:seat_map", args=[show.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Sign in to book" in body
    assert body.count('<input type="checkbox" name="seat" value=') == show.auditorium.seats.count()
    seat_map = response.context["seat_map"]
    assert seat_map.state_of(seats_of(show, "A1")[0]) == "held" and seat_map.state_of(seats_of(show, "A2")[0]) == "free"


def test_customer_holds_then_confirms(client, customer, show, django_capture_on_commit_callbacks, mailoutbox):
    response = client.post(reverse("bookings:hold", args=[show.pk]), {"seat": seats_of(show, "A1", "C1")})
    booking = Booking.objects.get(customer=customer)
    assert response["Location"] == reverse("bookings:checkout", args=[booking.reference])
    page = client.get(response["Location"])
    assert "Seats held for you" in page.content.decode() and "€30.50" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.request["PATH_INFO"], {"provider": "box_office"}, follow=True)
    assert f"Your reference is {booking.reference}" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert mailoutbox[-1].to == ["mia@example.com"]


@pytest.mark.parametrize(
    ("seats", "message"),
    [([], "Choose at least one seat"), (["abc"], "not seats of this show"), (["987654"], "not seats of this show")],
)
def test_bad_or_tampered_selection_is_explained(client, customer, show, seats, message):
    response = client.post(reverse("bookings:hold", args=[show.pk]), {"seat": seats}, follow=True)
    assert message in response.content.decode()
    assert not Booking.objects.exists()


def test_a_taken_seat_is_explained(client, customer, show):
    held(show, "A1")
    response = client.post(reverse("bookings:hold", args=[show.pk]), {"seat": seats_of(show, "A1")}, follow=True)
    assert "A1 was just taken" in response.content.decode()


def test_posted_prices_are_ignored(client, customer, show):
    client.post(reverse("bookings:hold", args=[show.pk]), {"seat": seats_of(show, "A1"), "price": "0.01", "total": "0"})
    assert Booking.objects.get().total == show.price_standard


def test_expired_hold_at_checkout_sends_back_to_seats(client, customer, show):
    client.post(reverse("bookings:hold", args=[show.pk]), {"seat": seats_of(show, "A1")})
    booking = Booking.objects.get()
    with freeze_time(timezone.now() + timedelta(minutes=11)):
        response = client.post(
            reverse("bookings:checkout", args=[booking.reference]), {"provider": "box_office"}, follow=True
        )
    assert "have been released" in response.content.decode()
    assert not Booking.objects.exists()


def test_unknown_payment_provider_is_refused_on_the_form(client, customer, show):
    client.post(reverse("bookings:hold", args=[show.pk]), {"seat": seats_of(show, "A1")})
    booking = Booking.objects.get()
    response = client.post(reverse("bookings:checkout", args=[booking.reference]), {"provider": "free-money"})
    assert "Select a valid choice" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.HELD


def test_started_or_cancelled_show_has_no_seat_map(client, show):
    with freeze_time(show.starts_at + timedelta(minutes=1)):
        assert client.get(reverse("bookings:seat_map", args=[show.pk])).status_code == 404
    assert client.get(reverse("bookings:seat_map", args=[999999])).status_code == 404


def test_customer_history_and_cancel(client, customer, show):
    booking = confirmed(show, "A1", customer=customer)
    page = client.get(reverse("bookings:mine")).content.decode()
    assert booking.reference in page and "Upcoming" in page
    response = client.post(reverse("bookings:cancel", args=[booking.reference]), {"reason": "Sick"}, follow=True)
    assert f"Booking {booking.reference} is cancelled." in response.content.decode()
    assert Ticket.objects.get(booking=booking).status == Ticket.Status.CANCELLED


def test_customer_cannot_cancel_after_the_show_started(client, customer, show):
    booking = confirmed(show, "A1", customer=customer)
    with freeze_time(show.starts_at + timedelta(minutes=5)):
        response = client.post(reverse("bookings:cancel", args=[booking.reference]), {"reason": "Late"}, follow=True)
    assert "can no longer be cancelled" in response.content.decode()


def test_customer_downloads_pdfs(client, customer, show):
    booking = confirmed(show, "A1", customer=customer)
    tickets = client.get(reverse("bookings:tickets_pdf", args=[booking.reference]))
    invoice = client.get(reverse("bookings:invoice_pdf", args=[booking.reference]) + "?download=1")
    assert tickets["Content-Type"] == "application/pdf" and tickets.content.startswith(b"%PDF")
    assert f'attachment; filename="invoice-{booking.invoice_number}.pdf"' == invoice["Content-Disposition"]


# --- Counter ------------------------------------------------------------------------------------


@pytest.fixture
def salesman(client, sign_in):
    return sign_in(UserFactory(role=Role.SALESMAN))


def test_salesman_finds_a_customer_and_sells(client, salesman, show):
    buyer = UserFactory(full_name="Nina Kino", phone="+49 170 5551234")
    page = client.get(reverse("bookings:counter", args=[show.pk]), {"q": "5551234"})
    assert "Nina Kino" in page.content.decode()
    response = client.post(
        reverse("bookings:counter", args=[show.pk]),
        {"seat": seats_of(show, "B1", "B2"), "customer": buyer.pk, "method": "card"},
    )
    booking = Booking.objects.get()
    assert response["Location"] == reverse("bookings:staff_detail", args=[booking.reference])
    assert (booking.customer, booking.created_by, booking.channel, booking.payment_status) == (
        buyer,
        salesman,
        "counter",
        "paid",
    )


def test_salesman_creates_a_walk_in_customer(client, salesman, show):
    client.post(
        reverse("bookings:counter", args=[show.pk]),
        {
            "seat": seats_of(show, "A3"),
            "walk_in_name": "Tom Walker",
            "walk_in_email": "tom@example.com",
            "method": "cash",
        },
    )
    walk_in = User.objects.get(email="tom@example.com")
    assert walk_in.role == Role.CUSTOMER and walk_in.full_name == "Tom Walker"
    assert Booking.objects.get().customer == walk_in


def test_walk_in_with_an_existing_email_is_explained(client, salesman, show):
    UserFactory(email="tom@example.com")
    response = client.post(
        reverse("bookings:counter", args=[show.pk]),
        {"seat": seats_of(show, "A3"), "walk_in_email": "TOM@example.com", "method": "cash"},
    )
    assert "already has an account" in response.content.decode()
    assert not Booking.objects.exists()


def test_salesman_sees_only_own_bookings(client, salesman, show):
    mine = sold_at_counter(show, "A1", salesman=salesman)
    theirs = sold_at_counter(show, "A2")
    page = client.get(reverse("bookings:staff_list")).content.decode()
    assert mine.reference in page and theirs.reference not in page
    assert client.get(reverse("bookings:staff_detail", args=[theirs.reference])).status_code == 404


def test_manager_filters_all_bookings(client, sign_in, show):
    sign_in(UserFactory(role=Role.MODERATOR))
    seller = UserFactory(role=Role.SALESMAN)
    counter = sold_at_counter(show, "A1", salesman=seller)
    online = confirmed(show, "A2")
    cancelled = confirmed(show, "A3")
    from bookings import services

    services.booking_cancel(booking=cancelled, by=cancelled.customer, reason="x")

    def refs(**params):
        return {b.reference for b in client.get(reverse("bookings:staff_list"), params).context["page"]}

    assert refs() == {counter.reference, online.reference, cancelled.reference}
    assert refs(salesman=seller.pk) == {counter.reference}
    assert refs(status="cancelled") == {cancelled.reference}
    assert refs(reference=online.reference.lower()) == {online.reference}
    assert refs(customer=online.customer.email) == {online.reference}
    assert refs(date=timezone.localtime(show.starts_at).date().isoformat()) == refs()
    assert refs(date="not-a-date") == refs()  # a bad filter is ignored, never a 500


def test_staff_takes_payment_changes_and_cancels(client, salesman, show):
    booking = sold_at_counter(show, "A1", salesman=salesman, method=None)
    detail = reverse("bookings:staff_detail", args=[booking.reference])
    assert "Due €12.50" in client.get(detail).content.decode()
    client.post(reverse("bookings:staff_pay", args=[booking.reference]), {"method": "cash"})
    booking.refresh_from_db()
    assert booking.payment_status == "paid"
    client.post(reverse("bookings:staff_change", args=[booking.reference]), {"seat": seats_of(show, "C2")})
    booking.refresh_from_db()
    assert booking.total == show.price_vip
    page = client.get(detail).content.decode()
    assert "changed" in page and "Due €5.50" in page
    client.post(reverse("bookings:staff_cancel", args=[booking.reference]), {"reason": "Wrong day"})
    booking.refresh_from_db()
    assert booking.status == "cancelled" and booking.refund_amount == show.price_standard


def test_house_seats_page_is_for_admins(client, sign_in, show):
    sign_in(UserFactory(role=Role.MODERATOR))
    assert client.get(reverse("bookings:house_seats", args=[show.pk])).status_code == 403
    client.logout()
    sign_in(UserFactory(role=Role.ADMIN))
    response = client.post(
        reverse("bookings:house_seats", args=[show.pk]),
        {"seat": seats_of(show, "B4"), "guest_name": "The Director", "complimentary": "on"},
    )
    booking = Booking.objects.get()
    assert response["Location"] == reverse("bookings:staff_detail", args=[booking.reference])
    seat_page = client.get(reverse("bookings:seat_map", args=[show.pk]))
    assert seat_page.context["seat_map"].state_of(seats_of(show, "B4")[0]) == "house"


def test_door_page_checks_in_once(client, salesman, show):
    ticket = sold_at_counter(show, "A1").tickets.get()
    with freeze_time(show.starts_at - timedelta(minutes=30)):  # the door is open
        first = client.post(reverse("bookings:door"), {"code": ticket.code, "show": show.pk})
        assert first.context["result"].outcome == "valid"
        second = client.post(reverse("bookings:door"), {"code": ticket.code, "show": show.pk})
        assert "Already used at" in second.content.decode()


def test_the_door_page_refuses_a_ticket_of_a_show_days_away_even_with_that_show_picked(client, salesman):
    days_away = make_show(starts_at=timezone.now() + timedelta(days=3))
    ticket = sold_at_counter(days_away, "A1").tickets.get()
    page = client.post(f"{reverse('bookings:door')}?show={days_away.pk}", {"code": ticket.code, "show": days_away.pk})
    assert page.context["result"].outcome == "other_show"
    assert 'data-outcome="valid"' not in page.content.decode() and "The door opens at" in page.content.decode()
    ticket.refresh_from_db()
    assert ticket.used_at is None


# --- Query budgets ------------------------------------------------------------------------------


def big_layout(rows, per_row):
    return "\n".join("V" * per_row if r >= rows - 2 else "S" * per_row for r in range(rows))


@pytest.mark.parametrize("viewer", ["anonymous", "customer"])
def test_seat_map_query_count_does_not_grow_with_seats(client, sign_in, django_assert_max_num_queries, viewer):
    if viewer == "customer":
        sign_in(UserFactory())
        client.get(reverse("notifications:list"))  # a page before: the bell's count is in the cache
    counts = []
    for name, rows in (("Small", 3), ("Large", 20)):  # 45 seats, then 300
        hall = auditorium(name=name, layout=big_layout(rows, 15))
        show = make_show(auditorium_=hall)
        confirmed(show, "A1", "A2", "B5")
        url = reverse("bookings:seat_map", args=[show.pk])
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        # Was 8; the bell's unread count is cached now (notifications/unread.py).
        with CaptureQueriesContext(connection) as captured, django_assert_max_num_queries(7):
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_checkout_query_count_does_not_grow_with_seats(client, sign_in, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    customer = sign_in(UserFactory())
    client.get(reverse("notifications:list"))  # a page before: the bell's count is in the cache
    counts = []
    for labels in (["A1"], ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4", "C1", "C2"]):
        show = make_show(auditorium_=auditorium(name=f"Hall {len(labels)}"))
        booking = held(show, *labels, customer=customer)
        # Was 10; the bell's unread count is cached now (notifications/unread.py).
        with CaptureQueriesContext(connection) as captured, django_assert_max_num_queries(9):
            client.get(reverse("bookings:checkout", args=[booking.reference]))
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_salesman_collects_payment_for_an_online_booking_by_reference(client, salesman, show):
    booking = confirmed(show, "A1")  # a customer's, pay at the box office
    page = client.get(reverse("bookings:collect"), {"reference": booking.reference.lower()})
    assert "Due <strong>€12.50</strong>" in page.content.decode()
    client.post(reverse("bookings:collect") + f"?reference={booking.reference}", {"method": "card"})
    booking.refresh_from_db()
    assert booking.payment_status == "paid" and booking.payments.get().recorded_by == salesman
    # Collecting money does not make it the salesman's booking to change or cancel.
    assert client.get(reverse("bookings:staff_detail", args=[booking.reference])).status_code == 404


@pytest.mark.parametrize("reference", ["", "XC-NOPE00", "garbage' OR 1=1"])
def test_collect_with_an_unknown_reference_is_explained(client, salesman, reference):
    response = client.get(reverse("bookings:collect"), {"reference": reference}, follow=True)
    assert response.status_code == 200
    assert "No unpaid booking" in response.content.decode() or "Type a reference" in response.content.decode()


def test_collect_refuses_paid_and_counter_bookings(client, salesman, show):
    counter_sale = sold_at_counter(show, "A2")
    response = client.get(reverse("bookings:collect"), {"reference": counter_sale.reference}, follow=True)
    assert "No unpaid booking" in response.content.decode()


def test_taken_seats_are_disabled_on_every_seat_map(client, salesman, show):
    sold_at_counter(show, "A1")
    taken = f'name="seat" value="{seats_of(show, "A1")[0]}"'
    for url in (reverse("bookings:seat_map", args=[show.pk]), reverse("bookings:counter", args=[show.pk])):
        body = client.get(url).content.decode()
        tag = body[body.index(taken) : body.index(">", body.index(taken))]
        assert "disabled" in tag


def test_change_page_offers_the_bookings_own_seats(client, salesman, show):
    booking = sold_at_counter(show, "A1", salesman=salesman)
    body = client.get(reverse("bookings:staff_change", args=[booking.reference])).content.decode()
    own = f'name="seat" value="{seats_of(show, "A1")[0]}"'
    tag = body[body.index(own) : body.index(">", body.index(own))]
    assert "checked" in tag and "disabled" not in tag


def test_a_refused_counter_sale_creates_no_walk_in_account(client, salesman, show):
    sold_at_counter(show, "A3")
    response = client.post(
        reverse("bookings:counter", args=[show.pk]),
        {"seat": seats_of(show, "A3"), "walk_in_name": "Tom", "walk_in_email": "tom@example.com", "method": "cash"},
    )
    assert "A3 was just taken" in response.content.decode()
    assert not User.objects.filter(email="tom@example.com").exists()


# --- My bookings (issue 14, point 12) ------------------------------------------------------


def test_my_bookings_upcoming_soonest_first_past_latest_first_cancelled_apart_in_pages(client, customer):
    now = timezone.now().replace(second=0, microsecond=0)
    hall = auditorium(name="History Hall")

    def booked(days):
        """A booking made a week before its show, which is `days` from now."""
        starts_at = now + timedelta(days=days)
        with freeze_time(starts_at - timedelta(days=7)):
            return confirmed(make_show(auditorium_=hall, starts_at=starts_at), "A1", customer=customer)

    # Booked in an order that is not the shows' order.
    later, sooner, cancelled = booked(5), booked(2), booked(4)
    older, recent = booked(-20), booked(-3)
    oldest = [booked(-40 - n) for n in range(10)]
    services.booking_cancel(booking=cancelled, by=customer, reason="Sick")

    context = client.get(reverse("bookings:mine")).context
    references = {name: [b.reference for b in context[name]] for name in ("upcoming", "past", "cancelled")}
    assert references["upcoming"] == [sooner.reference, later.reference]
    assert references["cancelled"] == [cancelled.reference]
    assert references["past"] == [recent.reference, older.reference] + [b.reference for b in oldest[:8]]
    page = client.get(reverse("bookings:mine"), {"past": 2})
    assert [b.reference for b in page.context["past"]] == [b.reference for b in oldest[8:]]
    assert [b.reference for b in page.context["upcoming"]] == [sooner.reference, later.reference]
    assert "Page 2 of 2" in page.content.decode()


def test_seat_map_ticks_the_seats_of_its_link_only_while_they_are_free(client, show):
    free, taken = seats_of(show, "A2")[0], seats_of(show, "A1")[0]
    held(show, "A1")
    query = f"?seat={free}&seat={taken}&seat=abc&seat=99999999999999999999&seat=-3"
    response = client.get(reverse("bookings:seat_map", args=[show.pk]) + query)
    assert response.status_code == 200
    assert response.context["chosen"] == {free}


# --- Seats left on lists of shows (issue 14, point 14) -------------------------------------


def test_seats_left_of_many_shows_cost_one_query(django_assert_num_queries):
    from bookings.selectors import seats_left
    from bookings.tests.factories import fill

    hall = auditorium(name="Counted Hall")  # 24 seats
    start = timezone.now() + timedelta(days=1)
    shows = [make_show(auditorium_=hall, starts_at=start + timedelta(hours=3 * n)) for n in range(12)]
    fill(shows[0])
    fill(shows[1], leave=2)
    fill(shows[2], leave=3)
    held(shows[3], "A1", "A2")
    with django_assert_num_queries(1):
        left = seats_left(show.pk for show in shows)
    assert [(left[s.pk].left, left[s.pk].sold_out, left[s.pk].few_left) for s in shows[:5]] == [
        (0, True, False),
        (2, False, True),  # 2 of 24 is under 10 %
        (3, False, False),
        (22, False, False),
        (24, False, False),
    ]
    with freeze_time(timezone.now() + timedelta(minutes=30)):  # the hold ran out: its seats are free again
        assert seats_left([shows[3].pk])[shows[3].pk].left == 24


def test_seats_left_counts_each_hall_by_its_own_seats(django_assert_num_queries):
    from bookings.selectors import seats_left
    from bookings.tests.factories import fill

    small, large = auditorium(name="Small Hall", layout="SSSS\nSSSS"), auditorium(name="Large Hall")  # 8 and 24 seats
    start = timezone.now() + timedelta(days=1)
    shows = [
        make_show(auditorium_=hall, starts_at=start + timedelta(hours=3 * n))
        for n, hall in enumerate([small, large] * 2)
    ]
    fill(shows[0], leave=1)
    confirmed(shows[1], "A1")
    held(shows[3], "A1", "A2", "A3")
    with django_assert_num_queries(1):
        left = seats_left(show.pk for show in shows)
    assert [(left[s.pk].left, left[s.pk].capacity) for s in shows] == [(1, 8), (23, 24), (8, 8), (21, 24)]


def test_a_sold_out_show_is_not_opened_for_booking(client, show):
    from bookings.tests.factories import fill

    fill(show)
    response = client.get(reverse("bookings:seat_map", args=[show.pk]), follow=True)
    assert response.redirect_chain[-1][0] == show.movie.get_absolute_url()
    assert "is sold out" in response.content.decode()


# --- Cancelling asks first and says what happens to the money; a refused coupon (issue 14, point 16)


def test_customer_cancel_asks_first_and_says_what_happens_to_the_money(client, customer, show):
    unpaid = confirmed(show, "A1", customer=customer)  # pay at the box office: nothing paid yet
    detail = client.get(reverse("bookings:detail", args=[unpaid.reference])).content.decode()
    cancel_url = reverse("bookings:cancel", args=[unpaid.reference])
    assert f'href="{cancel_url}"' in detail and f'action="{cancel_url}"' not in detail  # a page to confirm on

    page = client.get(cancel_url).content.decode()
    assert "Nothing has been paid for this booking, so there is nothing to refund." in page
    assert Booking.objects.get(pk=unpaid.pk).status == Booking.Status.CONFIRMED  # asking changes nothing

    paid = confirmed(make_show(auditorium_=auditorium(name="Hall 2")), "A1", "A2", customer=customer)
    services.payment_record(booking=paid, method="card", by=UserFactory(role=Role.SALESMAN))
    page = client.get(reverse("bookings:cancel", args=[paid.reference])).content.decode()
    assert "You paid €25.00. It is refunded at the box office" in page
    response = client.post(reverse("bookings:cancel", args=[paid.reference]), {"reason": "Ill"}, follow=True)
    assert "Your refund of €25.00 is waiting for you at the box office." in response.content.decode()


def test_staff_cancel_asks_first_and_offers_to_hand_the_money_back(client, sign_in, show):
    booking = sold_at_counter(show, "A1", "B1")
    sign_in(UserFactory(role=Role.MODERATOR))
    detail = client.get(reverse("bookings:staff_detail", args=[booking.reference])).content.decode()
    cancel_url = reverse("bookings:staff_cancel", args=[booking.reference])
    assert f'href="{cancel_url}"' in detail and f'action="{cancel_url}"' not in detail
    page = client.get(cancel_url).content.decode()
    assert "€25.00 was paid (counter cash)." in page and "I am handing the €25.00 back now" in page
    response = client.post(cancel_url, {"reason": "Wrong day", "refund_now": "on"}, follow=True)
    assert f"{booking.reference} is cancelled; its seats are free again." in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED and booking.payment_status == Booking.PaymentStatus.REFUNDED


def test_cancel_page_of_a_booking_that_cannot_be_cancelled_says_why(client, customer, show):
    booking = confirmed(show, "A1", customer=customer)
    with freeze_time(show.starts_at + timedelta(minutes=1)):
        response = client.get(reverse("bookings:cancel", args=[booking.reference]), follow=True)
    assert "can no longer be cancelled" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("bookings:detail", args=[booking.reference])


def coupon_box(page: str) -> str:
    return re.search(r'<input[^>]*name="coupon"[^>]*>', page).group(0)


def test_a_refused_coupon_explains_itself_once_and_leaves_confirm_usable(client, customer, show):
    booking = held(show, "A1", customer=customer)
    url = reverse("bookings:checkout", args=[booking.reference])
    response = client.post(url, {"provider": "box_office", "coupon": "NOPE"})
    page = response.content.decode()
    assert response.status_code == 200 and Booking.objects.get(pk=booking.pk).status == Booking.Status.HELD
    assert page.count("No coupon has the code “NOPE”") == 1
    assert "Confirm again to book without it" in page
    assert 'value=""' in coupon_box(page) or "value=" not in coupon_box(page)  # the box is emptied

    client.post(url, {"provider": "box_office", "coupon": ""})  # what the page now sends
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CONFIRMED
