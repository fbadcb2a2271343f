"""The pre-aggregated sales figures: derived from ticket lines and payments, never edited by hand.

Four tables, each a sum of `sales.ledger` facts (see its docstring for the definitions), keyed
as coarsely as the pages read them so a year is a few thousand rows, not a million tickets:

- `DailySales`: what happened on a theater day (sales, exchanges, cancellations), per movie,
  channel, ticket category and complimentary or not.
- `SellerSales`: the same facts per theater day, seller, channel and complimentary or not.
- `ShowSales`: each show's valid tickets now (admissions), per channel, category and complimentary.
- `DailyTakings`: money taken and handed back on a day, per method, channel and who took it.

The booking signals keep them current inside each booking transaction; `rebuild_sales_figures`
recomputes them from the ticket lines and reports any difference it fixed.
"""

from django.db import models

from bookings.models import Booking, Payment
from movies.models import Movie, SeatCategory, Show
from xcounter.money import MONEY

NOBODY = 0  # the seller of an online sale (the website), the taker of an online payment


class SaleFigures(models.Model):
    """The sale-date figures both daily tables carry."""

    # Sold this day, less what a change replaced this day.
    bookings = models.IntegerField(default=0)
    tickets = models.IntegerField(default=0)
    gross = models.DecimalField(**MONEY, default=0)
    face = models.DecimalField(**MONEY, default=0)  # the same tickets at their prices before discounts
    # Cancelled this day.
    cancelled_bookings = models.IntegerField(default=0)
    cancelled_tickets = models.IntegerField(default=0)
    refunds = models.DecimalField(**MONEY, default=0)  # what the cancelled tickets had been sold for
    refund_due = models.DecimalField(**MONEY, default=0)  # of it: still owed to the customers now
    refunded = models.DecimalField(**MONEY, default=0)  # of it: handed back (the rest was never paid)

    class Meta:
        abstract = True


class DailySales(SaleFigures):
    """Sale-date figures of one theater day per movie, channel, ticket category, complimentary."""

    day = models.DateField()
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, choices=Booking.Channel.choices)
    category = models.CharField(max_length=16, choices=SeatCategory.choices)
    complimentary = models.BooleanField(default=False)

    KEY = ("day", "movie_id", "channel", "category", "complimentary")

    class Meta:
        verbose_name_plural = "daily sales"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "movie", "channel", "category", "complimentary"], name="daily_sales_key"
            )
        ]

    def __str__(self):
        return f"{self.day} movie {self.movie_id} {self.channel} {self.category}"


class SellerSales(SaleFigures):
    """Sale-date figures of one theater day per seller: the user id of the staff member who sold at
    the counter or kept the house seats, NOBODY for online sales (a plain number, so online sales
    of every customer share one row and the key has no NULL in it)."""

    day = models.DateField()
    seller = models.PositiveBigIntegerField(default=NOBODY)
    channel = models.CharField(max_length=10, choices=Booking.Channel.choices)
    complimentary = models.BooleanField(default=False)

    KEY = ("day", "seller", "channel", "complimentary")

    class Meta:
        verbose_name_plural = "seller sales"
        constraints = [
            models.UniqueConstraint(fields=["day", "seller", "channel", "complimentary"], name="seller_sales_key")
        ]
        indexes = [models.Index(fields=["seller", "day"], name="seller_sales_seller_day")]

    def __str__(self):
        return f"{self.day} seller {self.seller} {self.channel}"


class ShowSales(models.Model):
    """Show-date figures: the show's valid tickets now (sold and not cancelled or replaced)."""

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, choices=Booking.Channel.choices)
    category = models.CharField(max_length=16, choices=SeatCategory.choices)
    complimentary = models.BooleanField(default=False)
    tickets = models.IntegerField(default=0)
    revenue = models.DecimalField(**MONEY, default=0)
    attended = models.IntegerField(default=0)  # admitted at the door

    KEY = ("show_id", "channel", "category", "complimentary")

    class Meta:
        verbose_name_plural = "show sales"
        constraints = [
            models.UniqueConstraint(fields=["show", "channel", "category", "complimentary"], name="show_sales_key")
        ]

    def __str__(self):
        return f"show {self.show_id} {self.channel} {self.category}"


class DailyTakings(models.Model):
    """Money of one theater day: taken in and handed back, by method and channel. `taken_by` is the
    user id of the staff member at the counter, NOBODY for online payments."""

    day = models.DateField()
    method = models.CharField(max_length=10, choices=Payment.Method.choices)
    channel = models.CharField(max_length=10, choices=Booking.Channel.choices)
    taken_by = models.PositiveBigIntegerField(default=NOBODY)
    payments = models.IntegerField(default=0)
    taken = models.DecimalField(**MONEY, default=0)
    refunds = models.IntegerField(default=0)
    handed_back = models.DecimalField(**MONEY, default=0)

    KEY = ("day", "method", "channel", "taken_by")

    class Meta:
        verbose_name_plural = "daily takings"
        constraints = [
            models.UniqueConstraint(fields=["day", "method", "channel", "taken_by"], name="daily_takings_key")
        ]

    def __str__(self):
        return f"{self.day} {self.method} {self.taken_by}"


SALE_FIGURES = (
    "bookings",
    "tickets",
    "gross",
    "face",
    "cancelled_bookings",
    "cancelled_tickets",
    "refunds",
    "refund_due",
    "refunded",
)
# Every figure column of each table (the rest is the key), in the order a booking's transaction
# writes the tables.
FIGURES = {
    DailyTakings: ("payments", "taken", "refunds", "handed_back"),
    DailySales: SALE_FIGURES,
    SellerSales: SALE_FIGURES,
    ShowSales: ("tickets", "revenue", "attended"),
}
