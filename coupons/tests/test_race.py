"""A coupon limited to 5 uses, raced by 20 checkouts: used exactly 5 times."""

import threading

import pytest
from django.db import connection

from bookings import services
from bookings.payments import PayAtBoxOffice
from bookings.tests.factories import held
from coupons.models import Redemption
from coupons.services import CouponError
from coupons.tests.factories import CouponFactory
from movies.tests.factories import auditorium
from movies.tests.factories import show as make_show
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 20


def test_usage_limit_holds_under_concurrent_checkouts():
    coupon = CouponFactory(code="FIVE", usage_limit=5, per_customer_limit=1)
    show = make_show(auditorium_=auditorium(layout="S" * 30))
    holds = [held(show, f"A{i + 1}", customer=UserFactory()) for i in range(RACERS)]
    barrier = threading.Barrier(RACERS)
    outcomes = []

    def checkout(booking):
        try:
            barrier.wait()
            services.booking_confirm(
                booking=booking, provider=PayAtBoxOffice(), by=booking.customer, coupon_code="five"
            )
            outcomes.append("used")
        except CouponError as error:
            outcomes.append(str(error))
        except Exception as error:
            outcomes.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=checkout, args=(booking,)) for booking in holds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("used") == 5
    assert outcomes.count("The coupon FIVE has been used up.") == RACERS - 5
    assert Redemption.objects.filter(coupon=coupon, released_at__isnull=True).count() == 5
