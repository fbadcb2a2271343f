from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    BOOKING = "booking", "Booking updates"
    REMINDER = "reminder", "Reminders"
    NEW_MOVIES = "new_movies", "New movies"
    OFFERS = "offers", "Promotions and offers"
    MESSAGES = "messages", "Messages"
    SALARY = "salary", "Salary"
    STAFF = "staff", "Feedback and sign-in warnings (staff)"
    STAFF_BOOKINGS = "staff_bookings", "New bookings and cancellations (staff)"


def kinds_for(user) -> list[str]:
    """The kinds of notice a user can get: salary for employees, staff alerts for managers."""
    from users.models import Role
    from users.permissions import MANAGERS

    kinds = [Kind.BOOKING, Kind.REMINDER, Kind.NEW_MOVIES, Kind.OFFERS, Kind.MESSAGES]
    if user.role in (Role.SALESMAN, Role.MODERATOR):
        kinds.append(Kind.SALARY)
    if user.role in MANAGERS:
        kinds += [Kind.STAFF, Kind.STAFF_BOOKINGS]
    return kinds


# Mail people expect even if they opted out of a kind: a booking they made, money, their account.
EMAIL_BY_DEFAULT = {Kind.BOOKING, Kind.REMINDER, Kind.MESSAGES, Kind.SALARY}
# Shown in the site unless turned off. An alert for every online booking and cancellation would
# fill each manager's bell within the hour: they get it only if they ask for it.
IN_APP_BY_DEFAULT = set(Kind) - {Kind.STAFF_BOOKINGS}


class Notification(models.Model):
    """A message in the site: the bell shows the unread ones."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self):
        return self.title


class Preference(models.Model):
    """How a user wants one kind of notice: in the site, by email, both or neither."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    in_app = models.BooleanField(default=True)
    email = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self):
        return f"{self.user} {self.kind}"


class Offer(models.Model):
    """A bulk offer Admins and Moderators write; one outbox mail per recipient (its batch is
    `offer:<id>`), rendered and sent by the worker."""

    class Audience(models.TextChoices):
        ALL = "all", "All customers"
        SILVER = "tier:Silver", "Silver customers"
        GOLD = "tier:Gold", "Gold customers"
        PLATINUM = "tier:Platinum", "Platinum customers"
        OPTED_IN = "opted_in", "Customers who asked for offers"

    subject = models.CharField(max_length=150)
    body = models.TextField(max_length=5000)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.OPTED_IN)
    recipients = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


class SentNotice(models.Model):
    """Each automated notice once: its key is unique, so a second run (or a racing one) skips it."""

    key = models.CharField(max_length=120, unique=True)
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key


class FavouriteGenre(models.Model):
    """Genres a customer wants premiere announcements for."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourite_genres")
    genre = models.ForeignKey("movies.Genre", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "genre"], name="one_favourite_per_genre")]

    def __str__(self):
        return f"{self.user} ♥ {self.genre}"


class Announcement(models.Model):
    """A system announcement an Admin schedules; delivered by send_automated_notifications."""

    class Audience(models.TextChoices):
        EVERYONE = "everyone", "Everyone"
        CUSTOMERS = "customers", "Customers"
        STAFF = "staff", "Staff"

    title = models.CharField(max_length=200)
    body = models.TextField()
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.EVERYONE)
    send_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-send_at"]

    def __str__(self):
        return self.title
