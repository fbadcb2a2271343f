"""The site's public address (the SITE_URL setting): every absolute link in a mail, a PDF or a
notice is built here, never from the request's host or ALLOWED_HOSTS, so a mail sent by the worker
links to the same place as one sent while a page loads."""

from urllib.parse import urlsplit

from django.conf import settings


def site_url() -> str:
    """ "https://tickets.example.com", without a trailing slash."""
    return settings.SITE_URL.rstrip("/")


def site_domain() -> str:
    """The host (and port) people see: "tickets.example.com", "127.0.0.1:8000"."""
    return urlsplit(site_url()).netloc


def absolute_url(location: str) -> str:
    """A path ("/bookings/XC-1/") on the site; an absolute URL built from a request keeps its path and
    query but takes the site's scheme and host."""
    parts = urlsplit(location)
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"{site_url()}{path}{query}{fragment}"
