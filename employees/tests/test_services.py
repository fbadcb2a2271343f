"""Salary ledger and payroll arithmetic (Decimal), status changes, shifts."""

from datetime import date, time, timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from employees import services
from employees.models import Payroll, SalaryEntry
from employees.selectors import payroll_line, payroll_months
from employees.services import EmployeeError
from employees.tests.factories import hire, moderator_with_salesman
from users.models import Role
from users.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def salesman():
    return hire(started_on=date(2026, 1, 15), base="2000.00")


def add(employee, kind, amount, on, reason="Because"):
    return services.salary_entry_add(
        employee=employee, kind=kind, amount=D(amount), effective_on=on, reason=reason, by=None
    )


@freeze_time("2026-06-10")
def test_payroll_is_base_in_force_plus_bonuses_minus_penalties(salesman):
    add(salesman, "base", "2150.50", date(2026, 4, 20))  # a raise from 20 April
    add(salesman, "bonus", "120.25", date(2026, 4, 3))
    add(salesman, "bonus", "79.75", date(2026, 4, 28))
    add(salesman, "penalty", "33.33", date(2026, 4, 9))
    add(salesman, "penalty", "50.00", date(2026, 5, 1))
    april, may, march = (payroll_line(salesman, date(2026, m, 1)) for m in (4, 5, 3))
    assert (april.base, april.bonuses, april.penalties, april.total) == (
        D("2150.50"),
        D("200.00"),
        D("33.33"),
        D("2317.17"),
    )
    assert may.total == D("2100.50")
    assert march.total == D("2000.00")
    assert [line.month.month for line in payroll_months(salesman)] == [6, 5, 4, 3, 2, 1]


@freeze_time("2026-06-10")
def test_paying_a_month_snapshots_it_and_a_second_payment_is_refused(salesman):
    add(salesman, "bonus", "100", date(2026, 5, 1))
    paid = services.payroll_pay(employee=salesman, month=date(2026, 5, 17), by=None)
    assert (paid.month, paid.total) == (date(2026, 5, 1), D("2100.00"))
    with pytest.raises(EmployeeError, match="May 2026 is already paid: date the bonus in a month still to be paid"):
        add(salesman, "bonus", "999", date(2026, 5, 2))
    add(salesman, "bonus", "999", date(2026, 6, 2))  # the next month still open takes it
    assert payroll_months(salesman)[1].paid == paid and payroll_months(salesman)[1].total == D("2100.00")
    assert payroll_months(salesman)[0].total == D("2999.00")
    with pytest.raises(EmployeeError, match="May 2026 is already paid"):
        services.payroll_pay(employee=salesman, month=date(2026, 5, 1), by=None)
    assert Payroll.objects.count() == 1


@freeze_time("2026-06-10")
@pytest.mark.parametrize(
    ("month", "message"),
    [
        (date(2025, 12, 1), "is before that"),
        (date(2026, 7, 1), "is not over yet"),
        (date(2026, 6, 1), "is not over yet"),
    ],
)
def test_months_before_employment_or_in_the_future_cannot_be_paid(salesman, month, message):
    with pytest.raises(EmployeeError, match=message):
        services.payroll_pay(employee=salesman, month=month, by=None)


@pytest.mark.parametrize(
    ("kind", "amount", "on", "reason", "message"),
    [
        ("penalty", "10", date(2026, 3, 1), "  ", "Give a reason"),
        ("bonus", "0", date(2026, 3, 1), "Good work", "above zero"),
        ("bonus", "-5", date(2026, 3, 1), "Good work", "above zero"),
        ("bonus", "5", date(2025, 11, 1), "Good work", "nothing can be dated before"),
    ],
)
def test_bad_ledger_entries_are_refused(salesman, kind, amount, on, reason, message):
    with pytest.raises(EmployeeError, match=message):
        add(salesman, kind, amount, on, reason)
    assert SalaryEntry.objects.filter(employee=salesman).count() == 1  # the starting salary only


