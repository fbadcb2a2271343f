"""send_automated_notifications: each kind of notice, each sent once however often cron runs it."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from bookings.tests.factories import confirmed, sold_at_counter
from movies.models import Movie
from movies.tests.factories import GenreFactory, MovieFactory, auditorium
from movies.tests.factories import show as make_show
from notifications.models import Announcement, FavouriteGenre, Kind, Notification
from users.models import Role, User
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def titles(user, kind=None):
    notices = Notification.objects.filter(user=user)
    if kind:
        notices = notices.filter(kind=kind)
    return sorted(notices.values_list("title", flat=True))


def run(capsys, *args):
    call_command("send_automated_notifications", *args)
    return capsys.readouterr().out


def test_reminders_and_unpaid_notices_go_once(capsys):
    soon = timezone.now() + timedelta(hours=5)
    show = make_show(movie=MovieFactory(title="Velocity"), starts_at=soon)
    unpaid = confirmed(show, "A1")  # pay at the box office
    paid = sold_at_counter(show, "A2", customer=UserFactory())
    later = make_show(auditorium_=auditorium(name="Hall 2"), starts_at=timezone.now() + timedelta(days=5))
    far = confirmed(later, "A1")
    Notification.objects.all().delete()

    out = run(capsys)
    assert "Sent 3 notices." in out
    assert len(titles(unpaid.customer, Kind.REMINDER)) == 2  # reminder + please pay
    assert any("Velocity" in title for title in titles(paid.customer, Kind.REMINDER))
    assert titles(far.customer) == []  # five days away: not yet
    assert "Sent 0 notices." in run(capsys)
    assert len(titles(unpaid.customer, Kind.REMINDER)) == 2


def test_dry_run_prints_and_sends_nothing(capsys):
    show = make_show(starts_at=timezone.now() + timedelta(hours=3))
    booking = confirmed(show, "A1")
    Notification.objects.all().delete()
    out = run(capsys, "--dry-run")
    assert "Would send 2 notices." in out and booking.customer.email in out
    assert not Notification.objects.exists()
    assert "Sent 2 notices." in run(capsys)


def test_premiere_announcements_go_to_fans_of_the_genre(capsys):
    horror, comedy = GenreFactory(name="Horror", slug="horror"), GenreFactory(name="Comedy", slug="comedy")
    fan, other = UserFactory(), UserFactory()
    FavouriteGenre.objects.create(user=fan, genre=horror)
    FavouriteGenre.objects.create(user=other, genre=comedy)
    MovieFactory(
        title="Lullaby for a Ghost",
        status=Movie.Status.COMING_SOON,
        release_date=timezone.localdate() + timedelta(days=3),
        genres=[horror],
    )
    run(capsys)
    run(capsys)
    assert len(titles(fan, Kind.NEW_MOVIES)) == 1 and "Lullaby for a Ghost" in titles(fan, Kind.NEW_MOVIES)[0]
    assert titles(other, Kind.NEW_MOVIES) == []


def test_reengagement_goes_to_quiet_customers_once(capsys, settings):
    settings.REENGAGE_AFTER_DAYS = 30
    long_ago = timezone.now() - timedelta(days=60)
    quiet = UserFactory()
    User.objects.filter(pk=quiet.pk).update(date_joined=long_ago, last_login=long_ago)
    active = UserFactory()
    User.objects.filter(pk=active.pk).update(date_joined=long_ago, last_login=timezone.now())
    run(capsys)
    run(capsys)
    assert titles(quiet, Kind.OFFERS) == ["We miss you at the movies"]
    assert titles(active, Kind.OFFERS) == []


def test_scheduled_announcements_reach_their_audience_once(capsys):
    customer, salesman = UserFactory(), UserFactory(role=Role.SALESMAN)
    Announcement.objects.create(
        title="Closed on Christmas Eve",
        body="See you on the 25th.",
        audience="customers",
        send_at=timezone.now() - timedelta(minutes=1),
    )
    Announcement.objects.create(title="Later", body="x", send_at=timezone.now() + timedelta(days=1))
    run(capsys)
    run(capsys)
    assert titles(customer, Kind.OFFERS) == ["Closed on Christmas Eve"]
    assert titles(salesman) == []


def test_favourite_genres_are_chosen_on_the_preferences_page(client, sign_in):
    customer = sign_in(UserFactory())
    horror = GenreFactory(name="Horror", slug="horror")
    client.post("/notifications/preferences/", {"genres": [horror.pk], "new_movies__in_app": "on"})
    assert list(customer.favourite_genres.values_list("genre__slug", flat=True)) == ["horror"]
