"""Demo staff for `seed_demo`: records for the demo moderator and salesman, a few more, their
salary history, paid months and upcoming shifts."""

from datetime import date, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from demo.users import DEMO_PASSWORD
from employees import services
from employees.models import Employee, EmploymentEvent, SalaryEntry
from employees.selectors import month_start
from users.models import Role, User
from users.services import user_create

EXTRA_STAFF = [
    ("moderator2@xcounter.test", Role.MODERATOR, "Mona Moderator", "3100.00"),
    ("salesman2@xcounter.test", Role.SALESMAN, "Sven Seller", "2050.00"),
    ("salesman3@xcounter.test", Role.SALESMAN, "Sara Seller", "2000.00"),
]


def _record(user: User, *, base: str, started_on: date, supervisor, admin) -> Employee:
    employee = Employee.objects.filter(user=user).first()
    if employee is None:
        employee = Employee.objects.create(user=user, started_on=started_on, supervisor=supervisor)
        EmploymentEvent.objects.create(
            employee=employee, kind="hired", reason=f"Hired as {user.get_role_display()}", on=started_on, by=admin
        )
        SalaryEntry.objects.create(
            employee=employee,
            kind="base",
            amount=Decimal(base),
            effective_on=started_on,
            reason="Starting salary",
            by=admin,
        )
    return employee


@transaction.atomic
def seed_staff() -> int:
    """Idempotent: creates only what is missing. Returns how many employee records exist."""
    admin = User.objects.get(email="admin@xcounter.test")
    today = timezone.localdate()
    started = month_start(today - timedelta(days=200))
    moderator = User.objects.get(email="moderator@xcounter.test")
    salesman = User.objects.get(email="salesman@xcounter.test")
    mod = _record(moderator, base="3200.00", started_on=started, supervisor=None, admin=admin)
    first = _record(salesman, base="2100.00", started_on=started, supervisor=moderator, admin=admin)
    people = [mod, first]
    for email, role, name, base in EXTRA_STAFF:
        user = User.objects.filter(email=email).first() or user_create(
            email=email, password=DEMO_PASSWORD, role=role, full_name=name, email_verified=True
        )
        people.append(
            _record(
                user,
                base=base,
                started_on=started,
                supervisor=moderator if role == Role.SALESMAN else None,
                admin=admin,
            )
        )
    if first.payrolls.exists():
        return Employee.objects.count()
    services.salary_entry_add(
        employee=first,
        kind="base",
        amount=Decimal("2250.00"),
        effective_on=month_start(today - timedelta(days=60)),
        reason="Yearly raise",
        by=admin,
    )
    services.salary_entry_add(
        employee=first,
        kind="bonus",
        amount=Decimal("150.00"),
        effective_on=today - timedelta(days=35),
        reason="Premiere night",
        by=moderator,
    )
    services.salary_entry_add(
        employee=first,
        kind="penalty",
        amount=Decimal("40.00"),
        effective_on=today - timedelta(days=5),
        reason="Till short at closing",
        by=moderator,
    )
    month = started
    while month < month_start(today):
        for employee in people:
            services.payroll_pay(employee=employee, month=month, by=admin)
        month = (month + timedelta(days=32)).replace(day=1)
    for offset in range(1, 8):
        day = today + timedelta(days=offset)
        for index, employee in enumerate(p for p in people if p.user.role == Role.SALESMAN):
            starts = time(12) if (offset + index) % 2 else time(17)
            services.shift_assign(
                employee=employee,
                day=day,
                starts=starts,
                ends=time(starts.hour + 5),
                counter=f"Counter {index + 1}",
                by=moderator,
            )
    return Employee.objects.count()
