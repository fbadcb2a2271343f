from datetime import timedelta

import factory
from django.utils import timezone

from coupons.models import Coupon


class CouponFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coupon

    code = factory.Sequence(lambda n: f"SAVE{n}")
    description = "Test coupon"
    percent_off = 10
    valid_from = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    valid_until = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    usage_limit = None
    per_customer_limit = 1
    min_tickets = 1
