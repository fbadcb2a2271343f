"""Actions on bookings: hold, confirm, sell at the counter, pay, change, cancel, check in.

Callers use `from bookings import services; services.booking_hold(...)`; the modules are:

- `seats.py`: the one "take these seats" step every seat-taking action runs inside
  `seats_transaction()` — lock the show row (two sales of one show run one after the other,
  and a show not on sale is refused), read the chosen seats, clear expired holds on them, refuse
  any that are held or sold. The partial unique index on tickets is the database's last word; a
  clash with it reads as "taken" too.
- `steps.py`: the writes the actions share (a new booking with its tickets, the quote stored on
  it, confirmation with a gap-free invoice number, payments, refunds, the audit trail).
- `holds.py` (online hold and confirm), `sales.py` (counter, house seats, payment, refund),
  `changes.py` (change, cancel and the one cancellation rule, `cancel_refusal`), `door.py`.

Prices come only from `bookings.pricing.quote`. Hot rows are saved with `update_fields` (a
booking, the invoice counter); the show row is only locked here, never written.

Announcements (`bookings.signals`) are sent as the action's last step, once the booking is
complete (paid, re-priced, cancelled), and still inside its transaction: the customer's mail is
an outbox row written with the booking, so a booking that rolls back leaves no mail and a crash
right after the commit loses none. Sending on commit instead would open exactly that gap. What
made the locks costly was the staff alert: one notice per Admin and Moderator, two queries each
while the show row was locked. It is now written for all managers in a fixed number of queries
(`notifications.services.notify_many`), so the time under the lock no longer grows with the
staff. The loyalty tier is recounted once a sale has committed (`steps.tier_refresh_after_commit`,
before the response goes out, so the customer's next price has it), and a confirmation takes the
year's invoice number as late as it can: that counter row is one for all sales, and every
confirmation waits for whoever holds it until their commit. The online checkout announces the
confirmation (sales figures, the customer's notice and mail, none of which needs the number)
before it takes the number with one `UPDATE … RETURNING`; under that lock it writes only the
booking's row and its trail.
"""

from bookings.services.changes import booking_cancel, booking_change, bookings_cancel_for_show, cancel_refusal
from bookings.services.door import CheckIn, ticket_check_in
from bookings.services.holds import booking_confirm, booking_hold, holds_release_expired
from bookings.services.sales import booking_sell, house_seats_reserve, payment_record, refund_record

__all__ = [
    "CheckIn",
    "booking_cancel",
    "booking_change",
    "booking_confirm",
    "booking_hold",
    "booking_sell",
    "bookings_cancel_for_show",
    "cancel_refusal",
    "holds_release_expired",
    "house_seats_reserve",
    "payment_record",
    "refund_record",
    "ticket_check_in",
]
