"""Every employee and salary page for every role, including a moderator and another's salesman."""

import html
import re
from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from employees.models import Employee, Payroll, SalaryEntry, Shift
from employees.tests.factories import hire, moderator_with_salesman
from outbox.models import OutboundEmail
from users.models import Role, User
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    moderator, salesman = moderator_with_salesman()
    other_moderator, other_salesman = moderator_with_salesman()
    return {
        "admin": UserFactory(role=Role.ADMIN),
        "moderator": moderator,
        "salesman": salesman,
        "other_moderator": other_moderator,
        "other_salesman": other_salesman,
        "customer": UserFactory(),
    }


def visitor(staff, name):
    value = staff[name]
    return value.user if isinstance(value, Employee) else value


LIST_PAGES = ["employees:list", "employees:shifts", "employees:performance"]


@pytest.mark.parametrize("name", LIST_PAGES)
@pytest.mark.parametrize(
    ("who", "status"),
    [("admin", 200), ("moderator", 200), ("salesman", 403), ("customer", 403)],
)
def test_manager_pages_by_role(client, sign_in, staff, name, who, status):
    sign_in(visitor(staff, who))
    assert client.get(reverse(name)).status_code == status


@pytest.mark.parametrize(("who", "status"), [("admin", 200), ("moderator", 403), ("salesman", 403), ("customer", 403)])
def test_only_admins_invite(client, sign_in, staff, who, status):
    sign_in(visitor(staff, who))
    assert client.get(reverse("employees:invite")).status_code == status


@pytest.mark.parametrize(("who", "status"), [("admin", 403), ("moderator", 200), ("salesman", 200), ("customer", 403)])
def test_own_salary_page_is_for_employees(client, sign_in, staff, who, status):
    sign_in(visitor(staff, who))
    assert client.get(reverse("employees:me")).status_code == status


# (visitor, whose record) → detail page status; salary actions follow the same rule
DETAIL = [
    ("admin", "salesman", 200),
    ("admin", "moderator", 200),
    ("moderator", "salesman", 200),
    ("moderator", "other_salesman", 404),
    ("moderator", "other_moderator", 404),
    ("moderator", "moderator", 404),  # not their own salary to raise
    ("salesman", "salesman", 403),
    ("customer", "salesman", 403),
]


@pytest.mark.parametrize(("who", "whose", "status"), DETAIL)
def test_employee_detail_by_role_and_scope(client, sign_in, staff, who, whose, status):
    sign_in(visitor(staff, who))
    assert client.get(reverse("employees:detail", args=[staff[whose].pk])).status_code == status


@pytest.mark.parametrize(("who", "whose", "status"), DETAIL)
def test_salary_actions_by_role_and_scope(client, sign_in, staff, who, whose, status):
    sign_in(visitor(staff, who))
    employee = staff[whose]
    before = SalaryEntry.objects.count()
    entry = {"kind": "bonus", "amount": "50", "effective_on": timezone.localdate().isoformat(), "reason": "Good"}
    response = client.post(reverse("employees:salary", args=[employee.pk]), entry)
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).isoformat()
    paid = client.post(reverse("employees:pay", args=[employee.pk]), {"month": last_month})
    expected = 302 if status == 200 else status
    assert (response.status_code, paid.status_code) == (expected, expected)
    allowed = status == 200
    assert SalaryEntry.objects.count() == before + allowed
    assert Payroll.objects.filter(employee=employee).exists() == allowed


@pytest.mark.parametrize("name", ["employees:status", "employees:role", "employees:supervisor"])
@pytest.mark.parametrize(("who", "status"), [("moderator", 403), ("salesman", 403), ("customer", 403)])
def test_record_changes_are_for_admins(client, sign_in, staff, name, who, status):
    sign_in(visitor(staff, who))
    response = client.post(reverse(name, args=[staff["salesman"].pk]), {"status": "terminated", "reason": "x"})
    assert response.status_code == status
    assert Employee.objects.get(pk=staff["salesman"].pk).status == "active"


def test_moderator_applies_a_penalty_and_the_salesman_sees_it(client, sign_in, staff):
    sign_in(staff["moderator"].user)
    month = timezone.localdate().replace(day=1)
    client.post(
        reverse("employees:salary", args=[staff["salesman"].pk]),
        {"kind": "penalty", "amount": "25.50", "effective_on": month.isoformat(), "reason": "Late for the shift"},
    )
    client.logout()
    sign_in(staff["salesman"].user)
    page = client.get(reverse("employees:me")).content.decode()
    assert "Penalty</strong> −€25.50" in page and "Late for the shift" in page


