"""Till sessions: open with a float, every counter payment and refund attached inside its own
transaction, cash drops and pay-outs, the blind-count close, review, corrections and the day close.

The session row is the lock: a payment attaches only to a session it has locked and found open, and
the close locks the same row before it adds up. So a payment racing the close either lands before
it (and is in the expected figures) or finds the session closed and is refused with its whole sale:
never counted nowhere.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from bookings.exceptions import BookingError
from bookings.models import Payment
from boxoffice import selectors
from boxoffice.models import DayClose, TillEntry, TillSession, ZCounter
from employees.models import Shift
from xcounter.money import cents, format_money

# The most a till holds, an entry moves or a correction changes: a typo guard (a float of 10 million).
MAX_AMOUNT = Decimal("100000.00")
COUNTER_METHODS = (Payment.Method.CASH, Payment.Method.CARD)


class TillError(BookingError):
    """A till action refused, with its reason. A BookingError, so a sale the till refuses is
    reported by the counter pages like any other refused sale."""


class NoOpenSession(TillError):
    def __init__(self):
        super().__init__(
            "Open a till session before taking money at the counter (Sell → Till): "
            "every cash and card payment and refund belongs to a counted drawer."
        )


def _amount(value, what: str, *, allow_zero: bool = False) -> Decimal:
    try:
        amount = Decimal(value)
    except (ArithmeticError, TypeError, ValueError):
        raise TillError(f"The {what} is not an amount: write it like 150.00.") from None
    if not amount.is_finite():
        raise TillError(f"The {what} is not an amount: write it like 150.00.")
    if amount != cents(amount):
        raise TillError(f"The {what} has more than two decimal places.")
    if amount < 0:
        raise TillError(f"The {what} cannot be negative.")
    if amount == 0 and not allow_zero:
        raise TillError(f"The {what} must be more than {format_money(0)}.")
    if amount > MAX_AMOUNT:
        raise TillError(
            f"The {what} of {format_money(amount)} is more than a till holds (at most {format_money(MAX_AMOUNT)})."
        )
    return amount


def _in_shift(cashier, moment) -> bool:
    local = timezone.localtime(moment)
    return Shift.objects.filter(
        employee__user=cashier, day=local.date(), starts__lte=local.time(), ends__gt=local.time()
    ).exists()


def session_open(*, cashier, counter: str, opening_float) -> TillSession:
    """Open a drawer: one open session per cashier and per counter (a database constraint too).
    Opening outside the cashier's shifts is allowed and flagged."""
    counter = " ".join(str(counter).split())[:40]
    if not counter:
        raise TillError("Say which counter the till is at.")
    amount = _amount(opening_float, "opening float", allow_zero=True)
    now = timezone.now()
    today = timezone.localdate(now)
    try:
        with transaction.atomic():
            _day_locked(today)
            if DayClose.objects.filter(day=today).exists():
                # A closed day's figures are signed off: no till may add to them afterwards.
                raise TillError(f"{today:%d %b %Y} is already closed: no till can be opened until tomorrow.")
            if TillSession.objects.filter(cashier=cashier, closed_at__isnull=True).exists():
                raise TillError("You already have a till session open: close it before opening another.")
            taken = TillSession.objects.filter(counter__iexact=counter, closed_at__isnull=True).first()
            if taken is not None:
                raise TillError(f"{taken.counter} already has an open till session: pick another counter.")
            return TillSession.objects.create(
                cashier=cashier,
                counter=counter,
                opening_float=amount,
                opened_at=now,
                in_shift=_in_shift(cashier, now),
            )
    except IntegrityError:
        raise TillError("A till session was just opened for you or at that counter: look again.") from None


def _day_locked(day: date) -> ZCounter:
    """The day's row, locked: a till opening and the day close take it first, so one waits for the
    other (a till opened in the instant of the close either stops it or is refused), and a close
    takes it for its Z number."""
    counter, _ = ZCounter.objects.select_for_update().get_or_create(day=day)
    return counter


def _locked(session_id: int, **scope) -> TillSession:
    return TillSession.objects.select_for_update().get(pk=session_id, **scope)


def payment_attach(payment: Payment) -> None:
    """A counter payment or refund belongs to its recorder's open session, written in the
    payment's own transaction with the session row locked; none open: the payment is refused."""
    if payment.method not in COUNTER_METHODS:
        return
    session = (
        TillSession.objects.select_for_update()
        .filter(cashier_id=payment.recorded_by_id, closed_at__isnull=True)
        .first()
    )
    if session is None:
        raise NoOpenSession()
    TillEntry.objects.create(
        session=session,
        kind=TillEntry.Kind.SALE if payment.amount > 0 else TillEntry.Kind.REFUND,
        method=payment.method,
        amount=payment.amount,
        payment=payment,
        by_id=payment.recorded_by_id,
        at=payment.recorded_at,
    )


