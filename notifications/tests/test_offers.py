"""Bulk offers: queued at once, sent by the worker, each with its own unsubscribe link."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from notifications.models import Kind, Offer, Preference
from notifications.offers import offer_recipients, unsubscribe_token
from outbox.models import OutboundEmail
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_tiers")]


@pytest.fixture
def crowd():
    from bookings.loyalty import tier_refresh
    from promotions.tests.helpers import give_tickets

    plain, fan, silver, declined = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    Preference.objects.create(user=fan, kind=Kind.OFFERS, email=True)
    Preference.objects.create(user=declined, kind=Kind.OFFERS, email=False)
    give_tickets(silver, 100)
    tier_refresh(customer=silver)
    UserFactory(role=Role.SALESMAN)
    return {"plain": plain, "fan": fan, "silver": silver, "declined": declined}


@pytest.mark.parametrize(
    ("audience", "expected"),
    [("all", {"plain", "fan", "silver"}), ("opted_in", {"fan"}), ("tier:Silver", {"silver"}), ("tier:Gold", set())],
)
def test_audiences_and_unsubscribed_customers(crowd, audience, expected):
    reached = set(offer_recipients(audience))
    assert reached == {crowd[name] for name in expected}


@pytest.mark.parametrize(
    ("role", "status"), [(Role.ADMIN, 200), (Role.MODERATOR, 200), (Role.SALESMAN, 403), (Role.CUSTOMER, 403)]
)
def test_offers_page_is_for_admins_and_moderators(client, sign_in, role, status):
    sign_in(UserFactory(role=role))
    assert client.get(reverse("notifications:offers")).status_code == status


def test_an_offer_is_previewed_queued_at_once_and_sent_by_the_worker(client, sign_in, crowd, mailoutbox):
    sign_in(UserFactory(role=Role.MODERATOR))
    data = {"subject": "Half-price Tuesdays", "body": "All seats half price on Tuesdays.", "audience": "all"}
    preview = client.post(reverse("notifications:offers"), {**data, "action": "preview"})
    assert "goes to 3 customers" in preview.content.decode() and not Offer.objects.exists()

    response = client.post(reverse("notifications:offers"), {**data, "action": "send"}, follow=True)
    assert "Queued for 3 customers" in response.content.decode()
    assert mailoutbox == []  # nothing is sent on the request
    offer = response.context["offers"][0]
    assert (offer.queued, offer.sent, offer.failed) == (3, 0, 0)

    call_command("deliver_outbox", verbosity=0)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(crowd[n].email for n in ("plain", "fan", "silver"))
    links = {re.search(r"/notifications/unsubscribe/\S+/", m.body).group(0) for m in mailoutbox}
    assert len(links) == 3  # each recipient their own link
    page = client.get(reverse("notifications:offers"))
    assert (page.context["offers"][0].sent, page.context["offers"][0].queued) == (3, 0)


def test_an_empty_offer_is_explained(client, sign_in):
    sign_in(UserFactory(role=Role.ADMIN))
    response = client.post(
        reverse("notifications:offers"), {"subject": "", "body": " ", "audience": "all", "action": "send"}
    )
    assert "This field is required" in response.content.decode()
    assert not Offer.objects.exists()


def test_the_unsubscribe_link_turns_offer_mail_off(client, crowd):
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(crowd["plain"])])
    assert "Stop receiving offers" in client.get(url).content.decode()
    response = client.post(url)
    assert f"{crowd['plain'].email} gets no more offers by email" in response.content.decode()
    assert crowd["plain"] not in set(offer_recipients("all"))


@pytest.mark.parametrize("token", ["nonsense", "eyJ1IjoxfQ:forged:signature"])
def test_an_unknown_unsubscribe_token_is_explained(client, token):
    response = client.post(reverse("notifications:unsubscribe", args=[token]))
    assert response.status_code == 200
    assert "This unsubscribe link is not valid" in response.content.decode()
    assert not Preference.objects.exists()


def test_queuing_costs_the_same_few_queries_for_many_customers(client, sign_in, django_assert_max_num_queries):
    sign_in(UserFactory(role=Role.ADMIN))
    UserFactory.create_batch(30)
    data = {"subject": "Hi", "body": "Offer", "audience": "all", "action": "send"}
    with django_assert_max_num_queries(15):
        client.post(reverse("notifications:offers"), data)
    assert OutboundEmail.objects.filter(batch__startswith="offer:").count() == 30


def test_an_offer_to_a_customer_deleted_before_it_went_out_fails_at_once_and_sends_nothing(crowd, mailoutbox):
    from notifications.offers import offer_queue

    offer = offer_queue(subject="Hi", body="Offer", audience="opted_in", by=None)
    crowd["fan"].delete()
    call_command("deliver_outbox", verbosity=0)
    email = OutboundEmail.objects.get(batch=f"offer:{offer.pk}")
    assert (email.status, email.attempts) == ("failed", 1) and "no longer exists" in email.last_error
    assert mailoutbox == []


def test_the_offers_page_lists_the_newest_offer_first(client, sign_in, crowd):
    from notifications.offers import offer_queue

    sign_in(UserFactory(role=Role.ADMIN))
    for subject in ("First", "Second", "Third"):
        offer_queue(subject=subject, body="Offer", audience="all", by=None)
    page = client.get(reverse("notifications:offers"))
    assert [offer.subject for offer in page.context["offers"]] == ["Third", "Second", "First"]
