"""Notices follow preferences and reach the outbox with the event that caused them."""

import pytest
from django.urls import reverse

from bookings.tests.factories import confirmed, held
from movies.tests.factories import show as make_show
from notifications import services
from notifications.models import Kind, Notification
from outbox.models import OutboundEmail
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_booking_writes_its_notice_and_mail_in_its_own_transaction(django_capture_on_commit_callbacks, mailoutbox):
    customer = UserFactory()
    UserFactory(role=Role.MODERATOR)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        booking = confirmed(make_show(), "A1", customer=customer)
    # Written with the booking, not sent yet.
    email = OutboundEmail.objects.get(to=customer.email)
    assert email.status == "queued" and booking.reference in email.subject and mailoutbox == []
    assert Notification.objects.filter(user=customer, kind=Kind.BOOKING).exists()
    assert not Notification.objects.filter(user__role=Role.MODERATOR).exists()  # staff alerts wait for the commit
    for callback in pending:
        callback()
    email.refresh_from_db()
    assert email.status == "sent" and len(mailoutbox) == 1
    assert [name for name, *_ in mailoutbox[0].attachments] == [
        f"tickets-{booking.reference}.pdf",
        f"invoice-{booking.invoice_number}.pdf",
    ]
    assert mailoutbox[0].alternatives and "text/html" in mailoutbox[0].alternatives[0][1]


def test_a_refused_booking_writes_no_mail():
    from coupons.services import CouponError

    booking = held(make_show(), "A1")
    from bookings import services as bookings
    from bookings.payments import PayAtBoxOffice

    with pytest.raises(CouponError):
        bookings.booking_confirm(booking=booking, provider=PayAtBoxOffice(), by=booking.customer, coupon_code="NOPE")
    assert not OutboundEmail.objects.exists() and not Notification.objects.exists()


def test_preferences_choose_in_site_and_email_but_booking_mail_always_goes(django_capture_on_commit_callbacks):
    customer = UserFactory()
    services.preferences_save(user=customer, choices={Kind.BOOKING: (False, False), Kind.OFFERS: (True, False)})
    confirmed(make_show(), "A1", customer=customer)
    assert not Notification.objects.filter(user=customer, kind=Kind.BOOKING).exists()
    assert OutboundEmail.objects.filter(to=customer.email).count() == 1  # transactional
    services.notify(user=customer, kind=Kind.OFFERS, title="Half price Tuesdays")
    assert Notification.objects.filter(user=customer, kind=Kind.OFFERS).count() == 1
    assert OutboundEmail.objects.filter(to=customer.email).count() == 1


def test_salary_entries_and_payments_tell_the_employee():
    from datetime import date
    from decimal import Decimal

    from employees import services as staff
    from employees.tests.factories import hire

    salesman = hire(started_on=date(2026, 1, 15))
    staff.salary_entry_add(
        employee=salesman, kind="penalty", amount=Decimal("25"), effective_on=date(2026, 3, 1), reason="Late", by=None
    )
    notice = Notification.objects.get(user=salesman.user, kind=Kind.SALARY)
    assert notice.title == "Penalty: €25.00 for March 2026" and notice.body == "Reason: Late"
    assert OutboundEmail.objects.filter(to=salesman.user.email, subject__contains="Penalty").exists()


@pytest.mark.django_db(transaction=True)  # each write commits: the bell's cached count is dropped then
def test_bell_list_and_read_marks(client, sign_in):
    customer = sign_in(UserFactory())
    other = UserFactory()
    mine = services.notify(user=customer, kind=Kind.OFFERS, title="Popcorn on us", url="/")
    theirs = services.notify(user=other, kind=Kind.OFFERS, title="Not yours")
    services.notify(user=customer, kind=Kind.OFFERS, title="Second")
    page = client.get(reverse("notifications:list"))
    assert page.context["unread_notifications"] == 2 and "Popcorn on us" in page.content.decode()
    assert "Not yours" not in page.content.decode()
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[mine.pk]))["Location"] == "/"
    client.post(reverse("notifications:read_all"))
    assert client.get("/").context["unread_notifications"] == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_preferences_page_saves_choices(client, sign_in):
    customer = sign_in(UserFactory())
    client.post(reverse("notifications:preferences"), {"offers__in_app": "on", "booking__email": "on"})
    assert services.wants(customer, Kind.OFFERS) == (True, False)
    assert services.wants(customer, Kind.BOOKING) == (False, True)


