"""Z reports, drawn with reportlab: one closed session, or a theater day across every counter."""

from datetime import date
from io import BytesIO
from xml.sax.saxutils import escape

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from boxoffice import selectors
from boxoffice.models import TillEntry, TillSession
from xcounter.days import format_when
from xcounter.money import ZERO
from xcounter.money import format_money as money

STYLES = getSampleStyleSheet()
GRID = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
)


def _table(rows, widths=(110 * mm, 50 * mm)):
    table = Table(rows, colWidths=list(widths), hAlign="LEFT")
    table.setStyle(GRID)
    return table


def _heading(text):
    return Paragraph(escape(text), STYLES["Heading3"])


def _money_block(totals: selectors.Totals, sessions) -> list:
    closed = [s for s in sessions if not s.is_open]
    counted_cash = sum((s.counted_cash for s in closed), start=ZERO)
    counted_card = sum((s.counted_card for s in closed), start=ZERO)
    return [
        _heading("Money"),
        _table(
            [
                ["Opening float", money(totals.opening_float)],
                ["Cash sales", money(totals.cash_sales)],
                ["Card sales", money(totals.card_sales)],
                ["Cash refunds", money(-totals.cash_refunds)],
                ["Card refunds", money(-totals.card_refunds)],
                ["Cash drops to the safe", money(-totals.drops)],
                ["Pay-outs", money(-totals.payouts)],
                ["Net sales (cash and card)", money(totals.net_sales)],
            ]
        ),
        _heading("Count"),
        _table(
            [
                ["", "Expected", "Counted", "Variance"],
                [
                    "Cash",
                    money(totals.expected_cash),
                    money(counted_cash),
                    money(counted_cash - totals.expected_cash),
                ],
                [
                    "Card",
                    money(totals.expected_card),
                    money(counted_card),
                    money(counted_card - totals.expected_card),
                ],
            ],
            widths=(40 * mm, 40 * mm, 40 * mm, 40 * mm),
        ),
    ]


def _sold_block(sold: selectors.Sold) -> list:
    rows = [[title, str(n)] for title, n in sold.films] or [["No tickets sold", ""]]
    types = [[label, str(n)] for label, n in sold.types] or [["No tickets sold", ""]]
    invoices = (
        f"{sold.bookings} bookings paid, invoices {sold.first_invoice} to {sold.last_invoice}"
        if sold.bookings
        else "No bookings paid"
    )
    return [
        _heading("Films sold (tickets)"),
        _table(rows),
        _heading("Ticket types"),
        _table(types),
        Paragraph(escape(invoices), STYLES["Normal"]),
    ]


def _moves_block(entries) -> list:
    rows = [
        [f"{format_when(e.at, 'time')} {e.get_kind_display()}: {e.reason} ({e.by})", money(e.amount)] for e in entries
    ]
    return [_heading("Drops, pay-outs and corrections"), _table(rows or [["None", ""]])]


def _signatures() -> list:
    line = "_" * 34
    return [
        Spacer(1, 14 * mm),
        _table([[f"Cashier {line}", f"Supervisor {line}"]], widths=(85 * mm, 85 * mm)),
    ]


def _document(title: str, story: list) -> bytes:
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title, leftMargin=18 * mm, rightMargin=18 * mm)
    doc.build(
        [Paragraph(escape(settings.THEATER_NAME), STYLES["Normal"]), Paragraph(escape(title), STYLES["Title"]), *story]
    )
    return buffer.getvalue()


def _moves(sessions):
    return (
        TillEntry.objects.filter(session__in=sessions)
        .exclude(kind__in=[TillEntry.Kind.SALE, TillEntry.Kind.REFUND])
        .select_related("by")
    )


def session_z(session: TillSession) -> bytes:
    """The Z report of one closed session."""
    totals = selectors.session_totals(session)
    adjusted = selectors.variance(session, totals)
    head = [
        ["Counter", session.counter],
        ["Cashier", str(session.cashier)],
        ["Opened", format_when(session.opened_at)],
        ["Closed", format_when(session.closed_at)],
        ["Payments / refunds", f"{totals.payments} / {totals.refunds}"],
    ]
    if not session.in_shift:
        head.append(["Note", "Opened outside the cashier's shifts"])
    story = [_table(head), *_money_block(totals, [session])]
    if session.close_note:
        story.append(Paragraph(escape(f"Cashier's note: {session.close_note}"), STYLES["Normal"]))
    if session.recounts:
        story.append(
            Paragraph(
                f"Counts refused before the close (no note for a difference): {session.recounts}", STYLES["Normal"]
            )
        )
    if totals.cash_adjustments or totals.card_adjustments:
        story.append(
            Paragraph(
                escape(
                    f"Variance after corrections: cash {money(adjusted.cash_adjusted)}, "
                    f"card {money(adjusted.card_adjusted)}"
                ),
                STYLES["Normal"],
            )
        )
    story += _sold_block(selectors.sold_in([session])) + _moves_block(_moves([session])) + _signatures()
    return _document(f"{session.z_label} · {session.counter}", story)


def day_z(day: date) -> bytes:
    """The day's Z report: every session closed that day, across all counters, and their sum."""
    sessions = list(selectors.sessions_of_day(day))
    totals = selectors.Totals()
    rows = [["Z", "Counter · cashier", "Cash variance", "Card variance"]]
    for session in sessions:
        one = selectors.session_totals(session)
        for name in vars(totals):
            setattr(totals, name, getattr(totals, name) + getattr(one, name))
        rows.append(
            [
                f"{session.z_number:03d}",
                f"{session.counter} · {session.cashier}",
                money(session.cash_variance),
                money(session.card_variance),
            ]
        )
    story = [
        _heading("Sessions closed"),
        _table(
            rows if sessions else [["No session was closed this day", ""]],
            widths=(15 * mm, 85 * mm, 35 * mm, 35 * mm) if sessions else (110 * mm, 50 * mm),
        ),
        *_money_block(totals, sessions),
        *_sold_block(selectors.sold_in(sessions)),
        *_moves_block(_moves(sessions)),
        *_signatures(),
    ]
    return _document(f"Z day {day:%Y-%m-%d} · all counters", story)
