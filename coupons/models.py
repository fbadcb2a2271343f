from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from xcounter.money import MONEY


def normalise_code(code: str) -> str:
    """Codes are case-insensitive and ignore spaces: “ summer 25 ” is SUMMER25."""
    return "".join(code.split()).upper()


class Coupon(models.Model):
    code = models.CharField(max_length=30, unique=True, help_text="Letters and digits; case does not matter.")
    description = models.CharField(max_length=200, blank=True)
    percent_off = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(100)])
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField()
    usage_limit = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)], help_text="Total uses; empty for no limit."
    )
    per_customer_limit = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    min_tickets = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_until", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gt=F("valid_from")), name="coupon_until_after_from"),
            models.CheckConstraint(condition=Q(percent_off__gte=1, percent_off__lte=100), name="coupon_percent_1_100"),
        ]

    def __str__(self):
        return self.code


class Redemption(models.Model):
    """One use of a coupon by one booking; a cancelled booking gives the use back (released_at)."""

    coupon = models.ForeignKey(Coupon, on_delete=models.PROTECT, related_name="redemptions")
    booking = models.OneToOneField("bookings.Booking", on_delete=models.CASCADE, related_name="coupon_redemption")
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="coupon_redemptions"
    )
    amount = models.DecimalField(**MONEY)
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["coupon", "released_at"], name="redemption_coupon_live")]

    def __str__(self):
        return f"{self.coupon} on {self.booking}"
