"""A report as a PDF, drawn with reportlab (no browser): the theater's name, the report and its
period on every page, when it was generated, "Page n of m", tables whose total line is the
figures' own, and charts from `reportlab.graphics`.

The text is set in Bitstream Vera, which ships with reportlab and has the minus sign, the euro
and the dashes the site writes amounts and periods with."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.conf import settings
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from reporting.document import Chart, Column, Document
from reporting.document import Table as ReportTable
from xcounter.days import format_when
from xcounter.money import format_money

FONT, BOLD = "Vera", "VeraBd"
pdfmetrics.registerFont(TTFont(FONT, "Vera.ttf"))
pdfmetrics.registerFont(TTFont(BOLD, "VeraBd.ttf"))

PAGE = landscape(A4)
MARGIN = 15 * mm
INK = colors.HexColor("#16161d")
ACCENT = colors.HexColor("#f5b301")
STRIPE = colors.HexColor("#f3f3f6")
BAR = colors.HexColor("#3b5bdb")

TITLE = ParagraphStyle("title", fontName=BOLD, fontSize=18, leading=22, textColor=INK, spaceAfter=2 * mm)
SUBTITLE = ParagraphStyle("subtitle", fontName=FONT, fontSize=11, leading=14, textColor=INK)
HEADING = ParagraphStyle("heading", fontName=BOLD, fontSize=12, leading=15, textColor=INK, spaceBefore=5 * mm)
NOTE = ParagraphStyle("note", fontName=FONT, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#555555"))
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10)
CELL_BOLD = ParagraphStyle("cell_bold", parent=CELL, fontName=BOLD)
HEAD = ParagraphStyle("head", parent=CELL_BOLD, fontSize=7.5, leading=9)
HEAD_RIGHT = ParagraphStyle("head_right", parent=HEAD, alignment=2)


def text(value, column: Column) -> str:
    """A value as a person reads it: €1,234.50 with a real minus, days and moments the site's way."""
    if value is None:
        return "–" if column.numeric else ""
    if column.kind == "money":
        return format_money(value)
    if column.kind == "percent":
        return f"{value} %"
    if column.kind in {"date", "when"} and not isinstance(value, str):
        return format_when(value, "day" if column.kind == "date" else "when")
    if column.kind == "int":
        return f"{value:,}"
    return str(value)


def _canvas(document: Document):
    """A canvas that knows the page count when it saves, to write "Page n of m" on each page."""
    heading = f"{document.title} · {document.period_label}"
    generated = f"Generated {format_when(document.generated_at)}"

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for state in self._pages:
                self.__dict__.update(state)
                self._frame(len(self._pages))
                super().showPage()
            super().save()

        def _frame(self, pages: int):
            width, height = PAGE
            self.saveState()
            self.setFillColor(INK)
            self.setFont(BOLD, 10)
            self.drawString(MARGIN, height - 10 * mm, settings.THEATER_NAME)
            self.setFont(FONT, 9)
            self.drawRightString(width - MARGIN, height - 10 * mm, heading)
            self.setStrokeColor(ACCENT)
            self.setLineWidth(1.2)
            self.line(MARGIN, height - 12 * mm, width - MARGIN, height - 12 * mm)
            self.setFont(FONT, 8)
            self.drawString(MARGIN, 8 * mm, generated)
            self.drawRightString(width - MARGIN, 8 * mm, f"Page {self._pageNumber} of {pages}")
            self.restoreState()

    return NumberedCanvas


def _widths(columns: list[Column], available: float) -> list[float]:
    fixed = {"int": 24 * mm, "money": 24 * mm, "percent": 22 * mm, "date": 28 * mm, "when": 40 * mm}
    taken = sum(fixed.get(column.kind, 0) for column in columns)
    texts = [column for column in columns if column.kind == "text"]
    share = max(30 * mm, (available - taken) / len(texts)) if texts else 0
    return [fixed.get(column.kind, share) for column in columns]


