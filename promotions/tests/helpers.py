from datetime import timedelta

from django.utils import timezone

from bookings.models import Booking, Ticket
from movies.tests.factories import auditorium
from movies.tests.factories import show as make_show


def give_tickets(customer, count: int, *, days_ago: int = 10):
    """`count` confirmed tickets bought `days_ago` days ago (rows written directly: history, fast)."""
    hall = auditorium(name=f"History hall {customer.pk}-{days_ago}", layout="\n".join(["S" * 50] * ((count // 50) + 1)))
    show = make_show(auditorium_=hall)
    when = timezone.now() - timedelta(days=days_ago)
    booking = Booking.objects.create(
        reference=f"XC-H{customer.pk:03d}{days_ago:03d}"[:9],
        show=show,
        customer=customer,
        created_by=customer,
        status=Booking.Status.CONFIRMED,
        confirmed_at=when,
    )
    Ticket.objects.bulk_create(
        Ticket(
            booking=booking,
            show=show,
            seat=seat,
            category=seat.category,
            price=10,
            status="confirmed",
            code=f"H{booking.pk}S{seat.pk}",
        )
        for seat in hall.seats.all()[:count]
    )
    return booking
