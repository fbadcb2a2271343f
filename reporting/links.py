"""Links to a report for a period, and the file name a download gets."""

from django.urls import reverse
from django.utils.http import urlencode

from reporting import periods
from reporting.document import Document
from xcounter.days import Period

FORMATS = {"pdf": "PDF", "csv": "CSV"}


def report_url(report: str, period: Period, file_format: str = "pdf") -> str:
    """The download of `report` for `period`: what a dashboard section links to."""
    query = {"report": report, **periods.to_query(period), "format": file_format}
    return f"{reverse('reports:download')}?{urlencode(query)}"


def filename(document: Document, file_format: str) -> str:
    """xcounter-sales-by-movie-2026-10.pdf"""
    return f"xcounter-{document.slug}-{periods.slug(document.period)}.{file_format}"
