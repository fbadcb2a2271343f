"""A sale costs a fixed number of queries, however many managers are told of it: the staff alerts
are written under the show's lock, so their cost would be the lock's."""

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

# The whole checkout POST: session, locks, pricing, invoice number, tier, notices, and the sales
# figures (the ticket lines read once; daily, seller and show rows added: 4).
CONFIRM_BUDGET = 39
# The whole counter POST, to a new customer (their tier row) paying cash; the figures as above,
# plus the day's takings for the cash (5).
COUNTER_SALE_BUDGET = 48


@pytest.fixture(params=[1, 6], ids=["1 manager", "6 managers"])
def managers(request):
    """Admins and Moderators with the default choice (an in-app alert), and one who turned
    staff alerts off in the site (told nothing)."""
    told = [UserFactory(role=Role.ADMIN if n % 2 else Role.MODERATOR) for n in range(request.param)]
    quiet = UserFactory(role=Role.ADMIN)
    notifications.preferences_save(user=quiet, choices={Kind.STAFF: (False, False)})
    return told, quiet


def alerted(user) -> list[str]:
    return list(Notification.objects.filter(user=user, kind=Kind.STAFF).values_list("title", flat=True))


def test_the_checkout_confirmation_has_a_query_budget(client, sign_in, managers, django_assert_max_num_queries):
    told, quiet = managers
    customer = sign_in(UserFactory())
    booking = held(make_show(), "A1", "C1", customer=customer)
    with django_assert_max_num_queries(CONFIRM_BUDGET):
        response = client.post(reverse("bookings:checkout", args=[booking.reference]), {"provider": "box_office"})
    assert response["Location"] == reverse("bookings:detail", args=[booking.reference])
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert all(alerted(manager) == [f"New booking {booking.reference}"] for manager in told)
    assert alerted(quiet) == []


def test_the_counter_sale_has_a_query_budget(client, sign_in, managers, django_assert_max_num_queries):
    told, quiet = managers
    show, customer = make_show(), UserFactory()
    sign_in(UserFactory(role=Role.SALESMAN))
    with django_assert_max_num_queries(COUNTER_SALE_BUDGET):
        response = client.post(
            reverse("bookings:counter", args=[show.pk]),
            {"seat": seats_of(show, "B1", "B2"), "customer": customer.pk, "method": "cash"},
        )
    booking = Booking.objects.get(customer=customer)
    assert response["Location"] == reverse("bookings:staff_detail", args=[booking.reference])
    assert booking.payment_status == Booking.PaymentStatus.PAID
    assert all(alerted(manager) == [f"New booking {booking.reference}"] for manager in told)
    assert alerted(quiet) == []
