from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Tier(models.Model):
    """A loyalty tier: reached at `min_tickets` tickets in the trailing 12 months."""

    name = models.CharField(max_length=40, unique=True)
    min_tickets = models.PositiveIntegerField(unique=True, validators=[MinValueValidator(1)])
    percent_off = models.DecimalField(
        max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["min_tickets"]

    def __str__(self):
        return self.name


class CustomerTier(models.Model):
    """A customer's current tier and the ticket count it was computed from."""

    customer = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="loyalty")
    tier = models.ForeignKey(Tier, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    tickets_counted = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.customer}: {self.tier or 'no tier'}"


class TierChange(models.Model):
    """History: every time a customer's tier went up or down."""

    customer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tier_changes")
    old_tier = models.ForeignKey(Tier, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    new_tier = models.ForeignKey(Tier, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    tickets_counted = models.PositiveIntegerField()
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.customer}: {self.old_tier or '—'} → {self.new_tier or '—'}"
