"""Django admin never skips tier_set: customers' tiers and their history are read-only there."""

import pytest
from django.utils import timezone

from promotions.models import CustomerTier, Tier, TierChange
from users.models import Role
from users.tests.factories import UserFactory
from users.tests.helpers import admin_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(sign_in):
    return sign_in(UserFactory(role=Role.ADMIN))


def test_a_customers_tier_is_not_set_by_hand_in_admin(client, admin_user, default_tiers):
    gold = Tier.objects.get(name="Gold")
    loyalty = CustomerTier.objects.create(
        customer=UserFactory(), tier=None, tickets_counted=0, computed_at=timezone.now()
    )
    assert client.post(admin_url(CustomerTier, "add"), {"customer": UserFactory().pk}).status_code == 403
    assert client.post(admin_url(CustomerTier, "change", loyalty.pk), {"tier": gold.pk}).status_code == 403
    assert client.post(admin_url(CustomerTier, "delete", loyalty.pk), {"post": "yes"}).status_code == 403
    loyalty.refresh_from_db()
    assert loyalty.tier is None and not TierChange.objects.exists()


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
