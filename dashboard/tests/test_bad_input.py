"""A period nobody can read figures for is refused with a message on the page (and this cinema
week shown instead), never a server error; another role's dashboard is forbidden."""

import pytest
from django.urls import reverse
from freezegun import freeze_time

from dashboard.tests.page import parse
from sales.tests.story import at
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

THIS_WEEK = "Cinema week 12–18 Nov 2026"


@pytest.mark.parametrize("url", ["dashboard:admin", "dashboard:moderator"])
@pytest.mark.parametrize(
    "params, message",
    [
        ({"period": "custom", "start": "2026-11-20", "end": "2026-11-01"}, "The start date is after the end date."),
        ({"period": "custom", "start": "2020-01-01", "end": "2026-11-01"}, "Choose a range of at most five years."),
        ({"period": "custom", "start": "yesterday", "end": "2026-11-01"}, "The start date is not a date"),
        ({"period": "custom", "start": "2026-11-01", "end": "2026-02-30"}, "The end date is not a date"),
        ({"period": "custom", "start": "1066-10-14", "end": "2026-11-01"}, "Choose dates between"),
        ({"period": "custom", "start": "2026-11-01", "end": "99999-01-01"}, "The end date is not a date"),
        ({"period": "custom", "start": "2026-11-01"}, "Give both a start and an end date"),
        ({"start": "2026-11-01", "end": "x" * 5000}, "The end date is not a date"),
        ({"period": "next_century"}, "Choose a period from the list."),
    ],
    ids=[
        "start after end",
        "over five years",
        "not a date",
        "no such day",
        "out of range",
        "year too big",
        "no end",
        "long text",
        "unknown period",
    ],
)
def test_a_bad_period_is_a_message_on_the_page(client, sign_in, url, params, message):
    role = Role.ADMIN if url == "dashboard:admin" else Role.MODERATOR
    sign_in(UserFactory(role=role))
    with freeze_time(at(2026, 11, 17, 12, 0)):
        response = client.get(reverse(url), params)
    assert response.status_code == 200
    document = parse(response.content.decode())
    assert message in document.find(data_period_message=True).text()
    assert "Showing this cinema week instead." in document.find(data_period_message=True).text()
    assert document.find(data_period=True).text() == THIS_WEEK


def test_a_good_custom_range_has_no_message(client, sign_in):
    sign_in(UserFactory(role=Role.ADMIN))
    response = client.get(reverse("dashboard:admin"), {"period": "custom", "start": "2026-11-01", "end": "2026-11-03"})
    document = parse(response.content.decode())
    assert not document.find_all(data_period_message=True)
    assert document.find(data_period=True).text() == "1–3 Nov 2026"


def test_five_years_to_the_day_are_allowed(client, sign_in):
    sign_in(UserFactory(role=Role.ADMIN))
    response = client.get(reverse("dashboard:admin"), {"period": "custom", "start": "2021-11-04", "end": "2026-11-03"})
    assert response.status_code == 200
    assert not parse(response.content.decode()).find_all(data_period_message=True)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("page", list(Role))
def test_only_its_role_opens_a_dashboard(client, sign_in, role, page):
    sign_in(UserFactory(role=role))
    response = client.get(reverse(f"dashboard:{page}"))
    assert response.status_code == (200 if role == page else 403)


@pytest.mark.parametrize("page", list(Role))
def test_signed_out_visitors_are_sent_to_sign_in(client, page):
    response = client.get(reverse(f"dashboard:{page}"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_control_character_in_a_date_is_a_bad_request(client, sign_in):
    sign_in(UserFactory(role=Role.ADMIN))
    response = client.get(
        reverse("dashboard:admin"), {"period": "custom", "start": "2026-11-01\x00", "end": "2026-11-02"}
    )
    assert response.status_code == 400  # the site's guard against control characters, not a 500


@pytest.mark.parametrize(
    "params, chosen",
    [
        ({}, "this_week"),
        ({"period": "last_month"}, "last_month"),
        ({"period": "custom", "start": "2026-11-01", "end": "2026-11-03"}, "custom"),
        ({"start": "2026-11-01", "end": "2026-11-03"}, "custom"),
    ],
)
def test_the_picker_shows_the_period_chosen(client, sign_in, params, chosen):
    sign_in(UserFactory(role=Role.ADMIN))
    document = parse(client.get(reverse("dashboard:admin"), params).content.decode())
    selected = [option.attrs["value"] for option in document.find("select").find_all("option", selected=True)]
    assert selected == [chosen]
    assert document.find("input", name="start").attrs["value"] == params.get("start", "")
