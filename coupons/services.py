"""Coupons: the checks a code must pass, redeeming it under a row lock, and upkeep."""

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from coupons.models import Coupon, Redemption, normalise_code
from xcounter.days import format_when
from xcounter.words import counted


class CouponError(Exception):
    """A code was refused; the message gives the exact reason."""


def uses_so_far(coupon: Coupon) -> int:
    return coupon.redemptions.filter(released_at__isnull=True).count()


def _refusal(coupon: Coupon | None, code: str, *, customer, ticket_count: int, now: datetime) -> str | None:
    if coupon is None:
        return f"No coupon has the code “{code}”."
    if not coupon.is_active:
        return f"The coupon {coupon.code} is no longer active."
    if now < coupon.valid_from:
        return f"The coupon {coupon.code} is valid from {format_when(coupon.valid_from)}."
    if now >= coupon.valid_until:
        return f"The coupon {coupon.code} expired on {format_when(coupon.valid_until, 'day')}."
    if coupon.usage_limit is not None and uses_so_far(coupon) >= coupon.usage_limit:
        return f"The coupon {coupon.code} has been used up."
    if customer is not None and customer.pk:
        used = coupon.redemptions.filter(customer=customer, released_at__isnull=True).count()
        if used >= coupon.per_customer_limit:
            return f"You have already used the coupon {coupon.code}."
    if ticket_count < coupon.min_tickets:
        return f"The coupon {coupon.code} needs at least {counted(coupon.min_tickets, 'ticket')}."
    return None


# Guessing: every code that is looked up and refused counts, wherever it is typed (the live quote,
# checkout, the counter), against each account involved and the client IP, for GUESS_WINDOW
# seconds. Over a limit no code is looked up at all, so a guesser cannot tell a code that does not
# exist from one that exists but cannot be used (expired, inactive, used up ...).
GUESS_WINDOW = 600
GUESSES_ALLOWED = 20  # refused codes per account (the customer, or the salesman typing them)
GUESSES_ALLOWED_PER_IP = 50  # per client IP, which several customers may share
TOO_MANY_GUESSES = "Too many coupon codes tried. Please wait a few minutes and try again."


def _guess_budgets(*, customer, by, ip: str) -> list[tuple[str, int]]:
    accounts = sorted({user.pk for user in (customer, by) if user is not None and user.pk})
    budgets = [(f"coupon-guesses:user:{pk}", GUESSES_ALLOWED) for pk in accounts]
    if ip:
        budgets.append((f"coupon-guesses:ip:{ip}", GUESSES_ALLOWED_PER_IP))
    return budgets


def _take_guess(key: str) -> int:
    cache.add(key, 0, timeout=GUESS_WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=GUESS_WINDOW)
        return 1


def _give_back(keys) -> None:
    for key in keys:
        with suppress(ValueError):  # the window ended meanwhile: nothing to give back
            cache.decr(key)


def _checked(code: str, find, *, customer, by, ip: str, ticket_count: int, now: datetime) -> Coupon:
    """The one rule for a typed code: a guess is counted before the code is looked up (an atomic
    increment, so racing requests cannot all pass a limit checked first), and given back unless
    the code is refused."""
    code = normalise_code(code or "")
    if not code:
        raise CouponError("Type a coupon code.")
    budgets = _guess_budgets(customer=customer, by=by, ip=ip)
    keys = [key for key, _ in budgets]
    over = [key for key, limit in budgets if _take_guess(key) > limit]  # every budget is charged
    if over:
        _give_back(keys)  # not looked up, so not a guess: a blocked account does not drain its IP's budget
        raise CouponError(TOO_MANY_GUESSES)
    try:
        coupon = find(code)
        refusal = _refusal(coupon, code, customer=customer, ticket_count=ticket_count, now=now)
    except Exception:
        _give_back(keys)
        raise
    if refusal:
        raise CouponError(refusal)  # counted
    _give_back(keys)
    return coupon


