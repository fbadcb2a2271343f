"""With Redis unreachable the catalog pages are computed from the database and still answer;
a catalog change made meanwhile is saved (the stale window it leaves is logged)."""

import logging

import pytest
from django.urls import reverse

from movies.tests.factories import MovieFactory, show
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1: refused at once


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "xcounter.cache.RedisCache",
            "LOCATION": NOWHERE,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def test_listing_movie_page_and_schedule_answer_without_the_cache(client, redis_down, caplog):
    movie = MovieFactory(title="The Harbour", status="now_showing")
    show(movie=movie)

    with caplog.at_level(logging.WARNING, logger="xcounter.cache"):
        listing = client.get("/")
        page = client.get(movie.get_absolute_url())
        schedule = client.get(reverse("movies:schedule"))

    assert listing.status_code == page.status_code == schedule.status_code == 200
    assert "The Harbour" in listing.content.decode() and "The Harbour" in page.content.decode()
    assert "Cache unreachable" in caplog.text


def test_a_catalog_change_is_saved_and_the_stale_window_logged(redis_down, django_capture_on_commit_callbacks, caplog):
    movie = MovieFactory(title="Before")

    with caplog.at_level(logging.ERROR, logger="movies.cache"), django_capture_on_commit_callbacks(execute=True):
        movie.title = "After"
        movie.save()

    movie.refresh_from_db()
    assert movie.title == "After"
    assert "Catalog changed while the cache was unreachable" in caplog.text


def test_a_customer_signed_in_sees_the_seat_map_and_the_bell_without_the_cache(client, redis_down):
    from movies import selectors

    selectors._layouts.clear()  # a worker just started: no layout kept in the process either
    customer = UserFactory()
    client.force_login(customer)
    a_show = show()

    response = client.get(reverse("bookings:seat_map", args=[a_show.pk]))

    assert response.status_code == 200
    assert response.content.count(b'name="seat"') == a_show.auditorium.seats.count()
