"""Fixtures shared by every app's tests."""

import os
from pathlib import Path

import pytest
from django.core.cache import cache

# Playwright runs an event loop in the test thread; the ORM calls in browser tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
AXE_SCRIPT = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
# What the accessibility check enforces: WCAG 2.1 level A and AA rules, at both screen sizes the site
# is built for; a violation of impact "serious" or "critical" fails the test.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_FAILING_IMPACTS = {"serious", "critical"}
AXE_VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
AXE_RUN = """async ({tags, skip}) => {
  const rules = Object.fromEntries(skip.map((id) => [id, {enabled: false}]));
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, rules, resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(' '), summary: n.failureSummary})),
  }));
}"""


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
def axe():
    """Browser tests: `axe(page)` on every page a journey reaches runs axe-core over it at 1366x900 and
    at 390x844 (then puts the page's own size back) and fails on any serious or critical violation of a
    WCAG 2.1 A/AA rule, listing each one. A page may leave out a rule only with the reason:
    `axe(page, skip={"rule-id": "why"})`. Every browser test must call it (see _browser_tests_run_axe)."""

    def check(page, *, skip=None):
        skip = skip or {}
        assert all(reason.strip() for reason in skip.values()), "say why a rule is left out"
        assert AXE_SCRIPT.exists(), f"{AXE_SCRIPT} is missing: run `npm ci` (axe-core is in package.json)"
        if not page.evaluate("() => typeof window.axe === 'object'"):
            # Through the DevTools protocol, not a <script> tag: the site's Content-Security-Policy
            # refuses inline scripts (rightly), and the check must not loosen it to look.
            page.evaluate(AXE_SCRIPT.read_text())
        own_size = page.viewport_size
        # No transitions while axe reads colours: after a resize the mouse rests on another button,
        # and a hover fading in would be measured half-way (Bootstrap honours reduced motion).
        page.emulate_media(reduced_motion="reduce")
        found = []
        for screen, size in AXE_VIEWPORTS.items():
            page.set_viewport_size(size)
            # Let the page answer the resize (its resize listeners run by the next frames), as on a device.
            page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
            for violation in page.evaluate(AXE_RUN, {"tags": AXE_TAGS, "skip": list(skip)}):
                if violation["impact"] in AXE_FAILING_IMPACTS:
                    found.append((screen, violation))
        page.set_viewport_size(own_size)
        page.emulate_media(reduced_motion="no-preference")
        check.pages.append(page.url)
        assert not found, f"axe-core found on {page.url}:\n" + "\n".join(
            f"- [{screen}] {v['id']} ({v['impact']}): {v['help']} <{v['url']}>\n"
            + "\n".join(f"    {node['target']}: {' '.join(node['summary'].split())}" for node in v["nodes"][:8])
            + (f"\n    ... and {len(v['nodes']) - 8} more" if len(v["nodes"]) > 8 else "")
            for screen, v in found
        )

    check.pages = []
    return check


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.passed_its_steps = report.passed
    return report


@pytest.fixture(autouse=True)
def _browser_tests_run_axe(request):
    """A browser journey that never ran the accessibility check fails: every journey runs it."""
    if request.node.get_closest_marker("browser") is None:
        yield
        return
    axe = request.getfixturevalue("axe")
    yield
    if getattr(request.node, "passed_its_steps", False):  # a failed step already says what went wrong
        assert axe.pages, "a browser test must call axe(page) on every page it visits"


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
