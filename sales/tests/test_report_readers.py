"""The readers reports need beyond the dashboards': per show, per movie on the show date, discounts
by kind, unpaid bookings, takings added up — on the known fortnight of sales/tests/story.py."""

from datetime import date
from decimal import Decimal as D

import pytest
from freezegun import freeze_time

from sales import selectors
from sales.tests.story import at, tell
from xcounter.days import Period

pytestmark = pytest.mark.django_db

THIS_WEEK = Period(date(2026, 11, 12), date(2026, 11, 18), "week")
LAST_WEEK = Period(date(2026, 11, 5), date(2026, 11, 11), "week")


@pytest.fixture
def story():
    story = tell()
    with freeze_time(at(2026, 11, 17, 12, 0)):
        yield story


def test_each_show_with_its_audience(story, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        shows = selectors.by_show(THIS_WEEK)
    assert [
        (s.title, s.starts_at, s.auditorium, s.capacity, s.admissions, s.comps, s.attended, s.revenue, s.occupancy)
        for s in shows
    ] == [
        ("Night Train", at(2026, 11, 15, 18, 0), "Hall 2", 24, 3, 0, 1, D("35.00"), D("12.5")),
        ("Paper Lanterns", at(2026, 11, 14, 20, 0), "Hall 1", 24, 3, 2, 2, D("12.50"), D("12.5")),
    ]


def test_the_audience_of_each_movie_adds_up_to_the_periods(story, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        movies = selectors.audience_by_movie(THIS_WEEK)
    assert [
        (m.label, m.audience.shows, m.audience.capacity, m.audience.admissions, m.audience.revenue, m.audience.no_shows)
        for m in movies
    ] == [
        ("Night Train", 1, 24, 3, D("35.00"), 2),
        ("Paper Lanterns", 1, 24, 3, D("12.50"), 1),
    ]
    total = selectors.figures(THIS_WEEK).audience
    assert sum(m.audience.admissions for m in movies) == total.admissions
    assert sum(m.audience.capacity for m in movies) == total.capacity
    assert sum(m.audience.revenue for m in movies) == total.revenue


def test_discounts_by_kind(story):
    assert [(d.kind, d.bookings, d.amount) for d in selectors.discounts_by_kind(LAST_WEEK)] == [
        ("tier", 1, D("2.70")),  # Cora's booking as it stands after her change: 54.00 − 5%
        ("coupon", 1, D("5.13")),
    ]
    assert [(d.kind, d.bookings, d.amount) for d in selectors.discounts_by_kind(THIS_WEEK)] == [
        ("tier", 0, D("0")),
        ("coupon", 0, D("0")),
    ]


def test_unpaid_bookings_per_channel(story):
    assert [(u.channel, u.bookings, u.due) for u in selectors.unpaid(THIS_WEEK)] == [
        ("online", 0, D("0")),
        ("counter", 0, D("0")),
        ("house", 1, D("15.00")),  # Ada's priced house seat for the critic
    ]


def test_takings_added_up(story):
    total = selectors.total_takings(selectors.takings(THIS_WEEK))
    assert (total.payments, total.taken, total.refunds, total.handed_back, total.net) == (
        4,
        D("136.17"),
        3,
        D("103.67"),
        D("32.50"),
    )
