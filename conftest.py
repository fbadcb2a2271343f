"""Fixtures shared by every app's tests."""

import os

import pytest
from django.core.cache import cache

# Playwright runs an event loop in the test thread; the ORM calls in browser tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and page caches live in the cache: start every test from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _test_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sign_in(client):
    """Sign a user in as if they had passed every step, the staff code included."""
    from users.tests.helpers import sign_in_as

    return lambda user: sign_in_as(client, user)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture
def csp_refusals():
    """Browser tests: `page = csp_refusals(page)` (before the first goto) watches the page for what the
    Content-Security-Policy refuses; `csp_refusals.refused` must stay empty. The browser's own
    refusal notices do not reach Playwright's console events, so the page reports each violation."""
    report = (
        "document.addEventListener('securitypolicyviolation', (e) => console.error("
        "'CSP refused ' + e.effectiveDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber))"
    )

    def watch(page):
        page.add_init_script(report)
        page.on("console", lambda message: message.text.startswith("CSP refused") and refused.append(message.text))
        return page

    refused = watch.refused = []
    return watch


@pytest.fixture
def default_tiers(db):
    """The loyalty tiers the data migration creates (transactional tests flush them)."""
    from promotions.defaults import DEFAULT_TIERS
    from promotions.models import Tier

    for name, min_tickets, percent in DEFAULT_TIERS:
        Tier.objects.get_or_create(name=name, defaults={"min_tickets": min_tickets, "percent_off": percent})
    return list(Tier.objects.all())


@pytest.fixture
def live_server(live_server, settings):
    """Browser tests: the site is served here, so links in mail (SITE_URL) point here too."""
    settings.SITE_URL = live_server.url
    return live_server


@pytest.fixture(autouse=True)
def _staff_tills(request):
    """Every staff member created while a test runs starts with a till session open (float 0, a
    counter of their own), as a cashier opens one before taking money: the tests of bookings,
    sales, mail and the rest are not about tills. Counter payments still pass boxoffice's rule
    (attached to the session inside the payment's transaction). The boxoffice tests, and any test
    marked `tills_by_hand`, open and close tills themselves."""
    if request.node.get_closest_marker("tills_by_hand") or request.path.parent.parent.name == "boxoffice":
        yield
        return
    from django.db.models.signals import post_save

    from boxoffice import services as tills
    from users.models import User
    from users.permissions import STAFF

    def open_till(sender, instance, created, raw=False, **kwargs):
        if created and not raw and instance.role in STAFF:
            tills.session_open(cashier=instance, counter=f"Test till {instance.pk}", opening_float=0)

    post_save.connect(open_till, sender=User, dispatch_uid="test-staff-tills")
    yield
    post_save.disconnect(sender=User, dispatch_uid="test-staff-tills")
