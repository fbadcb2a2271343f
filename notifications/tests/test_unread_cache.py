"""The navbar bell's unread count comes from the cache, is dropped by every write of a person's
notices (also once the write commits), and a cache that is down costs a query, never the page."""

import socket

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import services
from notifications.models import Kind, Notification
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BELL = "data-unread>{}</span>"


def counts_in(captured) -> int:
    return sum("COUNT(*)" in q["sql"] and "notifications_notification" in q["sql"] for q in captured.captured_queries)


def page(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("notifications:preferences"))
    assert response.status_code == 200
    return response.content.decode(), counts_in(captured)


def tell(user, title="Hello"):
    return services.notify(user=user, kind=Kind.BOOKING, title=title)


def test_the_count_is_read_once_then_from_the_cache(client, sign_in):
    customer = sign_in(UserFactory())
    tell(customer)
    first, counted = page(client)
    assert BELL.format(1) in first and counted == 1
    second, counted = page(client)
    assert BELL.format(1) in second and counted == 0  # no query for the bell any more


@pytest.mark.django_db(transaction=True)  # each write commits, as a request's does
def test_a_new_notice_and_reading_them_show_at_once(client, sign_in):
    customer = sign_in(UserFactory())
    tell(customer)
    assert BELL.format(1) in page(client)[0]
    tell(customer, "Again")
    assert BELL.format(2) in page(client)[0]
    notice = Notification.objects.filter(user=customer).first()
    client.post(reverse("notifications:read", args=[notice.pk]))
    assert BELL.format(1) in page(client)[0]
    client.post(reverse("notifications:read_all"))
    assert "data-unread>" not in page(client)[0]


@pytest.mark.django_db(transaction=True)  # each write commits, as a request's does
def test_notices_to_many_and_announcements_show_at_once(client, sign_in):
    manager = sign_in(UserFactory(role=Role.ADMIN))
    services.preferences_save(user=manager, choices={Kind.STAFF_BOOKINGS: (True, False)})
    services.preferences_save(user=manager, choices={Kind.NEW_MOVIES: (True, False)})
    assert "data-unread>" not in page(client)[0]
    services.notify_many(users=type(manager).objects.filter(pk=manager.pk), kind=Kind.STAFF_BOOKINGS, title="Sold")
    assert BELL.format(1) in page(client)[0]
    assert services.announce(users=type(manager).objects.filter(pk=manager.pk), kind=Kind.NEW_MOVIES, title="New") == (
        1,
        0,
    )
    assert BELL.format(2) in page(client)[0]


def test_a_count_read_before_the_commit_is_dropped_when_it_commits(client, sign_in, django_capture_on_commit_callbacks):
    """A page rendered while the notice's transaction is still open keeps the old count in the
    cache; the drop at commit removes it."""
    customer = sign_in(UserFactory())
    with django_capture_on_commit_callbacks(execute=False) as pending:
        tell(customer)
        from django.core.cache import cache

        cache.set(f"notifications:unread:{customer.pk}", 0, 60)  # what a page in between would keep
    for callback in pending:
        callback()
    assert BELL.format(1) in page(client)[0]


def test_redis_down_still_serves_the_page_with_the_count(client, sign_in, settings):
    customer = sign_in(UserFactory())
    tell(customer)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "xcounter.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    content, counted = page(client)
    assert BELL.format(1) in content and counted == 1
    tell(customer, "While Redis is down")  # the drop fails quietly; the write stands
    content, counted = page(client)
    assert BELL.format(2) in content and counted == 1
