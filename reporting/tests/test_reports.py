"""Each report against the known fortnight: its rows, its total line (the figures' own, equal to
the sum of the rows), the PDF read back with pypdf and the CSV parsed back and summed."""

import csv
import io
from datetime import date
from decimal import Decimal as D

import pytest
from pypdf import PdfReader

from bookings.tests.factories import confirmed
from movies.tests.factories import MovieFactory
from movies.tests.factories import show as make_show
from reporting import catalog, exports, pdf
from reporting.tests.conftest import NOVEMBER, THIS_WEEK
from sales.tests.story import at
from xcounter.days import Period

pytestmark = pytest.mark.django_db


def parsed(document) -> tuple[list[str], list[list[str]]]:
    raw = b"".join(exports.encoded(document))
    assert raw.startswith("\ufeff".encode())  # UTF-8 with a byte-order mark
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text and "\n\n" not in text
    header, *rows = list(csv.reader(io.StringIO(text)))
    return header, rows


def summed(rows: list[list[str]], column: int):
    values = [row[column] for row in rows]
    return sum((D(value) if "." in value else int(value)) for value in values)


def pdf_text(document) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(pdf.render(document)))
    return reader, [" ".join(page.extract_text().split()) for page in reader.pages]  # a cell a line


def test_sales_by_movie(theater):
    document = catalog.build("sales-by-movie", NOVEMBER)
    movies, shows = document.tables
    assert movies.rows == [
        ("Paper Lanterns", 6, 2, 5, D("83.67"), D("7.83"), D("46.17"), D("37.50"), D("13.95"), D("10.4")),
        ("Night Train", 7, 0, 3, D("75.00"), D("0.00"), D("40.00"), D("35.00"), D("10.71"), D("12.5")),
    ]
    assert movies.total == ("Total", 13, 2, 8, D("158.67"), D("7.83"), D("86.17"), D("72.50"), D("12.21"), D("11.1"))
    assert [(s[0], s[1], s[2], s[3], s[4], s[5], s[6]) for s in shows.rows] == [
        ("Night Train", at(2026, 11, 15, 18, 0), "Hall 2", 24, 3, 1, D("35.00")),
        ("Paper Lanterns", at(2026, 11, 7, 20, 0), "Hall 1", 24, 2, 0, D("25.00")),
        ("Paper Lanterns", at(2026, 11, 14, 20, 0), "Hall 1", 24, 3, 2, D("12.50")),
    ]
    assert shows.total[3:7] == (72, 8, 3, D("72.50"))
    header, rows = parsed(document)
    assert header == [
        "Movie",
        "Tickets",
        "Comps",
        "Admissions",
        "Gross",
        "Discounts",
        "Refunds",
        "Net",
        "Avg price",
        "Occupancy %",
    ]
    *lines, total = rows
    assert lines[0] == ["Paper Lanterns", "6", "2", "5", "83.67", "7.83", "46.17", "37.50", "13.95", "10.4"]
    assert total == ["Total", "13", "2", "8", "158.67", "7.83", "86.17", "72.50", "12.21", "11.1"]
    for column in range(1, 8):  # counts and money add up to the total line
        assert summed(lines, column) == summed([total], column)


def test_sales_by_movie_pdf_reads_back(theater):
    reader, pages = pdf_text(catalog.build("sales-by-movie", NOVEMBER))
    assert reader.metadata.title == "Sales by movie – November 2026"
    first = pages[0]
    assert "XCounter Cinema" in first and "Sales by movie" in first
    assert "November 2026 (Sun 1 Nov 2026 – Mon 30 Nov 2026)" in first
    assert "Generated Tue 17 Nov 2026, 12:00" in first
    text = "\n".join(pages)
    assert "Total 13 2 8 €158.67 €7.83 €86.17 €72.50 €12.21 11.1 %" in text
    assert "Sun 15 Nov 2026, 18:00" in text  # the distributor's shows
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page


def test_a_negative_amount_keeps_its_minus_and_a_formula_is_escaped(theater):
    with_formula = MovieFactory(title='=HYPERLINK("http://evil")')
    show = make_show(movie=with_formula, auditorium_=theater.story.hall1, starts_at=at(2026, 11, 28, 20, 0))
    confirmed(show, "A1")
    _, rows = parsed(catalog.build("sales-by-movie", THIS_WEEK))
    by_title = {row[0]: row for row in rows}
    assert by_title["Paper Lanterns"][7] == "-24.26"  # a number, not text to escape
    assert '\'=HYPERLINK("http://evil")' in by_title
    _, pages = pdf_text(catalog.build("sales-by-movie", THIS_WEEK))
    assert "−€24.26" in "\n".join(pages)  # the site's minus sign in the PDF


