import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from movies.models import Auditorium, Movie, Show
from movies.selectors import auditoriums_with_capacity

pytestmark = [pytest.mark.django_db, pytest.mark.tills_by_hand]  # seed_demo opens its own tills


def test_seed_demo_builds_a_living_theater(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", "--days", "2")
    halls = list(auditoriums_with_capacity())
    assert len(halls) == 3
    assert any(h.capacity >= 200 and h.vip_seats and h.accessible_seats for h in halls)

    movies = Movie.objects.annotate(genre_count=Count("genres"))
    assert movies.count() >= 12
    assert all(movie.poster and movie.poster_thumbnail for movie in movies)
    assert movies.filter(genre_count__gt=0).count() == movies.count()
    assert movies.values("genres").distinct().count() >= 6
    assert movies.filter(status="coming_soon").exists()

    shows = Show.objects.filter(status="scheduled")
    days = {show.starts_at.date() for show in shows}
    assert len(days) >= 13
    for hall in Auditorium.objects.all():  # seeded through the service: never an overlap
        for show in shows.filter(auditorium=hall):
            overlapping = shows.filter(
                Q(auditorium=hall), Q(starts_at__lt=show.blocked_until), Q(blocked_until__gt=show.starts_at)
            )
            assert overlapping.count() == 1

    shows_before = shows.count()
    call_command("seed_demo", "--days", "2")
    assert Show.objects.count() == shows_before
    assert Movie.objects.count() == movies.count()
    assert "new shows" in capsys.readouterr().out
