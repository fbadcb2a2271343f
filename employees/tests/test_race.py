"""Penalties and shift moves raced by several managers at once: the rules still hold (the employee's
row lock decides)."""

import threading
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from employees import services
from employees.models import SalaryEntry
from employees.selectors import payroll_line
from employees.services import EmployeeError
from employees.tests.factories import hire

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 6


def race(action, arguments):
    barrier = threading.Barrier(len(arguments))
    outcomes = []

    def run(argument):
        try:
            barrier.wait()
            action(argument)
            outcomes.append("done")
        except EmployeeError as error:
            outcomes.append(str(error))
        except Exception as error:
            outcomes.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_penalties_added_at_once_never_take_a_month_below_zero():
    salesman = hire(started_on=date(2026, 1, 15), base="2000.00")
    month = timezone.localdate().replace(day=1)

    def penalise(n):
        services.salary_entry_add(
            employee=salesman, kind="penalty", amount=Decimal("600"), effective_on=month, reason=f"#{n}", by=None
        )

    outcomes = race(penalise, range(RACERS))
    assert outcomes.count("done") == 3  # 3 × 600 fit in 2000; a fourth would leave −200
    assert all("would leave" in outcome for outcome in outcomes if outcome != "done"), outcomes
    assert SalaryEntry.objects.filter(employee=salesman, kind="penalty").count() == 3
    assert payroll_line(salesman, month).total == Decimal("200.00")


def test_shifts_moved_into_one_slot_at_once_never_overlap():
    salesman = hire()
    day = timezone.localdate() + timedelta(days=3)
    shifts = [
        services.shift_assign(
            employee=salesman, day=day, starts=time(8 + 2 * n), ends=time(9 + 2 * n), counter="C", by=None
        )
        for n in range(RACERS)
    ]

    def move(shift):
        services.shift_update(
            shift=shift, employee=salesman, day=day, starts=time(21), ends=time(23), counter="Late", by=None
        )

    outcomes = race(move, shifts)
    assert outcomes.count("done") == 1
    assert all("already works 21:00–23:00" in outcome for outcome in outcomes if outcome != "done"), outcomes
    assert salesman.shifts.filter(starts=time(21)).count() == 1
