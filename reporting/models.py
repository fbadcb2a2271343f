from django.conf import settings
from django.db import models


class ScheduledReport(models.Model):
    """A report mailed as a PDF after each month (on the 1st, for the month before) or year (on 1
    January). `addresses`, one a line, blank for every active Admin when it is sent."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly (on the 1st, the month before)"
        YEARLY = "yearly", "Yearly (on 1 January, the year before)"

    report = models.CharField(max_length=40)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    addresses = models.TextField(blank=True, help_text="One address a line; blank for every Admin.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "frequency", "pk"]

    def __str__(self):
        return f"{self.report} ({self.frequency})"

    @property
    def address_list(self) -> list[str]:
        return [line.strip() for line in self.addresses.splitlines() if line.strip()]


class ReportSending(models.Model):
    """One send-out of a scheduled report for one period: written once (the unique key), so cron
    running twice sends it once. Its mails are the outbox batch `report:<id>`."""

    schedule = models.ForeignKey(ScheduledReport, on_delete=models.CASCADE, related_name="sendings")
    period_first = models.DateField()
    period_last = models.DateField()
    at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)
    result = models.CharField(max_length=500)

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["schedule", "period_first"], name="report_sent_once")]

    def __str__(self):
        return f"{self.schedule} {self.period_first}: {self.result}"

    @property
    def batch(self) -> str:
        return f"report:{self.pk}"
