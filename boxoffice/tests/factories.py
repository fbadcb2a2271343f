from boxoffice import services
from users.models import Role
from users.tests.factories import UserFactory


def salesman():
    return UserFactory(role=Role.SALESMAN)


def till(cashier=None, *, counter="Counter 1", opening_float="100.00"):
    """A session opened through the real service."""
    return services.session_open(cashier=cashier or salesman(), counter=counter, opening_float=opening_float)
