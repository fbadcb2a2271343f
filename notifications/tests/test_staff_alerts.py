"""Alerts of every online booking and cancellation are each manager's choice, off unless they ask,
and written once the booking has committed."""

import pytest
from django.urls import reverse

from bookings import services as bookings
from bookings.tests.factories import confirmed
from movies.tests.factories import show as make_show
from notifications import services
from notifications.models import Kind, Notification
from outbox.models import OutboundEmail
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def alerts(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("title", flat=True))


def test_managers_are_not_alerted_of_each_booking_unless_they_ask(django_capture_on_commit_callbacks):
    admin, moderator = UserFactory(role=Role.ADMIN), UserFactory(role=Role.MODERATOR)
    keen = UserFactory(role=Role.MODERATOR)
    services.preferences_save(user=keen, choices={Kind.STAFF_BOOKINGS: (True, False)})
    customer = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        booking = confirmed(make_show(), "A1", customer=customer)
    with django_capture_on_commit_callbacks(execute=True):
        bookings.booking_cancel(booking=booking, by=customer, reason="Ill")
    assert alerts(admin) == alerts(moderator) == []
    assert alerts(keen) == [f"Booking {booking.reference} cancelled", f"New booking {booking.reference}"]
    assert not OutboundEmail.objects.filter(to__in=[admin.email, moderator.email, keen.email]).exists()


def test_the_alert_is_written_after_the_booking_commits_and_the_customer_mail_with_it(
    django_capture_on_commit_callbacks,
):
    keen = UserFactory(role=Role.ADMIN)
    services.preferences_save(user=keen, choices={Kind.STAFF_BOOKINGS: (True, False)})
    customer = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        booking = confirmed(make_show(), "A1", customer=customer)
        # Inside the booking's transaction: the customer's mail and notice, no staff alert yet.
        assert OutboundEmail.objects.filter(to=customer.email, subject__contains=booking.reference).exists()
        assert Notification.objects.filter(user=customer).exists()
        assert alerts(keen) == []
    for callback in after_commit:
        callback()
    assert alerts(keen) == [f"New booking {booking.reference}"]


def test_a_managers_preferences_show_booking_alerts_off_and_other_staff_alerts_on(client, sign_in):
    sign_in(UserFactory(role=Role.ADMIN))
    form = client.get(reverse("notifications:preferences")).context["form"]
    assert Kind(Kind.STAFF_BOOKINGS).label == "New bookings and cancellations (staff)"
    assert form[f"{Kind.STAFF_BOOKINGS}__in_app"].initial is False
    assert form[f"{Kind.STAFF_BOOKINGS}__email"].initial is False
    # Feedback and sign-in warnings still reach the bell unless turned off.
    assert form[f"{Kind.STAFF}__in_app"].initial is True


def test_a_manager_who_asks_for_booking_alerts_by_email_gets_them_by_email(
    client, sign_in, mailoutbox, django_capture_on_commit_callbacks
):
    admin = sign_in(UserFactory(role=Role.ADMIN))
    client.post(reverse("notifications:preferences"), {f"{Kind.STAFF_BOOKINGS}__email": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        booking = confirmed(make_show(), "A1", customer=UserFactory())
    assert alerts(admin) == []
    assert [m.subject for m in mailoutbox if m.to == [admin.email]] == [
        f"[XCounter Cinema] New booking {booking.reference}"
    ]


def test_with_nobody_asking_an_alert_costs_one_read_and_a_customer_who_asked_is_not_a_manager(
    django_assert_num_queries,
):
    managers = UserFactory(role=Role.ADMIN), UserFactory(role=Role.MODERATOR)
    with django_assert_num_queries(1):  # who asked for this kind at all: nobody
        services.notify_many(
            users=type(managers[0]).objects.filter(role__in=[Role.ADMIN, Role.MODERATOR]),
            kind=Kind.STAFF_BOOKINGS,
            title="Sold",
        )
    customer = UserFactory()
    services.preferences_save(user=customer, choices={Kind.STAFF_BOOKINGS: (True, True)})  # not an audience
    gone = UserFactory(role=Role.ADMIN, is_active=False)
    services.preferences_save(user=gone, choices={Kind.STAFF_BOOKINGS: (True, False)})
    services.notify_many(
        users=type(customer).objects.filter(role__in=[Role.ADMIN, Role.MODERATOR]),
        kind=Kind.STAFF_BOOKINGS,
        title="Sold",
    )
    assert not Notification.objects.filter(kind=Kind.STAFF_BOOKINGS).exists()
    assert not OutboundEmail.objects.filter(to=customer.email).exists()
