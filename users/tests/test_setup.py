"""Settings from the environment and the demo data command."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from demo.users import DEMO_PASSWORD, DEMO_USERS
from users.models import User

ROOT = Path(__file__).resolve().parents[2]
DEPLOYMENT_VARIABLES = {
    "REDIS_URL",
    "SINGLE_PROCESS",
    "TRUSTED_PROXY_COUNT",
    "TRUSTED_CLIENT_IP_HEADER",
    "SITE_URL",
    "EMAIL_URL",
}


def manage(*args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", *DEPLOYMENT_VARIABLES}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def production(**env):
    """The production variables the README lists (no Redis unless given)."""
    return {
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "tickets.example.com",
        "CSRF_TRUSTED_ORIGINS": "https://tickets.example.com",
        "SITE_URL": "https://tickets.example.com",
        **env,
    }


def test_check_deploy_is_clean_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production(REDIS_URL="redis://127.0.0.1:6379/0"))
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_shared_cache():
    """Several workers with a cache each would each keep their own rate limits."""
    result = manage("check", **production())
    assert result.returncode != 0
    assert "xcounter.E001" in result.stderr and "REDIS_URL" in result.stderr

    assert manage("check", **production(REDIS_URL="redis://127.0.0.1:6379/0")).returncode == 0
    # One process may say so and keep its limits in its own memory.
    assert manage("check", **production(SINGLE_PROCESS="True")).returncode == 0


def test_gunicorn_does_not_boot_production_without_a_shared_cache():
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", *DEPLOYMENT_VARIABLES}}
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "xcounter.wsgi", "--bind", "127.0.0.1:0", "--workers", "1"],
        cwd=ROOT,
        env={**clean, **production()},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_sign_in_limits_count_the_address_the_proxy_forwards():
    code = (
        "from django.conf import settings as s;"
        " print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
    )

    def resolved(**env):
        return manage("shell", "-c", code, **env).stdout.strip().splitlines()[-1].split()

    # Production sits behind one proxy (deploy/nginx.conf); development trusts no header.
    assert resolved(**production(SINGLE_PROCESS="True")) == ["1", "None"]
    assert resolved() == ["0", "None"]
    assert resolved(**production(SINGLE_PROCESS="True", TRUSTED_PROXY_COUNT="2")) == ["2", "None"]
    assert resolved(**production(SINGLE_PROCESS="True", TRUSTED_CLIENT_IP_HEADER="X-Real-IP")) == ["1", "X-Real-IP"]


def test_development_prints_mail_to_the_console_and_links_to_the_make_run_address():
    served = re.search(r"runserver (\S+)", (ROOT / "Makefile").read_text()).group(1)
    code = "from django.conf import settings as s; print(s.SITE_URL); print(s.EMAIL_BACKEND)"
    lines = manage("shell", "-c", code).stdout.strip().splitlines()
    assert lines[-2:] == [f"http://{served}", "outbox.console.EmailBackend"]


def test_production_must_name_its_https_address_for_links_in_mail():
    for wrong in ("", "http://tickets.example.com", "https://tickets.example.com/shop"):
        result = manage("check", "--deploy", **production(SINGLE_PROCESS="True", SITE_URL=wrong))
        assert result.returncode != 0
        assert "xcounter.E002" in result.stderr and "SITE_URL" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DEBUG="False", ALLOWED_HOSTS="tickets.example.com")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_environment_selects_database_cache_and_mail():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE']);"
        "print(s.CACHES['default']['BACKEND']);"
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS)"
    )
    result = manage(
        "shell",
        "-c",
        code,
        DATABASE_URL="postgres://theater@db.example.com:5432/xcounter",
        REDIS_URL="redis://127.0.0.1:6379/1",
        EMAIL_URL="smtp+tls://mailer:secret@smtp.example.com:587",
    )
    lines = result.stdout.strip().splitlines()
    assert lines[-3] == "django.db.backends.postgresql"
    assert lines[-2] == "xcounter.cache.RedisCache"  # Django's Redis backend, keeping its client
    assert lines[-1] == "django.core.mail.backends.smtp.EmailBackend smtp.example.com 587 True"


@pytest.mark.django_db
@pytest.mark.tills_by_hand  # seed_demo opens its own tills
def test_seed_demo_creates_verified_demo_accounts_and_is_idempotent(capsys, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--days", "2")
    users = User.objects.count()
    call_command("seed_demo", "--days", "2")
    out = capsys.readouterr().out
    for email, role, *_ in DEMO_USERS:
        user = User.objects.get(email=email)
        assert user.role == role and user.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.get(user=user).verified
        assert email in out
    assert User.objects.count() == users


@pytest.mark.django_db
def test_seed_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", "--days", "2")
    assert not User.objects.exists()
