"""Announcements from the booking engine, sent inside the booking's transaction so listeners
(notifications) write their rows in it too."""

from django.dispatch import Signal

booking_confirmed = Signal()  # booking
booking_changed = Signal()  # booking
booking_cancelled = Signal()  # booking
