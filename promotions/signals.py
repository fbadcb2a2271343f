"""Announcements from the loyalty programme; the notification issue listens. Sent after commit."""

from django.dispatch import Signal

tier_changed = Signal()  # customer, old_tier, new_tier, tickets_counted
