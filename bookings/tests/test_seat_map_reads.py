"""The seat map's two reads, written once per process (xcounter/prepared.py): they answer as the
ORM's querysets do, for any show and time, and refuse what is not on sale."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.utils import timezone
from freezegun import freeze_time

from bookings import selectors
from bookings.tests.factories import held, seats_of, sold_at_counter
from movies.models import Show
from movies.tests.factories import auditorium
from movies.tests.factories import show as make_show

pytestmark = pytest.mark.django_db


def test_a_show_on_sale_comes_whole_with_its_movie_and_auditorium(django_assert_num_queries):
    show = make_show()
    expected = Show.objects.select_related("movie", "auditorium").get(pk=show.pk)
    with django_assert_num_queries(1):
        found = selectors.show_on_sale(show.pk)
        for field in Show._meta.concrete_fields:
            assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
        assert (found.movie.title, found.movie.slug, found.movie.poster_thumbnail) == (
            expected.movie.title,
            expected.movie.slug,
            expected.movie.poster_thumbnail,
        )
        assert (found.auditorium.name, found.auditorium.layout_version) == (
            expected.auditorium.name,
            expected.auditorium.layout_version,
        )
        assert found.price_for("vip") == expected.price_vip and found.starts_at == expected.starts_at
        assert not found._state.adding


def test_only_a_scheduled_show_not_yet_started_is_on_sale():
    show, other = make_show(), make_show(auditorium_=auditorium(name="Other"))
    Show.objects.filter(pk=other.pk).update(status=Show.Status.CANCELLED)
    for missing in (other.pk, 0, -1, 10**9, 2**63, 10**30):
        with pytest.raises(Http404):
            selectors.show_on_sale(missing)
    assert selectors.show_on_sale(show.pk).pk == show.pk
    with freeze_time(show.starts_at), pytest.raises(Http404):
        selectors.show_on_sale(show.pk)  # started: off sale, as `Show.objects.upcoming()` says
    with freeze_time(show.starts_at - timedelta(seconds=1)):
        assert selectors.show_on_sale(show.pk).pk == show.pk


def test_the_live_states_are_the_orm_query_for_each_show_and_time():
    show, other = make_show(), make_show(auditorium_=auditorium(name="Other"))
    hold = held(show, "A1")
    sold_at_counter(show, "B2")
    held(other, "A3")
    columns = ("seat_id", "status", "booking__channel", "booking__created_by_id", "booking_id")
    for now in (timezone.now(), hold.hold_expires_at + timedelta(seconds=1)):
        for each in (show, other):
            with freeze_time(now):
                expected = sorted(selectors.live_tickets(each).values_list(*columns))
                assert sorted(selectors._live_states.rows(each.pk, timezone.now())) == expected
    with freeze_time(hold.hold_expires_at + timedelta(seconds=1)):
        states = selectors.seat_map(show).states
    assert states == {seats_of(show, "B2")[0]: "sold"}  # the hold on A1 ran out


def test_cached_links_follow_the_script_prefix_and_the_settings():
    template = Template("{% load site_links %}{% url 'home' %} {% static 'js/seat-map.js' %}")
    request = RequestFactory().get("/")
    first = template.render(Context({"request": request}))
    assert first.startswith("/ ") and "seat-map" in first
    with override_settings(FORCE_SCRIPT_NAME="/box/", STATIC_URL="/assets/"):
        from django.urls import set_script_prefix

        set_script_prefix("/box/")
        try:
            moved = template.render(Context({"request": request}))
        finally:
            set_script_prefix("/")
    assert moved.startswith("/box/ ") and "/assets/" in moved
    assert template.render(Context({"request": request})) == first
