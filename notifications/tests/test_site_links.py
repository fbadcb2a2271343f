"""Every link in a notice's mail starts with SITE_URL, not with a host guessed from ALLOWED_HOSTS."""

import re

import pytest
from django.core.management import call_command

from bookings.tests.factories import confirmed
from movies.tests.factories import show as make_show
from notifications import services
from notifications.models import Kind, Preference
from notifications.offers import offer_queue
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://tickets.example.com:8443"
LINK = re.compile(r"""https?://[^\s"'<>]+""")


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE + "/"  # a trailing slash in the setting makes no double slash
    settings.ALLOWED_HOSTS = ["internal.example", "tickets.example.com"]


def links(message) -> list[str]:
    html = "".join(content for content, mimetype in message.alternatives if mimetype == "text/html")
    return LINK.findall(message.body) + [link for link in LINK.findall(html) if "w3.org" not in link]


def assert_links_to_the_site(message):
    found = links(message)
    assert found and all(re.match(rf"{re.escape(SITE)}/[^/]", link) for link in found), found


def test_a_booking_mail_links_to_the_site(mailoutbox, django_capture_on_commit_callbacks):
    customer = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        booking = confirmed(make_show(), "A1", customer=customer)
    mail = next(m for m in mailoutbox if m.to == [customer.email])
    assert f"{SITE}/bookings/{booking.reference}/" in mail.body
    assert f"{SITE}/notifications/preferences/" in mail.body
    assert_links_to_the_site(mail)


def test_an_announcement_and_an_offer_with_its_unsubscribe_link_go_to_the_site(mailoutbox, default_tiers):
    fan = UserFactory()
    Preference.objects.create(user=fan, kind=Kind.OFFERS, email=True)
    Preference.objects.create(user=fan, kind=Kind.NEW_MOVIES, email=True)
    services.announce(users=[fan], kind=Kind.NEW_MOVIES, title="New: Dune", url="/movies/dune/")
    offer_queue(subject="Half-price Tuesdays", body="All seats half price.", audience="opted_in", by=None)
    call_command("deliver_outbox", verbosity=0)
    announcement, offer = sorted(mailoutbox, key=lambda m: "Dune" not in m.subject)
    assert f"{SITE}/movies/dune/" in announcement.body
    assert re.search(rf"{re.escape(SITE)}/notifications/unsubscribe/\S+/", offer.body)
    for mail in mailoutbox:
        assert_links_to_the_site(mail)
