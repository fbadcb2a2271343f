"""What a report is before it becomes a PDF or a CSV: titled tables of typed cells.

A report builder (`reporting.catalog`) reads the sales figures and fills a `Document`; `reporting.pdf`
draws it, `reporting.exports` writes its main table as CSV. Neither adds anything up: every
number, total lines included, comes from a selector.
"""

from dataclasses import dataclass, field
from datetime import datetime

from xcounter.days import Period


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text, int, money, percent, date, when (a moment)

    @property
    def numeric(self) -> bool:
        return self.kind in {"int", "money", "percent"}


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[tuple] = field(default_factory=list)
    total: tuple | None = None  # the total line, read from the figures (equal to the rows' sum)
    note: str = ""


@dataclass
class Chart:
    title: str
    kind: str  # bar, hbar, line, pie
    labels: list[str]
    values: list  # Decimal or int


@dataclass
class Document:
    slug: str
    title: str
    period: Period
    period_label: str
    generated_at: datetime
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    intro: str = ""
    charts_after: int = 0  # how many tables come before the charts in the PDF
    csv: Table | None = None  # the table the CSV download carries (the first one unless set)

    @property
    def csv_table(self) -> Table:
        return self.csv or self.tables[0]