def cash_move(*, session: TillSession, kind: str, amount, reason: str, by) -> TillEntry:
    """Cash taken to the safe (a drop) or paid out (petty cash), by the session's cashier."""
    if kind not in (TillEntry.Kind.DROP, TillEntry.Kind.PAYOUT):
        raise TillError("Choose a cash drop or a pay-out.")
    label = TillEntry.Kind(kind).label.lower()
    amount = _amount(amount, label)
    reason = reason.strip()
    if not reason:
        raise TillError(f"Say what the {label} is for.")
    with transaction.atomic():
        session = _locked(session.pk, cashier=by)
        if not session.is_open:
            raise TillError("This till session is closed: nothing more can go in or out of it.")
        return TillEntry.objects.create(
            session=session,
            kind=kind,
            method=TillEntry.Method.CASH,
            amount=-amount,
            reason=reason[:300],
            by=by,
            at=timezone.now(),
        )


def _beyond(variance: Decimal) -> bool:
    return abs(variance) > settings.TILL_VARIANCE_TOLERANCE


def session_close(*, session: TillSession, by, counted_cash, counted_card, note: str = "") -> TillSession:
    """The blind count: the cashier says what is in the drawer and on the card terminal; the
    expected figures are added up with the session locked, stored beside the count, and the close
    gets the day's next Z number. A difference beyond TILL_VARIANCE_TOLERANCE needs a note. Each
    count refused for a missing note is kept (`recounts`): the refusal tells the cashier the count
    was off, so the reviewer sees how many tries a close took."""
    counted_cash = _amount(counted_cash, "counted cash", allow_zero=True)
    counted_card = _amount(counted_card, "card terminal total", allow_zero=True)
    note = note.strip()
    with transaction.atomic():
        session = _locked(session.pk, cashier=by)
        if not session.is_open:
            raise TillError(f"This till session was already closed ({session.z_label}).")
        totals = selectors.session_totals(session)
        refused = not note and (
            _beyond(counted_cash - totals.expected_cash) or _beyond(counted_card - totals.expected_card)
        )
        if refused:
            TillSession.objects.filter(pk=session.pk).update(recounts=F("recounts") + 1)
        else:
            now = timezone.now()
            day = timezone.localdate(now)
            counter = _day_locked(day)
            counter.last_number += 1
            counter.save(update_fields=["last_number"])
            session.closed_at = now
            session.expected_cash, session.expected_card = totals.expected_cash, totals.expected_card
            session.counted_cash, session.counted_card = counted_cash, counted_card
            session.close_note = note[:500]
            session.z_day, session.z_number = day, counter.last_number
            session.save()
    if refused:  # after the commit, so the refused count stays on record
        raise TillError(
            "The count does not match what the till expects. Count again, or explain the difference in a note."
        )
    return session


def session_review(*, session: TillSession, by) -> TillSession:
    """A moderator signs off a closed session."""
    with transaction.atomic():
        session = _locked(session.pk)
        if session.is_open:
            raise TillError("Only a closed session can be marked reviewed.")
        if session.reviewed_at:
            raise TillError(f"This session was already reviewed by {session.reviewed_by}.")
        _not_own(session, by, "reviews")
        session.reviewed_at, session.reviewed_by = timezone.now(), by
        session.save(update_fields=["reviewed_at", "reviewed_by"])
    return session


def _not_own(session: TillSession, by, act: str) -> None:
    """Four eyes: nobody signs off or corrects the count of their own drawer."""
    if session.cashier_id == by.pk:
        raise TillError(f"This is your own till: another manager {act} it.")


def adjustment_add(*, session: TillSession, method: str, amount, reason: str, by) -> TillEntry:
    """A moderator's correction of a closed session (positive: money found, negative: more
    missing); the close itself is never rewritten."""
    if method not in TillEntry.Method.values:
        raise TillError("Choose cash or card.")
    try:
        signed = Decimal(amount)
    except (ArithmeticError, TypeError, ValueError):
        raise TillError("The adjustment is not an amount: write it like 5.00 or -5.00.") from None
    if not signed.is_finite() or signed == 0:
        raise TillError("An adjustment must be an amount other than zero, like 5.00 or -5.00.")
    _amount(abs(signed), "adjustment")
    reason = reason.strip()
    if not reason:
        raise TillError("Say why the session is adjusted.")
    with transaction.atomic():
        session = _locked(session.pk)
        if session.is_open:
            raise TillError("An open session is not adjusted: its cashier closes it first.")
        _not_own(session, by, "corrects")
        return TillEntry.objects.create(
            session=session,
            kind=TillEntry.Kind.ADJUSTMENT,
            method=method,
            amount=signed,
            reason=reason[:300],
            by=by,
            at=timezone.now(),
        )


def day_close(*, day: date, by) -> DayClose:
    """Mark a theater day closed: refused while any session opened on or before it is open."""
    if day > timezone.localdate():
        raise TillError("A day that has not begun cannot be closed.")
    with transaction.atomic():
        # The day's row first, as a till opening does; the sessions are then read as committed.
        # A session being closed right now still counts as open (its close waits for this row):
        # the day is refused and can be closed again a moment later, never closed around a till.
        _day_locked(day)
        still_open = list(selectors.open_sessions_until(day))
        if still_open:
            names = ", ".join(f"{s.counter} ({s.cashier})" for s in still_open)
            raise TillError(f"{day:%d %b %Y} cannot be closed while a till session is open: {names}.")
        if DayClose.objects.filter(day=day).exists():
            raise TillError(f"{day:%d %b %Y} is already closed.")
        return DayClose.objects.create(day=day, closed_by=by)
