"""Every booking, ticket and invoice URL against every other kind of visitor.

The owner customer, the salesman who sold it and managers may see a booking; anyone else gets
404 (the same answer as for a booking that does not exist), or 403 for a page of another role.
"""

import pytest
from django.urls import reverse

from bookings.models import Booking
from bookings.tests.factories import held, sold_at_counter
from movies.tests.factories import show as make_show
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# url name, method, which booking ("sold" confirmed at the counter, "held" awaiting checkout)
CUSTOMER_URLS = [
    ("bookings:detail", "get", "sold"),
    ("bookings:checkout", "get", "held"),
    ("bookings:cancel", "post", "sold"),
]
DOCUMENT_URLS = [("bookings:tickets_pdf", "get", "sold"), ("bookings:invoice_pdf", "get", "sold")]
STAFF_URLS = [
    ("bookings:staff_detail", "get", "sold"),
    ("bookings:staff_change", "get", "sold"),
    ("bookings:staff_pay", "post", "sold"),
    ("bookings:staff_cancel", "post", "sold"),
    ("bookings:staff_refund", "post", "sold"),
]

# visitor → expected status for customer pages, documents, staff pages
EXPECTED = {
    "anonymous": ("login", 404, "login"),
    "owner": ("ok", "ok", 403),
    "other customer": (404, 404, 403),
    "seller": (403, "ok", "ok"),
    "other salesman": (403, 404, 404),
    "moderator": (403, "ok", "ok"),
    "admin": (403, "ok", "ok"),
}


@pytest.fixture
def world():
    show = make_show()
    owner = UserFactory(email="owner@example.com")
    seller = UserFactory(role=Role.SALESMAN)
    sold = sold_at_counter(show, "A1", customer=owner, salesman=seller, method=None)
    hold = held(show, "B1", customer=owner)
    visitors = {
        "anonymous": None,
        "owner": owner,
        "other customer": UserFactory(),
        "seller": seller,
        "other salesman": UserFactory(role=Role.SALESMAN),
        "moderator": UserFactory(role=Role.MODERATOR),
        "admin": UserFactory(role=Role.ADMIN),
    }
    return {"sold": sold, "held": hold, "visitors": visitors}


def check(response, expected):
    if expected == "login":
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    elif expected == "ok":
        assert response.status_code in (200, 302)
        assert not response.get("Location", "").startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("visitor", list(EXPECTED))
@pytest.mark.parametrize(
    ("group", "url"),
    [(0, u) for u in CUSTOMER_URLS] + [(1, u) for u in DOCUMENT_URLS] + [(2, u) for u in STAFF_URLS],
    ids=lambda value: value[0] if isinstance(value, tuple) else str(value),
)
def test_booking_urls_by_visitor(client, sign_in, world, visitor, group, url):
    name, method, which = url
    user = world["visitors"][visitor]
    if user is not None:
        sign_in(user)
    booking = world[which]
    before = (booking.status, booking.payment_status)
    data = {"reason": "test", "method": "cash"}
    response = getattr(client, method)(reverse(name, args=[booking.reference]), data if method == "post" else None)
    expected = EXPECTED[visitor][group]
    check(response, expected)
    if expected != "ok" and method == "post":
        booking.refresh_from_db()
        assert (booking.status, booking.payment_status) == before  # a refused action changes nothing


@pytest.mark.parametrize("visitor", ["owner", "seller", "moderator"])
def test_unknown_reference_is_404_for_everyone(client, sign_in, world, visitor):
    sign_in(world["visitors"][visitor])
    name = "bookings:detail" if visitor == "owner" else "bookings:staff_detail"
    assert client.get(reverse(name, args=["XC-NOPE00"])).status_code == 404
    assert client.get(reverse("bookings:tickets_pdf", args=["XC-NOPE00"])).status_code == 404


def test_held_booking_has_no_documents_yet(client, sign_in, world):
    sign_in(world["visitors"]["owner"])
    assert client.get(reverse("bookings:invoice_pdf", args=[world["held"].reference])).status_code == 404
    assert Booking.objects.filter(invoice_number__isnull=True).count() == 1
