from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from xcounter.money import MONEY, format_money


class Employee(models.Model):
    """The employment record of a Salesman or Moderator."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"
        TERMINATED = "terminated", "Terminated"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="employee")
    started_on = models.DateField("employment start")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised",
        help_text="The moderator a salesman reports to.",
    )

    class Meta:
        ordering = ["user__full_name", "user__email"]

    def __str__(self):
        return str(self.user)


class EmploymentEvent(models.Model):
    """Every change to an employment: hired, suspended, reinstated, terminated, promoted, …"""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20)
    reason = models.CharField(max_length=300)
    on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.employee}: {self.kind} on {self.on}"


class SalaryEntry(models.Model):
    """The salary ledger. Never edited: a correction is a new entry."""

    class Kind(models.TextChoices):
        BASE = "base", "Base salary from"
        BONUS = "bonus", "Bonus"
        PENALTY = "penalty", "Penalty"

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="salary_entries")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(0.01)])
    effective_on = models.DateField(help_text="For a base salary: from this day. For a bonus or penalty: its month.")
    reason = models.CharField(max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_on", "-at"]
        verbose_name_plural = "salary entries"
        indexes = [models.Index(fields=["employee", "kind", "effective_on"], name="salary_employee_kind_day")]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="salary_amount_positive")]

    def __str__(self):
        return f"{self.employee}: {self.get_kind_display()} {format_money(self.amount)}"


class Payroll(models.Model):
    """A month's pay for one employee, as paid: base in force + bonuses − penalties."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="payrolls")
    month = models.DateField(help_text="The first day of the month.")
    base = models.DecimalField(**MONEY)
    bonuses = models.DecimalField(**MONEY)
    penalties = models.DecimalField(**MONEY)
    total = models.DecimalField(**MONEY)
    paid_on = models.DateField()
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "month"], name="one_payroll_per_month"),
            models.CheckConstraint(
                condition=Q(total=F("base") + F("bonuses") - F("penalties")), name="payroll_adds_up"
            ),
        ]

    def __str__(self):
        return f"{self.employee} {self.month:%Y-%m}: {format_money(self.total)}"


class Shift(models.Model):
    """A salesman's turn at a counter."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="shifts")
    day = models.DateField()
    starts = models.TimeField()
    ends = models.TimeField()
    counter = models.CharField(max_length=40, default="Main counter")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["day", "starts"]
        indexes = [models.Index(fields=["employee", "day"], name="shift_employee_day")]
        constraints = [models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="shift_ends_after_start")]

    def __str__(self):
        return f"{self.employee} {self.day} {self.starts:%H:%M}–{self.ends:%H:%M} {self.counter}"

    @property
    def has_started(self) -> bool:
        """Once started a shift is part of the record (worked, counted in performance): kept as it is."""
        now = timezone.localtime()
        return (self.day, self.starts) <= (now.date(), now.time())
