"""`cleanup_expired_shows`: old shows are archived (or deleted when nobody ever booked them), and
archived shows leave the staff show list but stay in every booking history and report."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Payment, Ticket
from bookings.tests.factories import confirmed, sold_at_counter
from employees.models import Employee
from employees.selectors import performance
from employees.tests.factories import hire
from movies.models import Show
from movies.tests.factories import auditorium, show
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def ended_days_ago(a_show: Show, days: float) -> Show:
    """Move a show (sold while it was on sale) into the past: it ended `days` ago."""
    ends_at = timezone.now() - timedelta(days=days)
    starts_at = ends_at - (a_show.ends_at - a_show.starts_at)
    Show.objects.filter(pk=a_show.pk).update(
        starts_at=starts_at, ends_at=ends_at, blocked_until=ends_at + (a_show.blocked_until - a_show.ends_at)
    )
    a_show.refresh_from_db()
    return a_show


@pytest.fixture
def theater():
    """Shows of every age in two halls: ended long ago (booked and not), ended lately, coming up."""
    hall, other, third = auditorium("Hall 1"), auditorium("Hall 2"), auditorium("Hall 3")
    old_booked, old_unbooked, old_sold = show(auditorium_=hall), show(auditorium_=other), show(auditorium_=third)
    recent_unbooked = show(auditorium_=hall, starts_at=old_booked.starts_at + timedelta(hours=4))
    upcoming = show(auditorium_=other, starts_at=old_booked.starts_at + timedelta(hours=4))
    customer = UserFactory()
    booking = confirmed(old_booked, "A1", "A2", customer=customer)
    salesman = hire(Role.SALESMAN)
    counter_sale = sold_at_counter(old_sold, "B1", "B2", salesman=salesman.user)
    return {
        "old_booked": ended_days_ago(old_booked, 40),
        "old_unbooked": ended_days_ago(old_unbooked, 31),
        "old_sold": ended_days_ago(old_sold, 45),
        "recent_unbooked": ended_days_ago(recent_unbooked, 29),
        "upcoming": upcoming,
        "booking": booking,
        "counter_sale": counter_sale,
        "customer": customer,
        "salesman": salesman,
    }


def archived_ids():
    return set(Show.objects.filter(archived_at__isnull=False).values_list("pk", flat=True))


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("cleanup_expired_shows", *args, stdout=out)
    return out.getvalue()


def test_shows_that_ended_more_than_the_days_ago_are_archived_and_a_second_run_changes_nothing(theater):
    output = run("--days=30")

    old = {theater["old_booked"].pk, theater["old_unbooked"].pk, theater["old_sold"].pk}
    assert archived_ids() == old
    assert "Archived 3 shows" in output
    first_marks = dict(Show.objects.filter(pk__in=old).values_list("pk", "archived_at"))

    output = run("--days=30")
    assert "Archived 0 shows" in output
    assert dict(Show.objects.filter(pk__in=old).values_list("pk", "archived_at")) == first_marks
    assert Show.objects.count() == 5  # nothing deleted without --delete


def test_days_defaults_to_thirty(theater):
    run()
    assert archived_ids() == {theater["old_booked"].pk, theater["old_unbooked"].pk, theater["old_sold"].pk}


def test_fewer_days_reach_more_recent_shows_but_never_upcoming_ones(theater):
    run("--days=0")
    assert theater["recent_unbooked"].pk in archived_ids()
    assert theater["upcoming"].pk not in archived_ids()


def test_delete_removes_only_shows_never_booked_and_archives_the_others_saying_why(theater):
    bookings_before = Booking.objects.count(), Ticket.objects.count(), Payment.objects.count()

    output = run("--days=30", "--delete")

    assert not Show.objects.filter(pk=theater["old_unbooked"].pk).exists()
    assert archived_ids() == {theater["old_booked"].pk, theater["old_sold"].pk}
    assert (Booking.objects.count(), Ticket.objects.count(), Payment.objects.count()) == bookings_before
    assert "Deleted 1 show that was never booked" in output
    assert "Archived 2 shows instead of deleting them: they have bookings" in output
    assert str(theater["old_booked"].movie) in output

    # Safe to run twice: nothing more to delete, the booked shows stay archived.
    output = run("--days=30", "--delete")
    assert "Deleted 0 shows" in output and "Archived 0 shows" in output
    assert Show.objects.count() == 4


def test_delete_also_removes_unbooked_shows_an_earlier_run_archived(theater):
    run("--days=30")
    run("--days=30", "--delete")
    assert not Show.objects.filter(pk=theater["old_unbooked"].pk).exists()
    assert archived_ids() == {theater["old_booked"].pk, theater["old_sold"].pk}


@pytest.mark.parametrize("delete", [False, True])
def test_dry_run_lists_what_would_happen_and_changes_nothing(theater, delete):
    output = run("--days=30", "--dry-run", *(["--delete"] if delete else []))

    assert archived_ids() == set()
    assert Show.objects.count() == 5
    assert "Dry run: nothing was changed." in output
    assert str(theater["old_unbooked"].movie) in output and str(theater["old_booked"].movie) in output
    if delete:
        assert "Would delete 1 show that was never booked" in output
        assert "Would archive 2 shows instead of deleting them" in output
    else:
        assert "Would archive 3 shows" in output


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("-1", "argument --days: must be a whole number of days, 0 or more (not '-1')"),
        ("abc", "argument --days: must be a whole number of days, 0 or more (not 'abc')"),
        ("1.5", "argument --days: must be a whole number of days, 0 or more (not '1.5')"),
    ],
)
def test_bad_days_are_refused_with_a_clear_message(theater, days, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(f"--days={days}")
    assert archived_ids() == set() and Show.objects.count() == 5


@pytest.mark.parametrize("days", ["-1", "abc"])
def test_bad_days_exit_non_zero_without_a_traceback(days):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    result = subprocess.run(
        [sys.executable, "manage.py", "cleanup_expired_shows", f"--days={days}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "argument --days: must be a whole number of days, 0 or more" in result.stderr
    assert "Traceback" not in result.stderr


# --- Where archived shows are (not) seen ------------------------------------------------------------


@pytest.fixture
def moderator_client(client, sign_in):
    sign_in(UserFactory(role=Role.MODERATOR))
    return client


def test_staff_show_list_hides_archived_shows_unless_asked(theater, moderator_client):
    old = theater["old_booked"]
    day = timezone.localdate(old.starts_at).isoformat()
    listed = moderator_client.get(reverse("movies:staff_show_list"), {"date": day})
    assert f"?show={old.pk}" in listed.content.decode()  # an ended show is listed for its day…

    run("--days=30")

    listed = moderator_client.get(reverse("movies:staff_show_list"), {"date": day})
    assert f"?show={old.pk}" not in listed.content.decode()  # …until it is archived
    assert "Show archived shows" in listed.content.decode()

    archived = moderator_client.get(reverse("movies:staff_show_list"), {"date": day, "archived": "1"})
    page = archived.content.decode()
    assert f"?show={old.pk}" in page and "Archived" in page
    # Upcoming shows stay on the default list.
    assert (
        f"/manage/shows/{theater['upcoming'].pk}/cancel/"
        in moderator_client.get(reverse("movies:staff_show_list")).content.decode()
    )


def test_archived_shows_stay_in_booking_histories_and_reports(theater, client, sign_in):
    run("--days=30")
    booking, counter_sale = theater["booking"], theater["counter_sale"]

    sign_in(theater["customer"])
    assert booking.reference in client.get(reverse("bookings:mine")).content.decode()
    assert client.get(reverse("bookings:detail", args=[booking.reference])).status_code == 200

    sign_in(UserFactory(role=Role.ADMIN))
    staff_list = client.get(reverse("bookings:staff_list"), {"show": theater["old_booked"].pk}).content.decode()
    assert booking.reference in staff_list
    assert client.get(reverse("bookings:staff_detail", args=[counter_sale.reference])).status_code == 200
    # The counter sale still counts for the salesman who made it, in the report and on its page.
    salesman = theater["salesman"]
    today = timezone.localdate()
    (row,) = performance(Employee.objects.filter(pk=salesman.pk), start=today - timedelta(days=1), end=today)
    assert (row.bookings_made, row.tickets_sold) == (1, 2)
    page = client.get(reverse("employees:performance")).content.decode()
    name = f'{salesman.user.get_full_name()} <span class="small text-body-secondary">Salesman</span></td>'
    assert f'{name}\n      <td class="text-end">1</td><td class="text-end">2</td>' in page


def test_public_pages_keep_working_after_archiving(theater, client):
    run("--days=30", "--delete")
    old = theater["old_booked"]
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("movies:detail", args=[old.movie.slug])).status_code == 200
    day = timezone.localdate(old.starts_at).isoformat()
    assert client.get(reverse("movies:schedule"), {"date": day}).status_code == 200
    assert client.get(reverse("bookings:seat_map", args=[old.pk])).status_code == 404  # not on sale, as before
