from django.conf import settings
from django.db import models
from django.utils import timezone


class Thread(models.Model):
    """A customer's conversation with the theater (a query, complaint or feedback)."""

    class Topic(models.TextChoices):
        QUERY = "query", "Question"
        COMPLAINT = "complaint", "Complaint"
        FEEDBACK = "feedback", "Feedback"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    customer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_threads")
    topic = models.CharField(max_length=10, choices=Topic.choices, default=Topic.QUERY)
    subject = models.CharField(max_length=150)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_threads"
    )
    staff_unread = models.BooleanField(default=True)
    customer_unread = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_message_at"]
        indexes = [models.Index(fields=["status", "staff_unread", "last_message_at"], name="thread_inbox")]

    def __str__(self):
        return self.subject


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"
