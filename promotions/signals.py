"""Announcements from the loyalty programme, sent inside the transaction; notifications listen."""

from django.dispatch import Signal

tier_changed = Signal()  # customer, old_tier, new_tier, tickets_counted
