from django.conf import settings
from django.db import models
from django.db.models import Q

from movies.models import Seat, SeatCategory, Show
from xcounter.days import format_when
from xcounter.money import MONEY, format_money


class Booking(models.Model):
    """Seats of one show for one customer (or VIP guest), with its price snapshot and trail."""

    class Status(models.TextChoices):
        HELD = "held", "Held"
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"

    class Channel(models.TextChoices):
        ONLINE = "online", "Online"
        COUNTER = "counter", "Box office"
        HOUSE = "house", "VIP house seats"

    class PaymentStatus(models.TextChoices):
        UNPAID = "unpaid", "Unpaid"
        PAID = "paid", "Paid"
        REFUND_DUE = "refund_due", "Refund due"
        REFUNDED = "refunded", "Refunded"
        COMPLIMENTARY = "complimentary", "Complimentary"

    reference = models.CharField(max_length=12, unique=True)
    show = models.ForeignKey(Show, on_delete=models.PROTECT, related_name="bookings")
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="bookings"
    )
    guest_name = models.CharField(max_length=150, blank=True, help_text="VIP guest of house seats.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD)
    hold_expires_at = models.DateTimeField(null=True, blank=True)
    subtotal = models.DecimalField(**MONEY, default=0)
    discount_total = models.DecimalField(**MONEY, default=0)
    total = models.DecimalField(**MONEY, default=0)
    payment_status = models.CharField(max_length=14, choices=PaymentStatus.choices, default=PaymentStatus.UNPAID)
    invoice_number = models.CharField(max_length=20, null=True, blank=True, unique=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancel_reason = models.CharField(max_length=300, blank=True)
    refund_amount = models.DecimalField(**MONEY, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "hold_expires_at"], name="booking_status_hold"),
            models.Index(fields=["customer", "-created_at"], name="booking_customer_recent"),
            models.Index(fields=["created_by", "-created_at"], name="booking_creator_recent"),
            models.Index(fields=["show", "status"], name="booking_show_status"),
            # The managers' dashboard: the latest confirmations and cancellations, theater-wide.
            models.Index(fields=["status", "-confirmed_at"], name="booking_status_confirmed"),
            models.Index(fields=["status", "-cancelled_at"], name="booking_status_cancelled"),
        ]

    def __str__(self):
        return self.reference

    @property
    def refund_note(self) -> str:
        """What became of a cancelled booking's money, in the words of every page, notice and PDF."""
        if not self.refund_amount:
            return "Nothing was paid, so there is nothing to refund."
        if self.payment_status == self.PaymentStatus.REFUND_DUE:
            return f"{format_money(self.refund_amount)} to be refunded at the box office."
        return f"{format_money(self.refund_amount)} refunded."


class BookingDiscount(models.Model):
    """A discount line of a booking's price snapshot (loyalty tier, coupon)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="discounts")
    kind = models.CharField(max_length=20)
    label = models.CharField(max_length=120)
    amount = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.label}: {format_money(-self.amount)}"


class TicketStatus(models.TextChoices):
    HELD = "held", "Held"
    CONFIRMED = "confirmed", "Valid"
    CANCELLED = "cancelled", "Cancelled"
    REPLACED = "replaced", "Replaced by a change"


# The one definition of a ticket that takes its seat: held or confirmed (a hold past its time still
# does until it is cleared; `selectors.live_tickets` reads the seat map without those).
ACTIVE_TICKET_STATUSES = [TicketStatus.HELD, TicketStatus.CONFIRMED]
ACTIVE_TICKET = Q(status__in=ACTIVE_TICKET_STATUSES)


class Ticket(models.Model):
    """One seat of one show. At most one held or confirmed ticket per show and seat, ever."""

    Status = TicketStatus

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="tickets")
    show = models.ForeignKey(Show, on_delete=models.PROTECT, related_name="tickets")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="tickets")
    category = models.CharField(max_length=16, choices=SeatCategory.choices)
    price = models.DecimalField(**MONEY)
    # What the customer pays for this seat: its price less its share of the booking's discounts
    # (bookings.pricing, Quote.revenue_for). A booking's tickets add up to its total, to the cent.
    revenue = models.DecimalField(**MONEY, default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD)
    # When the ticket became a sale (its booking confirmed, or the change that issued it) and when a
    # change replaced it: the sale-date figures (the `sales` app) count it on these days.
    sold_at = models.DateTimeField(null=True, blank=True)
    replaced_at = models.DateTimeField(null=True, blank=True)
    code = models.CharField(max_length=16, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["seat__grid_row", "seat__grid_column"]
        constraints = [
            # The seat guarantee: a partial unique index, so even racing writers cannot sell a seat twice.
            models.UniqueConstraint(
                fields=["show", "seat"], condition=ACTIVE_TICKET, name="one_active_ticket_per_seat"
            ),
        ]
        indexes = [models.Index(fields=["show", "status"], name="ticket_show_status")]

    def __str__(self):
        return f"{self.code} ({self.seat})"


class Payment(models.Model):
    """Money taken or given back for a booking; refunds are negative amounts."""

    class Method(models.TextChoices):
        ONLINE = "online", "Online"
        CASH = "cash", "Counter cash"
        CARD = "card", "Counter card"

    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="payments")
    method = models.CharField(max_length=10, choices=Method.choices)
    amount = models.DecimalField(**MONEY)
    provider = models.CharField(max_length=40, default="box_office")
    provider_reference = models.CharField(max_length=100, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["recorded_at"]

    def __str__(self):
        return f"{self.get_method_display()} {format_money(self.amount)}"


class BookingEvent(models.Model):
    """The audit trail: who did what to a booking, and when."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=30)
    details = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{format_when(self.at)} {self.action}"


class InvoiceCounter(models.Model):
    """One row per year; locked and incremented inside the confirming transaction, so numbers never skip."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"
