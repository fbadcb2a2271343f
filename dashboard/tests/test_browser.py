"""Each dashboard in a real browser on a desktop and a phone: the charts are drawn (a canvas holds
painted pixels), nothing is refused by the Content-Security-Policy, and nothing is wider than
the screen. Screenshots go to .test-screenshots/dashboard/ to look at."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

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
    browser, live_server, client, csp_refusals, people, role, viewport
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
    context.close()
