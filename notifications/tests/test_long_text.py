"""Text that only gets too long once composed into a notice title: the action is done whole, the
title is cut with an ellipsis, never a 500 or a half-done action (issue 10, point 5)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from movies import services as catalog
from movies.models import Movie, Show
from movies.tests.factories import GenreFactory, MovieFactory, auditorium
from movies.tests.test_staff_pages import movie_form, show_form
from notifications import services
from notifications.models import FavouriteGenre, Kind, Notification
from outbox.models import OutboundEmail
from reviews.models import Review
from support import services as support
from support.models import Message
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LONGEST_TITLE = "T" * Movie._meta.get_field("title").max_length
TITLE_MAX = Notification._meta.get_field("title").max_length
SUBJECT_MAX = OutboundEmail._meta.get_field("subject").max_length


def assert_cut(notice, starts_with):
    """A title longer than its field is cut to fit and ends with an ellipsis."""
    assert notice.title.startswith(starts_with)
    assert len(notice.title) == TITLE_MAX and notice.title.endswith("…")


def assert_mail_fits():
    assert OutboundEmail.objects.exists()
    assert all(len(subject) <= SUBJECT_MAX for subject in OutboundEmail.objects.values_list("subject", flat=True))


@pytest.fixture
def fan():
    """A customer who asked for new-movie notices in the site and by mail, a fan of drama."""
    customer = UserFactory()
    services.preferences_save(
        user=customer, choices={Kind.NEW_MOVIES: (True, True)}, genres=[GenreFactory(name="Drama", slug="drama")]
    )
    return customer


def test_a_support_reply_with_the_longest_name_and_subject_is_posted_and_told(client, sign_in):
    customer = UserFactory(full_name="N" * 150)
    moderator = UserFactory(role=Role.MODERATOR)
    services.preferences_save(user=moderator, choices={Kind.MESSAGES: (True, True)})
    thread = support.thread_open(customer=customer, topic="complaint", subject="S" * 150, body="First")
    sign_in(customer)
    client.raise_request_exception = False
    response = client.post(reverse("support:reply", args=[thread.pk]), {"body": "B" * 5000})
    assert response.status_code == 302
    assert Message.objects.filter(thread=thread, body="B" * 5000).exists()
    assert_cut(Notification.objects.filter(user=moderator).latest("pk"), "Reply from NNN")
    assert_mail_fits()


def test_a_movie_with_the_longest_title_is_saved_and_announced(
    client, sign_in, fan, django_capture_on_commit_callbacks
):
    sign_in(UserFactory(role=Role.ADMIN))
    client.raise_request_exception = False
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("movies:staff_movie_create"), movie_form(title=LONGEST_TITLE, status="coming_soon")
        )
    assert response.status_code == 302
    assert Movie.objects.filter(title=LONGEST_TITLE).exists()
    assert_cut(Notification.objects.get(user=fan, kind=Kind.NEW_MOVIES), "New: TTT")
    assert_mail_fits()


def test_a_show_of_a_movie_with_the_longest_title_is_scheduled_and_announced(
    client, sign_in, fan, django_capture_on_commit_callbacks
):
    movie = MovieFactory(title=LONGEST_TITLE, genres=[GenreFactory(slug="drama")])
    sign_in(UserFactory(role=Role.MODERATOR))
    client.raise_request_exception = False
    starts_at = timezone.now().replace(second=0, microsecond=0) + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("movies:staff_show_create"), show_form(movie, auditorium(), starts_at))
    assert response.status_code == 302
    assert Show.objects.filter(movie=movie).exists()
    assert_cut(Notification.objects.get(user=fan, kind=Kind.NEW_MOVIES), "New show: TTT")
    assert_mail_fits()


def test_a_review_answer_under_the_longest_title_is_published_and_told(client, sign_in):
    customer = UserFactory()
    review = Review.objects.create(movie=MovieFactory(title=LONGEST_TITLE), customer=customer, rating=3, text="Long")
    sign_in(UserFactory(role=Role.MODERATOR))
    client.raise_request_exception = False
    response = client.post(reverse("reviews:moderate", args=[review.pk]), {"action": "answer", "answer": "A" * 3000})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.answer == "A" * 3000
    assert_cut(Notification.objects.get(user=customer), "The theater answered your review of TTT")
    assert_mail_fits()


# All or nothing: when the announcement cannot be written, the movie or show is not saved either.


@pytest.fixture
def announcing_fails(monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("announcement failed")

    monkeypatch.setattr(services, "announce", fail)


def test_a_movie_is_not_saved_without_its_announcement(fan, announcing_fails, django_capture_on_commit_callbacks):
    movie = MovieFactory.build(title="Deep Field", slug="", status=Movie.Status.COMING_SOON)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        catalog.movie_save(movie=movie, genres=[], poster_changed=False)
    assert not Movie.objects.filter(title="Deep Field").exists()


def test_a_show_is_not_scheduled_without_its_announcement(fan, announcing_fails, django_capture_on_commit_callbacks):
    movie = MovieFactory(genres=[GenreFactory(slug="drama")])
    starts_at = timezone.now().replace(second=0, microsecond=0) + timedelta(days=1)
    prices = {"standard": 10, "vip": 15, "accessible": 8}
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        catalog.show_schedule(movie=movie, auditorium=auditorium(), starts_at=starts_at, prices=prices)
    assert not Show.objects.exists()
    assert FavouriteGenre.objects.filter(user=fan).exists()
