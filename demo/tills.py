"""Demo tills for `seed_demo`: every salesman's counter payments and refunds of the invented past
land in a till session of theirs (the rule holds for the demo too), closed at the end with a blind
count — one exact, one short, one over — and one of them reviewed by the moderator."""

from decimal import Decimal

from boxoffice import selectors, services
from boxoffice.models import TillSession
from users.models import User

# (counted − expected cash, the cashier's note): the variances the review list shows.
COUNTS = [
    (Decimal("0.00"), ""),
    (Decimal("-5.00"), "A five-euro note short; counted twice."),
    (Decimal("2.50"), "Over: a customer left change behind."),
]


def tills_open(salesmen: list[User]) -> list[TillSession]:
    """A session per salesman, opened now (the clock is set back by the caller)."""
    return [
        services.session_open(cashier=person, counter=f"Counter {n}", opening_float=Decimal("150.00"))
        for n, person in enumerate(salesmen, start=1)
    ]


def tills_close(sessions: list[TillSession], reviewer: User) -> None:
    """Close each session with a count off by its COUNTS entry; the moderator reviews the first."""
    for session, (off, note) in zip(sessions, COUNTS * len(sessions), strict=False):
        totals = selectors.session_totals(session)
        services.session_close(
            session=session,
            by=session.cashier,
            counted_cash=totals.expected_cash + off,
            counted_card=totals.expected_card,
            note=note,
        )
    if sessions:
        services.session_review(session=sessions[0], by=reviewer)
