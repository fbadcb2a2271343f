"""Ticket and invoice PDFs, drawn with reportlab."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.conf import settings
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from bookings.codes import pretty_ticket_code
from bookings.models import Booking, Ticket
from xcounter.days import format_when
from xcounter.money import format_money as money

TICKET_SIZE = (150 * mm, 80 * mm)
INK = colors.HexColor("#16161d")
ACCENT = colors.HexColor("#f5b301")


def _qr(value: str, size: float) -> Drawing:
    widget = QrCodeWidget(value)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0])
    drawing.add(widget)
    return drawing


def ticket_type(ticket) -> str:
    if ticket.booking.channel == Booking.Channel.HOUSE:
        return "VIP house seat"
    return ticket.get_category_display()


def tickets_pdf(booking, tickets) -> bytes:
    """One page per seat: what, where, when, which seat, and the code to scan at the door."""
    buffer = BytesIO()
    pdf = Canvas(buffer, pagesize=TICKET_SIZE)
    pdf.setTitle(f"Tickets {booking.reference}")
    width, height = TICKET_SIZE
    show = booking.show
    for ticket in tickets:
        pdf.setFillColor(INK)
        pdf.rect(0, height - 14 * mm, width, 14 * mm, stroke=0, fill=1)
        pdf.setFillColor(ACCENT)
        pdf.setFont("Helvetica-Bold", 12)
        pdf.drawString(8 * mm, height - 9 * mm, settings.THEATER_NAME)
        pdf.setFillColor(colors.white)
        pdf.setFont("Helvetica", 9)
        pdf.drawRightString(width - 8 * mm, height - 9 * mm, f"Booking {booking.reference}")

        pdf.setFillColor(INK)
        pdf.setFont("Helvetica-Bold", 15)
        pdf.drawString(8 * mm, height - 24 * mm, show.movie.title[:40])
        pdf.setFont("Helvetica", 10)
        pdf.drawString(8 * mm, height - 31 * mm, format_when(show.starts_at))
        pdf.drawString(8 * mm, height - 37 * mm, f"Auditorium: {show.auditorium.name}")
        pdf.setFont("Helvetica-Bold", 13)
        pdf.drawString(8 * mm, height - 47 * mm, f"Row {ticket.seat.row}  Seat {ticket.seat.number}")
        pdf.setFont("Helvetica", 10)
        pdf.drawString(8 * mm, height - 54 * mm, f"Ticket type: {ticket_type(ticket)}")
        pdf.drawString(8 * mm, height - 60 * mm, f"Price: {money(ticket.price)}")
        pdf.setFont("Courier-Bold", 11)
        pdf.drawString(8 * mm, 8 * mm, f"Code {pretty_ticket_code(ticket.code)}")
        if ticket.status == Ticket.Status.CANCELLED:
            pdf.setFillColor(colors.red)
            pdf.setFont("Helvetica-Bold", 18)
            pdf.drawString(70 * mm, 10 * mm, "CANCELLED")
        renderPDF.draw(_qr(ticket.code, 46 * mm), pdf, width - 54 * mm, 10 * mm)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def invoice_pdf(booking, tickets, payments) -> bytes:
    """An A4 invoice: number, date, customer, show, a line per seat, discounts, totals, payment."""
    buffer = BytesIO()
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, title=f"Invoice {booking.invoice_number}", leftMargin=20 * mm, rightMargin=20 * mm
    )
    show = booking.show
    issued, starts = format_when(booking.confirmed_at or booking.created_at, "day"), format_when(show.starts_at)
    customer = booking.customer
    holder = booking.guest_name or (customer.get_full_name() if customer else "Walk-in customer")
    # Names and titles are typed by people: escape them, Paragraph reads markup.
    contact = [escape(holder)]
    if customer:
        contact += [escape(customer.email)] + ([escape(customer.phone)] if customer.phone else [])
    story = [
        Paragraph(escape(settings.THEATER_NAME), styles["Title"]),
        Paragraph(f"Invoice {escape(booking.invoice_number or '')}", styles["Heading2"]),
        Paragraph(f"Date: {issued}<br/>Booking: {escape(booking.reference)}", styles["Normal"]),
        Spacer(1, 4 * mm),
        Paragraph("Customer: " + "<br/>".join(contact), styles["Normal"]),
        Spacer(1, 4 * mm),
        Paragraph(
            f"Movie: {escape(show.movie.title)}<br/>Show: {starts}, {escape(show.auditorium.name)}",
            styles["Normal"],
        ),
        Spacer(1, 6 * mm),
    ]
    rows = [["Seat", "Ticket type", "Price"]]
    rows += [[f"Row {t.seat.row}, seat {t.seat.number}", ticket_type(t), money(t.price)] for t in tickets]
    rows.append(["", "Subtotal", money(booking.subtotal)])
    rows += [["", discount.label, money(-discount.amount)] for discount in booking.discounts.all()]
    rows.append(["", "Total", money(booking.total)])
    table = Table(rows, colWidths=[70 * mm, 60 * mm, 40 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                ("LINEABOVE", (1, -1), (-1, -1), 0.8, INK),
                ("FONT", (1, -1), (-1, -1), "Helvetica-Bold"),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"),
            ]
        )
    )
    story += [table, Spacer(1, 6 * mm)]
    paid = [p for p in payments if p.amount > 0]
    method = ", ".join(sorted({p.get_method_display() for p in paid})) or "Pay at the box office"
    story.append(Paragraph(f"Payment: {method} · Status: {booking.get_payment_status_display()}", styles["Normal"]))
    if booking.status == Booking.Status.CANCELLED:
        story.append(
            Paragraph(
                f"Cancelled on {format_when(booking.cancelled_at, 'day')}. {booking.refund_note}",  # no user text
                styles["Normal"],
            )
        )
    doc.build(story)
    return buffer.getvalue()
