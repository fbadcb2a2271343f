"""Every dashboard costs the same queries for a theater with one movie, salesman, customer and a
handful of tickets as for one with many: the figures are pre-aggregated rows, and each list is
read in one query whatever its length."""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse
from freezegun import freeze_time

from bookings.tests.factories import confirmed
from employees.models import Employee, Shift
from movies.models import Show
from notifications.models import Notification
from sales.tests.story import at
from sales.tests.test_query_counts import theater
from support.models import Thread
from users.models import Role, User
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Queries of a whole page, the session, the user and the navbar's bell included.
BUDGETS = {"admin": 28, "moderator": 16, "salesman": 12, "customer": 10}


def grow(size: int):
    """`size` movies, halls, salesmen (each supervised by the moderator, with a shift) and online
    customers, with today's shows, bookings of the customer and unread notices."""
    theater(size)
    moderator = UserFactory(role=Role.MODERATOR)
    customer = UserFactory(role=Role.CUSTOMER)
    with freeze_time(at(2026, 11, 20, 9, 0)):
        for salesman in User.objects.filter(role=Role.SALESMAN):
            employee = Employee.objects.create(user=salesman, started_on=date(2026, 1, 1), supervisor=moderator)
            Shift.objects.create(employee=employee, day=date(2026, 11, 21), starts="10:00", ends="18:00")
        for n, show in enumerate(Show.objects.all()):
            confirmed(show, f"B{3 + n % 5}", customer=customer)
            Notification.objects.create(user=customer, kind="booking", title=f"Notice {n}")
            Thread.objects.create(customer=customer, subject=f"Question {n}")
    return moderator, customer


@pytest.mark.parametrize("size", [1, 6], ids=["small theater", "bigger theater"])
@pytest.mark.parametrize("name", list(BUDGETS))
def test_each_dashboard_costs_a_fixed_number_of_queries(client, sign_in, django_assert_max_num_queries, size, name):
    moderator, customer = grow(size)
    user = {
        "admin": UserFactory(role=Role.ADMIN),
        "moderator": moderator,
        "salesman": User.objects.filter(role=Role.SALESMAN).first(),
        "customer": customer,
    }[name]
    sign_in(user)
    cache.clear()  # a cold page: every figure read
    # On the day of the theater's shows.
    with freeze_time(at(2026, 11, 25, 12, 0)), django_assert_max_num_queries(BUDGETS[name]):
        response = client.get(reverse(f"dashboard:{name}"), {"period": "this_month"})
    assert response.status_code == 200
