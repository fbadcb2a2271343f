"""Management pages: who may open them, and what they do with good and bad input."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from movies.models import Auditorium, Movie, Show
from movies.tests.factories import GenreFactory, MovieFactory, auditorium, image_upload, show
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    ("movies:staff_movie_list", False),
    ("movies:staff_movie_create", False),
    ("movies:staff_movie_edit", "movie"),
    ("movies:staff_genre_list", False),
    ("movies:staff_auditorium_list", False),
    ("movies:staff_auditorium_create", False),
    ("movies:staff_auditorium_layout", "auditorium"),
]
SHOW_PAGES = [
    ("movies:staff_show_list", False),
    ("movies:staff_show_create", False),
    ("movies:staff_show_edit", "show"),
    ("movies:staff_show_cancel", "show"),
]


@pytest.fixture
def objects():
    booked = show()
    return {"movie": booked.movie.pk, "auditorium": booked.auditorium.pk, "show": booked.pk}


def url_of(name, arg, objects):
    return reverse(name, args=[objects[arg]]) if arg else reverse(name)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(("name", "arg"), ADMIN_PAGES)
def test_movie_and_auditorium_pages_are_for_admins_only(client, sign_in, objects, role, name, arg):
    sign_in(UserFactory(role=role))
    response = client.get(url_of(name, arg, objects))
    assert response.status_code == (200 if role == Role.ADMIN else 403)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(("name", "arg"), SHOW_PAGES)
def test_show_pages_are_for_moderators_and_admins(client, sign_in, objects, role, name, arg):
    sign_in(UserFactory(role=role))
    response = client.get(url_of(name, arg, objects))
    assert response.status_code == (200 if role in (Role.ADMIN, Role.MODERATOR) else 403)


@pytest.mark.parametrize(
    "name", ["movies:staff_movie_archive", "movies:staff_movie_delete", "movies:staff_show_delete"]
)
@pytest.mark.parametrize("role", [Role.SALESMAN, Role.CUSTOMER])
def test_actions_refuse_other_roles_and_change_nothing(client, sign_in, objects, role, name):
    sign_in(UserFactory(role=role))
    arg = objects["show"] if "show" in name else objects["movie"]
    assert client.post(reverse(name, args=[arg])).status_code == 403
    assert Movie.objects.get(pk=objects["movie"]).status == Movie.Status.NOW_SHOWING
    assert Show.objects.filter(pk=objects["show"]).exists()


@pytest.mark.parametrize(("name", "arg"), ADMIN_PAGES + SHOW_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, objects, name, arg):
    response = client.get(url_of(name, arg, objects))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_unknown_objects_answer_404(client, sign_in):
    sign_in(UserFactory(role=Role.ADMIN))
    assert client.get(reverse("movies:staff_movie_edit", args=[999])).status_code == 404
    assert client.get(reverse("movies:staff_show_edit", args=[999])).status_code == 404


@pytest.fixture
def admin_client(client, sign_in):
    sign_in(UserFactory(role=Role.ADMIN))
    return client


def movie_form(**overrides):
    drama = GenreFactory(name="Drama", slug="drama")
    data = {
        "title": "The Long Night",
        "synopsis": "A projectionist and a storm.",
        "genres": [drama.pk],
        "duration_minutes": 110,
        "age_rating": "12",
        "language": "English",
        "release_date": "2026-12-01",
        "status": "coming_soon",
        "trailer_url": "",
    }
    return {**data, **overrides}


def test_admin_adds_a_movie_with_a_poster_and_gets_a_thumbnail(admin_client):
    response = admin_client.post(reverse("movies:staff_movie_create"), movie_form(poster=image_upload()))
    assert response.status_code == 302
    movie = Movie.objects.get(title="The Long Night")
    assert movie.slug == "the-long-night"
    assert [g.slug for g in movie.genres.all()] == ["drama"]
    assert movie.poster_thumbnail.width == 240 and movie.poster_thumbnail.height == 360


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("poster.png", b"not really a picture", content_type="image/png"), "not an image"),
        (image_upload("poster.gif", "GIF"), "Upload a JPEG, PNG or WebP"),
    ],
)
def test_a_poster_that_is_not_an_accepted_image_is_refused(admin_client, upload, message):
    response = admin_client.post(reverse("movies:staff_movie_create"), movie_form(poster=upload))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Movie.objects.exists()


def test_a_poster_over_five_megabytes_is_refused(admin_client):
    import os
    from io import BytesIO

    from PIL import Image

    noise = Image.frombytes("RGB", (1400, 1400), os.urandom(1400 * 1400 * 3))  # does not compress
    buffer = BytesIO()
    noise.save(buffer, format="PNG")
    assert buffer.tell() > 5 * 1024 * 1024
    upload = SimpleUploadedFile("huge.png", buffer.getvalue(), content_type="image/png")
    response = admin_client.post(reverse("movies:staff_movie_create"), movie_form(poster=upload))
    assert "at most 5 MB is accepted" in response.content.decode()
    assert not Movie.objects.exists()


def png_of(width: int, height: int) -> bytes:
    """A valid black-and-white PNG of any size, written by hand: a few KB for a huge image."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\0" * (1 + (width + 7) // 8)  # filter byte, then 1 bit a pixel
    pixels = zlib.compressobj(9)
    data = b"".join(pixels.compress(row) for _ in range(height)) + pixels.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


@pytest.mark.parametrize("size", [(13000, 13000), (7000, 7000)])  # beyond Pillow's own bomb limit, and under it
def test_a_poster_of_too_many_pixels_is_refused_before_decoding(admin_client, size):
    content = png_of(*size)
    assert len(content) < 30 * 1024  # small on disk, a gigabyte once decoded
    upload = SimpleUploadedFile("bomb.png", content, content_type="image/png")
    response = admin_client.post(reverse("movies:staff_movie_create"), movie_form(poster=upload))
    assert response.status_code == 200
    assert "at most 40 megapixels" in response.content.decode()
    assert not Movie.objects.exists()


def test_django_admin_refuses_a_poster_bomb_too(admin_client):
    upload = SimpleUploadedFile("bomb.png", png_of(13000, 13000), content_type="image/png")
    data = {**movie_form(poster=upload), "slug": "the-long-night"}
    response = admin_client.post(reverse("admin:movies_movie_add"), data)
    assert response.status_code == 200
    assert "at most 40 megapixels" in response.content.decode()
    assert not Movie.objects.exists()


def test_webp_and_jpeg_posters_are_accepted(admin_client):
    for index, image_format in enumerate(["WEBP", "JPEG"]):
        upload = image_upload(f"poster.{image_format.lower()}", image_format)
        admin_client.post(reverse("movies:staff_movie_create"), movie_form(title=f"Film {index}", poster=upload))
    assert Movie.objects.exclude(poster_thumbnail="").count() == 2


def test_movie_form_explains_bad_values(admin_client):
    response = admin_client.post(
        reverse("movies:staff_movie_create"), movie_form(duration_minutes=0, release_date="soon", genres=[999])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "greater than or equal to 1" in body and "Enter a valid date" in body and "Select a valid choice" in body


def test_deleting_a_movie_with_shows_is_refused_on_the_page(admin_client):
    booked = show()
    response = admin_client.post(reverse("movies:staff_movie_delete", args=[booked.movie.pk]), follow=True)
    assert "archive it instead" in response.content.decode()
    assert Movie.objects.filter(pk=booked.movie.pk).exists()


def test_archiving_hides_a_movie_from_the_public(admin_client, client):
    movie = MovieFactory(slug="old-film")
    admin_client.post(reverse("movies:staff_movie_archive", args=[movie.pk]))
    admin_client.post(reverse("account_logout"))
    assert client.get("/movies/old-film/").status_code == 404


def test_admin_creates_an_auditorium_from_the_generator(admin_client):
    generated = admin_client.get(
        reverse("movies:staff_auditorium_create"),
        {"rows": 3, "seats_per_row": 4, "aisles_after": "2", "vip_rows": "C", "accessible_seats": "A1"},
    )
    layout = generated.context["form"].initial["layout"]
    assert layout == "AS.SS\nSS.SS\nVV.VV"
    admin_client.post(reverse("movies:staff_auditorium_create"), {"name": "Hall 9", "layout": layout})
    hall = Auditorium.objects.get(name="Hall 9")
    assert hall.seats.count() == 12
    assert hall.seats.filter(category="vip").count() == 4


def test_generator_explains_seats_outside_the_layout(admin_client):
    response = admin_client.get(
        reverse("movies:staff_auditorium_create"),
        {"rows": 2, "seats_per_row": 4, "aisles_after": "x", "vip_rows": "", "accessible_seats": ""},
    )
    assert "write seat numbers separated by commas" in response.content.decode()
    response = admin_client.get(
        reverse("movies:staff_auditorium_create"),
        {"rows": 2, "seats_per_row": 4, "aisles_after": "", "vip_rows": "Q", "accessible_seats": "A9"},
    )
    assert "Not in this layout: Q, A9" in response.content.decode()


@pytest.fixture
def moderator_client(client, sign_in):
    sign_in(UserFactory(role=Role.MODERATOR))
    return client


def show_form(movie, hall, starts_at):
    return {
        "movie": movie.pk,
        "auditorium": hall.pk,
        "starts_at": timezone.localtime(starts_at).strftime("%Y-%m-%dT%H:%M"),
        "price_standard": "12.50",
        "price_vip": "18.00",
        "price_accessible": "9.50",
    }


def test_moderator_schedules_a_show(moderator_client):
    movie, hall = MovieFactory(), auditorium()
    starts_at = timezone.now().replace(second=0, microsecond=0) + timedelta(days=1)
    response = moderator_client.post(reverse("movies:staff_show_create"), show_form(movie, hall, starts_at))
    assert response.status_code == 302
    created = Show.objects.get()
    assert created.starts_at == starts_at and str(created.price_vip) == "18.00"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"price_vip": "0"}, "greater than or equal to 0.01"),
        ({"price_standard": "-5"}, "greater than or equal to 0.01"),
        ({"price_standard": "12.345"}, "no more than 2 decimal places"),
        ({"starts_at": "2020-01-01T18:00"}, "must start in the future"),
        ({"starts_at": "tomorrow evening"}, "Enter a valid date/time"),
        ({"movie": "999"}, "Select a valid choice"),
    ],
)
def test_show_form_explains_bad_input(moderator_client, overrides, message):
    movie, hall = MovieFactory(), auditorium()
    starts_at = timezone.now() + timedelta(days=1)
    data = {**show_form(movie, hall, starts_at), **overrides}
    response = moderator_client.post(reverse("movies:staff_show_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Show.objects.exists()


def test_show_form_explains_an_overlap(moderator_client):
    existing = show()
    response = moderator_client.post(
        reverse("movies:staff_show_create"),
        show_form(MovieFactory(), existing.auditorium, existing.starts_at + timedelta(minutes=20)),
    )
    assert "is busy then" in response.content.decode()
    assert Show.objects.count() == 1


def test_moderator_cancels_a_show_with_a_reason(moderator_client):
    booked = show()
    response = moderator_client.post(reverse("movies:staff_show_cancel", args=[booked.pk]), {"reason": ""})
    assert "This field is required" in response.content.decode()
    moderator_client.post(reverse("movies:staff_show_cancel", args=[booked.pk]), {"reason": "Heating failure"})
    booked.refresh_from_db()
    assert booked.is_cancelled and booked.cancel_reason == "Heating failure"


def test_moderator_deletes_an_unbooked_show(moderator_client):
    booked = show()
    moderator_client.post(reverse("movies:staff_show_delete", args=[booked.pk]))
    assert not Show.objects.exists()
