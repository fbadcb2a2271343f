"""Django admin never skips the catalog services: each bypass is refused or goes through the service."""

from decimal import Decimal

import pytest

from bookings.models import Booking
from bookings.tests.factories import sold_at_counter
from movies.models import Auditorium, Movie, Seat, Show
from movies.tests.factories import GenreFactory, MovieFactory, auditorium, image_upload
from movies.tests.factories import show as make_show
from notifications import services as notifications
from notifications.models import Kind, Notification
from outbox.models import OutboundEmail
from users.models import Role
from users.tests.factories import UserFactory
from users.tests.helpers import admin_action, admin_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(sign_in):
    return sign_in(UserFactory(role=Role.ADMIN))


@pytest.fixture
def booked_show():
    """A show with a paid counter sale to a known customer."""
    show = make_show()
    booking = sold_at_counter(show, "A1", customer=UserFactory(email="fan@example.com"))
    return show, booking


def test_a_show_cannot_be_set_to_cancelled_in_its_admin_form(client, admin_user, booked_show):
    show, booking = booked_show
    response = client.post(
        admin_url(Show, "change", show.pk),
        {
            "price_standard": "12.50",
            "price_vip": "18.00",
            "price_accessible": "9.50",
            "status": Show.Status.CANCELLED,
            "cancelled_at_0": "",
            "cancelled_at_1": "",
            "cancelled_by": "",
            "cancel_reason": "",
            "_save": "Save",
        },
    )
    assert response.status_code == 403
    show.refresh_from_db()
    booking.refresh_from_db()
    assert show.status == Show.Status.SCHEDULED and booking.status == Booking.Status.CONFIRMED


def test_cancelling_a_show_in_admin_asks_why_then_cancels_bookings_records_refunds_and_tells_customers(
    client, admin_user, booked_show, django_capture_on_commit_callbacks
):
    show, booking = booked_show
    page = admin_action(client, Show, "cancel", [show])
    html = page.content.decode()
    assert page.status_code == 200 and 'name="reason"' in html and f'name="_selected_action" value="{show.pk}"' in html
    show.refresh_from_db()
    assert show.status == Show.Status.SCHEDULED  # nothing happens before the reason is given

    with django_capture_on_commit_callbacks(execute=True):
        # posted as the confirmation page's form sends it: its hidden fields, the reason, the button
        response = client.post(
            admin_url(Show, "changelist"),
            {"action": "cancel", "_selected_action": [show.pk], "reason": "Projector broken", "apply": "Cancel shows"},
        )
    assert response.status_code == 302
    show.refresh_from_db()
    booking.refresh_from_db()
    assert (show.status, show.cancel_reason, show.cancelled_by) == (
        Show.Status.CANCELLED,
        "Projector broken",
        admin_user,
    )
    assert booking.status == Booking.Status.CANCELLED and "Projector broken" in booking.cancel_reason
    assert booking.payment_status == Booking.PaymentStatus.REFUND_DUE and booking.refund_amount == Decimal("12.50")
    assert OutboundEmail.objects.filter(to="fan@example.com", subject__contains="cancelled").exists()


def test_the_show_services_refusal_is_shown_in_admin(client, admin_user, booked_show):
    show, _ = booked_show
    admin_action(client, Show, "cancel", [show], apply="Cancel shows", reason="Storm")
    page = client.get(
        admin_action(client, Show, "cancel", [show], apply="Cancel shows", reason="Again")["Location"]
    ).content.decode()
    assert "already cancelled" in page


def test_only_unbooked_shows_are_deleted_from_admin(client, admin_user, booked_show):
    booked, _ = booked_show
    empty = make_show(auditorium_=auditorium(name="Hall 2"))
    assert client.post(admin_url(Show, "delete", empty.pk), {"post": "yes"}).status_code == 403
    response = admin_action(client, Show, "delete_unbooked", [booked, empty])
    assert "cancel it instead" in client.get(response["Location"]).content.decode()
    assert list(Show.objects.values_list("pk", flat=True)) == [booked.pk]


def movie_post(**overrides):
    drama = GenreFactory(name="Drama", slug="drama")
    return {
        "title": "The Long Night",
        "synopsis": "A projectionist and a storm.",
        "genres": [drama.pk],
        "duration_minutes": 110,
        "age_rating": "12",
        "language": "English",
        "release_date": "2026-12-01",
        "status": Movie.Status.NOW_SHOWING,
        "trailer_url": "",
        "_save": "Save",
        **overrides,
    }


def test_a_movie_added_in_admin_gets_its_slug_thumbnail_and_announcement(
    client, admin_user, django_capture_on_commit_callbacks
):
    fan = UserFactory()
    notifications.preferences_save(user=fan, choices={Kind.NEW_MOVIES: (True, False)})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(admin_url(Movie, "add"), movie_post(poster=image_upload()))
    assert response.status_code == 302
    movie = Movie.objects.get(title="The Long Night")
    assert movie.slug == "the-long-night" and [genre.slug for genre in movie.genres.all()] == ["drama"]
    assert (movie.poster_thumbnail.width, movie.poster_thumbnail.height) == (240, 360)
    assert Notification.objects.filter(user=fan, kind=Kind.NEW_MOVIES, title__contains="The Long Night").exists()


def test_the_sites_poster_checks_apply_in_admin_too(client, admin_user):
    gif = image_upload("poster.gif", "GIF")
    response = client.post(admin_url(Movie, "add"), movie_post(poster=gif, slug="the-long-night"))
    assert response.status_code == 200 and "Upload a JPEG, PNG or WebP" in response.content.decode()
    assert not Movie.objects.exists()


def test_movies_are_archived_or_deleted_in_admin_only_through_the_services(client, admin_user, booked_show):
    show, _ = booked_show
    unshown = MovieFactory(title="Never Shown")
    assert client.post(admin_url(Movie, "delete", unshown.pk), {"post": "yes"}).status_code == 403
    response = admin_action(client, Movie, "delete_unshown", [show.movie, unshown])
    assert "archive it instead" in client.get(response["Location"]).content.decode()
    assert list(Movie.objects.values_list("pk", flat=True)) == [show.movie_id]
    admin_action(client, Movie, "archive", [show.movie])
    assert Movie.objects.get(pk=show.movie_id).status == Movie.Status.ARCHIVED


def test_auditoriums_are_not_added_and_seats_not_edited_in_admin(client, admin_user):
    assert client.post(admin_url(Auditorium, "add"), {"name": "Empty hall", "description": ""}).status_code == 403
    hall = auditorium(layout="SS")
    seats = list(hall.seats.all())
    data = {
        "name": "Hall One",
        "description": "Renamed",
        "seats-TOTAL_FORMS": len(seats),
        "seats-INITIAL_FORMS": len(seats),
        "seats-MIN_NUM_FORMS": 0,
        "seats-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    for n, seat in enumerate(seats):
        data |= {f"seats-{n}-id": seat.pk, f"seats-{n}-auditorium": hall.pk, f"seats-{n}-category": "vip"}
    assert client.post(admin_url(Auditorium, "change", hall.pk), data).status_code == 302
    hall.refresh_from_db()
    assert hall.name == "Hall One"  # name and description belong to no service
    assert set(Seat.objects.filter(auditorium=hall).values_list("category", flat=True)) == {"standard"}
    assert Auditorium.objects.count() == 1
