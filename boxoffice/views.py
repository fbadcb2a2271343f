"""The till: open, drops and pay-outs, the blind-count close (the cashier's own session only), the
moderators' review list, corrections, the day close and the Z report PDFs."""

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from boxoffice import pdfs, selectors, services
from boxoffice.forms import AdjustmentForm, CashMoveForm, CloseForm, DayForm, OpenForm
from boxoffice.services import TillError
from users.models import User
from users.permissions import MANAGERS, STAFF, role_required
from xcounter.money import format_money
from xcounter.parsing import as_id

staff = role_required(*STAFF)
managers = role_required(*MANAGERS)


def _first_error(form) -> str:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        return f"{label}: {errors[0]}" if label else errors[0]
    return "Check the form."


@staff
def till(request):
    """The cashier's till: open one, or the open session with drops, pay-outs and the close."""
    session = selectors.open_session(request.user)
    open_form = OpenForm(request.POST or None) if session is None else None
    if session is None and request.method == "POST" and open_form.is_valid():
        try:
            session = services.session_open(
                cashier=request.user,
                counter=open_form.cleaned_data["counter"],
                opening_float=open_form.cleaned_data["opening_float"],
            )
        except TillError as error:
            messages.error(request, str(error))
        else:
            note = "" if session.in_shift else " You are not on a shift now: the session is flagged for review."
            messages.success(
                request,
                f"Till open at {session.counter} with a float of {format_money(session.opening_float)}.{note}",
            )
            return redirect("boxoffice:till")
    context = {
        "session": session,
        "open_form": open_form,
        "move_form": CashMoveForm(),
        "close_form": CloseForm(),
        "recent": selectors.sessions_listed(request.user).filter(cashier=request.user)[:10],
    }
    if session is not None:
        context["moves"] = session.entries.exclude(kind__in=["sale", "refund"]).select_related("by")
        context["payments"] = session.entries.filter(kind__in=["sale", "refund"]).count()
    return render(request, "boxoffice/till.html", context)


@staff
@require_POST
def cash_move(request, pk):
    session = selectors.own_session(request.user, pk)
    form = CashMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect("boxoffice:till")
    try:
        entry = services.cash_move(session=session, by=request.user, **form.cleaned_data)
    except TillError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{entry.get_kind_display()} of {format_money(-entry.amount)} recorded.")
    return redirect("boxoffice:till")


@staff
def close(request, pk):
    """The blind count: counted cash and card only; the expected figures appear after the close."""
    session = selectors.own_session(request.user, pk)
    if not session.is_open:
        messages.error(request, f"This till session was already closed ({session.z_label}).")
        return redirect("boxoffice:session", pk=session.pk)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_close(session=session, by=request.user, **form.cleaned_data)
        except TillError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Till closed: {session.z_label}. Here is how the count compares.")
            return redirect("boxoffice:session", pk=session.pk)
    return render(request, "boxoffice/close.html", {"session": session, "form": form})


@staff
def session(request, pk):
    session = selectors.session_get_for(request.user, pk)
    if session.is_open and session.cashier != request.user and not selectors.is_manager(request.user):
        raise Http404
    totals = selectors.session_totals(session)
    manager = selectors.is_manager(request.user)
    return render(
        request,
        "boxoffice/session.html",
        {
            "session": session,
            # Blind count: while the session is open its cashier does not see the expected figures.
            "totals": totals if (not session.is_open or manager) else None,
            "variance": selectors.variance(session, totals),
            "entries": session.entries.select_related("by", "payment__booking"),
            "manager": manager,
            "adjust_form": AdjustmentForm(),
        },
    )


@staff
def z_report(request, pk):
    session = selectors.session_get_for(request.user, pk)
    if session.is_open:
        messages.error(request, "The Z report is printed once the session is closed.")
        return redirect("boxoffice:session", pk=session.pk)
    response = HttpResponse(pdfs.session_z(session), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="z-{session.z_day:%Y%m%d}-{session.z_number:03d}.pdf"'
    return response


@managers
def sessions(request):
    """Every till session (open, closed, reviewed), and each cashier's variance this month."""
    status = request.GET.get("status", "")
    cashier_id = as_id(request.GET.get("cashier"))
    listed = selectors.sessions_listed(request.user, status=status, cashier_id=cashier_id)[:200]
    today = timezone.localdate()
    first = today.replace(day=1)
    by_cashier = selectors.variance_by_salesman(first, today)
    people = {user.pk: user for user in User.objects.filter(pk__in=by_cashier)}
    return render(
        request,
        "boxoffice/sessions.html",
        {
            "sessions": listed,
            "status": status if status in selectors.STATUSES else "",
            "cashier": people.get(cashier_id) or (User.objects.filter(pk=cashier_id).first() if cashier_id else None),
            "variances": [(people[pk], row) for pk, row in sorted(by_cashier.items(), key=lambda item: item[1].total)],
            "first": first,
            "today": today,
        },
    )


@managers
@require_POST
def review(request, pk):
    session = selectors.session_get_for(request.user, pk)
    try:
        services.session_review(session=session, by=request.user)
    except TillError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{session.z_label} marked reviewed.")
    return redirect("boxoffice:session", pk=session.pk)


@managers
@require_POST
def adjust(request, pk):
    session = selectors.session_get_for(request.user, pk)
    form = AdjustmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect("boxoffice:session", pk=session.pk)
    try:
        entry = services.adjustment_add(session=session, by=request.user, **form.cleaned_data)
    except TillError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Correction of {format_money(entry.amount)} ({entry.get_method_display()}) recorded."
        )
    return redirect("boxoffice:session", pk=session.pk)


def _day(request) -> date:
    form = DayForm(request.GET or request.POST or None)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["day"]
    if form.is_bound:
        messages.error(request, "That is not a day: showing today.")
    return timezone.localdate()


@managers
def day(request):
    """A theater day: its sessions, those still open, the day close and the day's Z report."""
    day = _day(request)
    if request.method == "POST":
        try:
            services.day_close(day=day, by=request.user)
        except TillError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{day:%d %b %Y} is closed.")
        return redirect(f"{request.path}?day={day.isoformat()}")
    return render(
        request,
        "boxoffice/day.html",
        {
            "day": day,
            "sessions": selectors.sessions_of_day(day),
            "still_open": selectors.open_sessions_until(day),
            "closed": selectors.day_closed(day),
            "totals": selectors.entries_totals(selectors.day_entries(day)),
        },
    )


@managers
def day_z(request):
    day = _day(request)
    response = HttpResponse(pdfs.day_z(day), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="z-day-{day:%Y%m%d}.pdf"'
    return response
