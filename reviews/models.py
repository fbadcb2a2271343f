from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Review(models.Model):
    """A customer's rating and words on a movie they saw; shown once a moderator approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for moderation"
        APPROVED = "approved", "Published"
        HIDDEN = "hidden", "Hidden"

    movie = models.ForeignKey("movies.Movie", on_delete=models.CASCADE, related_name="reviews")
    customer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews")
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    text = models.TextField(max_length=3000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    answer = models.TextField(max_length=3000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["movie", "customer"], name="one_review_per_movie"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="rating_1_to_5"),
        ]
        indexes = [models.Index(fields=["movie", "status"], name="review_movie_status")]

    def __str__(self):
        return f"{self.movie}: {self.rating}★ by {self.customer}"
