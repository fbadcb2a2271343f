"""Seats left on lists of shows (the movie page, the schedule). Movies sit below bookings and do
not import them: their templates ask here (`{% load seats_left %}{% seats_left shows as left %}`,
then `left|of_show:show`, and `show|seat_map_url` for the link). Counted at every request in one
query, never cached with the catalog."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from bookings import selectors

register = template.Library()


@register.simple_tag
def seats_left(shows) -> dict:
    return selectors.seats_left(show.pk for show in shows)


@register.filter
def of_show(seats_left: dict, show):
    """The show's `SeatsLeft`, or None (a show the tag was not given)."""
    return seats_left.get(show.pk)


_PLACEHOLDER = 918273645


@lru_cache(maxsize=16)
def _seat_map_url_around(script_prefix: str, urlconf: str) -> tuple[str, str]:
    """What comes before and after the show's id in its seat map's address."""
    before, _, after = reverse("bookings:seat_map", args=[_PLACEHOLDER], urlconf=urlconf).rpartition(str(_PLACEHOLDER))
    return before, after


@register.filter
def seat_map_url(show) -> str:
    """`{% url 'bookings:seat_map' show.pk %}` for many shows at the cost of one reversal."""
    before, after = _seat_map_url_around(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return f"{before}{int(show.pk)}{after}"
