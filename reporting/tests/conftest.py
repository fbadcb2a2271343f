"""The known fortnight of the sales figures' tests (sales/tests/story.py), with staff records: Mo
supervises Sam, Max supervises Sue, and each salesman worked shifts."""

from dataclasses import dataclass
from datetime import date, time

import pytest
from freezegun import freeze_time

from employees.models import Employee, Shift
from sales.tests.story import Story, at, tell
from users.models import Role
from users.tests.factories import UserFactory
from xcounter.days import Period

NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30), "month")
THIS_WEEK = Period(date(2026, 11, 12), date(2026, 11, 18), "week")


@dataclass
class Staffed:
    story: Story
    mo: object
    max: object


def staff(story: Story) -> Staffed:
    mo = UserFactory(role=Role.MODERATOR, full_name="Mo Moderator", email="mo@example.com")
    max_ = UserFactory(role=Role.MODERATOR, full_name="Max Moderator", email="max@example.com")
    for moderator in (mo, max_):
        Employee.objects.create(user=moderator, started_on=date(2026, 1, 1))
    sam = Employee.objects.create(user=story.sam, started_on=date(2026, 1, 1), supervisor=mo)
    sue = Employee.objects.create(user=story.sue, started_on=date(2026, 1, 1), supervisor=max_)
    for employee, days in ((sam, (12, 13, 14)), (sue, (13, 14))):
        for day in days:
            Shift.objects.create(employee=employee, day=date(2026, 11, day), starts=time(9), ends=time(17))
    return Staffed(story, mo, max_)


@pytest.fixture
def theater(db):
    story = tell()
    staffed = staff(story)
    with freeze_time(at(2026, 11, 17, 12, 0)):
        yield staffed
