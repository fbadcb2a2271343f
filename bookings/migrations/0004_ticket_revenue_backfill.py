"""Existing tickets get what they earn and when they were sold, from their booking.

A booking's valid (or cancelled) tickets share its total by the allocation pricing uses now; they
were sold when the booking was confirmed, or at its last change. Tickets a change replaced kept no
price snapshot of their own: they get the booking's present discount rate, were sold when it was
confirmed and left at its first change (a booking changed twice dates its middle exchange to the
first). Those days' figures are approximate; every total over time is exact, since a replaced
ticket counts in on one day and out on another with the same amount.
"""

from decimal import Decimal

from django.db import migrations

from xcounter.money import allocate, cents

BATCH = 500


def backfill(apps, schema_editor):
    Booking = apps.get_model("bookings", "Booking")
    Ticket = apps.get_model("bookings", "Ticket")
    BookingEvent = apps.get_model("bookings", "BookingEvent")
    changes = {}
    for booking_id, at in (
        BookingEvent.objects.filter(action="changed").order_by("at", "pk").values_list("booking_id", "at")
    ):
        changes.setdefault(booking_id, []).append(at)
    done = []
    bookings = Booking.objects.order_by("pk").prefetch_related("tickets")
    for booking in bookings.iterator(chunk_size=BATCH):
        tickets = sorted(booking.tickets.all(), key=lambda ticket: ticket.pk)
        replaced = [ticket for ticket in tickets if ticket.status == "replaced"]
        current = [ticket for ticket in tickets if ticket.status != "replaced"]
        for ticket, share in zip(current, allocate(booking.total, [t.price for t in current]), strict=True):
            ticket.revenue = share
            if booking.status != "held":
                ticket.sold_at = (changes.get(booking.pk) or [booking.confirmed_at])[-1]
        if replaced:
            rate = booking.total / booking.subtotal if booking.subtotal else Decimal(0)
            paid = cents(sum(ticket.price for ticket in replaced) * rate)
            for ticket, share in zip(replaced, allocate(paid, [t.price for t in replaced]), strict=True):
                ticket.revenue = share
                ticket.sold_at = booking.confirmed_at
                ticket.replaced_at = (changes.get(booking.pk) or [booking.confirmed_at])[0]
        done.extend(tickets)
        if len(done) >= BATCH:
            Ticket.objects.bulk_update(done, ["revenue", "sold_at", "replaced_at"])
            done = []
    Ticket.objects.bulk_update(done, ["revenue", "sold_at", "replaced_at"])


class Migration(migrations.Migration):
    dependencies = [("bookings", "0003_ticket_revenue_sale_dates")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
