"""A report's main table as CSV: a header row, one row per line, amounts with a dot and two
places, ISO dates, UTF-8 with a byte-order mark (so a spreadsheet reads the accents right), and
text that a spreadsheet would take for a formula escaped. Written line by line, so a year of
rows streams without being held in memory."""

import csv
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

from reporting.document import Column, Document
from xcounter.days import local_time
from xcounter.money import cents

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value, column: Column) -> str:
    """One value as CSV text: Decimal 1234.50, ISO dates and times, formula-like text escaped."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{cents(value) if column.kind == 'money' else value:f}"
    if isinstance(value, datetime):
        return local_time(value).isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Line:
    """A file-like object whose write() hands the line back (csv.writer writes one line a call)."""

    def write(self, value: str) -> str:
        return value


def lines(document: Document) -> Iterator[str]:
    """The CSV text, a line at a time, the byte-order mark first and the total line last."""
    table = document.csv_table
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield BOM + writer.writerow([column.header for column in table.columns])
    for row in table.rows:
        yield writer.writerow([cell(value, column) for value, column in zip(row, table.columns, strict=True)])
    if table.total is not None:
        yield writer.writerow([cell(value, column) for value, column in zip(table.total, table.columns, strict=True)])


def encoded(document: Document) -> Iterator[bytes]:
    return (line.encode("utf-8") for line in lines(document))
