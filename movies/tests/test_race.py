"""Two moderators saving overlapping shows at the same moment: exactly one wins."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from movies import services
from movies.exceptions import ScheduleError
from movies.models import Show
from movies.tests.factories import PRICES, MovieFactory, auditorium

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 8


def test_overlapping_shows_saved_at_once_leave_exactly_one():
    hall = auditorium()
    movies = [MovieFactory(duration_minutes=120) for _ in range(RACERS)]
    evening = timezone.now().replace(hour=18, minute=0, second=0, microsecond=0) + timedelta(days=3)
    barrier = threading.Barrier(RACERS)
    outcomes: list[str] = []

    def moderator(index):
        try:
            barrier.wait()
            # Each starts a few minutes apart: every pair overlaps.
            services.show_schedule(
                movie=movies[index], auditorium=hall, starts_at=evening + timedelta(minutes=5 * index), prices=PRICES
            )
            outcomes.append("scheduled")
        except ScheduleError:
            outcomes.append("refused")
        except Exception as error:  # any other failure is a bug this test must show
            outcomes.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=moderator, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused"] * (RACERS - 1) + ["scheduled"]
    assert Show.objects.filter(auditorium=hall, status=Show.Status.SCHEDULED).count() == 1


def test_the_database_itself_refuses_an_overlap_on_postgresql():
    """Even a write that skips the service's check cannot create an overlap (PostgreSQL constraint)."""
    from django.db import IntegrityError

    hall = auditorium()
    evening = timezone.now() + timedelta(days=3)
    first = services.show_schedule(movie=MovieFactory(), auditorium=hall, starts_at=evening, prices=PRICES)
    clash = Show(
        movie=first.movie,
        auditorium=hall,
        starts_at=evening + timedelta(minutes=10),
        ends_at=evening + timedelta(minutes=110),
        blocked_until=evening + timedelta(minutes=125),
        price_standard=1,
        price_vip=1,
        price_accessible=1,
    )
    if connection.vendor == "postgresql":
        with pytest.raises(IntegrityError, match="show_no_overlap"):
            clash.save()
    else:
        # SQLite has no exclusion constraints: there the service's serialised check is the guard.
        clash.save()
        assert Show.objects.filter(auditorium=hall).count() == 2
