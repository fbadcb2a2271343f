"""Scheduling rules: no overlaps (cleaning included), no past starts, positive prices, cancel not delete."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from movies import services, signals
from movies.exceptions import CatalogError, ScheduleError
from movies.models import Movie, Show
from movies.tests.factories import PRICES, MovieFactory, auditorium, show

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall():
    return auditorium()


@pytest.fixture
def evening():
    return timezone.now().replace(hour=18, minute=0, second=0, microsecond=0) + timedelta(days=2)


def test_show_ends_after_the_movie_and_frees_the_room_after_cleaning(hall, evening, settings):
    settings.SHOW_CLEANING_MINUTES = 15
    booked = show(movie=MovieFactory(duration_minutes=100), auditorium_=hall, starts_at=evening)
    assert booked.ends_at == evening + timedelta(minutes=100)
    assert booked.blocked_until == evening + timedelta(minutes=115)


@pytest.mark.parametrize("minutes_after", [0, 60, 114])
def test_overlapping_show_in_the_same_auditorium_is_refused(hall, evening, minutes_after):
    show(movie=MovieFactory(title="First", duration_minutes=100), auditorium_=hall, starts_at=evening)
    with pytest.raises(ScheduleError, match="is busy then: “First” runs"):
        show(auditorium_=hall, starts_at=evening + timedelta(minutes=minutes_after))
    assert Show.objects.count() == 1


def test_a_show_may_start_once_the_room_is_clean(hall, evening):
    show(movie=MovieFactory(duration_minutes=100), auditorium_=hall, starts_at=evening)
    show(auditorium_=hall, starts_at=evening + timedelta(minutes=115))
    assert Show.objects.count() == 2


def test_a_show_ending_into_the_next_one_is_refused(hall, evening):
    show(auditorium_=hall, starts_at=evening)
    with pytest.raises(ScheduleError):
        show(movie=MovieFactory(duration_minutes=100), auditorium_=hall, starts_at=evening - timedelta(minutes=100))


def test_same_time_in_another_auditorium_is_fine(hall, evening):
    show(auditorium_=hall, starts_at=evening)
    show(auditorium_=auditorium(name="Hall 2"), starts_at=evening)
    assert Show.objects.count() == 2


def test_a_cancelled_show_frees_its_slot(hall, evening):
    first = show(auditorium_=hall, starts_at=evening)
    services.show_cancel(show=first, reason="Projector broken", by=None)
    show(auditorium_=hall, starts_at=evening)
    assert Show.objects.filter(status=Show.Status.SCHEDULED).count() == 1


def test_a_show_in_the_past_is_refused(hall):
    with pytest.raises(ScheduleError, match="must start in the future"):
        show(auditorium_=hall, starts_at=timezone.now() - timedelta(minutes=1))


@pytest.mark.parametrize("price", [Decimal("0"), Decimal("-1.00")])
def test_zero_or_negative_price_is_refused(hall, evening, price):
    with pytest.raises(ScheduleError, match="price above zero"):
        show(auditorium_=hall, starts_at=evening, vip=price)
    assert not Show.objects.exists()


def test_archived_movie_gets_no_new_shows(hall, evening):
    with pytest.raises(ScheduleError, match="archived"):
        show(movie=MovieFactory(status=Movie.Status.ARCHIVED), auditorium_=hall, starts_at=evening)


def test_moving_a_show_onto_another_is_refused_and_changes_nothing(hall, evening):
    show(auditorium_=hall, starts_at=evening)
    later = show(auditorium_=hall, starts_at=evening + timedelta(hours=4))
    with pytest.raises(ScheduleError):
        services.show_update(
            show=later, movie=later.movie, auditorium=hall, starts_at=evening + timedelta(minutes=30), prices=PRICES
        )
    later.refresh_from_db()
    assert later.starts_at == evening + timedelta(hours=4)


def test_moving_a_show_keeps_it_clear_of_itself(hall, evening):
    booked = show(auditorium_=hall, starts_at=evening)
    services.show_update(
        show=booked, movie=booked.movie, auditorium=hall, starts_at=evening + timedelta(minutes=30), prices=PRICES
    )
    booked.refresh_from_db()
    assert booked.starts_at == evening + timedelta(minutes=30)


def test_cancel_needs_a_reason_and_records_who_and_when(hall, evening):
    from users.tests.factories import UserFactory

    booked = show(auditorium_=hall, starts_at=evening)
    with pytest.raises(ScheduleError, match="Say why"):
        services.show_cancel(show=booked, reason="  ", by=None)
    moderator = UserFactory(role="moderator")
    services.show_cancel(show=booked, reason="Storm warning", by=moderator)
    booked.refresh_from_db()
    assert (booked.status, booked.cancel_reason, booked.cancelled_by) == ("cancelled", "Storm warning", moderator)
    assert booked.cancelled_at is not None
    with pytest.raises(ScheduleError, match="already cancelled"):
        services.show_cancel(show=booked, reason="Again", by=moderator)


def test_a_movie_with_shows_is_archived_never_deleted(hall, evening):
    booked = show(auditorium_=hall, starts_at=evening)
    with pytest.raises(CatalogError, match="archive it instead"):
        services.movie_delete(movie=booked.movie)
    assert Movie.objects.filter(pk=booked.movie_id).exists()
    services.movie_archive(movie=booked.movie)
    booked.movie.refresh_from_db()
    assert booked.movie.status == Movie.Status.ARCHIVED


def test_a_movie_without_shows_can_be_deleted():
    movie = MovieFactory()
    services.movie_delete(movie=movie)
    assert not Movie.objects.filter(pk=movie.pk).exists()


def test_new_movies_and_shows_are_announced_in_their_transaction_cancellations_after_commit(
    hall, evening, django_capture_on_commit_callbacks
):
    heard = []

    def listener(signal_name):
        return lambda sender, **kwargs: heard.append((signal_name, kwargs))

    receivers = {name: listener(name) for name in ("published", "scheduled", "cancelled")}
    signals.movie_published.connect(receivers["published"])
    signals.show_scheduled.connect(receivers["scheduled"])
    signals.show_cancelled.connect(receivers["cancelled"])
    try:
        with django_capture_on_commit_callbacks(execute=False):
            movie = MovieFactory.build(slug="", status=Movie.Status.COMING_SOON)
            services.movie_save(movie=movie, genres=[], poster_changed=False)
            booked = show(movie=movie, auditorium_=hall, starts_at=evening)
        assert [name for name, _ in heard] == ["published", "scheduled"]  # before commit: written with them
        with django_capture_on_commit_callbacks(execute=False) as pending:
            services.show_cancel(show=booked, reason="Rain", by=None)
        assert "cancelled" not in [name for name, _ in heard]  # nothing before commit
        for callback in pending:
            callback()
    finally:
        signals.movie_published.disconnect(receivers["published"])
        signals.show_scheduled.disconnect(receivers["scheduled"])
        signals.show_cancelled.disconnect(receivers["cancelled"])
    assert [name for name, _ in heard] == ["published", "scheduled", "cancelled"]
    assert heard[0][1]["movie"] == movie and heard[2][1]["show"].pk == booked.pk


def test_a_show_that_is_over_cannot_be_cancelled(hall, evening):
    from freezegun import freeze_time

    booked = show(auditorium_=hall, starts_at=evening)
    with freeze_time(booked.ends_at + timedelta(minutes=1)), pytest.raises(ScheduleError, match="is over"):
        services.show_cancel(show=booked, reason="Too late", by=None)


def test_moving_a_show_cancelled_meanwhile_is_refused(hall, evening):
    booked = show(auditorium_=hall, starts_at=evening)
    stale = Show.objects.get(pk=booked.pk)  # another moderator's page, loaded before the cancel
    services.show_cancel(show=booked, reason="Storm", by=None)
    with pytest.raises(ScheduleError):
        services.show_update(
            show=stale, movie=stale.movie, auditorium=hall, starts_at=evening + timedelta(hours=1), prices=PRICES
        )
    assert Show.objects.get(pk=booked.pk).is_cancelled


def test_a_stale_edit_page_cannot_move_a_show_back_once_seats_are_held_in_its_new_auditorium(hall, evening):
    from bookings.tests.factories import held

    booked = show(auditorium_=hall, starts_at=evening)
    stale = Show.objects.get(pk=booked.pk)  # a second moderator's page, still showing the first hall
    studio = auditorium(name="Studio")
    services.show_update(show=booked, movie=booked.movie, auditorium=studio, starts_at=evening, prices=PRICES)
    held(Show.objects.get(pk=booked.pk), "A1")

    with pytest.raises(ScheduleError, match="Tickets are sold for this show"):
        services.show_update(show=stale, movie=stale.movie, auditorium=hall, starts_at=evening, prices=PRICES)
    assert Show.objects.get(pk=booked.pk).auditorium == studio
