"""Every time shown to a person is the theater's clock, written one way.

A show at 23:30 in Berlin is 22:30 UTC in winter and 21:30 UTC in summer time: pages, messages,
mails, PDFs and the booking trail must all say “23:30”, in the site's one format.
"""

from datetime import datetime, timedelta
from io import BytesIO
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from freezegun import freeze_time
from pypdf import PdfReader

from bookings import services
from bookings.pdfs import invoice_pdf, tickets_pdf
from bookings.selectors import booking_documents
from bookings.tests.factories import confirmed, seats_of, sold_at_counter
from movies.tests.factories import MovieFactory
from movies.tests.factories import show as make_show
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
# (theater-local start, how the site writes it, the UTC clock time that must not appear)
SEASONS = {
    "winter": (datetime(2027, 1, 20, 23, 30), "Wed 20 Jan 2027, 23:30", "22:30"),
    "summer": (datetime(2027, 7, 20, 23, 30), "Tue 20 Jul 2027, 23:30", "21:30"),
}


@pytest.fixture(params=list(SEASONS))
def late(request, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    local, shown, utc = SEASONS[request.param]
    show = make_show(movie=MovieFactory(title="Night Owl"), starts_at=local.replace(tzinfo=BERLIN))
    return SimpleNamespace(show=show, shown=shown, utc=utc)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_the_helper_writes_theater_time_in_winter_and_summer(late):
    from xcounter.days import format_when  # the helper this issue adds

    assert format_when(late.show.starts_at) == late.shown
    assert format_when(late.show.starts_at, "time") == "23:30"
    assert format_when(late.show.starts_at, "day") == late.shown.split(",")[0]


def test_staff_booking_page_and_its_history_show_theater_time(client, sign_in, late):
    salesman = sign_in(UserFactory(role=Role.SALESMAN))
    booking = sold_at_counter(late.show, "A1", salesman=salesman)
    services.booking_change(booking=booking, show=late.show, seat_ids=seats_of(late.show, "B2"), by=salesman)

    changed = booking.events.get(action="changed").details
    assert changed.count(late.shown) == 2, changed  # the show before → the show after
    assert late.utc not in changed
    page = client.get(reverse("bookings:staff_detail", args=[booking.reference])).content.decode()
    assert late.shown in page  # the heading
    assert changed in page


def test_show_cancel_message_shows_theater_time(client, sign_in, late):
    sign_in(UserFactory(role=Role.MODERATOR))
    response = client.post(reverse("movies:staff_show_cancel", args=[late.show.pk]), {"reason": "Projector broken"})
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == f"Cancelled: Night Owl · Hall 1 · {late.shown}."


def test_mails_and_notices_show_theater_time(late, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        booking = confirmed(late.show, "A1")
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking, by=booking.customer, reason="Ill")
    confirmation, cancellation = mailoutbox
    for mail in (confirmation, cancellation):
        assert f"Night Owl, {late.shown}" in mail.body and late.utc not in mail.body
    notices = booking.customer.notifications.order_by("pk")
    assert [late.shown in notice.body for notice in notices] == [True, True]


def test_ticket_and_invoice_pdfs_show_theater_time(late):
    booking = sold_at_counter(late.show, "A1")
    tickets, payments = booking_documents(booking)
    for text in (pdf_text(tickets_pdf(booking, tickets)), pdf_text(invoice_pdf(booking, tickets, payments))):
        assert late.shown in text and late.utc not in text


def test_the_door_names_the_show_in_theater_time(late):
    booking = sold_at_counter(late.show, "A1")
    code = booking.tickets.get().code
    doorman = UserFactory(role=Role.SALESMAN)
    with freeze_time(late.show.starts_at - timedelta(days=1)):
        early = services.ticket_check_in(code=code, show=None, by=doorman)
    assert early.outcome == "other_show"
    assert f"at {late.shown}." in early.message
