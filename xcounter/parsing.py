"""Reading untrusted request values; one place for the rules."""

import re
from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.http import url_has_allowed_host_and_scheme

# Plain ASCII digits only ("³" and "٣" pass str.isdigit) and small enough for a bigint.
_ID = re.compile(r"[0-9]{1,18}")

# Control characters (NUL, escape, C1) have no business in a URL or a typed value, and PostgreSQL
# refuses NUL in text outright. Values may keep tab, CR and LF: multi-line text has them.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2099, 12, 31)


def as_id(value) -> int | None:
    """A database id from a query string or form value, or None."""
    text = str(value or "")
    return int(text) if _ID.fullmatch(text) else None


def has_control_characters(text: str, *, in_text: bool = False) -> bool:
    """True for NUL and other control characters; `in_text` allows tab, CR and LF."""
    return bool((_CONTROL_IN_TEXT if in_text else _CONTROL).search(text))


def next_url(request, default: str) -> str:
    """Where to go after a form: its `next` if that is a path on this site, else `default` (a URL
    or a URL name, as `redirect` takes). Never off-site, never a `javascript:` link; a bare word
    is refused too, since `redirect` would read it as a URL name."""
    target = (request.POST.get("next") or request.GET.get("next") or "").strip()
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


DAY_RANGE = [MinValueValidator(EARLIEST_DAY), MaxValueValidator(LATEST_DAY)]


def in_day_range(moment) -> None:
    """For date-times typed by staff: within the same sane years as dates."""
    if moment is not None and not EARLIEST_DAY <= moment.date() <= LATEST_DAY:
        raise forms.ValidationError(f"Choose a date between {EARLIEST_DAY:%Y} and {LATEST_DAY:%Y}.")


def day_field(**kwargs) -> forms.DateField:
    """A date filter that cannot overflow date arithmetic (the day before, the day after)."""
    return forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=DAY_RANGE,
        **kwargs,
    )


def client_ip(request) -> str:
    """The client's address as the sign-in limits see it (allauth's, which honours the proxy settings)."""
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import PermissionDenied

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no usable address: such requests share one budget
        return "unknown"
