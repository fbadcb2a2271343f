from django.db import models
from django.utils import timezone


class OutboundEmail(models.Model):
    """The outbox: written in the same transaction as the event, delivered after commit.

    queued → sending → sent, under a row lock so it is sent once; a failure goes back to queued
    with a growing delay and ends as failed after EMAIL_MAX_ATTEMPTS.

    The outbox knows nothing of what a mail is about: the app that queues it renders it, or names
    a function (`renderer`) that renders it when it is sent, and may group it in a `batch`.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=250)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    attachments = models.CharField(
        max_length=200, blank=True, help_text="module.function:argument that builds the attachments when sending"
    )
    renderer = models.CharField(
        max_length=200,
        blank=True,
        help_text="module.function:argument that renders the text and HTML when sending (instead of the bodies)",
    )
    batch = models.CharField(max_length=50, blank=True, help_text="Groups the mails of one send-out, e.g. offer:12")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sending_since = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["batch", "status"], name="outbox_batch"),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to} ({self.status})"
