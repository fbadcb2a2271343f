"""xcounter/prepared.py refuses what the ORM refuses: a naive time, an id that is not a number."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from users.models import User
from users.tests.factories import UserFactory
from xcounter.prepared import Prepared

pytestmark = pytest.mark.django_db

joined_since = Prepared(
    lambda pk, since: User.objects.filter(pk=pk, date_joined__gte=since).order_by().values_list("email"),
    -7_310_000_099,
    datetime(1901, 2, 3, 4, 5, 6, 789_099, tzinfo=UTC),
)


def test_values_take_the_markers_places_as_the_orm_would():
    person = UserFactory(email="ada@example.com")
    assert joined_since.rows(person.pk, person.date_joined) == [("ada@example.com",)]
    assert joined_since.rows(str(person.pk), person.date_joined) == [("ada@example.com",)]  # an id as text
    assert joined_since.rows(person.pk + 1, person.date_joined) == []


def test_a_naive_time_or_an_id_that_is_no_number_is_refused():
    person = UserFactory()
    with pytest.raises(ValueError, match="aware datetime"):
        joined_since.rows(person.pk, datetime(2026, 1, 1))  # would be read as UTC, silently
    with pytest.raises(ValueError):
        joined_since.rows("seven", timezone.now())
