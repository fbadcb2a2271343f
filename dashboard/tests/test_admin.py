"""The Admin dashboard shows the known fortnight (sales/tests/story.py: discounts, a change to
dearer and to cheaper seats, cancellations, refunds paid and due, free and priced house seats, a
sale a second before midnight and one at midnight on the cinema week's first day) to the cent.
The page is read on Tuesday 17 November, in "this cinema week" (Thu 12 – Wed 18 November)
against last week (Thu 5 – Wed 11)."""

from datetime import date

import pytest
from django.urls import reverse
from freezegun import freeze_time

from bookings import services
from bookings.tests.factories import seats_of
from dashboard.tests.page import foot, parse, table
from employees.models import Employee
from movies.tests.factories import show as make_show
from sales.tests.story import at, tell
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    story = tell()
    with freeze_time(at(2026, 11, 17, 12, 0)):
        yield story


@pytest.fixture
def admin_page(client, sign_in, story):
    sign_in(story.ada)

    def get(**params):
        response = client.get(reverse("dashboard:admin"), params)
        assert response.status_code == 200
        return parse(response.content.decode())

    return get


def kpis(document) -> dict:
    return {
        tile.attrs["data-kpi"]: (
            tile.find(data_value=True).text(),
            tile.find(data_change=True).text(),
            tile.find(data_before=True).text(),
            tile.find(data_counted_on=True).text(),
        )
        for tile in document.find_all(data_kpi=True)
    }


def test_the_key_figures_against_last_week(admin_page):
    document = admin_page()
    assert document.find(data_period=True).text() == "Cinema week 12–18 Nov 2026"
    assert kpis(document) == {
        "tickets": ("8", "▲ 60.0%", "5", "sale date"),
        "gross": ("€96.91", "▲ 56.9%", "€61.76", "sale date"),  # 37.50 + 15.00 − 17.50 + 9.41 + 40.00 + 12.50
        "net": ("€10.74", "▼ 82.6%", "€61.76", "sale date"),  # 96.91 − 86.17 refunds
        "discounts": ("€1.59", "▼ 74.5%", "€6.24", "sale date"),
        "refunds": ("€86.17", "new", "€0.00", "sale date"),  # nothing to compare with
        "average": ("€12.11", "▼ 1.9%", "€12.35", "sale date"),  # 96.91 / 8 against 61.76 / 5
        "occupancy": ("12.5%", "▲ 4.2 pts", "8.3%", "show date"),  # 6 of 48 seats against 2 of 24
        "comps": ("2", "new", "0", "sale date"),
        "cancelled": ("7", "new", "0", "sale date"),  # Sue's 4 and Cora's 3
    }


def test_sales_over_time_by_day_with_the_midnight_sale_on_the_new_day(admin_page):
    document = admin_page()
    assert table(document, "series") == [
        ["Thu 12 Nov", "4", "2", "€52.50", "€0.00", "€52.50"],  # Sam at 00:00:00, Ada's house seats
        ["Fri 13 Nov", "3", "0", "€31.91", "€0.00", "€31.91"],
        ["Sat 14 Nov", "1", "0", "€12.50", "€86.17", "−€73.67"],
        ["Sun 15 Nov", "0", "0", "€0.00", "€0.00", "€0.00"],
        ["Mon 16 Nov", "0", "0", "€0.00", "€0.00", "€0.00"],
        ["Tue 17 Nov", "0", "0", "€0.00", "€0.00", "€0.00"],
        ["Wed 18 Nov", "0", "0", "€0.00", "€0.00", "€0.00"],
    ]
    assert foot(document, "series") == ["Total", "8", "2", "€96.91", "€86.17", "€10.74"]
    # Cora's sale at 23:59:30 on Wednesday is last week's: the custom range of both days splits them.
    document = admin_page(period="custom", start="2026-11-11", end="2026-11-12")
    assert [row[0:4] for row in table(document, "series")] == [
        ["Wed 11 Nov", "3", "0", "€36.76"],
        ["Thu 12 Nov", "4", "2", "€52.50"],
    ]


def test_genres_movies_and_the_film_week_grid(admin_page):
    document = admin_page()
    assert table(document, "genres") == [
        ["Thriller", "7", "€75.00", "€35.00"],
        ["Drama", "1", "€21.91", "−€24.26"],
        ["Romance", "1", "€21.91", "−€24.26"],  # Paper Lanterns counts in full under both its genres
    ]
    assert "rows overlap and have no total" in document.find(data_section="genres").text()
    assert document.find(data_most_profitable=True).text() == (
        "Most profitable (net revenue): Thriller €35.00, Drama −€24.26, Romance −€24.26."
    )
    assert table(document, "top-earning") == [
        ["Night Train", "7", "€75.00", "€35.00"],
        ["Paper Lanterns", "1", "€21.91", "−€24.26"],
    ]
    assert table(document, "most-popular") == [
        ["Night Train", "7", "0", "€75.00"],
        ["Paper Lanterns", "1", "2", "€21.91"],
    ]
    assert "Film week grid: Cinema week 12–18 Nov 2026" in document.find(data_section="grid").text()
    assert table(document, "grid") == [
        ["Night Train", "3", "€35.00", "0", "€0.00", "new", "3", "€35.00"],
        ["Paper Lanterns", "3", "€12.50", "2", "€25.00", "▼ 50.0%", "5", "€37.50"],
    ]