def test_cells_of_every_kind():
    money, text, day = catalog.Column("x", "money"), catalog.Column("x"), catalog.Column("x", "date")
    assert exports.cell(D("1234.5"), money) == "1234.50"
    assert exports.cell(D("-3"), money) == "-3.00"
    assert exports.cell(None, money) == ""
    assert exports.cell(date(2026, 11, 1), day) == "2026-11-01"
    assert exports.cell(at(2026, 11, 7, 20, 0), catalog.Column("x", "when")) == "2026-11-07T20:00+01:00"
    for risky in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx"):
        assert exports.cell(risky, text) == f"'{risky}"
    assert exports.cell("Café Noir", text) == "Café Noir"


def test_revenue_by_ticket_type(theater):
    document = catalog.build("revenue-by-ticket-type", NOVEMBER)
    types, kinds = document.tables
    assert types.rows == [
        ("Standard", 9, 0, D("97.50"), D("0.00"), D("40.00"), D("57.50"), D("10.83")),
        ("VIP", 3, 0, D("46.17"), D("7.83"), D("46.17"), D("0.00"), D("15.39")),
        ("House seats", 1, 2, D("15.00"), D("0.00"), D("0.00"), D("15.00"), D("15.00")),
    ]
    assert types.total == ("Total", 13, 2, D("158.67"), D("7.83"), D("86.17"), D("72.50"), D("12.21"))
    assert kinds.rows == [("Loyalty tier", 1, D("2.70")), ("Coupon", 1, D("5.13"))]
    _, rows = parsed(document)
    *lines, total = rows
    for column in range(1, 7):
        assert summed(lines, column) == summed([total], column)
    reader, pages = pdf_text(document)
    assert "Total 13 2 €158.67 €7.83 €86.17 €72.50 €12.21" in pages[0]
    assert "Loyalty tier 1 €2.70" in "\n".join(pages)


def test_payments_and_channels(theater):
    document = catalog.build("payments-and-channels", THIS_WEEK)
    methods, channels, owing = document.tables
    assert methods.rows == [
        ("Online", 0, D("0"), 0, D("0"), D("0")),
        ("Counter cash", 3, D("96.17"), 2, D("63.67"), D("32.50")),
        ("Counter card", 1, D("40.00"), 1, D("40.00"), D("0.00")),
    ]
    assert methods.total == ("Total", 4, D("136.17"), 3, D("103.67"), D("32.50"))
    assert {row[0]: row[1:] for row in channels.rows} == {
        "Box office": (3, 7, D("72.50"), D("40.00"), D("32.50")),
        "VIP house seats": (2, 1, D("15.00"), D("0.00"), D("15.00")),
        "Online": (0, 0, D("9.41"), D("46.17"), D("-36.76")),
    }
    assert channels.total == ("Total", 5, 8, D("96.91"), D("86.17"), D("10.74"))
    assert owing.rows == [("Online", 0, D("0")), ("Box office", 0, D("0")), ("VIP house seats", 1, D("15.00"))]
    _, rows = parsed(document)
    *lines, total = rows
    assert total == ["Total", "4", "136.17", "3", "103.67", "32.50"]
    for column in range(1, 6):
        assert summed(lines, column) == summed([total], column)


def test_daily_bookings_over_a_year_runs_to_several_numbered_pages(theater):
    year = Period(date(2026, 1, 1), date(2026, 12, 31), "year")
    document = catalog.build("daily-bookings", year)
    (days,) = document.tables
    assert len(days.rows) == 365
    by_day = {row[0]: row for row in days.rows}
    assert by_day[date(2026, 11, 14)] == (date(2026, 11, 14), 1, 1, 0, 2, 7, D("12.50"), D("86.17"), D("-73.67"))
    assert days.total == ("Total", 7, 13, 2, 2, 7, D("158.67"), D("86.17"), D("72.50"))
    header, rows = parsed(document)
    assert header[0] == "Day" and rows[0][0] == "2026-01-01" and len(rows) == 366
    *lines, total = rows
    for column in range(1, 9):
        assert summed(lines, column) == summed([total], column)
    reader, pages = pdf_text(document)
    assert len(pages) >= 8
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert "Total 7 13 2 2 7 €158.67 €86.17 €72.50" in pages[-1]
    assert reader.metadata.title == "Bookings, daily breakdown – 2026"


