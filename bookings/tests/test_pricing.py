"""Pricing table: each row is a case a cashier could check by hand."""

from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from bookings.pricing import PercentOff, cents, quote


class FakeShow:
    prices = {"standard": D("12.50"), "vip": D("18.00"), "accessible": D("9.50")}

    def price_for(self, category):
        return self.prices[category]


def seats(*categories):
    return [
        SimpleNamespace(pk=i, category=c, get_category_display=lambda c=c: c.title()) for i, c in enumerate(categories)
    ]


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
    result = quote(FakeShow(), seats(*categories))
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
    result = quote(FakeShow(), seats(*categories), discounts=offs)
    assert [line.amount for line in result.discounts] == [D(d) for d in discounts]
    assert result.total == D(total)
    assert result.total >= 0


def test_complimentary_tickets_cost_nothing():
    result = quote(FakeShow(), seats("vip", "vip"), complimentary=True)
    assert result.total == D("0.00") and len(result.tickets) == 2