def test_occupancy_ticket_types_channels_and_sellers(admin_page):
    document = admin_page()
    assert table(document, "halls") == [["Hall 1", "1", "24", "3", "12.5%"], ["Hall 2", "1", "24", "3", "12.5%"]]
    assert table(document, "hours") == [["18:00", "1", "24", "3", "12.5%"], ["20:00", "1", "24", "3", "12.5%"]]
    assert table(document, "types") == [
        ["Standard", "5", "0", "€51.13"],
        ["VIP", "2", "0", "€30.78"],
        ["House seats", "1", "2", "€15.00"],
    ]
    assert table(document, "channels") == [
        ["Box office", "7", "€72.50", "€40.00", "€32.50"],
        ["VIP house seats", "1", "€15.00", "€0.00", "€15.00"],
        ["Online", "0", "€9.41", "€46.17", "−€36.76"],
    ]
    assert table(document, "sellers") == [
        ["Sue Seller", "1", "4", "€40.00", "1", "€0.00"],
        ["Sam Seller", "2", "3", "€32.50", "0", "€32.50"],
        ["Ada Admin", "2", "1", "€15.00", "0", "€15.00"],
        ["Online (website)", "0", "0", "€9.41", "1", "−€36.76"],
    ]


def test_each_section_says_which_date_it_counts_on(admin_page):
    document = admin_page()
    for section in ("series", "genres", "movies", "types", "channels", "sellers"):
        assert "Counted on the day of sale" in document.find(data_section=section).text(), section
    for section in ("grid", "halls", "hours"):
        assert "Counted on the day of the show" in document.find(data_section=section).text(), section
    assert "as they stand now" in document.find(data_section="staff").text()


def test_employees_by_role_and_status(admin_page, story):
    moderator = UserFactory(role=Role.MODERATOR)
    Employee.objects.create(user=moderator, started_on=date(2026, 1, 1))
    Employee.objects.create(user=story.sam, started_on=date(2026, 1, 1), supervisor=moderator)
    Employee.objects.create(user=story.sue, started_on=date(2026, 1, 1), status=Employee.Status.SUSPENDED)
    Employee.objects.create(
        user=UserFactory(role=Role.SALESMAN), started_on=date(2025, 1, 1), status=Employee.Status.TERMINATED
    )
    assert table(admin_page(), "staff") == [["Moderator", "1", "0", "0", "1"], ["Salesman", "1", "1", "1", "3"]]


def test_last_month_and_a_year(admin_page):
    document = admin_page(period="this_month")  # November: both weeks
    assert document.find(data_period=True).text() == "November 2026"
    assert kpis(document)["gross"] == ("€158.67", "new", "€0.00", "sale date")
    series = table(document, "series")
    assert len(series) == 30 and series[10][:4] == ["Wed 11 Nov", "3", "0", "€36.76"]  # a month: day by day
    document = admin_page(period="this_year")
    assert [row[0] for row in table(document, "series")][10:] == ["Nov 2026", "Dec 2026"]
    assert table(document, "series")[10][3] == "€158.67"
    assert kpis(admin_page(period="last_week"))["gross"][0] == "€61.76"


def test_a_booking_confirmed_a_moment_ago_is_on_the_page_at_once(admin_page, story, django_capture_on_commit_callbacks):
    assert kpis(admin_page())["tickets"][0] == "8"  # computed and kept in the cache
    friday = make_show(movie=story.lanterns, auditorium_=story.hall1, starts_at=at(2026, 11, 20, 20, 0))
    with django_capture_on_commit_callbacks(execute=True):  # the sale commits, as a request's would
        services.booking_sell(show=friday, seat_ids=seats_of(friday, "B5"), customer=None, by=story.sam, method="card")
    document = admin_page()
    assert kpis(document)["tickets"][0] == "9"
    assert kpis(document)["gross"][0] == "€109.41"  # 96.91 + 12.50
    assert table(document, "series")[5] == ["Tue 17 Nov", "1", "0", "€12.50", "€0.00", "€12.50"]


def test_an_unchanged_page_comes_from_the_cache(admin_page, django_assert_max_num_queries):
    admin_page()
    with django_assert_max_num_queries(4):  # the session and the user: no figure is read again
        admin_page()


class _Unreachable:
    """A cache whose server is down: every call fails."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache down")

        return fail


def test_an_unreachable_cache_fails_neither_a_sale_nor_the_page(
    admin_page, story, monkeypatch, django_capture_on_commit_callbacks
):
    import dashboard.selectors
    import sales.selectors
    import sales.services

    for module in (sales.services, sales.selectors, dashboard.selectors):
        monkeypatch.setattr(module, "cache", _Unreachable())
    friday = make_show(movie=story.lanterns, auditorium_=story.hall1, starts_at=at(2026, 11, 20, 20, 0))
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_sell(show=friday, seat_ids=seats_of(friday, "B5"), customer=None, by=story.sam, method="card")
    assert kpis(admin_page())["tickets"][0] == "9"


def test_a_sale_tells_the_cache_once_and_only_after_it_commits(story, monkeypatch, django_capture_on_commit_callbacks):
    """The booking holds its seat locks until it commits: no cache call (which may hang) before."""
    import sales.services

    calls = []
    monkeypatch.setattr(sales.services, "cache", type("Cache", (), {"incr": lambda self, key: calls.append(key)})())
    friday = make_show(movie=story.lanterns, auditorium_=story.hall1, starts_at=at(2026, 11, 20, 20, 0))
    with django_capture_on_commit_callbacks() as waiting:
        services.booking_sell(show=friday, seat_ids=seats_of(friday, "B5"), customer=None, by=story.sam, method="card")
        assert calls == []  # several figure tables written, nothing told yet
    for callback in waiting:
        callback()
    assert calls == ["sales:figures-version"]