def _table(table: ReportTable) -> list:
    def row_cells(row, style):
        return [
            Paragraph(escape(text(value, column)), style) if column.kind == "text" else text(value, column)
            for value, column in zip(row, table.columns, strict=True)
        ]

    data = [[Paragraph(escape(column.header), HEAD_RIGHT if column.numeric else HEAD) for column in table.columns]]
    data += [row_cells(row, CELL) for row in table.rows]
    if table.total is not None:
        data.append(row_cells(table.total, CELL_BOLD))
    grid = Table(data, colWidths=_widths(table.columns, PAGE[0] - 2 * MARGIN), repeatRows=1, hAlign="LEFT")
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE]),
    ]
    for index, column in enumerate(table.columns):
        if column.numeric:
            style.append(("ALIGN", (index, 0), (index, -1), "RIGHT"))
    if table.total is not None:
        style += [("LINEABOVE", (0, -1), (-1, -1), 0.8, INK), ("FONTNAME", (0, -1), (-1, -1), BOLD)]
    if not table.rows:
        data.append([Paragraph("Nothing in this period.", CELL)] + [""] * (len(table.columns) - 1))
        grid = Table(data, colWidths=_widths(table.columns, PAGE[0] - 2 * MARGIN), repeatRows=1, hAlign="LEFT")
    grid.setStyle(TableStyle(style))
    parts = [Paragraph(escape(table.title), HEADING)]
    if table.note:
        parts.append(Paragraph(escape(table.note), NOTE))
    parts.append(Spacer(1, 2 * mm))
    if len(table.rows) <= 25:  # a short table stays with its heading
        return [KeepTogether([*parts, grid])]
    return [KeepTogether(parts), grid]


def _chart(chart: Chart) -> list:
    values = [float(value) for value in chart.values]
    width, height = PAGE[0] - 2 * MARGIN, 55 * mm
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 10, chart.title, fontName=BOLD, fontSize=10, fillColor=INK))
    if not values:
        drawing.add(String(0, height - 28, "Nothing in this period.", fontName=FONT, fontSize=9))
        return [drawing]
    labels = [label if len(label) <= 28 else f"{label[:27]}…" for label in chart.labels]
    if chart.kind == "hbar":
        plot = HorizontalBarChart()
        plot.x, plot.y, plot.width, plot.height = 150, 5, width - 170, height - 25
        plot.categoryAxis.labels.boxAnchor = "e"
        plot.categoryAxis.reverseDirection = True
    elif chart.kind == "line":
        plot = HorizontalLineChart()
        plot.x, plot.y, plot.width, plot.height = 45, 25, width - 60, height - 45
        plot.lines[0].strokeColor = BAR
        plot.lines[0].strokeWidth = 1.5
        plot.categoryAxis.labels.angle = 45 if len(values) > 12 else 0
        plot.categoryAxis.labels.boxAnchor = "ne" if len(values) > 12 else "n"
    else:
        plot = VerticalBarChart()
        plot.x, plot.y, plot.width, plot.height = 45, 25, width - 60, height - 45
        plot.categoryAxis.labels.boxAnchor = "n"
    if chart.kind != "line":
        plot.bars[0].fillColor = BAR
        plot.valueAxis.forceZero = True
    if chart.kind != "hbar":  # the labels stay under the plot when amounts go below zero
        plot.categoryAxis.joinAxisMode = "bottom"
    else:
        plot.categoryAxis.joinAxisMode = "left"
    plot.data = [values]
    plot.categoryAxis.categoryNames = labels
    for labels_ in (plot.categoryAxis.labels, plot.valueAxis.labels):
        labels_.fontName, labels_.fontSize = FONT, 7
    if len(values) > 40:  # a year of days: every label would overlap
        step = len(values) // 20 + 1
        plot.categoryAxis.categoryNames = [label if n % step == 0 else "" for n, label in enumerate(labels)]
    plot.valueAxis.labelTextFormat = lambda value: f"{value:,.0f}"
    drawing.add(plot)
    return [drawing, Spacer(1, 3 * mm)]


def render(document: Document) -> bytes:
    buffer = BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=18 * mm,
        bottomMargin=15 * mm,
        title=f"{document.title} – {document.period_label}",
        author=settings.THEATER_NAME,
        subject=f"{settings.THEATER_NAME}: {document.title}, {document.period_label}",
        creator="XCounter",
    )
    span = f"{format_when(document.period.first, 'day')} – {format_when(document.period.last, 'day')}"
    story = [
        Paragraph(escape(document.title), TITLE),
        Paragraph(escape(f"{settings.THEATER_NAME} · {document.period_label} ({span})"), SUBTITLE),
        Paragraph(escape(f"Generated {format_when(document.generated_at)}"), NOTE),
        Spacer(1, 4 * mm),
    ]
    for table in document.tables[: document.charts_after]:
        story += _table(table)
    for chart in document.charts:
        story += _chart(chart)
    for table in document.tables[document.charts_after :]:
        story += _table(table)
    pdf.build(story, canvasmaker=_canvas(document))
    return buffer.getvalue()