def coupon_check(
    *, code: str, customer, ticket_count: int, now: datetime | None = None, by=None, ip: str = ""
) -> Coupon:
    """The live check at checkout and at the counter: the coupon, or CouponError with the reason."""
    return _checked(
        code,
        lambda code: Coupon.objects.filter(code=code).first(),
        customer=customer,
        by=by,
        ip=ip,
        ticket_count=ticket_count,
        now=now or timezone.now(),
    )


def coupon_lock_and_check(*, code: str, customer, ticket_count: int, by=None, ip: str = "") -> Coupon:
    """The same check inside the booking transaction, with the coupon row locked so limits hold."""
    return _checked(
        code,
        lambda code: Coupon.objects.select_for_update().filter(code=code).first(),
        customer=customer,
        by=by,
        ip=ip,
        ticket_count=ticket_count,
        now=timezone.now(),
    )


def redemption_record(*, coupon: Coupon, booking, customer, amount) -> Redemption:
    return Redemption.objects.create(coupon=coupon, booking=booking, customer=customer, amount=amount)


def live_redemption(*, booking) -> Redemption | None:
    return Redemption.objects.select_related("coupon").filter(booking=booking, released_at__isnull=True).first()


def redemption_release(*, booking) -> None:
    """A cancelled booking gives its coupon use back."""
    Redemption.objects.filter(booking=booking, released_at__isnull=True).update(released_at=timezone.now())


# --- Managing coupons --------------------------------------------------------------------------

FIXED_ONCE_USED = ("code", "percent_off")


def coupon_save(*, coupon: Coupon, by=None) -> Coupon:
    """Create or edit a coupon; once used, its code and discount stay as customers got them."""
    coupon.code = normalise_code(coupon.code)
    if coupon.pk:
        used = uses_so_far(coupon)
        stored = Coupon.objects.values(*FIXED_ONCE_USED).get(pk=coupon.pk)
        if used and any(getattr(coupon, field) != stored[field] for field in FIXED_ONCE_USED):
            raise CouponError(
                f"{coupon.code} has been used {counted(used, 'time')}: its code and discount are fixed. "
                "Deactivate it and create a new coupon instead."
            )
        if coupon.usage_limit is not None and coupon.usage_limit < used:
            raise CouponError(
                f"{coupon.code} has already been used {counted(used, 'time')}; the limit cannot be lower."
            )
    elif by is not None:
        coupon.created_by = by
    coupon.full_clean()
    coupon.save()
    return coupon


def coupon_deactivate(*, coupon: Coupon) -> Coupon:
    coupon.is_active = False
    coupon.save(update_fields=["is_active"])
    return coupon


def coupon_delete(*, coupon: Coupon) -> None:
    """Delete a coupon nobody used; a used one is deactivated so bookings keep their history."""
    if coupon.redemptions.exists():
        raise CouponError(f"{coupon.code} has been used, so it stays in the records: it is deactivated instead.")
    try:
        with transaction.atomic():
            coupon.delete()
    except ProtectedError as error:
        raise CouponError(f"{coupon.code} has been used, so it stays in the records.") from error


@dataclass
class CleanupReport:
    deactivated: list[str]
    deleted: list[str]


def coupons_cleanup_expired(*, dry_run: bool = False) -> CleanupReport:
    """Expired coupons: delete those never used, deactivate the rest."""
    expired = Coupon.objects.filter(valid_until__lte=timezone.now())
    never_used = expired.filter(redemptions__isnull=True)
    report = CleanupReport(
        deactivated=list(
            expired.filter(is_active=True, redemptions__isnull=False).distinct().values_list("code", flat=True)
        ),
        deleted=list(never_used.values_list("code", flat=True)),
    )
    if not dry_run:
        with transaction.atomic():
            Coupon.objects.filter(code__in=report.deactivated).update(is_active=False)
            Coupon.objects.filter(code__in=report.deleted).delete()
    return report
