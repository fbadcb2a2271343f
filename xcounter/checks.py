"""Deployment checks: a production setup whose limits would not hold does not start."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.caches)
def shared_cache_in_production(app_configs=None, **kwargs):
    """Rate limits, sign-in code throttles and page caches live in the cache; with several server
    processes each would count on its own, multiplying every limit by the number of processes."""
    if settings.DEBUG or settings.SINGLE_PROCESS:
        return []
    if settings.CACHES["default"]["BACKEND"] not in PROCESS_LOCAL_CACHES:
        return []
    return [
        checks.Error(
            "Production (DEBUG=False) has no shared cache: every server process would keep its own "
            "rate limits, so each limit multiplies by the number of processes.",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0), or SINGLE_PROCESS=True when exactly "
            "one process serves the site.",
            id="xcounter.E001",
        )
    ]


def refuse_unsafe_start():
    """gunicorn runs no system checks: the WSGI/ASGI entry points call this instead."""
    errors = shared_cache_in_production()
    if errors:
        raise ImproperlyConfigured(" ".join(f"{error.msg} {error.hint}" for error in errors))


@checks.register(checks.Tags.security, deploy=True)
def site_url_in_production(app_configs=None, **kwargs):
    """Mails link to SITE_URL: without it (or with a plain-http one) production mails would link nowhere
    or to an address that is not served."""
    if settings.DEBUG:
        return []
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme == "https" and parts.netloc and parts.path in ("", "/") and not parts.query:
        return []
    return [
        checks.Error(
            f"SITE_URL is {settings.SITE_URL!r}: links in mails need the site's public https address.",
            hint="Set SITE_URL, e.g. https://tickets.example.com (scheme and host, no path).",
            id="xcounter.E002",
        )
    ]
