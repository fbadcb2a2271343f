"""Each dashboard in a real browser on a desktop and a phone: the charts are drawn (a canvas holds
painted pixels), nothing is refused by the Content-Security-Policy, and nothing is wider than
the screen. Screenshots go to .test-screenshots/dashboard/ to look at."""

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from pypdf import PdfReader

from bookings import services
from bookings.tests.factories import confirmed, seats_of
from employees.models import Employee
from movies.tests.factories import show as make_show
from sales.tests.story import tell
from users.models import Role
from users.tests.factories import UserFactory
from users.tests.helpers import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / ".test-screenshots" / "dashboard"
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
NOVEMBER = "?period=custom&start=2026-11-01&end=2026-11-30"  # the known fortnight, whatever today is

# How many painted pixels a canvas holds (0 when Chart.js drew nothing).
PAINTED = """canvas => {
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) painted++; }
  return painted;
}"""


@pytest.fixture
def people():
    story = tell()
    mo = UserFactory(role=Role.MODERATOR, full_name="Mo Moderator")
    Employee.objects.create(user=mo, started_on=date(2026, 1, 1))
    Employee.objects.create(user=story.sam, started_on=date(2026, 1, 1), supervisor=mo)
    # Today (the real clock: the live server has no other) a show still on sale, sold by Sam and
    # booked by Cora, so the Salesman's and the Customer's pages have something of today.
    later = timezone.localtime() + timedelta(minutes=30)
    show = make_show(movie=story.night_train, auditorium_=story.hall2, starts_at=later)
    services.booking_sell(show=show, seat_ids=seats_of(show, "A4", "A5"), customer=None, by=story.sam, method="cash")
    confirmed(show, "B6", customer=story.cora)
    return {"admin": story.ada, "moderator": mo, "salesman": story.sam, "customer": story.cora}


# The charts each page draws from the November figures (the film week grid's week may be empty).
CHARTS = {
    "admin": {"chart-sales", "chart-genres", "chart-movies", "chart-popular", "chart-halls", "chart-hours"}
    | {"chart-types", "chart-channels", "chart-sellers"},
    "moderator": {"chart-sales"},
    "salesman": set(),
    "customer": set(),
}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("role", list(CHARTS))
def test_each_dashboard_draws_its_charts_on_desktop_and_phone(
    browser, live_server, client, csp_refusals, axe, people, role, viewport
):
    sign_in_as(client, people[role])
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = csp_refusals(context.new_page())
    query = NOVEMBER if role in ("admin", "moderator") else ""
    response = page.goto(f"{live_server.url}/dashboard/{role}/{query}")
    assert response.status == 200
    page.wait_for_load_state("load")
    drawn = {
        canvas.get_attribute("data-chart")
        for canvas in page.locator("canvas[data-chart][data-drawn=true]").all()
        if canvas.evaluate(PAINTED) > 100
    }
    assert CHARTS[role] <= drawn
    assert csp_refusals.refused == []
    # Nothing wider than the screen (tables scroll inside their own box).
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{role}-{viewport}.png"), full_page=True)
    axe(page)
    context.close()


def test_an_admin_downloads_a_sections_report_from_the_dashboard(
    browser, live_server, client, csp_refusals, axe, people
):
    """Each section of the Admin dashboard links to its report for the period on the page."""
    sign_in_as(client, people["admin"])
    context = browser.new_context(viewport=VIEWPORTS["desktop"], accept_downloads=True)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = csp_refusals(context.new_page())
    page.goto(f"{live_server.url}/dashboard/admin/{NOVEMBER}")
    axe(page)
    gross = page.locator("[data-kpi=gross] [data-value]").first.inner_text().strip()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Sales by movie report for this period, PDF").first.click()
    download = download_info.value
    assert download.suggested_filename == "xcounter-sales-by-movie-2026-11-01-to-2026-11-30.pdf"
    report = PdfReader(download.path())
    assert report.metadata.title.startswith("Sales by movie")
    text = "".join(sheet.extract_text() for sheet in report.pages)
    assert "Total" in text and gross in text  # the report's total is the dashboard's Gross revenue tile
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Revenue by ticket type report for this period, CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download_info.value.path()).read_text("utf-8-sig"))))
    assert rows[0] and rows[-1][0] == "Total"
    assert csp_refusals.refused == []
    context.close()
