"""A theater that upgrades: its existing tickets get their revenue and sale dates from their
booking (bookings migration 0004), so the rebuild can count them."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("bookings", "0002_alter_booking_payment_status")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([node for node in targets if node[1]]).apps


@pytest.mark.django_db(transaction=True)
def test_existing_tickets_get_their_share_of_the_total_and_their_sale_dates():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    confirmed_at = timezone.now() - timedelta(days=3)
    changed_at = confirmed_at + timedelta(days=1)
    try:
        old = migrate(BEFORE)
        user = old.get_model("users", "User").objects.create(email="fan@example.com", full_name="Fan")
        movie = old.get_model("movies", "Movie").objects.create(
            title="Paper Lanterns", slug="paper-lanterns", duration_minutes=90, release_date=timezone.localdate()
        )
        hall = old.get_model("movies", "Auditorium").objects.create(name="Hall 1")
        seats = [
            old.get_model("movies", "Seat").objects.create(
                auditorium=hall, row="A", number=n, grid_row=1, grid_column=n
            )
            for n in range(1, 6)
        ]
        starts = timezone.now() + timedelta(days=5)
        show = old.get_model("movies", "Show").objects.create(
            movie=movie,
            auditorium=hall,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            blocked_until=starts + timedelta(hours=2),
            price_standard=D("12.50"),
            price_vip=D("18.00"),
            price_accessible=D("9.50"),
        )
        Booking, Ticket = old.get_model("bookings", "Booking"), old.get_model("bookings", "Ticket")
        common = {"show": show, "customer": user, "created_by": user, "status": "confirmed"}
        # 12.50 + 18.00 less 10%: 27.45; then changed from two seats (30.50, 27.45 paid) to three.
        plain = Booking.objects.create(
            reference="XC-AAAAAA",
            subtotal=D("30.50"),
            discount_total=D("3.05"),
            total=D("27.45"),
            confirmed_at=confirmed_at,
            **common,
        )
        changed = Booking.objects.create(
            reference="XC-BBBBBB",
            subtotal=D("37.50"),
            discount_total=D("3.75"),
            total=D("33.75"),
            confirmed_at=confirmed_at,
            **common,
        )
        old.get_model("bookings", "BookingEvent").objects.create(booking=changed, action="changed")
        old.get_model("bookings", "BookingEvent").objects.filter(booking=changed).update(at=changed_at)

        def ticket(booking, seat, price, status, code):
            return Ticket.objects.create(
                booking=booking, show=show, seat=seat, category="standard", price=price, status=status, code=code
            )

        ticket(plain, seats[0], D("12.50"), "confirmed", "T1")
        ticket(plain, seats[1], D("18.00"), "confirmed", "T2")
        ticket(changed, seats[2], D("12.50"), "replaced", "T3")
        ticket(changed, seats[3], D("12.50"), "replaced", "T4")
        for n, seat in enumerate(seats[2:]):
            ticket(changed, seat, D("12.50"), "confirmed", f"T{5 + n}")

        new = migrate(latest)
    finally:
        migrate(latest)

    tickets = {t.code: t for t in new.get_model("bookings", "Ticket").objects.all()}
    assert [tickets[c].revenue for c in ("T1", "T2")] == [D("11.25"), D("16.20")]  # 27.45 shared
    assert all(tickets[c].sold_at == confirmed_at for c in ("T1", "T2", "T3", "T4"))
    assert [tickets[c].revenue for c in ("T5", "T6", "T7")] == [D("11.25")] * 3  # 33.75 shared
    assert all(tickets[c].sold_at == changed_at for c in ("T5", "T6", "T7"))
    # Replaced: the booking's discount rate (10%) on 25.00, leaving on the change.
    assert [tickets[c].revenue for c in ("T3", "T4")] == [D("11.25"), D("11.25")]
    assert all(tickets[c].replaced_at == changed_at for c in ("T3", "T4"))
    assert tickets["T1"].replaced_at is None
