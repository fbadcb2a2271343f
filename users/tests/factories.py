import factory
from allauth.account.models import EmailAddress

from users.models import Role, User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    """A verified customer; pass role=Role.ADMIN etc. for staff, verified=False for a new signup."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Faker("name")
    phone = factory.Sequence(lambda n: f"+49 30 555 {n:04d}")
    role = Role.CUSTOMER

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=extracted is not False)


class AdminFactory(UserFactory):
    role = Role.ADMIN


class ModeratorFactory(UserFactory):
    role = Role.MODERATOR


class SalesmanFactory(UserFactory):
    role = Role.SALESMAN
