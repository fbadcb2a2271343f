"""Open → sales → refunds → drops → blind close → variance → review, and every refusal."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from freezegun import freeze_time
from pypdf import PdfReader

from bookings import services as bookings
from bookings.exceptions import BookingError
from bookings.models import Booking, Payment
from bookings.tests.factories import confirmed, seats_of, sold_at_counter
from boxoffice import pdfs, selectors, services
from boxoffice.models import TillEntry, TillSession
from boxoffice.services import NoOpenSession, TillError
from boxoffice.tests.factories import salesman, till
from employees import services as employees
from employees.tests.factories import hire
from movies.tests.factories import show as make_show
from sales import selectors as sales
from users.models import Role
from users.tests.factories import UserFactory
from xcounter.days import one_day

pytestmark = pytest.mark.django_db
D = Decimal


def test_a_shift_at_the_counter_from_float_to_review():
    cashier = salesman()
    session = till(cashier, opening_float="150.00")
    show = make_show()
    cash = sold_at_counter(show, "A1", "A2", salesman=cashier, method="cash")  # 25.00
    sold_at_counter(show, "B1", salesman=cashier, method="card")  # 12.50
    bookings.booking_cancel(booking=cash, by=cashier, reason="Wrong day", refund_now=True)  # −25.00 cash
    sold_at_counter(show, "A3", "A4", "B3", salesman=cashier, method="cash")  # 37.50
    services.cash_move(session=session, kind="drop", amount=D("50.00"), reason="To the safe", by=cashier)
    services.cash_move(session=session, kind="payout", amount=D("4.20"), reason="Printer paper", by=cashier)

    totals = selectors.session_totals(session)
    assert (totals.cash_sales, totals.cash_refunds, totals.card_sales, totals.card_refunds) == (
        D("62.50"),
        D("25.00"),
        D("12.50"),
        D("0.00"),
    )
    assert (totals.drops, totals.payouts, totals.payments, totals.refunds) == (D("50.00"), D("4.20"), 3, 1)
    # 150 + 62.50 − 25 − 50 − 4.20
    assert totals.expected_cash == D("133.30") and totals.expected_card == D("12.50")

    closed = services.session_close(
        session=session, by=cashier, counted_cash=D("128.30"), counted_card=D("12.50"), note="Short: counted twice"
    )
    assert (closed.expected_cash, closed.counted_cash, closed.cash_variance) == (D("133.30"), D("128.30"), D("-5.00"))
    assert closed.card_variance == D("0.00")
    assert closed.z_day == timezone.localdate() and closed.z_number == 1 and closed.status == "closed"

    moderator = UserFactory(role=Role.MODERATOR)
    services.adjustment_add(
        session=closed, method="cash", amount=D("5.00"), reason="Found in the safe bag", by=moderator
    )
    variance = selectors.variance(closed, selectors.session_totals(closed))
    assert (variance.cash, variance.cash_adjusted, variance.total) == (D("-5.00"), D("0.00"), D("0.00"))
    reviewed = services.session_review(session=closed, by=moderator)
    assert reviewed.status == "reviewed" and reviewed.reviewed_by == moderator
    with pytest.raises(TillError, match="already reviewed"):
        services.session_review(session=closed, by=moderator)


def test_every_counter_payment_and_refund_is_in_the_session_of_who_took_it():
    first, second = salesman(), salesman()
    one, two = till(first), till(second, counter="Counter 2")
    show = make_show()
    online = confirmed(show, "A1")
    bookings.payment_record(booking=online, method="card", by=second)  # collected by reference
    sold_at_counter(show, "A2", salesman=first, method="cash")
    assert [(e.kind, e.method, e.amount) for e in one.entries.all()] == [("sale", "cash", D("12.50"))]
    assert [(e.kind, e.method, e.amount) for e in two.entries.all()] == [("sale", "card", D("12.50"))]
    assert TillEntry.objects.filter(payment__isnull=False).count() == Payment.objects.count() == 2


def test_no_open_session_refuses_the_sale_whole():
    cashier, show = salesman(), make_show()
    with pytest.raises(NoOpenSession, match="Open a till session before taking money"):
        sold_at_counter(show, "A1", salesman=cashier)
    assert not Booking.objects.exists() and not Payment.objects.exists()
    assert sales.takings(one_day())[0].taken == D("0.00")  # no figure either


def test_a_refund_after_the_close_needs_an_open_session_and_lands_in_it():
    cashier = salesman()
    session = till(cashier)
    booking = sold_at_counter(salesman=cashier, method="card")
    services.session_close(session=session, by=cashier, counted_cash=D("100.00"), counted_card=D("12.50"))
    with pytest.raises(NoOpenSession):
        bookings.booking_cancel(booking=booking, by=cashier, reason="Ill", refund_now=True)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED and booking.payments.count() == 1
    later = till(cashier, counter="Counter 2", opening_float="0")
    bookings.booking_cancel(booking=booking, by=cashier, reason="Ill", refund_now=True)
    assert [(e.kind, e.method, e.amount) for e in later.entries.all()] == [("refund", "card", D("-12.50"))]
    assert selectors.session_totals(session).expected_card == D("12.50")  # the closed one is untouched


def test_online_payments_need_no_till():
    booking = confirmed(make_show(), "A1")
    Payment.objects.create(booking=booking, method="online", amount=D("12.50"), recorded_by=booking.customer)
    services.payment_attach(booking.payments.get())  # the receiver ignores it
    assert not TillEntry.objects.exists()


def test_one_open_session_per_cashier_and_per_counter():
    cashier = salesman()
    till(cashier, counter="Counter 1")
    with pytest.raises(TillError, match="You already have a till session open"):
        till(cashier, counter="Counter 2")
    with pytest.raises(TillError, match="Counter 1 already has an open till session"):
        till(salesman(), counter="counter 1")
    assert TillSession.objects.count() == 1


def test_the_database_refuses_a_second_open_session():
    from django.db import IntegrityError, transaction

    session = till()
    with pytest.raises(IntegrityError), transaction.atomic():
        TillSession.objects.create(cashier=session.cashier, counter="Other", opening_float=0, opened_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():  # the same counter, however it is written
        TillSession.objects.create(cashier=salesman(), counter="COUNTER 1", opening_float=0, opened_at=timezone.now())


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-1", "The opening float cannot be negative."),
        ("abc", "The opening float is not an amount: write it like 150.00."),
        ("NaN", "The opening float is not an amount: write it like 150.00."),
        ("10000000", "The opening float of €10,000,000.00 is more than a till holds (at most €100,000.00)."),
        ("1.005", "The opening float has more than two decimal places."),
    ],
)
def test_bad_floats_are_refused_with_their_reason(amount, message):
    with pytest.raises(TillError) as refused:
        till(opening_float=amount)
    assert str(refused.value) == message
    assert not TillSession.objects.exists()


def test_opening_outside_a_shift_is_allowed_and_flagged():
    employee = hire()
    now = timezone.localtime()
    assert till(employee.user).in_shift is False
    TillSession.objects.all().delete()
    if now.hour in (0, 23):
        return  # a shift cannot wrap midnight; the flag itself is checked above
    employees.shift_assign(
        employee=employee,
        day=now.date(),
        starts=(now - timedelta(hours=1)).time(),
        ends=(now + timedelta(hours=1)).time(),
        counter="Counter 1",
        by=UserFactory(role=Role.ADMIN),
    )
    assert till(employee.user).in_shift is True


def test_drops_and_pay_outs_are_checked():
    cashier = salesman()
    session = till(cashier)
    with pytest.raises(TillError, match="Say what the cash drop is for."):
        services.cash_move(session=session, kind="drop", amount=D("10"), reason=" ", by=cashier)
    with pytest.raises(TillError, match="The pay-out must be more than €0.00."):
        services.cash_move(session=session, kind="payout", amount=D("0"), reason="x", by=cashier)
    with pytest.raises(TillError, match="The cash drop cannot be negative."):
        services.cash_move(session=session, kind="drop", amount=D("-5"), reason="x", by=cashier)
    with pytest.raises(TillSession.DoesNotExist):  # someone else's drawer
        services.cash_move(session=session, kind="drop", amount=D("5"), reason="x", by=salesman())
    assert not session.entries.exists()


def test_the_blind_count_needs_a_note_beyond_the_tolerance(settings):
    cashier = salesman()
    session = till(cashier, opening_float="50.00")
    with pytest.raises(TillError, match="The count does not match what the till expects"):
        services.session_close(session=session, by=cashier, counted_cash=D("49.99"), counted_card=D("0"))
    settings.TILL_VARIANCE_TOLERANCE = D("0.50")
    closed = services.session_close(session=session, by=cashier, counted_cash=D("49.99"), counted_card=D("0"))
    assert closed.cash_variance == D("-0.01") and closed.close_note == ""
    assert closed.recounts == 1  # the reviewer sees the refused count: it told the cashier it was off


def test_every_refused_count_is_kept_for_the_reviewer():
    cashier = salesman()
    session = till(cashier, opening_float="50.00")
    for guess in ("45.00", "55.00", "52.00"):  # stepping towards the expected figure
        with pytest.raises(TillError, match="The count does not match"):
            services.session_close(session=session, by=cashier, counted_cash=D(guess), counted_card=D("0"))
    closed = services.session_close(session=session, by=cashier, counted_cash=D("50.00"), counted_card=D("0"))
    assert (closed.recounts, closed.cash_variance) == (3, D("0.00"))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdfs.session_z(closed))).pages)
    assert "Counts refused before the close (no note for a difference): 3" in text


def test_closing_twice_or_someone_elses_session_is_refused():
    cashier = salesman()
    session = till(cashier)
    with pytest.raises(TillSession.DoesNotExist):
        services.session_close(session=session, by=salesman(), counted_cash=D("100"), counted_card=D("0"))
    services.session_close(session=session, by=cashier, counted_cash=D("100"), counted_card=D("0"))
    with pytest.raises(TillError, match=r"already closed \(Z .*/001\)"):
        services.session_close(session=session, by=cashier, counted_cash=D("90"), counted_card=D("0"))
    session.refresh_from_db()
    assert session.counted_cash == D("100.00")
    with pytest.raises(TillError, match="closed: nothing more"):
        services.cash_move(session=session, kind="drop", amount=D("5"), reason="x", by=cashier)


def test_adjustments_only_on_closed_sessions_with_a_reason():
    cashier, moderator = salesman(), UserFactory(role=Role.MODERATOR)
    session = till(cashier)
    with pytest.raises(TillError, match="An open session is not adjusted"):
        services.adjustment_add(session=session, method="cash", amount=D("1"), reason="x", by=moderator)
    services.session_close(session=session, by=cashier, counted_cash=D("100"), counted_card=D("0"))
    with pytest.raises(TillError, match="Say why"):
        services.adjustment_add(session=session, method="cash", amount=D("1"), reason="", by=moderator)
    with pytest.raises(TillError, match="other than zero"):
        services.adjustment_add(session=session, method="cash", amount=D("0"), reason="x", by=moderator)
    with pytest.raises(TillError, match="more than a till holds"):
        services.adjustment_add(session=session, method="card", amount=D("-200000"), reason="x", by=moderator)


def test_z_numbers_are_gap_free_per_day():
    numbers = []
    with freeze_time("2026-03-02 10:00"):
        for n in range(3):
            cashier = salesman()
            session = till(cashier, counter=f"Counter {n}")
            numbers.append(services.session_close(session=session, by=cashier, counted_cash=D("100"), counted_card=0))
    with freeze_time("2026-03-03 10:00"):
        cashier = salesman()
        numbers.append(services.session_close(session=till(cashier), by=cashier, counted_cash=D("100"), counted_card=0))
    assert [(s.z_day.isoformat(), s.z_number) for s in numbers] == [
        ("2026-03-02", 1),
        ("2026-03-02", 2),
        ("2026-03-02", 3),
        ("2026-03-03", 1),
    ]


def test_the_day_cannot_close_while_a_session_is_open():
    cashier, moderator = salesman(), UserFactory(role=Role.MODERATOR)
    session = till(cashier, counter="Counter 7")
    today = timezone.localdate()
    with pytest.raises(TillError, match=r"cannot be closed while a till session is open: Counter 7"):
        services.day_close(day=today, by=moderator)
    services.session_close(session=session, by=cashier, counted_cash=D("100"), counted_card=D("0"))
    closed = services.day_close(day=today, by=moderator)
    assert closed.closed_by == moderator
    with pytest.raises(TillError, match="already closed"):
        services.day_close(day=today, by=moderator)
    with pytest.raises(TillError, match="has not begun"):
        services.day_close(day=today + timedelta(days=1), by=moderator)
    # Signed off: no till adds to the closed day's figures afterwards.
    with pytest.raises(TillError, match="already closed: no till can be opened until tomorrow"):
        till(salesman(), counter="After hours")


def test_nobody_reviews_or_corrects_their_own_till():
    moderator, other = UserFactory(role=Role.MODERATOR), UserFactory(role=Role.MODERATOR)
    own = till(moderator, counter="Kiosk")
    services.session_close(session=own, by=moderator, counted_cash=D("50.00"), counted_card=D("0"), note="Short")
    with pytest.raises(TillError, match="your own till: another manager corrects it"):
        services.adjustment_add(session=own, method="cash", amount=D("50.00"), reason="Found it", by=moderator)
    with pytest.raises(TillError, match="your own till: another manager reviews it"):
        services.session_review(session=own, by=moderator)
    services.session_review(session=own, by=other)
    own.refresh_from_db()
    assert own.reviewed_by == other and not own.entries.filter(kind=TillEntry.Kind.ADJUSTMENT).exists()


def test_the_z_report_counts_the_valid_tickets_of_the_bookings_its_session_sold():
    cashier = salesman()
    session = till(cashier)
    show = make_show()
    changed = sold_at_counter(show, "A1", "A2", salesman=cashier, method="cash")
    bookings.booking_change(booking=changed, show=show, seat_ids=seats_of(show, "B1", "B2"), by=cashier)
    cancelled = sold_at_counter(show, "C1", salesman=cashier, method="card")
    bookings.booking_cancel(booking=cancelled, by=cashier, reason="Wrong film", refund_now=True)
    sold = selectors.sold_in([session])
    # Two valid tickets: the replaced A1, A2 and the cancelled C1 are not sold.
    assert sold.films == [(show.movie.title, 2)]
    assert sum(n for _, n in sold.types) == 2
    assert sold.bookings == 2
    # A later session that takes a top-up for the same booking does not count its tickets again.
    services.session_close(session=session, by=cashier, counted_cash=D("125.00"), counted_card=D("0"), note="ok")
    later = till(cashier, counter="Counter 2")
    bookings.booking_change(booking=changed, show=show, seat_ids=seats_of(show, "B1", "B2", "B3"), by=cashier)
    bookings.payment_record(booking=changed, method="cash", by=cashier)
    assert selectors.sold_in([later]).films == []


def test_the_days_session_sales_reconcile_with_the_counter_takings():
    """The sum of the sessions' sales for a day equals the sales figures' counter takings that day."""
    first, second = salesman(), salesman()
    one, two = till(first), till(second, counter="Counter 2")
    show = make_show()
    sold_at_counter(show, "A1", "A2", salesman=first, method="cash")
    refunded = sold_at_counter(show, "B1", salesman=second, method="card")
    sold_at_counter(show, "B2", salesman=second, method="cash")
    bookings.booking_cancel(booking=refunded, by=second, reason="Ill", refund_now=True)
    online = confirmed(show, "A3", "A4")
    bookings.payment_record(booking=online, method="card", by=first)
    bookings.booking_change(booking=online, show=show, seat_ids=seats_of(show, "A3"), by=first)  # hands 12.50 back
    services.cash_move(session=one, kind="drop", amount=D("10"), reason="Safe", by=first)  # not a sale
    for cashier, session in ((first, one), (second, two)):
        services.session_close(session=session, by=cashier, counted_cash=D("0"), counted_card=D("0"), note="test")

    today = timezone.localdate()
    sessions = list(selectors.sessions_of_day(today))
    session_sales = sum(selectors.session_totals(s).net_sales for s in sessions)
    takings = {row.method: row for row in sales.takings(one_day(today))}
    counter_revenue = takings["cash"].net + takings["card"].net
    assert session_sales == counter_revenue == D("50.00")  # 25 + 12.50 − 12.50 + 12.50 + 25 − 12.50
    assert selectors.entries_totals(selectors.day_entries(today)).net_sales == counter_revenue


def test_variance_by_salesman_sums_closed_sessions_and_corrections():
    short, over, moderator = salesman(), salesman(), UserFactory(role=Role.MODERATOR)
    a = services.session_close(session=till(short), by=short, counted_cash=D("95"), counted_card=0, note="short")
    services.session_close(session=till(short, counter="C2"), by=short, counted_cash=D("99"), counted_card=0, note="s")
    services.session_close(
        session=till(over, counter="C3"), by=over, counted_cash=D("102.50"), counted_card=0, note="o"
    )
    services.adjustment_add(session=a, method="card", amount=D("-1.00"), reason="Terminal slip", by=moderator)
    till(salesman(), counter="C4")  # open: not counted
    today = timezone.localdate()
    rows = selectors.variance_by_salesman(today, today)
    assert {pk: (row.sessions, row.cash, row.card, row.total) for pk, row in rows.items()} == {
        short.pk: (2, D("-6.00"), D("-1.00"), D("-7.00")),
        over.pk: (1, D("2.50"), D("0.00"), D("2.50")),
    }
    assert selectors.variance_by_salesman(today - timedelta(days=3), today - timedelta(days=1)) == {}


def test_a_refund_is_paid_out_once_and_never_more_than_was_paid():
    cashier = salesman()
    session = till(cashier, opening_float="0.00")
    booking = confirmed(make_show(), "A1", "A2")
    bookings.payment_record(booking=booking, method="cash", by=cashier)
    bookings.booking_cancel(booking=booking, by=booking.customer, reason="Cannot come")  # refund due
    bookings.refund_record(booking=booking, by=cashier)
    with pytest.raises(BookingError, match="No refund is due on this booking."):
        bookings.refund_record(booking=booking, by=cashier)
    totals = selectors.session_totals(session)
    assert (totals.cash_sales, totals.cash_refunds, totals.expected_cash) == (D("25.00"), D("25.00"), D("0.00"))
