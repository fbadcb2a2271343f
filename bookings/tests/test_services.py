"""Booking rules as a customer, a salesman, an admin and the door see them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

from bookings import services
from bookings.exceptions import BookingError, SeatsTaken
from bookings.models import Booking, Payment, Ticket
from bookings.payments import PayAtBoxOffice
from bookings.tests.factories import confirmed, held, seats_of, sold_at_counter
from movies import services as catalog
from movies.tests.factories import auditorium
from movies.tests.factories import show as make_show
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def show():
    return make_show()  # Hall 1: rows A, B standard; row C VIP with two wheelchair places


def test_hold_prices_each_seat_by_its_category(show):
    booking = held(show, "A1", "C1", "C8")
    assert booking.status == Booking.Status.HELD
    assert [t.price for t in booking.tickets.order_by("seat__grid_row", "seat__grid_column")] == [
        Decimal("12.50"),
        Decimal("18.00"),
        Decimal("9.50"),
    ]
    assert booking.total == Decimal("40.00")
    assert booking.hold_expires_at > timezone.now() + timedelta(minutes=9)
    assert booking.reference.startswith("XC-") and len(booking.reference) == 9


def test_a_held_or_sold_seat_cannot_be_taken_again(show):
    held(show, "A1")
    with pytest.raises(SeatsTaken, match="A1 was just taken"):
        held(show, "A1", "A2")
    assert Ticket.objects.filter(show=show).count() == 1


def test_an_expired_hold_never_blocks_a_seat(show):
    with freeze_time(timezone.now() - timedelta(minutes=11)):
        held(show, "A1")
    again = held(show, "A1")
    assert again.tickets.get().seat.row == "A"
    assert Booking.objects.count() == 1  # the stale hold was cleared, not left beside it


def test_confirm_after_the_hold_expired_is_refused_and_frees_the_seats(show):
    booking = held(show, "A1")
    with freeze_time(timezone.now() + timedelta(minutes=10, seconds=1)), pytest.raises(BookingError, match="released"):
        services.booking_confirm(booking=booking, provider=PayAtBoxOffice(), by=booking.customer)
    assert not Booking.objects.exists()


def test_confirm_gives_invoice_numbers_in_a_gap_free_sequence(show, mailoutbox):
    first, second = confirmed(show, "A1"), confirmed(show, "A2")
    year = timezone.localdate().year
    assert (first.invoice_number, second.invoice_number) == (f"{year}-000001", f"{year}-000002")
    assert first.status == Booking.Status.CONFIRMED and first.payment_status == Booking.PaymentStatus.UNPAID
    assert set(first.tickets.values_list("status", flat=True)) == {Ticket.Status.CONFIRMED}


def test_a_refused_confirmation_uses_no_invoice_number(show):
    booking = held(show, "A1")
    with freeze_time(timezone.now() + timedelta(minutes=11)), pytest.raises(BookingError):
        services.booking_confirm(booking=booking, provider=PayAtBoxOffice(), by=booking.customer)
    assert confirmed(show, "A2").invoice_number.endswith("-000001")


def test_a_new_selection_replaces_the_customers_previous_hold(show):
    customer = UserFactory()
    held(show, "A1", customer=customer)
    held(show, "A2", customer=customer)
    assert Booking.objects.filter(customer=customer).count() == 1
    assert held(show, "A1").tickets.count() == 1  # A1 is free again


def test_one_hold_clears_an_expired_hold_on_its_seat_and_its_own_last_pick_only(show):
    """Both are found by one read under the show's lock; nobody else's live hold is touched."""
    customer, other = UserFactory(), UserFactory()
    with freeze_time(timezone.now() - timedelta(minutes=11)):
        stale = held(show, "A1", customer=other)
    own = held(show, "B1", customer=customer)
    live = held(show, "C1", customer=other)
    old_elsewhere = held(make_show(auditorium_=auditorium(name="Other")), "A1", customer=customer)  # stays
    new = held(show, "A1", "A2", customer=customer)
    assert set(Booking.objects.values_list("pk", flat=True)) == {live.pk, old_elsewhere.pk, new.pk}
    assert stale.pk != own.pk


@pytest.mark.parametrize(
    ("seat_ids", "message"),
    [
        ([], "Choose at least one seat"),
        (["x"], "not seats of this show"),
        ([999999], "not seats of this show"),
    ],
)
def test_bad_selections_are_refused(show, seat_ids, message):
    customer = UserFactory()
    with pytest.raises(BookingError, match=message):
        services.booking_hold(show=show, seat_ids=seat_ids, customer=customer, by=customer)
    assert not Booking.objects.exists()


def test_a_seat_of_another_auditorium_is_refused(show):
    other = auditorium(name="Hall 2")
    customer = UserFactory()
    with pytest.raises(BookingError, match="not seats of this show"):
        services.booking_hold(show=show, seat_ids=[other.seats.first().pk], customer=customer, by=customer)


def test_too_many_seats_are_refused(show, settings):
    settings.BOOKING_MAX_SEATS = 2
    with pytest.raises(BookingError, match="A booking holds at most 2 seats"):
        held(show, "A1", "A2", "A3")


def test_a_cancelled_or_started_show_sells_nothing(show):
    catalog.show_cancel(show=show, reason="Storm", by=None)
    with pytest.raises(BookingError, match="cancelled"):
        held(show, "A1")
    started = make_show(auditorium_=auditorium(name="Hall 2"))
    with freeze_time(started.starts_at + timedelta(minutes=1)), pytest.raises(BookingError, match="started"):
        held(started, "A1")


def test_counter_sale_is_confirmed_and_paid_at_once(show):
    salesman = UserFactory(role=Role.SALESMAN)
    booking = sold_at_counter(show, "A1", "A2", salesman=salesman, method="card")
    assert booking.status == Booking.Status.CONFIRMED and booking.payment_status == Booking.PaymentStatus.PAID
    payment = booking.payments.get()
    assert (payment.method, payment.amount, payment.recorded_by) == ("card", Decimal("25.00"), salesman)


def test_salesman_takes_payment_for_a_pay_at_the_box_office_booking(show):
    booking = confirmed(show, "A1")
    salesman = UserFactory(role=Role.SALESMAN)
    services.payment_record(booking=booking, method="cash", by=salesman)
    booking.refresh_from_db()
    assert booking.payment_status == Booking.PaymentStatus.PAID
    with pytest.raises(BookingError, match="Nothing is due"):
        services.payment_record(booking=booking, method="cash", by=salesman)
    assert booking.payments.count() == 1


def test_cancel_frees_seats_records_refund_and_trail(show, mailoutbox):
    booking = sold_at_counter(show, "A1", "A2")
    moderator = UserFactory(role=Role.MODERATOR)
    services.booking_cancel(booking=booking, by=moderator, reason="Customer is ill", refund_now=True)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert (booking.cancelled_by, booking.cancel_reason, booking.refund_amount) == (
        moderator,
        "Customer is ill",
        Decimal("25.00"),
    )
    assert booking.payment_status == Booking.PaymentStatus.REFUNDED
    assert [p.amount for p in booking.payments.all()] == [Decimal("25.00"), Decimal("-25.00")]
    assert held(show, "A1", "A2").tickets.count() == 2  # seats free at once
    assert [e.action for e in booking.events.all()] == ["sold", "confirmed", "paid", "refunded", "cancelled"]


def test_cancel_is_refused_once_the_show_started(show):
    booking = confirmed(show, "A1")
    with freeze_time(show.starts_at + timedelta(minutes=1)), pytest.raises(BookingError, match="started"):
        services.booking_cancel(booking=booking, by=booking.customer, reason="Too late")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_cancel_needs_a_reason(show):
    booking = confirmed(show, "A1")
    with pytest.raises(BookingError, match="Say why"):
        services.booking_cancel(booking=booking, by=booking.customer, reason=" ")


def test_change_moves_seats_reprices_and_keeps_the_trail(show):
    booking = sold_at_counter(show, "A1", "A2")  # 25.00 paid
    services.booking_change(booking=booking, show=show, seat_ids=seats_of(show, "C1", "C2"), by=booking.created_by)
    booking.refresh_from_db()
    assert booking.total == Decimal("36.00")
    assert booking.payment_status == Booking.PaymentStatus.UNPAID  # 11.00 still due
    assert sorted(str(t.seat) for t in booking.tickets.filter(status="confirmed")) == ["C1", "C2"]
    assert booking.tickets.filter(status="replaced").count() == 2
    assert "A1, A2 (€25.00)" in booking.events.get(action="changed").details
    assert held(show, "A1").tickets.count() == 1  # old seats are free


def test_change_to_another_show_keeps_seats_the_booking_already_has(show):
    booking = confirmed(show, "A1", "A2")
    services.booking_change(booking=booking, show=show, seat_ids=seats_of(show, "A2", "A3"), by=booking.customer)
    assert sorted(str(t.seat) for t in booking.tickets.filter(status="confirmed")) == ["A2", "A3"]


def test_vip_house_seats_are_taken_for_everyone_else(show):
    admin = UserFactory(role=Role.ADMIN)
    booking = services.house_seats_reserve(
        show=show, seat_ids=seats_of(show, "B1", "B2"), guest_name="Ms Director", complimentary=True, by=admin
    )
    assert booking.channel == Booking.Channel.HOUSE and booking.total == 0
    assert booking.payment_status == Booking.PaymentStatus.COMPLIMENTARY
    assert set(booking.tickets.values_list("category", flat=True)) == {"vip"}
    with pytest.raises(SeatsTaken):
        held(show, "B1")


def test_house_seats_need_a_guest_name(show):
    with pytest.raises(BookingError, match="Name the VIP guest"):
        services.house_seats_reserve(
            show=show, seat_ids=seats_of(show, "B1"), guest_name="", complimentary=True, by=UserFactory(role="admin")
        )


def test_door_check_in_lets_a_ticket_in_once(show):
    ticket = sold_at_counter(show, "A1").tickets.get()
    door = UserFactory(role=Role.SALESMAN)
    with freeze_time(show.starts_at - timedelta(minutes=30)):  # the door is open
        first = services.ticket_check_in(code=ticket.code.lower(), show=show, by=door)
        assert first.outcome == "valid" and "Row A, seat 1" in first.message
        second = services.ticket_check_in(code=ticket.code, show=show, by=door)
        assert second.outcome == "used" and "Already used at" in second.message


def test_door_check_in_refuses_cancelled_unknown_and_other_show_tickets(show):
    door = UserFactory(role=Role.SALESMAN)
    booking = sold_at_counter(show, "A1", "A2")
    cancelled_code = booking.tickets.first().code
    services.booking_cancel(booking=booking, by=door, reason="Changed plans")
    assert services.ticket_check_in(code=cancelled_code, show=show, by=door).outcome == "cancelled"
    assert services.ticket_check_in(code="NOPE-NOPE-NOPE", show=show, by=door).outcome == "unknown"
    other = make_show(auditorium_=auditorium(name="Hall 2"))
    elsewhere = sold_at_counter(other, "A1").tickets.get().code
    result = services.ticket_check_in(code=elsewhere, show=show, by=door)
    assert result.outcome == "other_show" and "Hall 2" in result.message


def test_cancelling_a_show_cancels_its_bookings(show, django_capture_on_commit_callbacks):
    paid = sold_at_counter(show, "A1")
    hold = held(show, "A2")
    moderator = UserFactory(role=Role.MODERATOR)
    with django_capture_on_commit_callbacks(execute=True):
        catalog.show_cancel(show=show, reason="Projector broken", by=moderator)
    paid.refresh_from_db()
    assert paid.status == Booking.Status.CANCELLED and paid.refund_amount == Decimal("12.50")
    assert "Projector broken" in paid.cancel_reason
    assert not Booking.objects.filter(pk=hold.pk).exists()


def test_release_expired_holds_command(show, capsys):
    with freeze_time(timezone.now() - timedelta(minutes=20)):
        held(show, "A1")
    live = held(show, "A2")
    call_command("release_expired_holds")
    assert list(Booking.objects.values_list("pk", flat=True)) == [live.pk]
    assert "Released 1 expired hold" in capsys.readouterr().out


def test_confirmation_mail_carries_tickets_and_invoice(show, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        booking = confirmed(show, "A1", "A2")
    message = mailoutbox[-1]
    assert message.to == [booking.customer.email] and booking.reference in message.subject
    names = [name for name, *_ in message.attachments]
    assert names == [f"tickets-{booking.reference}.pdf", f"invoice-{booking.invoice_number}.pdf"]


def test_a_failing_mail_server_does_not_undo_the_booking(show, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "bookings.tests.test_services.BrokenMailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        booking = confirmed(show, "A1")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


class BrokenMailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP is down")


def test_payment_provider_interface_accepts_a_gateway_as_a_new_class(show):
    from bookings.payments import PaymentProvider, PaymentStart

    class InstantCard(PaymentProvider):
        key, label = "instant_card", "Card (test gateway)"

        def start(self, booking):
            return PaymentStart(paid=True, provider_reference="gw-42")

    booking = held(show, "A1")
    services.booking_confirm(booking=booking, provider=InstantCard(), by=booking.customer)
    booking.refresh_from_db()
    payment = booking.payments.get()
    assert booking.payment_status == "paid"
    assert (payment.method, payment.provider, payment.provider_reference) == (
        Payment.Method.ONLINE,
        "instant_card",
        "gw-42",
    )


def test_door_refuses_replaced_unpaid_and_not_today_tickets(show):
    door = UserFactory(role=Role.SALESMAN)
    changed = sold_at_counter(show, "A1")
    old_code = changed.tickets.get().code
    services.booking_change(booking=changed, show=show, seat_ids=seats_of(show, "A2"), by=door)
    assert services.ticket_check_in(code=old_code, show=show, by=door).outcome == "cancelled"

    unpaid = confirmed(show, "A3").tickets.get()
    with freeze_time(show.starts_at - timedelta(minutes=30)):  # the door is open
        result = services.ticket_check_in(code=unpaid.code, show=show, by=door)
        assert result.outcome == "unpaid" and unpaid.booking.reference in result.message
        services.payment_record(booking=unpaid.booking, method="cash", by=door)
        assert services.ticket_check_in(code=unpaid.code, show=show, by=door).outcome == "valid"

    # With no show chosen at the door, a ticket gets in only while its show's door is open.
    later = make_show(auditorium_=auditorium(name="Hall 2"), starts_at=show.starts_at + timedelta(days=3))
    future = sold_at_counter(later, "A1").tickets.get()
    assert services.ticket_check_in(code=future.code, show=None, by=door).outcome == "other_show"
    with freeze_time(later.starts_at - timedelta(hours=1)):
        assert services.ticket_check_in(code=future.code, show=None, by=door).outcome == "valid"


def test_a_show_picked_at_the_door_admits_its_tickets_only_while_its_door_is_open(settings):
    settings.DOOR_OPENS_HOURS_BEFORE = 6
    door = UserFactory(role=Role.SALESMAN)
    days_away = make_show(starts_at=timezone.now().replace(second=0, microsecond=0) + timedelta(days=3))
    ticket = sold_at_counter(days_away, "A1").tickets.get()

    early = services.ticket_check_in(code=ticket.code, show=days_away, by=door)
    assert early.outcome == "other_show" and "The door opens at" in early.message
    ticket.refresh_from_db()
    assert ticket.used_at is None  # the ticket still works on the day

    with freeze_time(days_away.ends_at + timedelta(minutes=1)):
        late = services.ticket_check_in(code=ticket.code, show=days_away, by=door)
        assert late.outcome == "other_show" and "is over" in late.message
    with freeze_time(days_away.starts_at - timedelta(hours=5)):
        assert services.ticket_check_in(code=ticket.code, show=days_away, by=door).outcome == "valid"


def test_an_online_cancellation_leaves_a_refund_due_until_staff_pay_it_out(show):
    booking = confirmed(show, "A1")
    salesman = UserFactory(role=Role.SALESMAN)
    services.payment_record(booking=booking, method="cash", by=salesman)
    services.booking_cancel(booking=booking, by=booking.customer, reason="Cannot come")
    booking.refresh_from_db()
    assert booking.payment_status == Booking.PaymentStatus.REFUND_DUE and booking.refund_amount == Decimal("12.50")
    assert [p.amount for p in booking.payments.all()] == [Decimal("12.50")]  # no money moved yet
    services.refund_record(booking=booking, by=salesman)
    booking.refresh_from_db()
    assert booking.payment_status == Booking.PaymentStatus.REFUNDED
    assert [p.amount for p in booking.payments.all()] == [Decimal("12.50"), Decimal("-12.50")]
    with pytest.raises(BookingError, match="No refund is due"):
        services.refund_record(booking=booking, by=salesman)


def test_a_checked_in_booking_can_no_longer_be_cancelled_or_changed(show):
    booking = sold_at_counter(show, "A1", "A2")
    door = UserFactory(role=Role.SALESMAN)
    with freeze_time(show.starts_at - timedelta(minutes=30)):  # the door is open, the show not started
        assert services.ticket_check_in(code=booking.tickets.first().code, show=show, by=door).outcome == "valid"
        with pytest.raises(BookingError, match="already used at the door"):
            services.booking_cancel(booking=booking, by=door, reason="Refund please")
        with pytest.raises(BookingError, match="already used at the door"):
            services.booking_change(booking=booking, show=show, seat_ids=seats_of(show, "B1"), by=door)


def test_a_change_to_cheaper_seats_hands_back_the_difference_and_issues_a_new_invoice(show):
    booking = sold_at_counter(show, "C1", "C2")  # 2 × 18.00 paid
    first_invoice = booking.invoice_number
    services.booking_change(booking=booking, show=show, seat_ids=seats_of(show, "A1", "A2"), by=booking.created_by)
    booking.refresh_from_db()
    assert booking.total == Decimal("25.00") and booking.payment_status == Booking.PaymentStatus.PAID
    assert [p.amount for p in booking.payments.all()] == [Decimal("36.00"), Decimal("-11.00")]
    assert booking.invoice_number != first_invoice
    assert f"replaces {first_invoice}" in booking.events.get(action="changed").details


def test_priced_house_seats_keep_their_price_and_vip_category_when_changed(show):
    admin = UserFactory(role=Role.ADMIN)
    booking = services.house_seats_reserve(
        show=show, seat_ids=seats_of(show, "A1"), guest_name="Critic", complimentary=False, by=admin
    )
    services.booking_change(booking=booking, show=show, seat_ids=seats_of(show, "A2"), by=admin)
    booking.refresh_from_db()
    assert booking.total == Decimal("12.50")
    assert booking.tickets.get(status="confirmed").category == "vip"


def test_money_handed_back_goes_back_the_ways_it_was_taken(django_capture_on_commit_callbacks):
    """A cash sale, then a change to dearer seats paid by card, then a cancellation with the money
    handed back: the card part goes back to the card and the rest in cash, so the till and the
    card terminal each account for their own part."""
    salesman = UserFactory(role=Role.SALESMAN)
    show = make_show()
    booking = sold_at_counter(show, "A1", salesman=salesman, method="cash")  # €12.50 in cash
    services.booking_change(booking=booking, show=show, seat_ids=seats_of(show, "A1", "A2"), by=salesman)
    services.payment_record(booking=booking, method="card", by=salesman)  # the €12.50 more, by card
    services.booking_cancel(booking=booking, by=salesman, reason="Plans changed", refund_now=True)
    refunds = {p.method: p.amount for p in Payment.objects.filter(booking=booking, amount__lt=0)}
    assert refunds == {"card": Decimal("-12.50"), "cash": Decimal("-12.50")}
    assert sum(p.amount for p in Payment.objects.filter(booking=booking)) == Decimal("0.00")


def test_a_refund_never_hands_back_more_in_a_way_than_that_way_took():
    salesman = UserFactory(role=Role.SALESMAN)
    show = make_show()
    booking = sold_at_counter(show, "A1", "A2", salesman=salesman, method="card")  # €25.00 by card
    services.booking_change(booking=booking, show=show, seat_ids=seats_of(show, "A1"), by=salesman)
    services.booking_cancel(booking=booking, by=salesman, reason="Plans changed", refund_now=True)
    assert list(Payment.objects.filter(booking=booking).order_by("pk").values_list("method", "amount")) == [
        ("card", Decimal("25.00")),
        ("card", Decimal("-12.50")),  # the change to one seat handed the difference back
        ("card", Decimal("-12.50")),  # the cancellation the rest
    ]
