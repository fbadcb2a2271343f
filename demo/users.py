from allauth.account.models import EmailAddress
from django.db import transaction

from users.models import Role, User
from users.services import user_create

DEMO_PASSWORD = "xcounter-demo"

DEMO_USERS = [
    ("admin@xcounter.test", Role.ADMIN, "Ada Admin", "+49 30 1000 0001"),
    ("moderator@xcounter.test", Role.MODERATOR, "Moritz Moderator", "+49 30 1000 0002"),
    ("salesman@xcounter.test", Role.SALESMAN, "Sam Salesman", "+49 30 1000 0003"),
    ("customer@xcounter.test", Role.CUSTOMER, "Clara Customer", "+49 170 1000 0004"),
]


@transaction.atomic
def seed_users() -> list[User]:
    """Create (or reset) one verified account per role, all with the demo password."""
    users = []
    for email, role, full_name, phone in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = user_create(
                email=email, password=DEMO_PASSWORD, role=role, full_name=full_name, phone=phone, email_verified=True
            )
        else:
            user.role, user.is_active = role, True
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["role", "is_active", "password"])
            EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        users.append(user)
    return users
