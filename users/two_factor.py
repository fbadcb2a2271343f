"""Staff two-factor: a 6-digit code emailed at every Admin/Moderator sign-in.

django-otp's EmailDevice holds the code (valid OTP_EMAIL_TOKEN_VALIDITY seconds, resend
cooldown OTP_EMAIL_COOLDOWN_DURATION) and throttles wrong guesses; we void a code after
STAFF_OTP_MAX_FAILURES wrong ones. Past STAFF_OTP_MAX_FAILURES_PER_HOUR wrong codes on one account,
every further wrong code voids the code at once and only a fresh sign-in (the password again) gets
a new one — so a guesser who knows the password cannot lock the real owner out — and the Admins
are told. The allauth login stage below keeps the user signed out until the code is entered.
"""

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
from users.signals import staff_codes_guessed


class TwoFactorError(Exception):
    """A code was refused; the message is for the person at the keyboard."""


class CodeNotSent(TwoFactorError):
    """The mail server did not take the code."""


def _device_for(user: User, *, lock: bool = False) -> EmailDevice:
    devices = EmailDevice.objects.filter(user=user, name="sign-in")
    if lock:
        devices = devices.select_for_update()
    device = devices.first()
    if device is None:
        device = EmailDevice.objects.create(user=user, name="sign-in", confirmed=True)
    return device


LOCKED = (
    "Too many wrong codes for this account in the last hour: this code no longer works. "
    "Sign in again with your password to get a new one."
)


def _failures_key(user: User) -> str:
    return f"staff-code-failures:{user.pk}"


def _locked_out(user: User) -> bool:
    """Wrong codes are also counted per account for an hour, across sign-ins and resends."""
    return cache.get(_failures_key(user), 0) >= settings.STAFF_OTP_MAX_FAILURES_PER_HOUR


def _count_failure(user: User) -> int:
    """Count a wrong code for the hour; the new count."""
    key = _failures_key(user)
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        return 1


def _seconds_until(moment) -> int:
    return max(1, math.ceil((moment - timezone.now()).total_seconds()))


def staff_code_send(*, user: User, resend: bool = False) -> None:
    """Email a fresh code. A new sign-in always gets one (the password was just given again); a
    resend waits out the cooldown, and is refused while the account is over its hourly limit."""
    if resend and _locked_out(user):
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
        except Exception as error:  # the mail server is down or hung (EMAIL_TIMEOUT): say so
            raise CodeNotSent("We could not email your code just now. Try “Send me a new code” in a minute.") from error


def staff_code_verify(*, user: User, code: str) -> EmailDevice:
    """Check a typed code; return the device on success, raise TwoFactorError otherwise."""
    # Decide under the row lock, raise after commit: a wrong guess must be counted, not rolled back.
    with transaction.atomic():
        device = _device_for(user, lock=True)
        refusal, wrong = _refusal(device, code)
        if wrong:
            failures = _count_failure(user)
            if failures >= settings.STAFF_OTP_MAX_FAILURES_PER_HOUR:
                _void(device)
                refusal = LOCKED
                if failures % settings.STAFF_OTP_MAX_FAILURES_PER_HOUR == 0:
                    # Someone who knows the password is guessing codes: the Admins and the person hear of it.
                    staff_codes_guessed.send(sender=User, user=user, failures=failures)
    if refusal:
        raise TwoFactorError(refusal)
    return device


def _refusal(device: EmailDevice, code: str) -> tuple[str | None, bool]:
    """Try the code on the locked device: (why it is refused or None, whether it was a wrong code)."""
    if device.token is None:
        return "This code is no longer valid. Send yourself a new code.", False
    if device.valid_until <= timezone.now():
        _void(device)
        return "This code has expired (codes are valid for 10 minutes). Send yourself a new code.", False
    allowed, data = device.verify_is_allowed()
    if not allowed and data.get("locked_until"):
        wait = _seconds_until(data["locked_until"])
        return f"Too many wrong codes in a row. Wait {wait} s, then try again.", False
    if device.verify_token(code):
        return None, False
    failures = device.throttling_failure_count
    if failures >= settings.STAFF_OTP_MAX_FAILURES:
        _void(device)
        return f"{failures} wrong codes: this code is now void. Send yourself a new code.", True
    left = settings.STAFF_OTP_MAX_FAILURES - failures
    return f"That code is not right. {left} attempt{'s' if left != 1 else ''} left.", True


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
            try:
                staff_code_send(user=user)
            except TwoFactorError as error:  # the code page explains it and offers a new code
                self.state["unsent"] = str(error)
            self.state["sent"] = True
        return HttpResponseRedirect(reverse(self.urlname)), True
