"""/healthz, as the load balancer sees it: 200 when this server can serve, 503 when it cannot."""

import logging
import socket
from datetime import timedelta

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection
from django.db.utils import ConnectionHandler
from django.utils import timezone

from outbox.models import OutboundEmail

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A port on this machine where nothing listens (connecting is refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def broken_database():
    """This test's database settings, pointed where no database is: a real driver, a real failure."""
    settings_dict = dict(connection.settings_dict)
    if settings_dict["ENGINE"].endswith("sqlite3"):
        settings_dict["NAME"] = "/nonexistent-folder/xcounter.sqlite3"
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    return ConnectionHandler({DEFAULT_DB_ALIAS: settings_dict})


def test_a_healthy_server_answers_200_with_no_secrets_and_no_caching(client):
    OutboundEmail.objects.create(to="fan@example.com", subject="Your tickets", body_text="…")
    OutboundEmail.objects.filter().update(created_at=timezone.now() - timedelta(minutes=7))
    OutboundEmail.objects.create(to="old@example.com", subject="Sent long ago", body_text="…", status="sent")
    OutboundEmail.objects.filter(status="sent").update(created_at=timezone.now() - timedelta(days=3))

    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["cache"] == "ok"
    # The oldest mail still waiting, not the oldest ever sent.
    assert 7 * 60 <= body["oldest_queued_mail_seconds"] < 8 * 60
    assert set(body) == {"status", "database", "cache", "oldest_queued_mail_seconds"}
    assert "no-store" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    assert client.head("/healthz").status_code == 200


def test_an_empty_outbox_is_zero_seconds_behind(client):
    assert client.get("/healthz").json()["oldest_queued_mail_seconds"] == 0


def test_database_down_answers_503_without_saying_why(client, monkeypatch, caplog):
    monkeypatch.setattr("health.selectors.connections", broken_database())

    with caplog.at_level(logging.WARNING, logger="health.selectors"):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "unreachable",
        "cache": "ok",
        "oldest_queued_mail_seconds": None,
    }
    # The driver's own error is in the server's log, not in the answer (it may name internal hosts).
    (record,) = [r for r in caplog.records if r.name == "health.selectors"]
    assert isinstance(record.exc_info[1], OperationalError)
    assert "nonexistent" not in response.content.decode() and "127.0.0.1" not in response.content.decode()


def test_cache_down_answers_503(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "xcounter.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unreachable" and response.json()["database"] == "ok"


def test_needs_no_sign_in_and_answers_a_plain_http_probe_when_https_is_enforced(client, settings):
    """Production redirects HTTP to HTTPS; the load balancer's probe on plain HTTP is answered."""
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    redirected = client.get("/")
    assert redirected.status_code == 301 and redirected["Location"].startswith("https://")
