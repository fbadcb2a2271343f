"""Online booking: pick seats, hold them, check out, and the customer's own bookings."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from bookings import pricing, selectors, services
from bookings.exceptions import BookingError
from bookings.forms import CancelForm, CheckoutForm, SeatChoiceForm
from bookings.models import Booking
from bookings.pdfs import invoice_pdf, tickets_pdf
from coupons.services import CouponError
from users.models import Role
from users.permissions import role_required
from xcounter.parsing import as_id, client_ip

customers = role_required(Role.CUSTOMER)


def seat_map(request, show_id):
    """The seat map of a show on sale, for anyone; choosing seats needs a customer account.
    `?seat=` ids come back ticked while still free: chosen before signing in, or before a refusal."""
    show = selectors.show_on_sale(show_id)
    viewer = request.user if request.user.is_authenticated else None
    seat_map = selectors.seat_map(show, viewer=viewer)
    if not seat_map.open:
        messages.info(request, f"That show of {show.movie.title} is sold out: choose another one below.")
        return redirect(show.movie.get_absolute_url())
    chosen = seat_map.still_free(_seat_ids(request.GET))
    return render(
        request,
        "bookings/seat_map_page.html",
        {"show": show, "seat_map": seat_map, "chosen": chosen, "action": "hold"},
    )


def _seat_ids(query) -> list[int]:
    """The seat ids of a form or query, the malformed ones left out (a map shows no more than a booking takes)."""
    return [seat_id for seat_id in map(as_id, query.getlist("seat")) if seat_id][: settings.BOOKING_MAX_SEATS]


def _back_to_the_map(show, seat_ids) -> HttpResponseRedirect:
    """The seat map again, with the seats that were chosen (those still free are ticked)."""
    query = urlencode({"seat": seat_ids}, doseq=True)
    return redirect(f"{reverse('bookings:seat_map', args=[show.pk])}{'?' if query else ''}{query}")


@customers
@require_POST
def hold(request, show_id):
    show = selectors.show_on_sale(show_id)
    form = SeatChoiceForm(request.POST)
    try:
        if not form.is_valid():
            raise BookingError(form.errors["seat"][0])
        booking = services.booking_hold(
            show=show, seat_ids=form.cleaned_data["seat"], customer=request.user, by=request.user
        )
    except BookingError as error:
        messages.error(request, str(error))
        return _back_to_the_map(show, _seat_ids(request.POST))
    return redirect("bookings:checkout", reference=booking.reference)


@customers
def checkout(request, reference):
    booking = selectors.booking_get_for(request.user, reference)
    if booking.status != Booking.Status.HELD:
        return redirect("bookings:detail", reference=booking.reference)
    form = CheckoutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_confirm(
                booking=booking,
                provider=form.chosen_provider(),
                by=request.user,
                coupon_code=form.cleaned_data["coupon"],
                ip=client_ip(request),
            )
        except CouponError as refusal:
            # Said once, under the box, which is emptied: the next "Confirm booking" books without it.
            form.add_error(
                "coupon", f"{refusal} Nothing is booked yet. Confirm again to book without it, or try another code."
            )
        except BookingError as error:
            return _checkout_refused(request, booking, error)
        else:
            messages.success(
                request,
                f"Booked! Your reference is {booking.reference}. Tickets and invoice are on their way by email.",
            )
            return redirect("bookings:detail", reference=booking.reference)
    seconds_left = max(0, int((booking.hold_expires_at - timezone.now()).total_seconds()))
    # A code the confirmation just refused is not tried again for the preview: one entry, one guess.
    coupon_code = form.data.get("coupon", "") if form.is_bound and not form.has_error("coupon") else ""
    preview = _preview(request, booking, coupon_code)
    return render(
        request,
        "bookings/checkout.html",
        {"booking": booking, "form": form, "seconds_left": seconds_left, "preview": preview},
    )


def _preview(request, booking: Booking, coupon_code: str):
    return selectors.quote_preview(
        booking.show,
        selectors.held_seats(booking),
        customer=request.user,
        coupon_code=coupon_code,
        by=request.user,
        ip=client_ip(request),
    )


def _checkout_refused(request, booking: Booking, error: BookingError):
    """Send the customer somewhere useful: their booking if a double click already confirmed it,
    the seat map if the hold ran out, the movie if the show is no longer on sale."""
    if Booking.objects.filter(pk=booking.pk, status=Booking.Status.CONFIRMED).exists():
        return redirect("bookings:detail", reference=booking.reference)
    messages.error(request, str(error))
    if selectors.shows_on_sale().filter(pk=booking.show_id).exists():
        return redirect("bookings:seat_map", show_id=booking.show_id)
    return redirect(booking.show.movie.get_absolute_url())


@customers
def checkout_quote(request, reference):
    """The live price at checkout, with a coupon code tried as it is typed (an HTML fragment)."""
    booking = selectors.booking_get_for(request.user, reference)
    if booking.status != Booking.Status.HELD:
        raise Http404("Not waiting for checkout")
    preview = _preview(request, booking, request.GET.get("coupon", "")[:40])
    return render(request, "bookings/_quote.html", {"preview": preview})


BOOKINGS_PER_PAGE = 10


@customers
def my_bookings(request):
    """Upcoming, past and cancelled bookings, each section paged on its own (?upcoming=2, ?past=3)."""
    upcoming, past, cancelled = selectors.customer_bookings(request.user)
    sections = [
        _section(
            request, "upcoming", "Upcoming", upcoming, "No upcoming bookings. Find a movie on the Now showing page."
        ),
        _section(request, "past", "Past", past, "No past bookings yet."),
        _section(request, "cancelled", "Cancelled", cancelled, ""),
    ]
    return render(
        request,
        "bookings/my_bookings.html",
        {"sections": sections, **{section.key: section.page for section in sections}},
    )


@dataclass
class Section:
    key: str
    title: str
    page: Page
    empty: str
    previous_url: str = ""
    next_url: str = ""


def _section(request, key: str, title: str, bookings, empty: str) -> Section:
    page = Paginator(bookings, BOOKINGS_PER_PAGE).get_page(request.GET.get(key))

    def url(number: int) -> str:
        query = request.GET.copy()
        query[key] = number
        return f"?{query.urlencode()}#{key}"

    return Section(
        key,
        title,
        page,
        empty,
        previous_url=url(page.previous_page_number()) if page.has_previous() else "",
        next_url=url(page.next_page_number()) if page.has_next() else "",
    )


@customers
def detail(request, reference):
    booking = selectors.booking_get_for(request.user, reference)
    tickets, payments = selectors.booking_documents(booking)
    return render(
        request,
        "bookings/detail.html",
        {
            "booking": booking,
            "tickets": tickets,
            "payments": payments,
            "cancellable": selectors.is_cancellable(booking),
            "cancel_form": CancelForm(),
            "due": pricing.amount_due(booking),
        },
    )


@customers
def cancel(request, reference):
    """Ask first, saying what happens to the money; cancel on the confirmation."""
    booking = selectors.booking_get_for(request.user, reference)
    outcome = selectors.cancel_outcome(booking)
    if outcome.refusal:
        messages.error(request, outcome.refusal)
        return redirect("bookings:detail", reference=booking.reference)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_cancel(booking=booking, by=request.user, reason=form.cleaned_data["reason"])
        except BookingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Booking {booking.reference} is cancelled.")
        return redirect("bookings:detail", reference=booking.reference)
    return render(
        request,
        "bookings/cancel.html",
        {"booking": booking, "tickets": selectors.booking_documents(booking)[0], "form": form, "outcome": outcome},
    )


def _pdf(filename: str, content: bytes, *, download: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'{"attachment" if download else "inline"}; filename="{filename}"'
    return response


def _document_booking(request, reference) -> Booking:
    if not request.user.is_authenticated:
        raise Http404
    booking = selectors.booking_get_for(request.user, reference)
    if booking.invoice_number is None:
        raise Http404("Not confirmed yet")
    return booking


def tickets_document(request, reference):
    """Ticket PDF for whoever may see the booking: its customer, its seller, managers."""
    booking = _document_booking(request, reference)
    tickets, _ = selectors.booking_documents(booking)
    return _pdf(f"tickets-{booking.reference}.pdf", tickets_pdf(booking, tickets), download="download" in request.GET)


def invoice_document(request, reference):
    booking = _document_booking(request, reference)
    tickets, payments = selectors.booking_documents(booking)
    return _pdf(
        f"invoice-{booking.invoice_number}.pdf",
        invoice_pdf(booking, tickets, payments),
        download="download" in request.GET,
    )
