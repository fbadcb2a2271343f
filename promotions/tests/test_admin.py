"""Django admin never skips tier_refresh: computed tiers and their history are read-only, recounts go through it."""

import pytest
from django.utils import timezone

from promotions.models import CustomerTier, Tier, TierChange
from users.models import Role
from users.tests.factories import UserFactory
from users.tests.helpers import admin_action, admin_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(sign_in):
    return sign_in(UserFactory(role=Role.ADMIN))


def test_a_customers_tier_is_recounted_in_admin_not_set_by_hand(client, admin_user, default_tiers):
    gold = Tier.objects.get(name="Gold")
    customer = UserFactory()
    loyalty = CustomerTier.objects.create(customer=customer, tier=gold, tickets_counted=300, computed_at=timezone.now())
    assert client.post(admin_url(CustomerTier, "add"), {"customer": UserFactory().pk}).status_code == 403
    assert client.post(admin_url(CustomerTier, "change", loyalty.pk), {"tier": gold.pk}).status_code == 403
    assert client.post(admin_url(CustomerTier, "delete", loyalty.pk), {"post": "yes"}).status_code == 403

    admin_action(client, CustomerTier, "recount", [loyalty])
    loyalty.refresh_from_db()
    assert (loyalty.tier, loyalty.tickets_counted) == (None, 0)  # no tickets bought: no tier
    change = TierChange.objects.get(customer=customer)
    assert (change.old_tier, change.new_tier) == (gold, None)


def test_tier_history_cannot_be_rewritten_in_admin(client, admin_user, default_tiers):
    change = TierChange.objects.create(
        customer=UserFactory(),
        old_tier=None,
        new_tier=Tier.objects.get(name="Gold"),
        tickets_counted=300,
        at=timezone.now(),
    )
    assert client.post(admin_url(TierChange, "change", change.pk), {"tickets_counted": 1}).status_code == 403
    assert client.post(admin_url(TierChange, "delete", change.pk), {"post": "yes"}).status_code == 403
    assert TierChange.objects.filter(pk=change.pk, tickets_counted=300).exists()
