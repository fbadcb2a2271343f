"""Pricing table: each row is a case a cashier could check by hand."""

from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.utils import timezone

from bookings.pricing import DiscountKind, PercentOff, cents, price_lines, quote
from coupons.models import Coupon
from promotions.models import CustomerTier
from users.tests.factories import UserFactory


class FakeShow:
    prices = {"standard": D("12.50"), "vip": D("18.00"), "accessible": D("9.50")}

    def price_for(self, category):
        return self.prices[category]


def seats(*categories):
    return [
        SimpleNamespace(pk=i, category=c, get_category_display=lambda c=c: c.title()) for i, c in enumerate(categories)
    ]


def customer_in(tier_name, tiers):
    """A customer whose loyalty tier in force is `tier_name` ("none": no tier)."""
    customer = UserFactory()
    tier = next((tier for tier in tiers if tier.name.lower() == tier_name), None)
    CustomerTier.objects.create(customer=customer, tier=tier, computed_at=timezone.now())
    return customer


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2.345", "2.35"), ("2.344", "2.34"), ("2.355", "2.36"), ("0.005", "0.01"), ("0.004", "0.00"), ("10", "10.00")],
)
def test_cents_rounds_half_up(value, expected):
    assert cents(D(value)) == D(expected)


@pytest.mark.parametrize(
    ("categories", "subtotal"),
    [
        (["standard"], "12.50"),
        (["standard", "standard"], "25.00"),
        (["vip", "accessible"], "27.50"),
        (["standard", "vip", "accessible"], "40.00"),
        ([], "0.00"),
    ],
)
def test_a_line_per_ticket_at_the_category_price(categories, subtotal):
    result = price_lines(FakeShow(), seats(*categories))
    assert [line.amount for line in result.tickets] == [FakeShow.prices[c] for c in categories]
    assert result.subtotal == result.total == D(subtotal)
    assert result.discounts == ()


@pytest.mark.parametrize(
    ("categories", "percents", "discounts", "total"),
    [
        (["standard"], ["5"], ["0.63"], "11.87"),  # 0.625 → 0.63
        (["standard"], ["10", "20"], ["1.25", "2.25"], "9.00"),  # second on what remains
        (["vip", "vip", "vip"], ["20", "15"], ["10.80", "6.48"], "36.72"),
        (["accessible"], ["100"], ["9.50"], "0.00"),
        (["standard"], ["100", "10"], ["12.50"], "0.00"),  # nothing left to discount: no line
    ],
)
def test_discounts_apply_in_order_on_what_remains(categories, percents, discounts, total):
    offs = [PercentOff(kind=f"d{i}", label=f"{p}% off", percent=D(p)) for i, p in enumerate(percents)]
    result = price_lines(FakeShow(), seats(*categories), discounts=offs)
    assert [line.amount for line in result.discounts] == [D(d) for d in discounts]
    assert result.total == D(total)
    assert result.total >= 0


def test_complimentary_tickets_cost_nothing():
    result = price_lines(FakeShow(), seats("vip", "vip"), complimentary=True)
    assert result.total == D("0.00") and len(result.tickets) == 2


TIER = {"none": None, "silver": "5", "gold": "10", "platinum": "20"}

# price per ticket, tickets, tier, coupon %, tier line, coupon line, total — worked out by hand
TABLE = [
    ("12.50", 1, "none", None, None, None, "12.50"),
    ("12.50", 1, "silver", None, "0.63", None, "11.87"),  # 0.625 rounds up
    ("12.50", 1, "gold", None, "1.25", None, "11.25"),
    ("12.50", 1, "platinum", None, "2.50", None, "10.00"),
    ("12.50", 1, "none", "15", None, "1.88", "10.62"),  # 1.875 rounds up
    ("12.50", 1, "silver", "15", "0.63", "1.78", "10.09"),  # 15% of 11.87 = 1.7805
    ("12.50", 1, "gold", "15", "1.25", "1.69", "9.56"),  # 15% of 11.25 = 1.6875
    ("12.50", 1, "platinum", "15", "2.50", "1.50", "8.50"),
    ("12.50", 3, "gold", "15", "3.75", "5.06", "28.69"),  # 15% of 33.75 = 5.0625
    ("9.99", 1, "silver", "33", "0.50", "3.13", "6.36"),  # 0.4995 → 0.50; 33% of 9.49 = 3.1317
    ("9.99", 1, "platinum", "100", "2.00", "7.99", "0.00"),  # never below zero
    ("0.05", 1, "gold", "15", "0.01", "0.01", "0.03"),  # 0.005 → 0.01; 15% of 0.04 = 0.006
    ("0.01", 1, "silver", "5", None, None, "0.01"),  # half a cent rounds to nothing: no line
]


class OnePriceShow:
    def __init__(self, price):
        self.price = D(price)

    def price_for(self, category):
        return self.price