@pytest.mark.parametrize(
    ("role", "salary", "staff"),
    [
        (Role.CUSTOMER, False, False),
        (Role.SALESMAN, True, False),
        (Role.MODERATOR, True, True),
        (Role.ADMIN, False, True),
    ],
)
def test_each_role_sees_only_its_kinds_of_notice(client, sign_in, role, salary, staff):
    sign_in(UserFactory(role=role))
    body = client.get(reverse("notifications:preferences")).content.decode()
    assert ("Salary" in body) == salary
    assert ("(staff)" in body) == staff


def test_change_and_cancellation_notices_reach_the_customer_and_staff(mailoutbox, django_capture_on_commit_callbacks):
    from bookings import services as bookings
    from bookings.tests.factories import seats_of, sold_at_counter

    customer, moderator = UserFactory(), UserFactory(role=Role.MODERATOR)
    services.preferences_save(user=moderator, choices={Kind.STAFF_BOOKINGS: (True, False)})
    show = make_show()
    with django_capture_on_commit_callbacks(execute=True):
        booking = sold_at_counter(show, "A1", customer=customer)
        bookings.booking_change(booking=booking, show=show, seat_ids=seats_of(show, "B1"), by=booking.created_by)
        bookings.booking_cancel(booking=booking, by=booking.created_by, reason="Ill", refund_now=True)
    subjects = [m.subject for m in mailoutbox if m.to == [customer.email]]
    assert [s.split("] ")[1] for s in subjects] == [
        f"Booking {booking.reference} confirmed",
        f"Booking {booking.reference} changed",
        f"Booking {booking.reference} cancelled",
    ]
    changed = next(m for m in mailoutbox if "changed" in m.subject)
    assert len(changed.attachments) == 2  # the new tickets and invoice
    staff_titles = list(Notification.objects.filter(user=moderator).values_list("title", flat=True))
    assert sorted(staff_titles) == sorted(
        [f"New booking {booking.reference}", f"Booking {booking.reference} cancelled"]
    )


@pytest.mark.parametrize(
    ("kind", "phrase"),
    [
        (Kind.BOOKING, "until the show starts"),
        (Kind.REMINDER, "be in your seat on time"),
        (Kind.SALARY, "Ask your supervisor"),
        (Kind.MESSAGES, "Read and reply"),
        (Kind.NEW_MOVIES, "hear about new movies"),
        (Kind.OFFERS, "did not turn them off"),
        (Kind.STAFF, "A staff alert"),
        (Kind.STAFF_BOOKINGS, "A staff alert"),
    ],
)
def test_every_kind_of_mail_has_its_own_text_and_html_in_the_site_look(kind, phrase):
    user = UserFactory()
    text, html = services.render_email(
        kind,
        {
            "user": user,
            "title": "Hello",
            "body": "Body",
            "url": "/x/",
            "theater": "XCounter Cinema",
            "site": "https://t.example",
        },
    )
    assert phrase in html or phrase in text
    assert "#16161d" in html and "Hello" in text and "https://t.example/x/" in text


def test_line_breaks_in_a_name_or_subject_neither_inject_headers_nor_lose_the_staff_mail(
    mailoutbox, django_capture_on_commit_callbacks
):
    from feedback import services as feedback
    from support import services as support

    admin = UserFactory(role=Role.ADMIN)
    services.preferences_save(user=admin, choices={Kind.STAFF: (True, True)})
    customer = UserFactory(full_name="Eve\r\nBcc: everyone@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        support.thread_open(customer=customer, topic="query", subject="Refund\r\nX-Priority: 1", body="Please")
        feedback.feedback_give(author=customer, kind="problem", text="The page broke")
    assert list(OutboundEmail.objects.filter(to=admin.email).values_list("status", flat=True)) == ["sent", "sent"]
    subjects = sorted(message.message()["Subject"] for message in mailoutbox)
    assert subjects == [
        "[XCounter Cinema] New question: Refund X-Priority: 1",
        "[XCounter Cinema] Report a problem from Eve Bcc: everyone@example.com",
    ]
    assert all(message.recipients() == [admin.email] for message in mailoutbox)
    assert all(message.message()["X-Priority"] is None for message in mailoutbox)
