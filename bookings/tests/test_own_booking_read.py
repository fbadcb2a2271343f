"""A customer's own booking, read by SQL written once per process (`selectors.booking_get_for`,
xcounter/prepared.py): the same booking, show, movie and auditorium as the ORM loads them, and a
404 for anything that is not theirs."""

import pytest
from django.http import Http404

from bookings import selectors
from bookings.models import Booking
from bookings.tests.factories import held, sold_at_counter
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_customer_gets_their_booking_whole_in_one_read(django_assert_num_queries):
    booking = held(None, "A1", "A2")
    customer = booking.customer
    expected = Booking.objects.select_related("show__movie", "show__auditorium").get(pk=booking.pk)

    with django_assert_num_queries(1):
        found = selectors.booking_get_for(customer, booking.reference)
        for model_field in Booking._meta.concrete_fields:
            assert getattr(found, model_field.attname) == getattr(expected, model_field.attname), model_field.name
        assert found.show == expected.show and found.show.starts_at == expected.show.starts_at
        assert found.show.movie.title == expected.show.movie.title
        assert found.show.auditorium.name == expected.show.auditorium.name
        assert found.customer is customer and not found._state.adding
    assert found.total == expected.total and found.hold_expires_at == expected.hold_expires_at


@pytest.mark.parametrize(
    "reference",
    ["XC-NOSUCH", "XC-PREPARED-MARK", "", "' OR '1'='1", "x" * 500],
)
def test_a_reference_that_is_not_theirs_is_a_404(reference):
    held(None, "A1")  # someone's booking exists
    with pytest.raises(Http404):
        selectors.booking_get_for(UserFactory(), reference)


def test_another_customers_booking_is_a_404_theirs_is_found():
    booking = held(None, "A1")
    with pytest.raises(Http404):
        selectors.booking_get_for(UserFactory(), booking.reference)
    assert selectors.booking_get_for(booking.customer, booking.reference).pk == booking.pk


def test_staff_still_read_through_the_orm_with_their_scope():
    salesman = UserFactory(role=Role.SALESMAN)
    mine = sold_at_counter(None, "A1", salesman=salesman)
    theirs = sold_at_counter(mine.show, "A2")
    assert selectors.booking_get_for(salesman, mine.reference).created_by == salesman
    with pytest.raises(Http404):
        selectors.booking_get_for(salesman, theirs.reference)
    assert selectors.booking_get_for(UserFactory(role=Role.MODERATOR), theirs.reference).pk == theirs.pk
