"""Loyalty tiers: thresholds, the 12-month window, recomputation and history."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

from bookings import services
from bookings.loyalty import loyalty_status, tier_refresh
from bookings.tests.factories import confirmed
from movies.tests.factories import show as make_show
from promotions import signals
from promotions.models import Tier, TierChange
from promotions.selectors import customer_tier
from promotions.tests.helpers import give_tickets
from users.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_tiers")]


def test_default_tiers_are_data():
    assert [(t.name, t.min_tickets, int(t.percent_off)) for t in Tier.objects.all()] == [
        ("Silver", 100, 5),
        ("Gold", 300, 10),
        ("Platinum", 500, 20),
    ]


@pytest.mark.parametrize(
    ("tickets", "tier"),
    [(0, None), (99, None), (100, "Silver"), (299, "Silver"), (300, "Gold"), (499, "Gold"), (500, "Platinum")],
)
def test_tier_boundaries(tickets, tier):
    customer = UserFactory()
    if tickets:
        give_tickets(customer, tickets)
    tier_refresh(customer=customer)
    assert (customer_tier(customer).name if customer_tier(customer) else None) == tier


def test_tickets_age_out_after_twelve_months():
    customer = UserFactory()
    give_tickets(customer, 100, days_ago=300)
    tier_refresh(customer=customer)
    assert customer_tier(customer).name == "Silver"
    with freeze_time(timezone.now() + timedelta(days=66)):  # now 366 days after the purchase
        call_command("refresh_promotion_tiers", verbosity=0)
    assert customer_tier(customer) is None
    assert list(TierChange.objects.filter(customer=customer).values_list("new_tier__name", flat=True)) == [
        None,
        "Silver",
    ]


def test_thresholds_are_editable_and_confirm_recomputes_the_tier(django_capture_on_commit_callbacks):
    Tier.objects.filter(name="Silver").update(min_tickets=2)
    customer = UserFactory()
    heard = []
    receiver = lambda sender, **kw: heard.append((kw["old_tier"], kw["new_tier"].name))  # noqa: E731
    signals.tier_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            booking = confirmed(make_show(), "A1", "A2", customer=customer)
    finally:
        signals.tier_changed.disconnect(receiver)
    assert customer_tier(customer).name == "Silver"
    assert heard == [(None, "Silver")]
    services.booking_cancel(booking=booking, by=customer, reason="Changed plans")
    assert customer_tier(customer) is None


def test_loyalty_status_for_the_dashboard_card():
    customer = UserFactory()
    give_tickets(customer, 120)
    tier_refresh(customer=customer)
    status = loyalty_status(customer)
    assert (status.tier.name, status.tickets, status.next_tier.name, status.needed) == ("Silver", 120, "Gold", 180)
    assert status.progress_percent == 10  # 20 of the 200 between Silver and Gold
