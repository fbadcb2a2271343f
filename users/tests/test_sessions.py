"""Sessions are read with one SQL statement (users/sessions.py) and the signed-in person with one
prepared read (users/models.py, UserManager.get); they must be exactly as valid as Django makes
them: a sign-out, an expired row, a forged key or a deactivated account signs nobody in."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
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


def test_the_signed_in_person_is_loaded_whole_by_one_prepared_read(client, django_assert_num_queries):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    customer, _ = signed_in(client)
    expected = User.objects.filter(pk=customer.pk).first()  # the ORM's way

    with django_assert_num_queries(1):
        loaded = User.objects.get(pk=customer.pk)
    for field in User._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
    assert not loaded._state.adding and loaded._state.db == "default"
    assert User.objects.get(pk=str(customer.pk)) == customer  # the session keeps the id as text


def test_a_missing_or_malformed_id_is_refused_as_the_orm_refuses_it():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    for missing in (0, -1, 10**20, 987654):
        with pytest.raises(User.DoesNotExist):
            User.objects.get(pk=missing)
    with pytest.raises(ValueError):
        User.objects.get(pk="not-a-number")


def test_a_person_deactivated_or_deleted_is_signed_out_at_the_next_page(client):
    customer, _ = signed_in(client)
    customer.is_active = False
    customer.save(update_fields=["is_active"])
    assert client.get(MY_BOOKINGS).status_code == 302

    other = Client()
    someone, _ = signed_in(other)
    someone.delete()
    assert other.get(MY_BOOKINGS).status_code == 302
