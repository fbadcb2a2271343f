from datetime import date
from decimal import Decimal

from employees import services
from users.models import Role
from users.tests.factories import UserFactory


def hire(role=Role.SALESMAN, *, supervisor=None, started_on=date(2026, 1, 15), base="2000.00", email=None):
    """An employee hired through the real service (account verified so they can sign in in tests)."""
    from allauth.account.models import EmailAddress

    from users.tests.factories import PASSWORD

    admin = UserFactory(role=Role.ADMIN)
    n = UserFactory.build().email.split("@")[0]
    employee = services.employee_invite(
        email=email or f"staff-{n}@example.com",
        full_name=f"Staff {n}",
        phone="",
        role=role,
        started_on=started_on,
        base_salary=Decimal(base),
        supervisor=supervisor,
        by=admin,
    )
    user = employee.user
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    EmailAddress.objects.filter(user=user).update(verified=True)
    return employee


def moderator_with_salesman():
    moderator = hire(Role.MODERATOR)
    salesman = hire(Role.SALESMAN, supervisor=moderator.user)
    return moderator, salesman
