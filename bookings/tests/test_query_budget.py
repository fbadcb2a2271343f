"""A sale costs a fixed number of queries, however many managers are told of it. Their alerts are
written once the booking has committed, outside the show's lock, at a fixed cost of their own."""

import pytest
from django.urls import reverse

from bookings.models import Booking
from bookings.tests.factories import held, seats_of
from movies.tests.factories import show as make_show
from notifications import services as notifications
from notifications.models import Kind, Notification
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The whole checkout POST: session, locks, pricing, invoice number, the customer's notice and mail,
# the amount due their mail quotes, and the sales figures (daily, seller and show rows added: 3).
# Was 35 with the staff alerts written under the lock, 38 with the tier recount in the transaction;
# that now waits for the commit (below), and a booking with no discount line no longer deletes its
# (absent) lines. Was 27 before the show's movie and auditorium came from the page's read, the
# figures and the notice took the tickets at hand (no ticket lines read, no count) and the invoice
# number became one UPDATE … RETURNING (the year's first: the row inserted with its number 1).
CONFIRM_BUDGET = 23
# The whole counter POST, to a new customer paying cash (was 43, alerts included, then 46 with the
# tier recount); the figures as above, plus the day's takings for the cash (5), plus the till: the
# cashier's open session locked and the payment's entry in it (2). Was 39 before the show's movie
# and auditorium came from the page's read, one read found both the expired holds and the taken
# seats, and the invoice number became one UPDATE … RETURNING.
COUNTER_SALE_BUDGET = 36
# After the commit: whether anyone asked for alerts at all (one prepared read: with nobody, as by
# default, that is all), then which of the managers and one insert of their notices (3); the
# customer's loyalty tier recounted (their tickets, the tiers, then one UPDATE of the count while
# the tier holds: 3, was 6; 9 for a customer's first tier row, which is created with its count).
STAFF_ALERT_BUDGET = 3 + 9


@pytest.fixture(params=[1, 6], ids=["1 manager", "6 managers"])
def managers(request, settings):
    """Admins and Moderators who asked for booking alerts in the site, one who left the default
    (off) and one who turned them off: only the first are told."""
    settings.EMAIL_DELIVERY = "worker"  # so the alerts are all that waits for the commit
    told = [UserFactory(role=Role.ADMIN if n % 2 else Role.MODERATOR) for n in range(request.param)]
    for manager in told:
        notifications.preferences_save(user=manager, choices={Kind.STAFF_BOOKINGS: (True, False)})
    quiet = UserFactory(role=Role.ADMIN)
    notifications.preferences_save(user=quiet, choices={Kind.STAFF_BOOKINGS: (False, False)})
    return told, [UserFactory(role=Role.MODERATOR), quiet]


def alerted(user) -> list[str]:
    return list(Notification.objects.filter(user=user, kind=Kind.STAFF_BOOKINGS).values_list("title", flat=True))


def alert_after_commit(after_commit, django_assert_max_num_queries, told, untold, title):
    assert not any(alerted(manager) for manager in told)  # nothing under the show's lock
    with django_assert_max_num_queries(STAFF_ALERT_BUDGET):
        for callback in after_commit:
            callback()
    assert all(alerted(manager) == [title] for manager in told)
    assert not any(alerted(manager) for manager in untold)


def test_the_checkout_confirmation_has_a_query_budget(
    client, sign_in, managers, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    told, untold = managers
    customer = sign_in(UserFactory())
    booking = held(make_show(), "A1", "C1", customer=customer)
    with django_capture_on_commit_callbacks() as after_commit, django_assert_max_num_queries(CONFIRM_BUDGET):
        response = client.post(reverse("bookings:checkout", args=[booking.reference]), {"provider": "box_office"})
    assert response["Location"] == reverse("bookings:detail", args=[booking.reference])
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    alert_after_commit(after_commit, django_assert_max_num_queries, told, untold, f"New booking {booking.reference}")


def test_the_counter_sale_has_a_query_budget(
    client, sign_in, managers, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    told, untold = managers
    show, customer = make_show(), UserFactory()
    sign_in(UserFactory(role=Role.SALESMAN))
    with django_capture_on_commit_callbacks() as after_commit, django_assert_max_num_queries(COUNTER_SALE_BUDGET):
        response = client.post(
            reverse("bookings:counter", args=[show.pk]),
            {"seat": seats_of(show, "B1", "B2"), "customer": customer.pk, "method": "cash"},
        )
    booking = Booking.objects.get(customer=customer)
    assert response["Location"] == reverse("bookings:staff_detail", args=[booking.reference])
    assert booking.payment_status == Booking.PaymentStatus.PAID
    alert_after_commit(after_commit, django_assert_max_num_queries, told, untold, f"New booking {booking.reference}")


# The checkout page: session, user, the booking with its show, movie and auditorium (the customer
# is the signed-in user, not read again), its seats, the customer's tier; the bell's count comes
# from the cache once a page has put it there. As many as before, but lighter: the booking's
# customer and seller are no longer joined in, nor the tickets read with the seats.
CHECKOUT_PAGE_BUDGET = 5


def test_the_checkout_page_has_a_query_budget(client, sign_in, django_assert_max_num_queries):
    customer = sign_in(UserFactory())
    booking = held(make_show(), "A1", "C1", customer=customer)
    page = reverse("bookings:checkout", args=[booking.reference])
    client.get(page)  # the bell's count cached
    with django_assert_max_num_queries(CHECKOUT_PAGE_BUDGET):
        response = client.get(page)
    assert response.status_code == 200 and booking.reference in response.content.decode()