@pytest.mark.django_db
@pytest.mark.parametrize(("price", "count", "tier", "coupon", "tier_line", "coupon_line", "total"), TABLE)
def test_tier_then_coupon_table(default_tiers, price, count, tier, coupon, tier_line, coupon_line, total):
    customer = customer_in(tier, default_tiers)
    code = Coupon(code="SPRING", percent_off=int(coupon)) if coupon else None
    result = quote(show=OnePriceShow(price), seats=seats(*["standard"] * count), customer=customer, coupon=code)
    lines = {line.kind: line.amount for line in result.discounts}
    assert lines.get(DiscountKind.TIER) == (D(tier_line) if tier_line else None)
    assert lines.get(DiscountKind.COUPON) == (D(coupon_line) if coupon_line else None)
    assert result.coupon_amount == (D(coupon_line) if coupon_line else D("0.00"))
    assert result.total == D(total)
    assert result.subtotal - result.discount_total == result.total or result.total == 0


# House seats (an Admin keeps them for a VIP guest): categories, tier, coupon, complimentary,
# then the ticket lines' categories, the discount lines and the total — by hand.
HOUSE_TABLE = [
    (["standard"], "none", None, False, ["vip"], {}, "12.50"),  # a VIP ticket at its seat's price
    (["standard", "accessible"], "none", None, False, ["vip", "vip"], {}, "22.00"),
    (["vip", "vip"], "none", None, True, ["vip", "vip"], {}, "0.00"),  # complimentary
    (["standard"], "gold", "15", True, ["vip"], {}, "0.00"),  # nothing to discount: no lines
    (["standard", "standard"], "gold", "15", False, ["vip", "vip"], {"tier": "2.50", "coupon": "3.38"}, "19.12"),
    (["standard"], "none", None, "guest", ["standard"], {}, "12.50"),  # not a house seat
]


@pytest.mark.django_db
@pytest.mark.parametrize(("categories", "tier", "coupon", "complimentary", "kinds", "discounts", "total"), HOUSE_TABLE)
def test_house_seats_table(default_tiers, categories, tier, coupon, complimentary, kinds, discounts, total):
    house = complimentary != "guest"
    result = quote(
        show=FakeShow(),
        seats=seats(*categories),
        customer=customer_in(tier, default_tiers),
        coupon=Coupon(code="SPRING", percent_off=int(coupon)) if coupon else None,
        complimentary=complimentary is True,
        house=house,
    )
    assert [line.category for line in result.tickets] == kinds
    assert {line.kind: str(line.amount) for line in result.discounts} == discounts
    assert result.total == D(total)


@pytest.mark.django_db
def test_a_customer_without_a_tier_record_and_an_anonymous_sale_pay_the_full_price():
    assert quote(show=FakeShow(), seats=seats("vip"), customer=UserFactory()).total == D("18.00")
    assert quote(show=FakeShow(), seats=seats("vip"), customer=None).discounts == ()


# --- What each ticket earns: the discounts shared out over the ticket lines -------------------------


@pytest.mark.parametrize(
    ("total", "weights", "shares"),
    [
        # 10.00 over three equal lines: the one cent left goes to the first of the tied remainders.
        ("10.00", ["5.00", "5.00", "5.00"], ["3.34", "3.33", "3.33"]),
        # pro rata: 36.00 of 40.00 is 90% of each line, exactly.
        ("36.00", ["12.50", "18.00", "9.50"], ["11.25", "16.20", "8.55"]),
        # 11.11 over 12.50 + 9.50: exact shares 6.3125 and 4.7975 → 6.31 + 4.79 = 11.10; the cent
        # left goes to the larger remainder (.0075 of the second line beats .0025 of the first).
        ("11.11", ["12.50", "9.50"], ["6.31", "4.80"]),
        ("0.00", ["12.50", "9.50"], ["0.00", "0.00"]),  # a 100% coupon
        ("0.00", ["0.00", "0.00"], ["0.00", "0.00"]),  # complimentary house seats
        ("5.00", [], []),
    ],
)
def test_an_amount_is_shared_pro_rata_to_the_cent(total, weights, shares):
    from xcounter.money import allocate

    result = allocate(D(total), [D(w) for w in weights])
    assert result == [D(s) for s in shares]
    if weights:
        assert sum(result) == D(total)


def test_each_ticket_line_carries_its_share_of_the_discounts_and_they_add_up_to_the_total():
    discounts = [PercentOff(kind=DiscountKind.TIER, label="Silver", percent=D("5"))]
    discounts.append(PercentOff(kind=DiscountKind.COUPON, label="Coupon", percent=D("15")))
    result = price_lines(FakeShow(), seats("standard", "vip", "accessible", "standard"), discounts=discounts)
    # 52.50 − 5% (2.63) = 49.87 − 15% (7.48) = 42.39: the customer pays 42.39 for four seats.
    assert result.total == D("42.39")
    revenue = [result.revenue_for(line.seat_id) for line in result.tickets]
    assert revenue == [D("10.09"), D("14.54"), D("7.67"), D("10.09")]
    assert sum(revenue) == result.total
