"""Logs a collector can read (LOG_FORMAT=json: one JSON object per line, each naming its request)
and error mail to ADMINS."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import path

from users.tests.factories import UserFactory
from xcounter.logging import JsonFormatter, RequestContextFilter
from xcounter.urls import urlpatterns as site_urlpatterns

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def projector_fire(request):
    logging.getLogger("bookings").warning("Checking the projector before the fire")
    raise RuntimeError("the projector caught fire")


# The site, plus one page that fails (the tests below switch ROOT_URLCONF to this module).
urlpatterns = [path("boom/", projector_fire), *site_urlpatterns]


@pytest.fixture
def json_log():
    """What the console handler writes with LOG_FORMAT=json, as a list of parsed lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    root, request_logger = logging.getLogger(), logging.getLogger("xcounter.request")
    old_level = request_logger.level
    root.addHandler(handler)
    request_logger.setLevel(logging.INFO)

    def lines():
        text = stream.getvalue()
        assert text.endswith("\n")
        return [json.loads(line) for line in text.splitlines()]  # each line is one JSON object

    try:
        yield lines
    finally:
        root.removeHandler(handler)
        request_logger.setLevel(old_level)


def test_each_request_is_one_json_line_with_its_id_user_path_status_and_duration(client, sign_in, json_log):
    user = sign_in(UserFactory())

    response = client.get("/profile/", {"tab": "x"})

    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    (line,) = [entry for entry in json_log() if entry["logger"] == "xcounter.request"]
    assert line["request_id"] == request_id
    assert line["user_id"] == user.pk
    assert line["method"] == "GET" and line["path"] == "/profile/"
    assert line["status"] == response.status_code == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["level"] == "INFO" and line["time"].endswith("+00:00")


def test_an_anonymous_request_has_no_user_id_and_each_request_its_own_id(client, json_log):
    first, second = client.get("/"), client.get("/no-such-page/")
    lines = [entry for entry in json_log() if entry["logger"] == "xcounter.request"]
    assert [line["status"] for line in lines] == [200, 404]
    assert [line["request_id"] for line in lines] == [first["X-Request-ID"], second["X-Request-ID"]]
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert all("user_id" not in line for line in lines)


def test_the_proxys_request_id_is_kept_and_a_forged_one_replaced(client):
    kept = client.get("/", headers={"X-Request-ID": "a1b2c3d4-nginx"})
    assert kept["X-Request-ID"] == "a1b2c3d4-nginx"

    forged = client.get("/", headers={"X-Request-ID": 'x" level=ERROR message="fake'})
    assert forged["X-Request-ID"] != 'x" level=ERROR message="fake' and len(forged["X-Request-ID"]) == 32


def test_an_error_is_one_json_line_with_the_traceback_and_the_request_id(settings, json_log):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    lines = json_log()
    warning = next(line for line in lines if line["logger"] == "bookings")
    error = next(line for line in lines if line["logger"] == "django.request")
    request_line = next(line for line in lines if line["logger"] == "xcounter.request")
    # Every line logged while the request ran names it.
    assert warning["request_id"] == error["request_id"] == request_line["request_id"] == response["X-Request-ID"]
    assert warning["path"] == error["path"] == "/boom/"
    assert error["level"] == "ERROR" and error["status"] == 500
    assert "Traceback (most recent call last)" in error["traceback"]
    assert 'raise RuntimeError("the projector caught fire")' in error["traceback"]
    assert request_line["status"] == 500


def test_admins_get_the_error_by_mail(settings):
    settings.ROOT_URLCONF = __name__
    settings.ADMINS = [("Ann Admin", "ann@example.com"), ("", "ops@example.com")]
    mail.outbox.clear()

    Client(raise_request_exception=False).get("/boom/")

    (message,) = mail.outbox
    assert message.to == ["ann@example.com", "ops@example.com"]
    assert "/boom/" in message.subject and message.subject.startswith("[XCounter] ")
    assert "RuntimeError at /boom/\nthe projector caught fire" in message.body
    assert 'raise RuntimeError("the projector caught fire")' in message.body  # the traceback


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "LOG_FORMAT", "ADMINS"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_log_format_json_makes_every_console_line_json():
    code = "import logging; logging.getLogger('bookings').error('Seat map\\nis empty')"
    result = manage("shell", "-c", code, LOG_FORMAT="json")
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["logger"] == "bookings" and line["message"] == "Seat map\nis empty" and line["level"] == "ERROR"

    text = manage("shell", "-c", code).stderr.strip().splitlines()
    assert text[-2].endswith("ERROR bookings [-] Seat map")  # readable text by default

    refused = manage("check", LOG_FORMAT="xml")
    assert refused.returncode != 0 and "LOG_FORMAT must be text or json" in refused.stderr


def test_admins_are_read_from_the_environment():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.ADMINS)",
        ADMINS='"Admin, Ann" <ann@example.com>, ops@example.com',
    )
    assert result.stdout.strip().splitlines()[-1] == "[('Admin, Ann', 'ann@example.com'), ('', 'ops@example.com')]"

    refused = manage("check", ADMINS="Ann Admin")
    assert refused.returncode != 0 and "ADMINS must be email addresses" in refused.stderr
