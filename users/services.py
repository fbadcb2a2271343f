from allauth.account.models import EmailAddress
from django.db import transaction

from users.models import Role, User


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None = None,
    role: str = Role.CUSTOMER,
    full_name: str = "",
    phone: str = "",
    email_verified: bool = False,
    **extra,
) -> User:
    """Create a user and its allauth email record; unverified unless the caller vouches for it."""
    email = User.objects.normalize_email(email).lower()
    user = User(email=email, role=role, full_name=full_name, phone=phone, **extra)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=email_verified)
    return user


def user_update_profile(*, user: User, full_name: str, phone: str) -> User:
    user.full_name = full_name.strip()
    user.phone = phone.strip()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "phone"])
    return user


def user_set_active(*, user: User, active: bool) -> User:
    """Block or unblock an account that is not an employee's (their status is the employee record's)."""
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user
