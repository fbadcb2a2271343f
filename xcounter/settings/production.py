"""Production settings: DJANGO_SETTINGS_MODULE=xcounter.settings.production (README, "Production").

The base settings with DEBUG forced off, and no default for anything that must be the site's own:
a process started without one of REQUIRED (in the environment or the .env file) refuses to start
and names what is missing, instead of running on a development key, a SQLite file, a per-process
cache or console mail.
"""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

REQUIRED = (
    "SECRET_KEY",  # 50+ random characters
    "ALLOWED_HOSTS",  # the site's host names
    "SITE_URL",  # https://tickets.example.com: every link in mails and notices
    "DATABASE_URL",  # postgres://…
    "REDIS_URL",  # the shared cache: rate limits, sign-in throttles, catalog cache
    "EMAIL_URL",  # smtp+tls://…
    "DEFAULT_FROM_EMAIL",  # the sender of every mail, on the theater's own domain
)

# Checked before the base settings are read, since they derive every default from DEBUG.
_dotenv = Path(__file__).resolve().parent.parent.parent / ".env"
if _dotenv.exists():
    environ.Env.read_env(_dotenv, overwrite=False)
_missing = [name for name in REQUIRED if not os.environ.get(name, "").strip()]
if _missing:
    raise ImproperlyConfigured(
        f"Production settings have no default for {', '.join(_missing)}: set them in the environment "
        "(e.g. /etc/xcounter.env) — see README, Configuration."
    )
_key = os.environ["SECRET_KEY"]
if len(_key) < 50 or len(set(_key)) < 5 or _key.startswith("django-insecure"):
    raise ImproperlyConfigured("SECRET_KEY must be 50 or more random characters (not a development key).")
# Whatever the environment says: HSTS, secure cookies, the SSL redirect, worker mail delivery and
# the proxy count follow from DEBUG off in the base settings.
os.environ["DEBUG"] = "False"

from .base import *  # noqa: E402, F403
