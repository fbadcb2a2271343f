"""A published movie and new shows are announced to customers who asked for them, in bulk."""

import pytest
from django.core.management import call_command

from movies import services as catalog
from movies.models import Movie
from movies.tests.factories import GenreFactory, MovieFactory, auditorium
from movies.tests.factories import show as make_show
from notifications import services
from notifications.models import FavouriteGenre, Kind, Notification
from outbox.models import OutboundEmail
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def audience():
    keen, mail_only, silent = UserFactory(), UserFactory(), UserFactory()
    services.preferences_save(user=keen, choices={Kind.NEW_MOVIES: (True, True)})
    services.preferences_save(user=mail_only, choices={Kind.NEW_MOVIES: (False, True)})
    return keen, mail_only, silent


def test_a_published_movie_is_announced_to_those_who_opted_in(audience, django_capture_on_commit_callbacks, mailoutbox):
    keen, mail_only, silent = audience
    with django_capture_on_commit_callbacks(execute=True):
        movie = MovieFactory.build(title="Deep Field", slug="", status=Movie.Status.COMING_SOON)
        catalog.movie_save(movie=movie, genres=[], poster_changed=False)
    assert list(Notification.objects.filter(kind=Kind.NEW_MOVIES).values_list("user", flat=True)) == [keen.pk]
    assert sorted(OutboundEmail.objects.values_list("to", flat=True)) == sorted([keen.email, mail_only.email])
    call_command("deliver_outbox", verbosity=0)
    assert len(mailoutbox) == 2 and "Deep Field" in mailoutbox[0].subject
    assert not Notification.objects.filter(user=silent).exists()


def test_a_new_show_is_news_for_fans_of_its_genres(audience, django_capture_on_commit_callbacks):
    keen, mail_only, silent = audience
    horror = GenreFactory(name="Horror", slug="horror")
    FavouriteGenre.objects.create(user=keen, genre=horror)
    movie = MovieFactory(genres=[horror])
    with django_capture_on_commit_callbacks(execute=True):
        make_show(movie=movie, auditorium_=auditorium(name="Hall 7"))
    assert list(Notification.objects.filter(kind=Kind.NEW_MOVIES).values_list("user", flat=True)) == [keen.pk]
    assert list(OutboundEmail.objects.values_list("to", flat=True)) == [keen.email]


def test_announcing_costs_the_same_few_queries_for_many_customers(django_assert_max_num_queries):
    users = UserFactory.create_batch(25)
    for user in users:
        services.preferences_save(user=user, choices={Kind.NEW_MOVIES: (True, True)})
    from users.models import User

    with django_assert_max_num_queries(4):
        counts = services.announce(users=User.objects.all(), kind=Kind.NEW_MOVIES, title="Hi")
    assert counts == (25, 25)
