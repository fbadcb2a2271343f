"""The counter, the staff booking pages, VIP house seats and the door."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from bookings import pricing, selectors, services
from bookings.exceptions import BookingError
from bookings.forms import (
    CancelForm,
    CheckInForm,
    CounterSaleForm,
    HouseSeatsForm,
    PaymentForm,
    SeatChoiceForm,
    StaffBookingFilterForm,
)
from bookings.models import Booking
from coupons.services import CouponError
from movies.models import Seat, Show
from users.models import Role
from users.permissions import STAFF, role_required
from xcounter.days import day_bounds
from xcounter.parsing import as_id, client_ip
from xcounter.words import counted

staff = role_required(*STAFF)
admins = role_required(Role.ADMIN)


@staff
def box_office(request):
    """Shows on sale today and the next days, or those found by movie or auditorium, with the seats left."""
    query = request.GET.get("q", "").strip()[:100]
    shows = list(selectors.box_office_shows(query=query))
    return render(
        request,
        "bookings/staff/box_office.html",
        {"shows": shows, "query": query, "seats_left": selectors.seats_left(show.pk for show in shows)},
    )


@staff
def collect(request):
    """The customer says their reference: open the booking if it is yours, or take the money due."""
    reference = request.GET.get("reference", "").strip().upper()[:12]
    if selectors.bookings_for(request.user).filter(reference=reference).exists():
        return redirect("bookings:staff_detail", reference=reference)
    booking = selectors.booking_to_collect(reference) if reference else None
    if booking is None:
        messages.error(
            request, f"No unpaid booking has the reference “{reference}”." if reference else "Type a reference."
        )
        return redirect("bookings:box_office")
    form = PaymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_record(booking=booking, method=form.cleaned_data["method"], by=request.user)
        except BookingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"{booking.reference} is paid. The customer's tickets are in their email and their account."
            )
            return redirect("bookings:box_office")
    tickets, _ = selectors.booking_documents(booking)
    return render(
        request,
        "bookings/staff/collect.html",
        {"booking": booking, "tickets": tickets, "form": form, "due": pricing.amount_due(booking)},
    )


@staff
def counter(request, show_id):
    """Sell seats of one show: the seat map, a customer, the money."""
    show = selectors.show_on_sale(show_id)
    query = request.GET.get("q", "").strip()[:100]
    form = CounterSaleForm(request.POST or None, initial={"customer": request.GET.get("customer")})
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_sell(
                show=show,
                seat_ids=form.cleaned_data["seat"],
                customer=form.cleaned_data["customer"],
                walk_in={
                    "name": form.cleaned_data["walk_in_name"],
                    "email": form.cleaned_data["walk_in_email"],
                    "phone": form.cleaned_data["walk_in_phone"],
                },
                by=request.user,
                method=form.cleaned_data["method"],
                coupon_code=form.cleaned_data["coupon"],
                ip=client_ip(request),
            )
        except (BookingError, CouponError) as error:
            messages.error(request, str(error))
        else:
            count = booking.tickets.count()
            messages.success(
                request,
                f"Sold: {booking.reference}, {counted(count, 'ticket')}. Print {'it' if count == 1 else 'them'} below.",
            )
            return redirect("bookings:staff_detail", reference=booking.reference)
    chosen = form.data.getlist("seat") if form.is_bound else []
    customer = form.cleaned_data.get("customer") if form.is_bound and form.is_valid() else None
    if customer is None and as_id(request.GET.get("customer")):
        customer = selectors.customer_by_id(as_id(request.GET["customer"]))
    return render(
        request,
        "bookings/staff/counter.html",
        {
            "show": show,
            "seat_map": selectors.seat_map(show, viewer=request.user),
            "form": form,
            "query": query,
            "matches": selectors.customers_search(query) if query else [],
            "customer": customer,
            "chosen": {as_id(seat) for seat in chosen if as_id(seat)},
        },
    )


@staff
def counter_quote(request, show_id):
    """The live price of the ticked seats for the chosen customer and coupon (an HTML fragment)."""
    show = selectors.show_on_sale(show_id)
    seat_ids = [as_id(v) for v in request.GET.getlist("seat") if as_id(v)][:50]
    seats = Seat.objects.filter(auditorium_id=show.auditorium_id, pk__in=seat_ids).order_by("grid_row", "grid_column")
    customer_id = request.GET.get("customer", "")
    customer = selectors.customer_by_id(as_id(customer_id)) if as_id(customer_id) else None
    preview = selectors.quote_preview(
        show,
        seats,
        customer=customer,
        coupon_code=request.GET.get("coupon", "")[:40],
        by=request.user,
        ip=client_ip(request),
    )
    return render(request, "bookings/_quote.html", {"preview": preview})


@staff
def booking_list(request):
    form = StaffBookingFilterForm(request.GET)
    bookings = selectors.bookings_for(request.user).exclude(
        status=Booking.Status.HELD, hold_expires_at__lte=timezone.now()
    )
    if form.is_valid():
        bookings = selectors.bookings_filtered(bookings, **form.cleaned_data)
    page = Paginator(bookings.order_by("-created_at"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "bookings/staff/booking_list.html",
        {"page": page, "form": form, "may_filter_salesman": request.user.role != Role.SALESMAN},
    )


@staff
def booking_detail(request, reference):
    booking = selectors.booking_get_for(request.user, reference)
    tickets, payments = selectors.booking_documents(booking)
    return render(
        request,
        "bookings/staff/booking_detail.html",
        {
            "booking": booking,
            "tickets": tickets,
            "payments": payments,
            "events": booking.events.select_related("by"),
            "due": pricing.amount_due(booking),
            "cancellable": selectors.is_cancellable(booking),
            "cancel_form": CancelForm(),
            "payment_form": PaymentForm(),
        },
    )


@staff
@require_POST
def booking_pay(request, reference):
    booking = selectors.booking_get_for(request.user, reference)
    form = PaymentForm(request.POST)
    try:
        if not form.is_valid():
            raise BookingError("Choose cash or card.")
        services.payment_record(booking=booking, method=form.cleaned_data["method"], by=request.user)
    except BookingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Payment recorded.")
    return redirect("bookings:staff_detail", reference=booking.reference)


@staff
def booking_cancel(request, reference):
    """Ask first, saying what happens to the money (hand it back now, or a refund due); then cancel."""
    booking = selectors.booking_get_for(request.user, reference)
    outcome = selectors.cancel_outcome(booking)
    if outcome.refusal:
        messages.error(request, outcome.refusal)
        return redirect("bookings:staff_detail", reference=booking.reference)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_cancel(
                booking=booking,
                by=request.user,
                reason=form.cleaned_data["reason"],
                refund_now=form.cleaned_data["refund_now"],
            )
        except BookingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{booking.reference} is cancelled; its seats are free again.")
        return redirect("bookings:staff_detail", reference=booking.reference)
    return render(
        request,
        "bookings/staff/cancel.html",
        {"booking": booking, "tickets": selectors.booking_documents(booking)[0], "form": form, "outcome": outcome},
    )


@staff
@require_POST
def booking_refund(request, reference):
    booking = selectors.booking_get_for(request.user, reference)
    try:
        services.refund_record(booking=booking, by=request.user)
    except BookingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Refund of {pricing.format_money(booking.refund_amount)} recorded as paid out.")
    return redirect("bookings:staff_detail", reference=booking.reference)


@staff
def booking_change(request, reference):
    """Pick new seats (of the same or another show) for a booking."""
    booking = selectors.booking_get_for(request.user, reference)
    show_id = request.GET.get("show", booking.show_id)
    show = selectors.show_on_sale(as_id(show_id) or 0)
    form = SeatChoiceForm(request.POST or None)
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise BookingError(form.errors["seat"][0])
            services.booking_change(booking=booking, show=show, seat_ids=form.cleaned_data["seat"], by=request.user)
        except BookingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{booking.reference} now has the new seats; it was re-priced.")
            return redirect("bookings:staff_detail", reference=booking.reference)
    return render(
        request,
        "bookings/staff/change.html",
        {
            "booking": booking,
            "show": show,
            "seat_map": selectors.seat_map(show, viewer=request.user, changing=booking),
            "other_shows": selectors.shows_on_sale().filter(movie=booking.show.movie).order_by("starts_at")[:20],
        },
    )


@admins
def house_seats(request, show_id):
    show = selectors.show_on_sale(show_id)
    form = HouseSeatsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.house_seats_reserve(
                show=show,
                seat_ids=form.cleaned_data["seat"],
                guest_name=form.cleaned_data["guest_name"],
                complimentary=form.cleaned_data["complimentary"],
                by=request.user,
            )
        except BookingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"House seats kept for {booking.guest_name}: {booking.reference}.")
            return redirect("bookings:staff_detail", reference=booking.reference)
    chosen = set(form.cleaned_data.get("seat", [])) if form.is_bound and form.is_valid() else set()
    return render(
        request,
        "bookings/staff/house_seats.html",
        {"show": show, "seat_map": selectors.seat_map(show, viewer=request.user), "form": form, "chosen": chosen},
    )


@staff
def door(request):
    """Type or scan a ticket code; the result is shown big enough to read at arm's length."""
    show_id = request.GET.get("show") or request.POST.get("show")
    show = get_object_or_404(Show, pk=as_id(show_id)) if as_id(show_id) else None
    form = CheckInForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.ticket_check_in(code=form.cleaned_data["code"], show=show, by=request.user)
        form = CheckInForm()  # ready for the next scan
    today = timezone.localdate()
    start, end = day_bounds(today)
    shows_today = Show.objects.filter(
        status=Show.Status.SCHEDULED, starts_at__gte=start, starts_at__lt=end
    ).select_related("movie", "auditorium")
    return render(
        request, "bookings/staff/door.html", {"form": form, "result": result, "show": show, "shows_today": shows_today}
    )