def test_employee_performance_with_teams(theater):
    document = catalog.build("employee-performance", THIS_WEEK)
    people, teams = document.tables
    assert people.rows == [
        ("Max Moderator", "Moderator", "", 0, 0, D("0.00"), 0, 0, 0),
        ("Mo Moderator", "Moderator", "", 0, 0, D("0.00"), 0, 0, 0),
        ("Sam Seller", "Salesman", "Mo Moderator", 2, 3, D("32.50"), 0, 2, 3),
        ("Sue Seller", "Salesman", "Max Moderator", 1, 4, D("0.00"), 1, 1, 2),
    ]
    assert people.total == ("Total", "", "", 3, 7, D("32.50"), 1, 3, 5)
    assert teams.rows == [("Max Moderator", 1, 4, D("0.00"), 1, 1, 2), ("Mo Moderator", 2, 3, D("32.50"), 0, 2, 3)]
    _, rows = parsed(document)
    *lines, total = rows
    for column in range(3, 9):
        assert summed(lines, column) == summed([total], column)


def test_a_moderator_sees_the_performance_of_their_own_salesmen(theater):
    document = catalog.build("employee-performance", THIS_WEEK, theater.mo)
    (people,) = document.tables  # no team table: only the Admin's report has it
    assert [row[0] for row in people.rows] == ["Sam Seller"]
    assert people.total == ("Total", "", "", 2, 3, D("32.50"), 0, 2, 3)


def test_the_monthly_summary(theater):
    document = catalog.build("summary", NOVEMBER)
    assert document.title == "Monthly summary"
    key, days, genres, top, people, teams = document.tables
    assert key.rows == [(7, 13, 2, D("158.67"), D("7.83"), D("86.17"), D("72.50"), D("12.21"), 8, D("11.1"))]
    assert days.total == ("Total", 7, 13, D("158.67"), D("86.17"), D("72.50"))
    assert genres.rows == [
        ("Drama", 6, D("83.67"), D("37.50")),
        ("Romance", 6, D("83.67"), D("37.50")),
        ("Thriller", 7, D("75.00"), D("35.00")),
    ]
    assert genres.total is None and "counts in full under each" in genres.note
    assert [row[0] for row in top.rows] == ["Paper Lanterns", "Night Train"]
    header, rows = parsed(document)
    assert header == ["Section", "Item", "Tickets", "Gross", "Net"]
    assert rows[0] == ["Total", "November 2026", "13", "158.67", "72.50"]
    movies = [row for row in rows if row[0] == "Top movie"]
    assert summed(movies, 3) == D("158.67")  # every movie of the month is in its top ten
    assert ["Employee", "Sam Seller", "5", "", "57.50"] in rows  # 2 + 3 − 3 + 2 + 1 tickets in November
    reader, pages = pdf_text(document)
    assert reader.metadata.title == "Monthly summary – November 2026"
    assert "7 13 2 €158.67 €7.83 €86.17 €72.50 €12.21 8 11.1 %" in pages[0]


def test_the_yearly_summary_is_titled_so():
    document = catalog.build("summary", Period(date(2026, 1, 1), date(2026, 12, 31), "year"))
    assert document.title == "Yearly summary" and document.period_label == "2026"
    assert document.tables[1].title == "By month" and len(document.tables[1].rows) == 12


def test_an_empty_period_still_makes_a_report(db):
    for slug in catalog.REPORTS:
        document = catalog.build(slug, Period(date(2030, 1, 1), date(2030, 1, 31), "month"))
        reader, pages = pdf_text(document)
        assert "Page 1 of" in pages[0]
        header, rows = parsed(document)
        assert header


def test_reports_read_figures_and_never_add_up_tickets_or_money_themselves():
    """The one source: no reporting module reads the booking or figure tables or aggregates rows."""
    import ast
    from pathlib import Path

    app = Path(catalog.__file__).parent
    wrong = []
    for path in sorted(app.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module in {"bookings.models", "sales.models"}:
                wrong.append(f"{path.name} imports {node.module}")
            if isinstance(node, ast.ImportFrom) and node.module == "django.db.models":
                wrong += [f"{path.name} imports {a.name}" for a in node.names if a.name in {"Sum", "Count", "Avg"}]
            if isinstance(node, ast.Attribute) and node.attr in {"aggregate", "annotate"}:
                wrong.append(f"{path.name}:{node.lineno} calls .{node.attr}")
    assert wrong == []
