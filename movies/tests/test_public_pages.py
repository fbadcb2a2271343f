"""What anyone sees: listings with filters, a movie's shows by day, the day schedule."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from movies import services
from movies.models import Movie
from movies.tests.factories import GenreFactory, MovieFactory, auditorium, show

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [movie.title for movie in response.context["listing"].movies]


@pytest.fixture
def catalog():
    drama, comedy = GenreFactory(name="Drama", slug="drama"), GenreFactory(name="Comedy", slug="comedy")
    harbour = MovieFactory(title="Winter Harbour", synopsis="Fishermen and a storm.", genres=[drama])
    robot = MovieFactory(title="Grandma's Robot", synopsis="A robot learns to knit.", genres=[comedy])
    MovieFactory(title="Tidewater", status=Movie.Status.COMING_SOON, genres=[drama])
    MovieFactory(title="Old Reel", status=Movie.Status.ARCHIVED, genres=[drama])
    tomorrow = timezone.localtime().replace(hour=20, minute=0, second=0, microsecond=0) + timedelta(days=1)
    show(movie=harbour, auditorium_=auditorium(), starts_at=tomorrow)
    return {"harbour": harbour, "robot": robot, "tomorrow": tomorrow}


def test_now_showing_lists_only_movies_now_showing(client, catalog):
    assert titles(client.get("/")) == ["Grandma's Robot", "Winter Harbour"]


def test_coming_soon_lists_upcoming_releases(client, catalog):
    assert titles(client.get(reverse("movies:coming_soon"))) == ["Tidewater"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "harbour"}, ["Winter Harbour"]),
        ({"q": "KNIT"}, ["Grandma's Robot"]),
        ({"genre": "comedy"}, ["Grandma's Robot"]),
        ({"genre": "drama", "q": "robot"}, []),
    ],
)
def test_search_and_genre_filters(client, catalog, params, expected):
    assert titles(client.get("/", params)) == expected


def test_the_genre_filter_offers_every_genre_and_keeps_the_chosen_one(client, catalog):
    client.get("/")  # the choices come from the cached page
    page = client.get("/", {"genre": "comedy"}).content.decode()
    assert '<option value="">All genres</option>' in page
    assert '<option value="comedy" selected>Comedy</option>' in page
    assert '<option value="drama">Drama</option>' in page
    assert page.index(">Comedy<") < page.index(">Drama<")


def test_date_filter_keeps_movies_with_shows_that_day(client, catalog):
    day = catalog["tomorrow"].date().isoformat()
    assert titles(client.get("/", {"date": day})) == ["Winter Harbour"]
    assert titles(client.get("/", {"date": (catalog["tomorrow"] + timedelta(days=1)).date().isoformat()})) == []


@pytest.mark.parametrize(
    "params",
    [
        {"date": "2026-13-45"},
        {"date": "yesterday"},
        {"genre": "no-such-genre"},
        {"page": "abc"},
        {"page": "999"},
        {"q": "x" * 500},
    ],
)
def test_malformed_filters_never_break_the_page(client, catalog, params):
    response = client.get("/", params)
    assert response.status_code == 200


def test_empty_result_says_so(client, catalog):
    response = client.get("/", {"q": "zzz"})
    assert "No movie matches these filters." in response.content.decode()


def test_listing_paginates_twelve_a_page(client):
    for n in range(14):
        MovieFactory(title=f"Film {n:02d}")
    first, second = client.get("/"), client.get("/", {"page": 2})
    assert len(titles(first)) == 12 and len(titles(second)) == 2
    assert "Page 1 of 2" in first.content.decode()


def test_movie_page_groups_upcoming_shows_by_day(client, catalog):
    hall = auditorium(name="Hall 2")
    day_after = catalog["tomorrow"] + timedelta(days=1)
    show(movie=catalog["harbour"], auditorium_=hall, starts_at=day_after)
    show(movie=catalog["harbour"], auditorium_=hall, starts_at=day_after + timedelta(hours=3))
    response = client.get(catalog["harbour"].get_absolute_url())
    days = response.context["show_days"]
    assert [len(day.shows) for day in days] == [1, 2]
    assert days[0].day == catalog["tomorrow"].date()


def test_movie_page_hides_cancelled_shows(client, catalog):
    booked = catalog["harbour"].shows.get()
    services.show_cancel(show=booked, reason="Storm", by=None)
    cache.clear()
    assert client.get(catalog["harbour"].get_absolute_url()).context["show_days"] == []


def test_unknown_or_archived_movie_is_404(client, catalog):
    assert client.get("/movies/no-such-film/").status_code == 404
    archived = Movie.objects.get(title="Old Reel")
    assert client.get(archived.get_absolute_url()).status_code == 404


def test_day_schedule_lists_every_auditorium_with_its_shows(client, catalog):
    auditorium(name="Empty Hall")
    response = client.get(reverse("movies:schedule"), {"date": catalog["tomorrow"].date().isoformat()})
    columns = {column.auditorium.name: [s.movie.title for s in column.shows] for column in response.context["columns"]}
    assert columns == {"Empty Hall": [], "Hall 1": ["Winter Harbour"]}


@pytest.mark.parametrize("day", ["2026-02-30", "soon", ""])
def test_schedule_with_a_bad_date_shows_today(client, catalog, day):
    response = client.get(reverse("movies:schedule"), {"date": day})
    assert response.status_code == 200
    assert response.context["day"] == timezone.localdate()


# --- Query budgets: a page's query count does not grow with its rows -------------------------


def build_catalog(size: int):
    genres = [GenreFactory(name=f"Genre {n}", slug=f"genre-{n}") for n in range(3)]
    halls = [auditorium(name=f"Size{size} Hall {n}") for n in range(max(1, size // 10))]
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=1)
    movies = []
    for n in range(size):
        movie = MovieFactory(title=f"Size{size} film {n}", genres=genres[: 1 + n % 3])
        movies.append(movie)
        show(movie=movie, auditorium_=halls[n % len(halls)], starts_at=start + timedelta(hours=2 * (n // len(halls))))
    return movies, start


def queries_for(client, url, params=None) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


PAGES = [
    ("/", {}),
    ("/", {"genre": "genre-0", "q": "film"}),
    ("/coming-soon/", {}),
    ("/schedule/", "day"),
    ("/", "day"),
]


@pytest.mark.parametrize(("url", "params"), PAGES)
def test_listing_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, url, params):
    counts = []
    for size in (3, 30):
        _, start = build_catalog(size)
        query = {"date": start.date().isoformat()} if params == "day" else params
        counts.append(queries_for(client, url, query))
        with django_assert_max_num_queries(6):
            cache.clear()
            client.get(url, query)
    assert counts[0] == counts[1]


def test_movie_page_query_count_does_not_grow_with_shows(client, django_assert_max_num_queries):
    counts = []
    for size in (2, 40):
        movie = MovieFactory(genres=[GenreFactory(name="Drama", slug="drama")])
        hall = auditorium(name=f"Hall for {size}")
        start = timezone.now() + timedelta(days=1)
        for n in range(size):
            show(movie=movie, auditorium_=hall, starts_at=start + timedelta(hours=3 * n))
        counts.append(queries_for(client, movie.get_absolute_url()))
        with django_assert_max_num_queries(6):  # movie, genres, shows, reviews, rating
            cache.clear()
            client.get(movie.get_absolute_url())
    assert counts[0] == counts[1]


def test_cached_page_costs_no_listing_queries(client, catalog, django_assert_max_num_queries):
    client.get("/")
    with django_assert_max_num_queries(0):  # the genre choices of the filter form are cached with the page
        client.get("/")


@pytest.mark.django_db(transaction=True)
def test_a_change_to_the_catalog_clears_cached_pages(client):
    movie = MovieFactory(title="Before")
    assert titles(client.get("/")) == ["Before"]
    movie.title = "After"
    services.movie_save(movie=movie, genres=[], poster_changed=False)
    assert titles(client.get("/")) == ["After"]


# --- One rule for what is showing (issue 14, point 15) -------------------------------------


def test_a_coming_soon_movie_with_a_show_is_showing_on_that_day(client, catalog):
    tidewater = Movie.objects.get(title="Tidewater")  # coming soon
    preview = catalog["tomorrow"] + timedelta(days=1)
    show(movie=tidewater, auditorium_=auditorium(name="Preview Hall"), starts_at=preview)
    that_day = {"date": preview.date().isoformat()}
    assert titles(client.get("/", that_day)) == ["Tidewater"]  # Now showing, showing on that day
    assert titles(client.get(reverse("movies:coming_soon"), that_day)) == ["Tidewater"]  # Coming soon, showing on
    assert titles(client.get(reverse("movies:coming_soon"), {"date": catalog["tomorrow"].date().isoformat()})) == []
    assert titles(client.get("/")) == ["Grandma's Robot", "Winter Harbour"]  # not today
    assert titles(client.get(reverse("movies:coming_soon"))) == ["Tidewater"]

    with freeze_time(preview.replace(hour=10, minute=0)):  # the morning of the preview
        assert titles(client.get("/")) == ["Grandma's Robot", "Tidewater", "Winter Harbour"]
        assert titles(client.get(reverse("movies:coming_soon"))) == []


# --- The movie page's cheap pieces write what the general ones would (issue 16) ---------------


@pytest.mark.parametrize(
    "moment", ["2027-01-20T22:30:00+00:00", "2027-07-01T05:05:00+00:00", "2027-03-28T00:59:00+00:00"]
)
def test_clock_writes_the_time_as_when_does(moment):
    from datetime import datetime

    from movies.templatetags.catalog import clock
    from xcounter.days import format_when

    moment = datetime.fromisoformat(moment)
    assert clock(moment) == format_when(moment, "time")
    with timezone.override("Asia/Tokyo"):  # the theater's clock, whatever zone is active
        assert clock(moment) == format_when(moment, "time")


def test_the_movie_page_links_each_show_to_its_seat_map(client):
    movie = MovieFactory()
    hall = auditorium(name="Linked Hall")
    start = timezone.now() + timedelta(days=1)
    shows = [show(movie=movie, auditorium_=hall, starts_at=start + timedelta(hours=3 * n)) for n in range(3)]
    page = client.get(movie.get_absolute_url()).content.decode()
    for each in shows:
        assert f'href="{reverse("bookings:seat_map", args=[each.pk])}"' in page
