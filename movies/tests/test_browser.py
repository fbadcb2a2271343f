"""A visitor browses the programme, filters it and opens a movie, on a desktop and on a phone."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from movies.tests.factories import GenreFactory, MovieFactory, auditorium, show

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(VIEWPORTS))
def viewport_page(request, browser):
    context = browser.new_context(viewport=VIEWPORTS[request.param], is_mobile=request.param == "phone")
    yield context.new_page()
    context.close()


@pytest.fixture
def programme():
    drama, comedy = GenreFactory(name="Drama", slug="drama"), GenreFactory(name="Comedy", slug="comedy")
    harbour = MovieFactory(title="Winter Harbour", slug="winter-harbour", genres=[drama], duration_minutes=124)
    MovieFactory(title="Grandma's Robot", slug="grandmas-robot", genres=[comedy])
    MovieFactory(title="Second Chances", slug="second-chances", genres=[comedy, drama])
    hall = auditorium(name="Grand Hall")
    evening = timezone.localtime().replace(hour=20, minute=15, second=0, microsecond=0) + timedelta(days=1)
    show(movie=harbour, auditorium_=hall, starts_at=evening)
    show(movie=harbour, auditorium_=hall, starts_at=evening + timedelta(days=1))
    return evening


def movie_titles(page):
    return page.locator(".movie-card .card-title").all_inner_texts()


def test_browse_filter_and_open_a_movie(viewport_page, live_server, programme, axe):
    page = viewport_page
    page.goto(live_server.url)
    expect(page.get_by_role("heading", name="Now showing")).to_be_visible()
    assert movie_titles(page) == ["Grandma's Robot", "Second Chances", "Winter Harbour"]
    axe(page)

    page.get_by_label("Genre").select_option("drama")
    page.get_by_role("button", name="Find").click()
    expect(page).to_have_url(re.compile(r"genre=drama"))
    assert movie_titles(page) == ["Second Chances", "Winter Harbour"]
    axe(page)

    page.get_by_label("Search").fill("harbour")
    page.get_by_role("button", name="Find").click()
    assert movie_titles(page) == ["Winter Harbour"]

    page.get_by_role("link", name=re.compile("Winter Harbour")).click()
    expect(page).to_have_url(re.compile(r"/movies/winter-harbour/$"))
    expect(page.get_by_role("heading", name="Winter Harbour")).to_be_visible()
    expect(page.get_by_text("2 h 04 min")).to_be_visible()
    slots = page.locator(".show-slot")
    expect(slots).to_have_count(2)
    expect(slots.first).to_contain_text("20:15")
    expect(slots.first).to_contain_text("Grand Hall")
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_day_schedule_moves_between_days(viewport_page, live_server, programme, axe):
    page = viewport_page
    page.goto(f"{live_server.url}/schedule/?date={programme.date().isoformat()}")
    expect(page.locator(".card", has_text="Grand Hall")).to_contain_text("Winter Harbour")
    axe(page)
    page.get_by_role("link", name="Next day").click()
    expect(page.locator(".card", has_text="Grand Hall")).to_contain_text("20:15")
    page.get_by_role("link", name="Next day").click()
    expect(page.get_by_text("No shows this day.")).to_be_visible()
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
