"""Seats left on lists of shows (the movie page, the schedule). Movies sit below bookings and do
not import them: their templates ask here (`{% load seats_left %}{% seats_left shows as left %}`,
then `left|of_show:show`). Counted at every request in one query, never cached with the catalog."""

from django import template

from bookings import selectors

register = template.Library()


@register.simple_tag
def seats_left(shows) -> dict:
    return selectors.seats_left(show.pk for show in shows)


@register.filter
def of_show(seats_left: dict, show):
    """The show's `SeatsLeft`, or None (a show the tag was not given)."""
    return seats_left.get(show.pk)
