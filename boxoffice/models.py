"""Till sessions: a cashier's drawer from the opening float to the blind count, every counter
payment and refund in it, cash drops and pay-outs, and a moderator's corrections after the close."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from bookings.models import Payment
from xcounter.money import MONEY, format_money


class TillSession(models.Model):
    """One cashier at one counter from the opening float to the close. Immutable once closed."""

    cashier = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="till_sessions")
    counter = models.CharField(max_length=40)
    opening_float = models.DecimalField(**MONEY)
    opened_at = models.DateTimeField()
    in_shift = models.BooleanField(default=True, help_text="False: opened outside the cashier's shifts.")
    closed_at = models.DateTimeField(null=True, blank=True)
    expected_cash = models.DecimalField(**MONEY, null=True, blank=True)
    expected_card = models.DecimalField(**MONEY, null=True, blank=True)
    counted_cash = models.DecimalField(**MONEY, null=True, blank=True)
    counted_card = models.DecimalField(**MONEY, null=True, blank=True)
    close_note = models.CharField(max_length=500, blank=True)
    recounts = models.PositiveIntegerField(default=0)  # counts refused at the close for a missing note
    z_day = models.DateField(null=True, blank=True, help_text="The theater day of the close.")
    z_number = models.PositiveIntegerField(null=True, blank=True, help_text="Gap-free within z_day.")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cashier"], condition=Q(closed_at__isnull=True), name="till_one_open_per_cashier"
            ),
            # "Counter 1" and "counter 1" are one counter, as the service reads them.
            models.UniqueConstraint(
                Lower("counter"), condition=Q(closed_at__isnull=True), name="till_one_open_per_counter"
            ),
            models.UniqueConstraint(fields=["z_day", "z_number"], name="till_z_number_unique"),
            models.CheckConstraint(condition=Q(opening_float__gte=0), name="till_float_not_negative"),
        ]
        indexes = [models.Index(fields=["cashier", "-opened_at"], name="till_cashier_recent")]

    def __str__(self):
        return f"{self.counter} · {self.cashier} · {self.opened_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def status(self) -> str:
        if self.closed_at is None:
            return "open"
        return "reviewed" if self.reviewed_at else "closed"

    @property
    def cash_variance(self) -> Decimal | None:
        """Counted − expected cash at the close (negative: short), before any adjustment."""
        if self.closed_at is None:
            return None
        return self.counted_cash - self.expected_cash

    @property
    def card_variance(self) -> Decimal | None:
        if self.closed_at is None:
            return None
        return self.counted_card - self.expected_card

    @property
    def z_label(self) -> str:
        return f"Z {self.z_day:%Y-%m-%d}/{self.z_number:03d}" if self.z_number else ""


class TillEntry(models.Model):
    """A movement of money in a session, signed as it changes the drawer (or the card terminal):
    a sale adds, a refund, a drop to the safe or a pay-out takes away. An adjustment is a
    moderator's correction of a closed session's variance, with a reason."""

    class Kind(models.TextChoices):
        SALE = "sale", "Sale"
        REFUND = "refund", "Refund"
        DROP = "drop", "Cash drop"
        PAYOUT = "payout", "Pay-out"
        ADJUSTMENT = "adjustment", "Adjustment"

    class Method(models.TextChoices):
        CASH = Payment.Method.CASH.value, "Cash"
        CARD = Payment.Method.CARD.value, "Card"

    session = models.ForeignKey(TillSession, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    method = models.CharField(max_length=10, choices=Method.choices)
    amount = models.DecimalField(**MONEY)
    payment = models.OneToOneField(Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="till_entry")
    reason = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["session", "kind"], name="till_entry_session_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.get_method_display()} {format_money(self.amount)}"


class ZCounter(models.Model):
    """One row per theater day; locked and bumped by each close, so Z numbers never skip. A till
    opening and the day close lock it too, so they never cross (services._day_locked)."""

    day = models.DateField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.day}: {self.last_number}"


class DayClose(models.Model):
    """A theater day marked closed by a moderator: every session of it was closed first."""

    day = models.DateField(unique=True)
    closed_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day} closed"
