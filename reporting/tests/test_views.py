"""The report pages: who may download what, file names and formats, and bad input answered with a
message on the page."""

import csv
import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.template import Context, Template
from django.urls import reverse
from pypdf import PdfReader

from reporting.links import report_url
from reporting.tests.conftest import NOVEMBER, THIS_WEEK
from users.models import Role
from users.tests.factories import UserFactory
from xcounter.days import Period

pytestmark = pytest.mark.django_db

INDEX = "/dashboard/reports/"
DOWNLOAD = "/dashboard/reports/download/"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_reports_sit_under_the_dashboard():
    assert reverse("reports:index") == INDEX and reverse("reports:download") == DOWNLOAD


def test_an_admin_downloads_a_pdf_with_a_dated_name(theater, client, sign_in):
    sign_in(theater.story.ada)
    response = client.get(
        DOWNLOAD, {"report": "sales-by-movie", "period": "month", "month": "2026-11", "format": "pdf"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="xcounter-sales-by-movie-2026-11.pdf"'
    reader = PdfReader(io.BytesIO(body(response)))
    assert reader.metadata.title == "Sales by movie – November 2026"


def test_an_admin_downloads_a_streamed_csv(theater, client, sign_in):
    sign_in(theater.story.ada)
    response = client.get(report_url("daily-bookings", NOVEMBER, "csv"))
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="xcounter-daily-bookings-2026-11.csv"'
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert rows[0][0] == "Day" and len(rows) == 1 + 30 + 1
    assert rows[-1][6] == "158.67"


def test_report_url_links_a_dashboard_section_to_its_report(theater, client, sign_in):
    url = report_url("sales-by-movie", THIS_WEEK)
    assert url == f"{DOWNLOAD}?report=sales-by-movie&period=week&day=2026-11-12&format=pdf"
    tag = Template('{% load reports %}{% report_url "summary" period "csv" %}').render(
        Context({"period": Period(date(2026, 1, 1), date(2026, 12, 31), "year")})
    )
    assert tag == f"{DOWNLOAD}?report=summary&amp;period=year&amp;year=2026&amp;format=csv"
    sign_in(theater.story.ada)
    response = client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="xcounter-sales-by-movie-week-2026-11-12.pdf"'


def test_the_page_offers_an_admin_every_report(theater, client, sign_in):
    sign_in(theater.story.ada)
    page = client.get(INDEX).content.decode()
    for title in (
        "Sales by movie",
        "Revenue by ticket type",
        "Revenue by payment method and channel",
        "Bookings, daily breakdown",
        "Employee performance",
        "Monthly / yearly summary",
    ):
        assert title in page
    assert "Scheduled reports" in page and "Quarter" in page and "Year to date" in page


def test_a_moderator_gets_the_bookings_and_their_own_salesmen(theater, client, sign_in):
    sign_in(theater.mo)
    page = client.get(INDEX).content.decode()
    assert "Bookings, daily breakdown" in page and "Employee performance" in page
    assert "Sales by movie" not in page and "Scheduled reports" not in page
    response = client.get(report_url("employee-performance", THIS_WEEK, "csv"))
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Sam Seller", "Total"]  # not Sue, who reports to Max
    assert D(rows[1][5]) == D("32.50")
    refused = client.get(report_url("sales-by-movie", THIS_WEEK))
    assert refused.status_code == 400 and "Choose a report from the list." in refused.content.decode()
    assert client.get(reverse("reports:schedules")).status_code == 403


def test_salesmen_and_customers_get_no_reports(theater, client, sign_in):
    for user in (theater.story.sam, theater.story.cora):
        sign_in(user)
        assert client.get(INDEX).status_code == 403
        assert client.get(report_url("daily-bookings", THIS_WEEK)).status_code == 403
    client.logout()
    assert client.get(INDEX).status_code == 302


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"report": "profits", "period": "last_month", "format": "pdf"}, "Choose a report from the list."),
        ({"report": "summary", "period": "last_month", "format": "xlsx"}, "Choose PDF or CSV."),
        ({"report": "summary", "period": "month", "month": "2026-13", "format": "pdf"}, "The month is not a month"),
        (
            {"report": "summary", "period": "custom", "start": "2026-11-20", "end": "2026-11-01", "format": "csv"},
            "The start date is after the end date.",
        ),
        (
            {"report": "summary", "period": "year", "year": "1850", "format": "csv"},
            "Choose a year between 2000 and 2099.",
        ),
    ],
)
def test_bad_input_is_answered_on_the_page(db, client, sign_in, query, message):
    sign_in(UserFactory(role=Role.ADMIN))
    response = client.get(DOWNLOAD, query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response["Content-Type"].startswith("text/html")
