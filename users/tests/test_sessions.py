"""Sessions are read with one SQL statement (users/sessions.py); they must be exactly as valid as
Django's database backend makes them: a sign-out, an expired row or a forged key signs nobody in."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from users.sessions import SessionStore
from users.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

MY_BOOKINGS = reverse("bookings:mine")


def signed_in(client):
    customer = UserFactory()
    response = client.post(reverse("account_login"), {"login": customer.email, "password": PASSWORD})
    assert response.status_code == 302
    return customer, client.cookies[settings.SESSION_COOKIE_NAME].value


def test_a_signed_in_customer_is_known_from_the_session_row(client):
    customer, key = signed_in(client)

    assert client.get(MY_BOOKINGS).status_code == 200
    assert SessionStore(key).load()["_auth_user_id"] == str(customer.pk)


def test_after_sign_out_the_old_cookie_opens_nothing(client):
    _, key = signed_in(client)
    client.post(reverse("account_logout"))

    client.cookies[settings.SESSION_COOKIE_NAME] = key  # the cookie kept, as a thief would
    response = client.get(MY_BOOKINGS)

    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert SessionStore(key).load() == {}


def test_an_expired_session_row_is_not_read(client):
    _, key = signed_in(client)
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get(MY_BOOKINGS)

    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    store = SessionStore(key)
    assert store.load() == {} and store.session_key is None  # a fresh session, never the old key


@pytest.mark.parametrize("key", ["nosuchsessionkey12345", "x", "' OR 1=1 --", "a" * 400])
def test_an_unknown_or_forged_key_is_a_stranger(client, key):
    UserFactory()
    client.cookies[settings.SESSION_COOKIE_NAME] = key

    response = client.get(MY_BOOKINGS)

    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert SessionStore(key).load() == {}


def test_a_session_row_with_tampered_data_is_empty(client):
    _, key = signed_in(client)
    Session.objects.filter(session_key=key).update(session_data="tampered:data")

    response = client.get(MY_BOOKINGS)

    assert response.status_code == 302 and reverse("account_login") in response["Location"]
