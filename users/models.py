from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from xcounter.prepared import Prepared, fields_of, instances


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    MODERATOR = "moderator", "Moderator"
    SALESMAN = "salesman", "Salesman"
    CUSTOMER = "customer", "Customer"


# Staff who must enter an emailed code at every sign-in.
TWO_FACTOR_ROLES = frozenset({Role.ADMIN, Role.MODERATOR})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get(self, *args, **kwargs):
        """By primary key alone, as Django's ModelBackend loads the signed-in person on every
        request: one read whose SQL is written once per process (xcounter.prepared), since building
        the query cost more CPU than running it. Any other lookup, and a migration's historical
        model, go the ORM's way; the answers are the same."""
        if args or kwargs.keys() != {"pk"} or self._db is not None or self.model is not User:
            return super().get(*args, **kwargs)
        try:
            pk = int(kwargs["pk"])
        except (TypeError, ValueError):
            return super().get(*args, **kwargs)  # refused as the ORM refuses it
        rows = _user_by_pk.rows(pk) if 0 < pk < 2**63 else []  # an id a database column holds
        if not rows:
            raise User.DoesNotExist("User matching query does not exist.")
        return instances(rows[0], User)[0]

    def create_user(self, email, password=None, **fields):
        from users.services import user_create

        return user_create(email=email, password=password, **fields)

    def create_superuser(self, email, password=None, **fields):
        """Create an Admin; `createsuperuser` means the operator vouches for the address."""
        from users.services import user_create

        fields.pop("is_superuser", None)
        fields.pop("is_staff", None)
        return user_create(email=email, password=password, role=Role.ADMIN, email_verified=True, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in: a customer or a member of staff. Signs in by email."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=32, blank=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.CUSTOMER, db_index=True)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    # The role is the single source of truth for admin access: no separate flags to drift.
    @property
    def is_superuser(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_staff(self) -> bool:
        """Django admin access is for Admins only."""
        return self.role == Role.ADMIN

    @property
    def needs_two_factor(self) -> bool:
        return self.role in TWO_FACTOR_ROLES

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        """What the navbar and greetings call someone: the first name, else the part of the email before the @."""
        return (self.full_name.split() or [self.email.partition("@")[0]])[0]


_user_by_pk = Prepared(lambda pk: User.objects.filter(pk=pk).order_by().values_list(*fields_of(User)), -7_310_000_005)
