"""An Admin picks a report, a month and a format on the reports page and downloads it, in a real
browser (the page's script shows only the fields of the chosen kind of period)."""

import csv
import io
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from reporting.tests.conftest import staff
from sales.tests.story import tell
from users.tests.helpers import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("REPORT_SCREENSHOTS", "/tmp/xcounter-report-shots"))


def test_an_admin_downloads_a_report_from_the_reports_page(browser, live_server, client, csp_refusals, axe):
    story = tell()
    staff(story)
    sign_in_as(client, story.ada)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = csp_refusals(context.new_page())
    page.goto(f"{live_server.url}/dashboard/reports/")
    expect(page.get_by_role("heading", name="Reports")).to_be_visible()
    axe(page)

    page.get_by_role("radio", name="Sales by movie").check()
    page.get_by_label("Period").select_option("month")
    expect(page.get_by_label("Month", exact=True)).to_be_visible()
    expect(page.get_by_label("Quarter")).to_be_hidden()
    page.get_by_label("Month", exact=True).fill("2026-11")
    page.get_by_label("CSV").check()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "reports-desktop.png", full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download").click()
    download = download_info.value
    assert download.suggested_filename == "xcounter-sales-by-movie-2026-11.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text("utf-8-sig"))))
    assert rows[0][0] == "Movie" and rows[-1][:5] == ["Total", "13", "2", "8", "158.67"]

    page.get_by_label("Period").select_option("quarter")
    expect(page.get_by_label("Quarter")).to_be_visible()
    expect(page.get_by_label("Month", exact=True)).to_be_hidden()
    page.get_by_label("Year", exact=True).fill("2026")
    page.get_by_label("Quarter").select_option("4")
    page.get_by_label("PDF").check()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download").click()
    download = download_info.value
    assert download.suggested_filename == "xcounter-sales-by-movie-2026-q4.pdf"
    assert PdfReader(download.path()).metadata.title == "Sales by movie – Q4 2026"
    assert csp_refusals.refused == []

    phone = context.new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(f"{live_server.url}/dashboard/reports/")
    phone.screenshot(path=SHOTS / "reports-phone.png", full_page=True)
    context.close()