def test_penalty_without_a_reason_is_explained(client, sign_in, staff):
    sign_in(staff["moderator"].user)
    response = client.post(
        reverse("employees:salary", args=[staff["salesman"].pk]),
        {"kind": "penalty", "amount": "10", "effective_on": timezone.localdate().isoformat(), "reason": ""},
        follow=True,
    )
    assert "Reason: This field is required." in response.content.decode()
    assert SalaryEntry.objects.filter(employee=staff["salesman"], kind="penalty").count() == 0


def test_paying_a_month_twice_is_explained_on_the_page(client, sign_in, staff):
    sign_in(staff["admin"])
    url = reverse("employees:pay", args=[staff["salesman"].pk])
    month = {"month": (timezone.localdate().replace(day=1) - timedelta(days=1)).isoformat()}
    client.post(url, month)
    response = client.post(url, month, follow=True)
    assert "is already paid" in response.content.decode()
    assert Payroll.objects.filter(employee=staff["salesman"]).count() == 1


def test_admin_invites_a_salesman_who_gets_an_invitation_to_set_a_password(
    client, sign_in, staff, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://tickets.example.com"
    sign_in(staff["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("employees:invite"),
            {
                "email": "new.seller@example.com",
                "full_name": "New Seller",
                "role": "salesman",
                "started_on": date.today().isoformat(),
                "base_salary": "2100.00",
                "supervisor": staff["moderator"].user.pk,
            },
        )
    user = User.objects.get(email="new.seller@example.com")
    assert response["Location"] == reverse("employees:detail", args=[user.employee.pk])
    assert user.role == Role.SALESMAN and not user.has_usable_password()

    # Its own mail, not a password reset someone else asked for.
    invitation = mailoutbox[-1]
    assert invitation.to == ["new.seller@example.com"]
    assert invitation.subject == "[XCounter Cinema] You have been invited to join XCounter Cinema as a Salesman"
    assert invitation.body.startswith("Hello New,\n\nYou have been invited to join XCounter Cinema as a Salesman.")
    assert "password reset" not in (invitation.subject + invitation.body).lower()
    link = re.search(r"https://tickets\.example\.com(/accounts/password/reset/key/\S+)", invitation.body).group(1)
    assert OutboundEmail.objects.get(to="new.seller@example.com").confidential

    # The link lets them choose a password.
    client.logout()
    form = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form, {"password1": "my-own-popcorn", "password2": "my-own-popcorn"})
    user.refresh_from_db()
    assert user.check_password("my-own-popcorn")


def test_invite_explains_a_salesman_without_supervisor_and_a_taken_email(client, sign_in, staff):
    sign_in(staff["admin"])
    response = client.post(
        reverse("employees:invite"),
        {
            "email": staff["customer"].email,
            "full_name": "X",
            "role": "salesman",
            "started_on": "2026-01-01",
            "base_salary": "0",
        },
    )
    body = response.content.decode()
    assert "already exists" in body and "Choose the moderator" in body and "greater than or equal to 0.01" in body


def test_performance_query_count_does_not_grow_with_employees(client, sign_in, staff, django_assert_max_num_queries):
    from bookings.tests.factories import sold_at_counter
    from movies.tests.factories import show as make_show

    sign_in(staff["admin"])
    sold_at_counter(make_show(), "A1", "A2", salesman=staff["salesman"].user)
    client.get(reverse("employees:performance"))  # the bell's count is cached from here on
    counts = []
    for extra in (0, 12):
        for _ in range(extra):
            hire(supervisor=staff["moderator"].user)
        with CaptureQueriesContext(connection) as captured, django_assert_max_num_queries(6):
            page = client.get(reverse("employees:performance"), {"sort": "-tickets"})
        counts.append(len(captured))
    assert counts[0] == counts[1]
    top = page.context["rows"][0]
    assert (top.user, top.bookings_made, top.tickets_sold) == (staff["salesman"].user, 1, 2)


def test_moderator_assigns_shifts_only_to_their_salesmen(client, sign_in, staff):
    sign_in(staff["moderator"].user)
    day = (timezone.localdate() + timedelta(days=1)).isoformat()
    shift = {"day": day, "starts": "14:00", "ends": "18:00", "counter": "Counter 1"}
    client.post(reverse("employees:shifts"), {**shift, "employee": staff["salesman"].pk})
    refused = client.post(reverse("employees:shifts"), {**shift, "employee": staff["other_salesman"].pk})
    assert "Select a valid choice" in refused.content.decode()
    overlap = client.post(
        reverse("employees:shifts"), {**shift, "starts": "17:00", "ends": "20:00", "employee": staff["salesman"].pk}
    )
    assert "already works 14:00–18:00" in overlap.content.decode()
    assert staff["salesman"].shifts.count() == 1 and staff["other_salesman"].shifts.count() == 0


def test_admin_edits_details_but_not_a_terminated_record(client, sign_in, staff):
    from employees import services

    sign_in(staff["admin"])
    salesman = staff["salesman"]
    url = reverse("employees:edit", args=[salesman.pk])
    client.post(url, {"full_name": "Sam Renamed", "phone": "+49 1", "started_on": "2026-01-10"})
    salesman.refresh_from_db()
    assert (salesman.user.full_name, salesman.started_on) == ("Sam Renamed", date(2026, 1, 10))
    services.employee_set_status(employee=salesman, status="terminated", reason="Left", by=None)
    response = client.post(url, {"full_name": "Changed Again", "phone": "", "started_on": "2026-01-10"}, follow=True)
    assert "record is closed" in response.content.decode()
    salesman.user.refresh_from_db()
    assert salesman.user.full_name == "Sam Renamed"


@pytest.mark.parametrize("who", ["moderator", "salesman", "customer"])
def test_only_admins_edit_details(client, sign_in, staff, who):
    sign_in(visitor(staff, who))
    response = client.post(
        reverse("employees:edit", args=[staff["salesman"].pk]), {"full_name": "X", "started_on": "2026-01-01"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "params", [{"start": "0001-01-01"}, {"end": "9999-12-31"}, {"start": "2026-05-01", "end": "2026-01-01"}]
)
def test_performance_with_odd_periods_falls_back_to_the_last_30_days(client, sign_in, staff, params):
    sign_in(staff["admin"])
    response = client.get(reverse("employees:performance"), params)
    assert response.status_code == 200
    assert response.context["end"] == timezone.localdate()


def test_far_fetched_dates_and_long_emails_are_explained(client, sign_in, staff):
    sign_in(staff["admin"])
    long_email = "x" * 250 + "@example.com"
    response = client.post(
        reverse("employees:invite"),
        {"email": long_email, "full_name": "X", "role": "moderator", "started_on": "0001-01-01", "base_salary": "10"},
    )
    body = response.content.decode()
    assert "at most 254 characters" in body and "greater than or equal to" in body
    assert not User.objects.filter(email=long_email).exists()


# --- Pay only a month that is over; a penalty never makes a month's pay negative --------------------


@freeze_time("2026-06-10")
@pytest.mark.parametrize("who", ["admin", "moderator"])
def test_the_pay_button_is_offered_only_for_months_that_are_over(client, sign_in, staff, who):
    sign_in(visitor(staff, who))
    salesman = staff["salesman"]
    page = client.get(reverse("employees:detail", args=[salesman.pk])).content.decode()
    pay_buttons = re.findall(r'name="month" value="([\d-]+)"', page)
    assert pay_buttons and "2026-05-01" in pay_buttons and "2026-06-01" not in pay_buttons
    assert "Runs until 30 Jun" in page
    response = client.post(reverse("employees:pay", args=[salesman.pk]), {"month": "2026-06-01"}, follow=True)
    assert "June 2026 is not over yet: it can be paid from 30 June 2026." in response.content.decode()
    assert not Payroll.objects.filter(employee=salesman).exists()


@freeze_time("2026-06-10")
def test_a_penalty_beyond_the_months_pay_is_refused_on_the_page_with_the_figure(client, sign_in, staff):
    sign_in(staff["moderator"].user)
    url = reverse("employees:salary", args=[staff["salesman"].pk])
    page = html.unescape(client.get(reverse("employees:detail", args=[staff["salesman"].pk])).content.decode())
    assert "A penalty can take at most the month's pay" in page  # the rule is said before it bites
    penalty = {"kind": "penalty", "amount": "2500", "effective_on": "2026-05-01", "reason": "Broken till"}
    body = html.unescape(client.post(url, penalty, follow=True).content.decode())
    assert "would leave May 2026's pay at" in body and "500.00" in body and "at most €2,000.00" in body
    assert not SalaryEntry.objects.filter(employee=staff["salesman"], kind="penalty").exists()


# --- Shifts: edited and deleted until they start, by whoever manages the salesman -----------------


def _shift(employee, *, days=1, starts=14, ends=18):
    from employees import services

    day = timezone.localdate() + timedelta(days=days)
    return services.shift_assign(
        employee=employee, day=day, starts=time(starts), ends=time(ends), counter="Counter 1", by=None
    )


def _edit(shift, **changes):
    data = {
        "employee": shift.employee.pk,
        "day": shift.day.isoformat(),
        "starts": "09:00",
        "ends": "13:00",
        "counter": "Counter 2",
    }
    return {**data, **changes}


@pytest.mark.parametrize("who", ["admin", "moderator"])
def test_a_manager_edits_and_deletes_a_planned_shift(client, sign_in, staff, who):
    sign_in(visitor(staff, who))
    shift = _shift(staff["salesman"])
    listing = client.get(reverse("employees:shifts")).content.decode()
    assert reverse("employees:shift_edit", args=[shift.pk]) in listing
    assert client.get(reverse("employees:shift_edit", args=[shift.pk])).status_code == 200
    response = client.post(reverse("employees:shift_edit", args=[shift.pk]), _edit(shift), follow=True)
    assert "works" in response.content.decode()
    shift.refresh_from_db()
    assert (shift.starts, shift.ends, shift.counter) == (time(9), time(13), "Counter 2")
    response = client.post(reverse("employees:shift_delete", args=[shift.pk]), follow=True)
    assert "Shift removed" in response.content.decode()
    assert not staff["salesman"].shifts.exists()


def test_an_edited_shift_never_overlaps_another(client, sign_in, staff):
    sign_in(staff["moderator"].user)
    _shift(staff["salesman"], starts=9, ends=13)
    later = _shift(staff["salesman"], starts=14, ends=18)
    response = client.post(reverse("employees:shift_edit", args=[later.pk]), _edit(later, starts="12:00", ends="16:00"))
    assert "already works 09:00–13:00" in response.content.decode()
    later.refresh_from_db()
    assert (later.starts, later.ends) == (time(14), time(18))
    # moving within its own hours is no overlap with itself
    client.post(reverse("employees:shift_edit", args=[later.pk]), _edit(later, starts="15:00", ends="18:00"))
    later.refresh_from_db()
    assert later.starts == time(15)


def test_a_shift_that_has_started_is_neither_edited_nor_deleted(client, sign_in, staff):
    sign_in(staff["moderator"].user)
    worked = Shift.objects.create(
        employee=staff["salesman"], day=timezone.localdate() - timedelta(days=1), starts=time(9), ends=time(13)
    )
    response = client.post(reverse("employees:shift_edit", args=[worked.pk]), _edit(worked), follow=True)
    assert "has started: it stays in the record" in response.content.decode()
    response = client.post(reverse("employees:shift_delete", args=[worked.pk]), follow=True)
    assert "has started: it stays in the record" in response.content.decode()
    worked.refresh_from_db()
    assert (worked.starts, worked.counter) == (time(9), "Main counter")


@pytest.mark.parametrize(("who", "status"), [("other_moderator", 404), ("salesman", 403), ("customer", 403)])
def test_only_the_salesmans_managers_touch_a_shift(client, sign_in, staff, who, status):
    shift = _shift(staff["salesman"])
    sign_in(visitor(staff, who))
    assert client.get(reverse("employees:shift_edit", args=[shift.pk])).status_code == status
    assert client.post(reverse("employees:shift_edit", args=[shift.pk]), _edit(shift)).status_code == status
    assert client.post(reverse("employees:shift_delete", args=[shift.pk])).status_code == status
    shift.refresh_from_db()
    assert shift.starts == time(14)


def test_a_moderator_cannot_move_a_shift_to_another_moderators_salesman(client, sign_in, staff):
    sign_in(staff["moderator"].user)
    shift = _shift(staff["salesman"])
    response = client.post(
        reverse("employees:shift_edit", args=[shift.pk]), _edit(shift, employee=staff["other_salesman"].pk)
    )
    assert "Select a valid choice" in response.content.decode()
    assert staff["other_salesman"].shifts.count() == 0
