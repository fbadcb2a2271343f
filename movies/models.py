import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from xcounter.days import format_when
from xcounter.money import MONEY

MIN_PRICE = Decimal("0.01")


class Genre(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Movie(models.Model):
    class Status(models.TextChoices):
        COMING_SOON = "coming_soon", "Coming soon"
        NOW_SHOWING = "now_showing", "Now showing"
        ARCHIVED = "archived", "Archived"

    class AgeRating(models.TextChoices):
        ALL = "0", "All ages"
        SIX = "6", "6+"
        TWELVE = "12", "12+"
        SIXTEEN = "16", "16+"
        EIGHTEEN = "18", "18+"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    synopsis = models.TextField(blank=True)
    genres = models.ManyToManyField(Genre, related_name="movies", blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        "duration (minutes)", validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    age_rating = models.CharField(max_length=2, choices=AgeRating.choices, default=AgeRating.TWELVE)
    language = models.CharField(max_length=60, default="English")
    release_date = models.DateField()
    poster = models.ImageField(upload_to="posters/", blank=True)
    poster_thumbnail = models.ImageField(upload_to="posters/thumbs/", blank=True, editable=False)
    trailer_url = models.URLField("trailer URL", blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.COMING_SOON)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["status", "release_date"], name="movie_status_release"),
            models.Index(fields=["status", "title"], name="movie_status_title"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("movies:detail", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.ARCHIVED


def new_layout_version() -> str:
    return secrets.token_hex(6)


class Auditorium(models.Model):
    name = models.CharField(max_length=80, unique=True)
    description = models.CharField(max_length=200, blank=True)
    # A new value whenever the seats change (`services.auditorium_layout_save`): the seat map's
    # layout is cached under it (`selectors.seat_layout`), so a changed layout is never served stale.
    layout_version = models.CharField(max_length=12, default=new_layout_version, db_default="", editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "auditoriums"

    def __str__(self):
        return self.name


class SeatCategory(models.TextChoices):
    STANDARD = "standard", "Standard"
    VIP = "vip", "VIP"
    ACCESSIBLE = "accessible", "Accessible (wheelchair)"


class Seat(models.Model):
    """A seat at a grid position; positions without a seat are the aisles and gaps."""

    auditorium = models.ForeignKey(Auditorium, on_delete=models.CASCADE, related_name="seats")
    row = models.CharField(max_length=3)
    number = models.PositiveSmallIntegerField()
    grid_row = models.PositiveSmallIntegerField()
    grid_column = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=16, choices=SeatCategory.choices, default=SeatCategory.STANDARD)

    class Meta:
        ordering = ["auditorium", "grid_row", "grid_column"]
        constraints = [
            models.UniqueConstraint(fields=["auditorium", "row", "number"], name="seat_unique_label"),
            models.UniqueConstraint(fields=["auditorium", "grid_row", "grid_column"], name="seat_unique_position"),
        ]

    def __str__(self):
        return f"{self.row}{self.number}"

    @property
    def label(self) -> str:
        return f"Row {self.row}, seat {self.number}"


class ShowQuerySet(models.QuerySet):
    def upcoming(self):
        """Scheduled shows that have not started: the ones listed and on sale (see `Show.has_started`)."""
        return self.filter(status=Show.Status.SCHEDULED, starts_at__gt=timezone.now())


class Show(models.Model):
    """One screening of a movie in an auditorium. The auditorium is busy until `blocked_until`."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    movie = models.ForeignKey(Movie, on_delete=models.PROTECT, related_name="shows")
    auditorium = models.ForeignKey(Auditorium, on_delete=models.PROTECT, related_name="shows")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(help_text="When the movie ends.")
    blocked_until = models.DateTimeField(help_text="When the auditorium is free again, cleaning included.")
    price_standard = models.DecimalField(**MONEY, validators=[MinValueValidator(MIN_PRICE)])
    price_vip = models.DecimalField(**MONEY, validators=[MinValueValidator(MIN_PRICE)])
    price_accessible = models.DecimalField(**MONEY, validators=[MinValueValidator(MIN_PRICE)])
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.CharField(max_length=300, blank=True)
    # Set by `cleanup_expired_shows` long after the show ended: off the staff show list by default,
    # still in every booking, history and report.
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ShowQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "auditorium"]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="show_status_start"),
            models.Index(fields=["movie", "starts_at"], name="show_movie_start"),
            models.Index(fields=["auditorium", "starts_at"], name="show_auditorium_start"),
        ]
        # On PostgreSQL an exclusion constraint (migration 0002) also forbids overlapping
        # scheduled shows in one auditorium; Django cannot express it portably.

    def __str__(self):
        return f"{self.movie} · {self.auditorium} · {format_when(self.starts_at)}"

    def get_absolute_url(self):
        return reverse("movies:detail", args=[self.movie.slug])

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def has_started(self) -> bool:
        """The one rule for "on sale" and "upcoming": a show has started at its start time, to the second."""
        return self.starts_at <= timezone.now()

    def price_for(self, category: str) -> Decimal:
        return {
            SeatCategory.STANDARD: self.price_standard,
            SeatCategory.VIP: self.price_vip,
            SeatCategory.ACCESSIBLE: self.price_accessible,
        }[category]
