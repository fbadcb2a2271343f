"""The nightly integrity check: tickets whose seat is outside their show's auditorium are reported."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from bookings.models import Ticket
from bookings.tests.factories import confirmed, held
from movies.tests.factories import auditorium
from movies.tests.factories import show as make_show

pytestmark = pytest.mark.django_db


def run_check():
    out = StringIO()
    call_command("check_integrity", stdout=out)
    return out.getvalue()


def test_a_clean_theater_passes_the_integrity_check():
    show = make_show()
    confirmed(show, "A1", "A2")
    held(show, "B1")
    assert "Integrity check passed" in run_check()


def test_a_ticket_holding_a_seat_of_another_auditorium_is_reported_and_the_check_fails():
    show = make_show(auditorium_=auditorium(name="Grand Hall"))
    booking = confirmed(show, "A1", "A2")
    elsewhere = auditorium(name="Studio").seats.get(row="A", number=1)
    stranded = booking.tickets.first()
    Ticket.objects.filter(pk=stranded.pk).update(seat=elsewhere)  # what the show-move race left behind

    out = StringIO()
    with pytest.raises(CommandError, match="1 ticket points to a seat outside their show's auditorium"):
        call_command("check_integrity", stdout=out)
    report = out.getvalue()
    assert booking.reference in report and stranded.code in report
    assert "of Studio" in report and "runs in Grand Hall" in report
