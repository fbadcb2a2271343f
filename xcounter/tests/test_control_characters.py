"""NUL and other control characters are refused at the edge with a 400, never a 500 (issue 10, point 6)."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from feedback.models import Feedback
from movies.tests.factories import MovieFactory
from movies.tests.factories import show as make_show
from reviews.models import Review
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BAD = "AB\x00CD"


@pytest.fixture
def scene():
    show = make_show()
    review = Review.objects.create(movie=show.movie, customer=UserFactory(), rating=4, text="Fine")
    feedback = Feedback.objects.create(author=UserFactory(), text="More popcorn")
    return {"show": show.pk, "review": review.pk, "feedback": feedback.pk}


def booking_url(name):
    return lambda scene: reverse(name, args=[BAD])


# (who, method, url, data): the 18 inputs that answered 500 on PostgreSQL.
INPUTS = {
    "customer booking": (Role.CUSTOMER, "get", booking_url("bookings:detail"), {}),
    "customer checkout": (Role.CUSTOMER, "post", booking_url("bookings:checkout"), {"method": "box_office"}),
    "customer quote": (Role.CUSTOMER, "get", booking_url("bookings:checkout_quote"), {}),
    "customer cancel": (Role.CUSTOMER, "post", booking_url("bookings:cancel"), {"reason": "x"}),
    "customer tickets": (Role.CUSTOMER, "get", booking_url("bookings:tickets_pdf"), {}),
    "customer invoice": (Role.CUSTOMER, "get", booking_url("bookings:invoice_pdf"), {}),
    "staff booking": (Role.ADMIN, "get", booking_url("bookings:staff_detail"), {}),
    "staff pay": (Role.ADMIN, "post", booking_url("bookings:staff_pay"), {"method": "cash"}),
    "staff cancel": (Role.ADMIN, "post", booking_url("bookings:staff_cancel"), {"reason": "x"}),
    "staff refund": (Role.ADMIN, "post", booking_url("bookings:staff_refund"), {}),
    "staff change": (Role.ADMIN, "get", booking_url("bookings:staff_change"), {}),
    "collect": (Role.SALESMAN, "get", lambda s: reverse("bookings:collect"), {"reference": BAD}),
    "counter search": (Role.SALESMAN, "get", lambda s: reverse("bookings:counter", args=[s["show"]]), {"q": BAD}),
    "counter quote coupon": (
        Role.SALESMAN,
        "get",
        lambda s: reverse("bookings:counter_quote", args=[s["show"]]),
        {"coupon": BAD},
    ),
    "checkout quote coupon": (
        Role.CUSTOMER,
        "get",
        lambda s: reverse("bookings:checkout_quote", args=["ABCDEFGH"]),
        {"coupon": BAD},
    ),
    "movie search": (None, "get", lambda s: reverse("home"), {"q": BAD}),
    "review answer": (
        Role.MODERATOR,
        "post",
        lambda s: reverse("reviews:moderate", args=[s["review"]]),
        {"action": "answer", "answer": BAD},
    ),
    "feedback answer": (
        Role.ADMIN,
        "post",
        lambda s: reverse("feedback:answer", args=[s["feedback"]]),
        {"answer": BAD},
    ),
}


@pytest.mark.parametrize("name", INPUTS)
def test_a_nul_byte_is_refused_with_400(client, sign_in, scene, name):
    role, method, url, data = INPUTS[name]
    if role is not None:
        sign_in(UserFactory(role=role))
    client.raise_request_exception = False  # today's 500 shows as a 500, not as a test error
    response = getattr(client, method)(url(scene), data)
    assert response.status_code == 400
    assert "We could not read that request" in response.content.decode()
    assert not Review.objects.exclude(answer="").exists() and not Feedback.objects.exclude(answer="").exists()


@pytest.mark.parametrize("character", ["\x01", "\x1b", "\x7f", "\x85"])
def test_other_control_characters_are_refused_too(client, character):
    assert client.get(reverse("home"), {"q": f"Dune{character}"}).status_code == 400
    assert client.get(f"/movies/dune{quote(character)}/").status_code == 400


def test_tab_and_line_breaks_stay_allowed_in_text(client, sign_in):
    """Multi-line text keeps its line breaks; only the path refuses them."""
    author = sign_in(UserFactory())
    response = client.post(reverse("feedback:mine"), {"kind": "feedback", "text": "Line one\r\n\tLine two"})
    assert response.status_code == 302
    assert Feedback.objects.get(author=author).text == "Line one\r\n\tLine two"
    assert client.get("/movies/dune%0A/").status_code == 400


def test_movies_with_ordinary_titles_still_answer(client):
    movie = MovieFactory(title="Amélie — the café", slug="amelie")
    assert client.get(reverse("home"), {"q": "Amélie"}).status_code == 200
    assert client.get(movie.get_absolute_url()).status_code == 200
