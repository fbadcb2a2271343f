"""Benchmark: queue a bulk offer to 10,000 customers through the real view, then let the worker
deliver to a local SMTP sink (aiosmtpd on 127.0.0.1).

Prints one line:  customers=… request_seconds=… queued=… worker_mails_per_second=… sent=… failed=…

Run: .venv/bin/python bench/offer_blast.py   (or `make bench`)
Environment: BENCH_DATABASE_URL, BENCH_CUSTOMERS (10000), BENCH_PORT, BENCH_WORKER_SECONDS (60).
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from booking_race import ENV, HOST, ROOT, ensure_database, wait_until_up  # noqa: E402

CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", 10000))
WORKER_SECONDS = float(os.environ.get("BENCH_WORKER_SECONDS", 60))


class Sink:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def prepare():
    """Migrate; create the customers (rows written directly: set-up, not the thing measured) and
    a Moderator session that has passed the sign-in code."""
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=ENV, check=True)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=ENV, check=True)
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_email.models import EmailDevice

    from outbox.models import OutboundEmail
    from users.models import Role, User

    OutboundEmail.objects.filter(batch__startswith="offer:").delete()
    have = User.objects.filter(email__startswith="blast", role=Role.CUSTOMER).count()
    unusable = make_password(None)
    User.objects.bulk_create(
        [User(email=f"blast{n}@xcounter.test", role=Role.CUSTOMER, password=unusable) for n in range(have, CUSTOMERS)],
        batch_size=2000,
    )
    moderator, _ = User.objects.get_or_create(email="blast-moderator@xcounter.test", defaults={"role": Role.MODERATOR})
    device, _ = EmailDevice.objects.get_or_create(user=moderator, name="sign-in", defaults={"confirmed": True})
    session = SessionStore()
    session[SESSION_KEY] = str(moderator.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = moderator.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return session.session_key, User.objects.filter(role=Role.CUSTOMER).count()


def post_offer(session_key: str) -> tuple[int, float]:
    csrf = secrets.token_hex(16)
    body = urllib.parse.urlencode(
        {
            "subject": "Half-price Tuesdays",
            "body": "All seats half price.",
            "audience": "all",
            "action": "send",
            "csrfmiddlewaretoken": csrf,
        }
    )
    started = time.perf_counter()
    connection = HTTPConnection(HOST, timeout=120)
    connection.request(
        "POST",
        "/notifications/offers/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
            "X-Forwarded-Proto": "https",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}/",
        },
    )
    response = connection.getresponse()
    response.read()
    return response.status, time.perf_counter() - started


def main():
    from aiosmtpd.controller import Controller

    ensure_database()
    session_key, customers = prepare()
    sink = Sink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    smtp = Controller(sink, hostname="127.0.0.1", port=port)
    smtp.start()
    env = {**ENV, "EMAIL_URL": f"smtp://127.0.0.1:{port}", "EMAIL_DELIVERY": "worker"}
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "xcounter.wsgi", "--bind", HOST, "--workers", "2", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(gunicorn)
        status, request_seconds = post_offer(session_key)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
    from outbox.models import OutboundEmail

    queued = OutboundEmail.objects.filter(batch__startswith="offer:").count()
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "deliver_outbox", "--loop", "--interval", "0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    started = time.perf_counter()
    while time.perf_counter() - started < WORKER_SECONDS and sink.count < queued:
        time.sleep(0.5)
    elapsed = time.perf_counter() - started
    worker.send_signal(signal.SIGTERM)
    worker.wait(timeout=30)
    smtp.stop()
    sent = OutboundEmail.objects.filter(batch__startswith="offer:", status="sent").count()
    failed = OutboundEmail.objects.filter(batch__startswith="offer:", status="failed").count()
    print(
        f"customers={customers} http_status={status} request_seconds={request_seconds:.2f} queued={queued} "
        f"worker_mails_per_second={sink.count / elapsed:.1f} sent={sent} failed={failed} received={sink.count}"
    )
    return 0 if status == 302 and failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