def test_terminated_employee_cannot_sign_in_and_their_record_is_closed(client, salesman):
    services.employee_set_status(employee=salesman, status="terminated", reason="Contract ended", by=None)
    response = client.post(reverse("account_login"), {"login": salesman.user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302)
    with pytest.raises(EmployeeError, match="record is closed"):
        add(salesman, "bonus", "50", date(2026, 3, 1))
    assert [e.kind for e in salesman.events.all()] == ["terminated", "hired"]


def test_suspend_and_reinstate(client, salesman):
    services.employee_set_status(employee=salesman, status="suspended", reason="Investigation", by=None)
    client.post(reverse("account_login"), {"login": salesman.user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    services.employee_set_status(employee=salesman, status="active", reason="Cleared", by=None)
    client.post(reverse("account_login"), {"login": salesman.user.email, "password": PASSWORD})
    assert "_auth_user_id" in client.session


def test_promote_and_demote_with_reasons():
    moderator, salesman = moderator_with_salesman()
    with pytest.raises(EmployeeError, match="still supervises salesmen"):
        services.employee_change_role(
            employee=moderator, role=Role.SALESMAN, supervisor=hire(Role.MODERATOR).user, reason="x", by=None
        )
    services.employee_change_role(employee=salesman, role=Role.MODERATOR, reason="Great lead", by=None)
    salesman.refresh_from_db()
    assert salesman.user.role == Role.MODERATOR and salesman.supervisor is None
    assert "Great lead" in salesman.events.first().reason


def test_shifts_of_one_salesman_never_overlap(salesman):
    day = timezone.localdate() + timedelta(days=2)
    services.shift_assign(employee=salesman, day=day, starts=time(14), ends=time(18), counter="Counter 1", by=None)
    with pytest.raises(EmployeeError, match="already works 14:00–18:00"):
        services.shift_assign(employee=salesman, day=day, starts=time(17), ends=time(22), counter="Counter 2", by=None)
    services.shift_assign(employee=salesman, day=day, starts=time(18), ends=time(22), counter="Counter 2", by=None)
    with pytest.raises(EmployeeError, match="end after it starts"):
        services.shift_assign(employee=salesman, day=day, starts=time(22), ends=time(20), counter="Counter 2", by=None)


@freeze_time("2026-06-10")
def test_a_raise_dated_before_the_first_day_of_work_is_refused(salesman):
    with pytest.raises(EmployeeError, match="nothing can be dated before"):
        add(salesman, "base", "2500", date(2026, 1, 1))  # started 15 January
    add(salesman, "base", "2500", date(2026, 1, 15))
    assert payroll_line(salesman, date(2026, 1, 1)).base == D("2500")


@freeze_time("2026-06-10")
def test_moving_the_start_date_keeps_later_raises(salesman):
    add(salesman, "base", "2500", date(2026, 1, 20))
    with pytest.raises(EmployeeError, match="the start cannot be later"):
        services.employee_update(employee=salesman, full_name="S", phone="", started_on=date(2026, 1, 25), by=None)
    services.employee_update(employee=salesman, full_name="S", phone="", started_on=date(2026, 1, 18), by=None)
    assert payroll_line(salesman, date(2026, 2, 1)).base == D("2500")
    assert salesman.salary_entries.get(amount=D("2000")).effective_on == date(2026, 1, 18)


@freeze_time("2026-06-10")
def test_a_terminated_employees_last_months_are_still_paid_but_never_negative(salesman):
    # A ledger written before penalties were capped at the month's pay: the payment still refuses it.
    SalaryEntry.objects.create(
        employee=salesman, kind="penalty", amount=D("5000"), effective_on=date(2026, 4, 1), reason="Old"
    )
    services.employee_set_status(employee=salesman, status="terminated", reason="Left", by=None)
    assert services.payroll_pay(employee=salesman, month=date(2026, 5, 1), by=None).total == D("2000.00")
    with pytest.raises(EmployeeError, match="Penalties exceed the pay for April 2026"):
        services.payroll_pay(employee=salesman, month=date(2026, 4, 1), by=None)


@freeze_time("2026-06-10")
def test_a_penalty_that_would_make_a_months_pay_negative_is_refused_with_the_figure(salesman):
    add(salesman, "bonus", "100", date(2026, 4, 1))
    add(salesman, "penalty", "1500", date(2026, 4, 1))  # April: 2000 + 100 − 1500 = 600 left
    with pytest.raises(EmployeeError) as refused:
        add(salesman, "penalty", "600.01", date(2026, 4, 20))
    message = str(refused.value)
    assert "April 2026" in message and "0.01" in message  # the pay it would leave: −€0.01
    assert "at most €600.00" in message
    add(salesman, "penalty", "600.00", date(2026, 4, 20))  # down to exactly zero is allowed
    assert payroll_line(salesman, date(2026, 4, 1)).total == D("0.00")
    assert salesman.salary_entries.filter(kind="penalty").count() == 2
    assert services.payroll_pay(employee=salesman, month=date(2026, 4, 1), by=None).total == D("0.00")


@freeze_time("2026-06-10")
def test_a_lower_base_that_would_leave_a_penalised_month_negative_is_refused(salesman):
    add(salesman, "penalty", "1800", date(2026, 7, 1))  # a penalty for a month still ahead
    with pytest.raises(EmployeeError, match=r"would leave July 2026's pay at .*300\.00"):
        add(salesman, "base", "1500", date(2026, 5, 1))
    assert payroll_line(salesman, date(2026, 7, 1)).base == D("2000.00")
    add(salesman, "base", "1900", date(2026, 5, 1))  # still covers July's penalty
    assert payroll_line(salesman, date(2026, 7, 1)).total == D("100.00")


@freeze_time("2026-06-10")
def test_a_month_is_payable_only_once_it_is_over(salesman):
    lines = {line.month: line for line in payroll_months(salesman)}
    assert lines[date(2026, 5, 1)].payable and not lines[date(2026, 6, 1)].payable
    with pytest.raises(EmployeeError, match="June 2026 is not over yet: it can be paid from 30 June 2026"):
        services.payroll_pay(employee=salesman, month=date(2026, 6, 1), by=None)
    with freeze_time("2026-06-30"):
        assert payroll_months(salesman)[0].payable  # payday is the month's last day
        services.payroll_pay(employee=salesman, month=date(2026, 6, 1), by=None)
