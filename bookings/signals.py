"""Announcements from the booking engine, sent inside the action's transaction, so listeners
(notifications, the sales figures) write their rows in it too: a booking that rolls back leaves
no mail and no figure, and none is lost after the commit.

The booking signals are the action's last step (the booking complete: paid, re-priced, cancelled),
but for the online checkout's invoice number: taken after `booking_confirmed`, whose listeners
need all but that number, so the year's one counter row is held for as short a time as can be.
`payment_recorded` goes out as each payment row is written, since one action may take money and
hand some back (a change to cheaper seats refunds the difference).
"""

from django.dispatch import Signal

booking_confirmed = Signal()  # booking, and `tickets` (its tickets as written) from the online checkout
booking_changed = Signal()  # booking
booking_cancelled = Signal()  # booking
refund_paid = Signal()  # booking: the refund that was due on it has been paid out
payment_recorded = Signal()  # payment: money taken (positive) or handed back (negative)
ticket_checked_in = Signal()  # ticket: admitted at the door
