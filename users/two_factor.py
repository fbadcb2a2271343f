"""Staff two-factor: a 6-digit code emailed at every Admin/Moderator sign-in.

django-otp's EmailDevice holds the code (valid OTP_EMAIL_TOKEN_VALIDITY seconds, resend
cooldown OTP_EMAIL_COOLDOWN_DURATION) and throttles wrong guesses; we void a code after
STAFF_OTP_MAX_FAILURES wrong ones. The allauth login stage below keeps the user signed out
until the code is entered.
"""

import contextlib
import math

from allauth.account.stages import LoginStage
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_email.models import EmailDevice

from users.models import User


class TwoFactorError(Exception):
    """A code was refused; the message is for the person at the keyboard."""


def _device_for(user: User, *, lock: bool = False) -> EmailDevice:
    devices = EmailDevice.objects.filter(user=user, name="sign-in")
    if lock:
        devices = devices.select_for_update()
    device = devices.first()
    if device is None:
        device = EmailDevice.objects.create(user=user, name="sign-in", confirmed=True)
    return device


LOCKED = "Too many wrong codes for this account in the last hour. Try again later, or ask an administrator."


def _failures_key(user: User) -> str:
    return f"staff-code-failures:{user.pk}"


def _locked_out(user: User) -> bool:
    """Wrong codes are also counted per account for an hour, across sign-ins and resends."""
    return cache.get(_failures_key(user), 0) >= settings.STAFF_OTP_MAX_FAILURES_PER_HOUR


def _count_failure(user: User) -> None:
    key = _failures_key(user)
    cache.add(key, 0, timeout=3600)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)


def _seconds_until(moment) -> int:
    return max(1, math.ceil((moment - timezone.now()).total_seconds()))


def staff_code_send(*, user: User, resend: bool = False) -> None:
    """Email a fresh code. A new sign-in always gets one; a resend waits out the cooldown."""
    if _locked_out(user):
        raise TwoFactorError(LOCKED)
    with transaction.atomic():
        device = _device_for(user, lock=True)
        if resend:
            allowed, data = device.generate_is_allowed()
            if not allowed and "next_generation_at" in data:
                wait = _seconds_until(data["next_generation_at"])
                raise TwoFactorError(f"A code was sent less than a minute ago. You can ask for another in {wait} s.")
        else:
            device.cooldown_reset(commit=False)
        # Each code gets its own allowance of wrong guesses.
        device.throttle_reset(commit=False)
        try:
            device.generate_challenge({"user": user, "minutes": settings.OTP_EMAIL_TOKEN_VALIDITY // 60})
        except Exception as error:  # the mail server is down: say so, let them ask again
            raise TwoFactorError(
                "We could not email your code just now. Try “Send me a new code” in a minute."
            ) from error


def staff_code_verify(*, user: User, code: str) -> EmailDevice:
    """Check a typed code; return the device on success, raise TwoFactorError otherwise."""
    if _locked_out(user):
        raise TwoFactorError(LOCKED)
    # Decide under the row lock, raise after commit: a wrong guess must be counted, not rolled back.
    with transaction.atomic():
        device = _device_for(user, lock=True)
        refusal = _refusal(device, code)
    if refusal:
        if refusal.startswith(("That code is not right", f"{settings.STAFF_OTP_MAX_FAILURES} wrong")):
            _count_failure(user)
        raise TwoFactorError(refusal)
    return device


def _refusal(device: EmailDevice, code: str) -> str | None:
    """Try the code on the locked device; None when it is right, else why it is refused."""
    if device.token is None:
        return "This code is no longer valid. Send yourself a new code."
    if device.valid_until <= timezone.now():
        _void(device)
        return "This code has expired (codes are valid for 10 minutes). Send yourself a new code."
    allowed, data = device.verify_is_allowed()
    if not allowed and data.get("locked_until"):
        return f"Too many wrong codes in a row. Wait {_seconds_until(data['locked_until'])} s, then try again."
    if device.verify_token(code):
        return None
    failures = device.throttling_failure_count
    if failures >= settings.STAFF_OTP_MAX_FAILURES:
        _void(device)
        return f"{failures} wrong codes: this code is now void. Send yourself a new code."
    left = settings.STAFF_OTP_MAX_FAILURES - failures
    return f"That code is not right. {left} attempt{'s' if left != 1 else ''} left."


def _void(device: EmailDevice) -> None:
    device.token = None
    device.save(update_fields=["token"])


class StaffCodeStage(LoginStage):
    """Hold an Admin's or Moderator's sign-in until the emailed code is entered."""

    key = "staff_code"
    urlname = "staff_code"

    def handle(self):
        user = self.login.user
        if not user.needs_two_factor:
            return None, True
        if not self.state.get("sent"):
            # Locked out: nothing is sent, and the code page says so when a code is entered.
            with contextlib.suppress(TwoFactorError):
                staff_code_send(user=user)
            self.state["sent"] = True
        return HttpResponseRedirect(reverse(self.urlname)), True
