"""A fortnight of known sales, made through the real booking services at the moments they happen
(the clock set with freezegun), to check every figure by hand. Times are the theater's (Berlin).

Cinema weeks start on Thursday: "last week" is Thu 5 – Wed 11 November 2026, "this week"
Thu 12 – Wed 18 November. Hall 1 and Hall 2 have 24 seats each (rows A and B standard, row C six
VIP and two wheelchair places).

Last week
  E0  Fri 6 Nov 10:00   Sam sells R (Paper Lanterns, Sat 7 Nov 20:00) A1 A2 at the counter,
                        cash: 2 × 12.50 = 25.00.
  E1  Wed 11 Nov 23:59:30  Cora (Member tier 5%) holds P A1 A2 C1 and confirms with coupon
                        AUTUMN10 (10%), to pay at the box office: 43.00 − 2.15 − 4.09 = 36.76,
                        shared 10.69 + 10.68 + 15.39.
This week
  E2  Thu 12 Nov 00:00:00  Sam sells P B1 B2 B3 at the counter to a walk-in, cash 37.50.
  E3  Thu 10:00         Ada keeps P C2 C3 as complimentary house seats (2 comps).
  E4  Thu 10:05         Ada keeps Q C1 as priced house seats: 15.00, unpaid.
  E5  Fri 13 Nov 11:00  Sam changes E2 to cheaper seats of another movie, Q A1 A2 (20.00):
                        17.50 handed back in cash.
  E6  Fri 12:00         Cora changes E1 to dearer seats P C4 C5 C6: 54.00 − 2.70 − 5.13 = 46.17
                        (15.39 each), still unpaid.
  E7  Fri 15:00         Sue sells Q B1–B4 at the counter, card 40.00.
  E2b Sat 14 Nov 18:00  Sam sells P A5 at the counter, cash 12.50.
  E8  Sat 09:00         Sue cancels E7 and refunds the card 40.00 at once.
  E9  Sat 10:00         Sam takes Cora's 46.17 in cash.
  E10 Sat 11:00         Cora cancels online: 46.17 refund due.
  E11 Mon 16 Nov 10:00  Sam pays the refund due out in cash.
  Door: P (Sat 20:00) admits C2 and A5, C3 never comes; Q (Sun 15 Nov 18:00) admits A1, C1 and
  A2 never come.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from freezegun import freeze_time

from bookings import services
from bookings.models import Booking, Ticket
from bookings.payments import PayAtBoxOffice
from bookings.tests.factories import seats_of
from coupons.tests.factories import CouponFactory
from movies.tests.factories import GenreFactory, MovieFactory, auditorium
from movies.tests.factories import show as make_show
from promotions.models import CustomerTier, Tier
from users.models import Role
from users.tests.factories import UserFactory

D = Decimal


def at(*args) -> datetime:
    """A theater-local moment: at(2026, 11, 12, 0, 0)."""
    return timezone.make_aware(datetime(*args))


@dataclass
class Story:
    cora: object
    sam: object
    sue: object
    ada: object
    lanterns: object
    night_train: object
    hall1: object
    hall2: object
    p: object
    q: object
    r: object


def _check_in(show, booking, label, by):
    ticket = booking.tickets.get(status=Ticket.Status.CONFIRMED, seat__in=seats_of(show, label))
    result = services.ticket_check_in(code=ticket.code, show=show, by=by)
    assert result.outcome == "valid", result.message


def tell() -> Story:
    with freeze_time(at(2026, 11, 1, 12, 0)):
        cora = UserFactory(full_name="Cora Customer")
        sam = UserFactory(role=Role.SALESMAN, full_name="Sam Seller")
        sue = UserFactory(role=Role.SALESMAN, full_name="Sue Seller")
        ada = UserFactory(role=Role.ADMIN, full_name="Ada Admin")
        member = Tier.objects.create(name="Member", min_tickets=1, percent_off=D("5"))
        CustomerTier.objects.create(customer=cora, tier=member, computed_at=timezone.now())
        CouponFactory(code="AUTUMN10", percent_off=10)
        drama, romance, thriller = (GenreFactory(name=name) for name in ("Drama", "Romance", "Thriller"))
        lanterns = MovieFactory(title="Paper Lanterns", genres=[drama, romance])
        night_train = MovieFactory(title="Night Train", genres=[thriller])
        hall1, hall2 = auditorium("Hall 1"), auditorium("Hall 2")
        p = make_show(movie=lanterns, auditorium_=hall1, starts_at=at(2026, 11, 14, 20, 0))
        q = make_show(
            movie=night_train,
            auditorium_=hall2,
            starts_at=at(2026, 11, 15, 18, 0),
            standard=D("10.00"),
            vip=D("15.00"),
            accessible=D("8.00"),
        )
        r = make_show(movie=lanterns, auditorium_=hall1, starts_at=at(2026, 11, 7, 20, 0))

    def sell(show, labels, by, method):
        return services.booking_sell(show=show, seat_ids=seats_of(show, *labels), customer=None, by=by, method=method)

    with freeze_time(at(2026, 11, 6, 10, 0)):
        sell(r, ["A1", "A2"], sam, "cash")  # E0
    with freeze_time(at(2026, 11, 11, 23, 59, 30)):  # E1
        held = services.booking_hold(show=p, seat_ids=seats_of(p, "A1", "A2", "C1"), customer=cora, by=cora)
        e1 = services.booking_confirm(booking=held, provider=PayAtBoxOffice(), by=cora, coupon_code="AUTUMN10")
    with freeze_time(at(2026, 11, 12, 0, 0, 0)):
        e2 = sell(p, ["B1", "B2", "B3"], sam, "cash")
    with freeze_time(at(2026, 11, 12, 10, 0)):
        services.house_seats_reserve(
            show=p, seat_ids=seats_of(p, "C2", "C3"), guest_name="The Mayor", complimentary=True, by=ada
        )
    with freeze_time(at(2026, 11, 12, 10, 5)):
        e4 = services.house_seats_reserve(
            show=q, seat_ids=seats_of(q, "C1"), guest_name="A Critic", complimentary=False, by=ada
        )
    with freeze_time(at(2026, 11, 13, 11, 0)):
        services.booking_change(booking=e2, show=q, seat_ids=seats_of(q, "A1", "A2"), by=sam)
    with freeze_time(at(2026, 11, 13, 12, 0)):
        e1 = services.booking_change(booking=e1, show=p, seat_ids=seats_of(p, "C4", "C5", "C6"), by=cora)
    with freeze_time(at(2026, 11, 13, 15, 0)):
        e7 = sell(q, ["B1", "B2", "B3", "B4"], sue, "card")
    with freeze_time(at(2026, 11, 14, 9, 0)):
        services.booking_cancel(booking=e7, by=sue, reason="Wrong day", refund_now=True)
    with freeze_time(at(2026, 11, 14, 10, 0)):
        services.payment_record(booking=e1, method="cash", by=sam)
    with freeze_time(at(2026, 11, 14, 11, 0)):
        services.booking_cancel(booking=e1, by=cora, reason="Ill")
    with freeze_time(at(2026, 11, 14, 18, 0)):
        e2b = sell(p, ["A5"], sam, "cash")
    with freeze_time(at(2026, 11, 14, 19, 30)):
        _check_in(p, Booking.objects.get(guest_name="The Mayor"), "C2", sam)
        _check_in(p, e2b, "A5", sam)
    with freeze_time(at(2026, 11, 15, 17, 30)):
        _check_in(q, e2, "A1", sue)
    with freeze_time(at(2026, 11, 16, 10, 0)):
        services.refund_record(booking=e1, by=sam)
    assert e4.total == D("15.00")
    return Story(cora, sam, sue, ada, lanterns, night_train, hall1, hall2, p, q, r)
