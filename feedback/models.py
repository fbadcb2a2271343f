from django.conf import settings
from django.db import models


class Feedback(models.Model):
    """A problem report or feedback from anyone signed in; Admins answer and resolve it."""

    class Kind(models.TextChoices):
        PROBLEM = "problem", "Report a problem"
        FEEDBACK = "feedback", "Feedback"

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FEEDBACK)
    text = models.TextField(max_length=3000)
    page = models.CharField(max_length=300, blank=True)
    resolved = models.BooleanField(default=False)
    answer = models.TextField(max_length=3000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["resolved", "-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.author}"
