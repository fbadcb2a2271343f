"""Django admin never skips the staff services: records and ledgers are read-only, shifts go through them."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from employees import services
from employees.models import Employee, EmploymentEvent, Payroll, SalaryEntry, Shift
from employees.tests.factories import hire
from users.models import Role
from users.tests.factories import UserFactory
from users.tests.helpers import admin_action, admin_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(sign_in):
    return sign_in(UserFactory(role=Role.ADMIN))


def test_an_employee_record_and_its_history_cannot_be_deleted_in_admin(client, admin_user):
    employee = hire()
    assert client.post(admin_url(Employee, "delete", employee.pk), {"post": "yes"}).status_code == 403
    admin_action(client, Employee, "delete_selected", [employee], post="yes")  # not offered
    assert Employee.objects.filter(pk=employee.pk).exists()
    assert employee.events.exists() and employee.salary_entries.exists()


@pytest.mark.parametrize("model", [SalaryEntry, EmploymentEvent, Payroll])
def test_ledgers_are_not_written_in_admin(client, admin_user, model):
    employee = hire(started_on=date(2026, 1, 15))
    services.payroll_pay(employee=employee, month=date(2026, 1, 1), by=admin_user)
    row = model.objects.filter(employee=employee).first()
    assert client.post(admin_url(model, "add"), {"employee": employee.pk}).status_code == 403
    assert client.post(admin_url(model, "change", row.pk), {"reason": "edited"}).status_code == 403
    assert client.post(admin_url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=row.pk).exists()


def test_a_shift_is_not_added_in_admin_past_the_overlap_check(client, admin_user):
    employee = hire()
    tomorrow = timezone.localdate() + timedelta(days=1)
    services.shift_assign(employee=employee, day=tomorrow, starts=time(9), ends=time(13), counter="Main", by=None)
    response = client.post(
        admin_url(Shift, "add"),
        {"employee": employee.pk, "day": tomorrow, "starts": "10:00", "ends": "14:00", "counter": "Main", "by": ""},
    )
    assert response.status_code == 403
    assert Shift.objects.count() == 1


def test_only_shifts_not_yet_started_are_removed_in_admin(client, admin_user):
    employee = hire()
    tomorrow = timezone.localdate() + timedelta(days=1)
    planned = services.shift_assign(
        employee=employee, day=tomorrow, starts=time(9), ends=time(13), counter="Main", by=None
    )
    worked = Shift.objects.create(employee=employee, day=tomorrow - timedelta(days=3), starts=time(9), ends=time(13))
    assert client.post(admin_url(Shift, "delete", planned.pk), {"post": "yes"}).status_code == 403
    response = admin_action(client, Shift, "remove", [planned, worked])
    assert "stays in the record" in client.get(response["Location"]).content.decode()
    assert list(Shift.objects.values_list("pk", flat=True)) == [worked.pk]


def test_the_admin_index_names_the_salary_ledger_in_plain_english(client, admin_user):
    page = client.get("/admin/").content.decode()
    assert "Salary entries" in page and "Salary entrys" not in page
