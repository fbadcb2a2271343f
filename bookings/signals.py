"""Announcements from the booking engine, sent as an action's last step (the booking complete:
paid, re-priced, cancelled) inside its transaction, so listeners (notifications) write their rows
in it too: a booking that rolls back leaves no mail, and none is lost after the commit."""

from django.dispatch import Signal

booking_confirmed = Signal()  # booking
booking_changed = Signal()  # booking
booking_cancelled = Signal()  # booking
