from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from notifications import services
from notifications.forms import OfferForm, PreferencesForm
from notifications.models import Notification, kinds_for
from notifications.offers import OfferError, offer_queue, offer_recipients, offers_with_progress, unsubscribe
from users.permissions import MANAGERS, role_required
from xcounter.words import counted


@login_required
def notification_list(request):
    page = Paginator(Notification.objects.filter(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def mark_read(request, pk):
    """Mark one of your own notices read and open what it is about."""
    notice = get_object_or_404(Notification, pk=pk, user=request.user)
    services.notifications_mark_read(user=request.user, notification_id=notice.pk)
    return redirect(notice.url or "notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    count = services.notifications_mark_read(user=request.user)
    messages.success(request, f"{counted(count, 'notice')} marked as read.")
    return redirect("notifications:list")


@login_required
def preferences(request):
    current = {kind: services.wants(request.user, kind) for kind in kinds_for(request.user)}
    genres = list(request.user.favourite_genres.values_list("genre_id", flat=True))
    form = PreferencesForm(request.POST or None, current=current, genres=genres)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, choices=form.choices(), genres=form.cleaned_data.get("genres"))
        messages.success(request, "Your notification choices are saved.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@role_required(*MANAGERS)
def offers(request):
    """Write an offer, preview it, queue it; follow the queued / sent / failed counts."""
    form = OfferForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "preview":
            preview = {**data, "recipients": offer_recipients(data["audience"]).count()}
        else:
            try:
                offer = offer_queue(by=request.user, **data)
            except OfferError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, f"Queued for {counted(offer.recipients, 'customer')}; it goes out in the background."
                )
                return redirect("notifications:offers")
    return render(
        request, "notifications/offers.html", {"form": form, "preview": preview, "offers": offers_with_progress()}
    )


def unsubscribe_offers(request, token):
    """The link in every offer mail: one click (confirmed by a button) turns offer mail off."""
    if request.method == "POST":
        try:
            user = unsubscribe(token)
        except OfferError as error:
            return render(request, "notifications/unsubscribe.html", {"error": str(error)})
        return render(request, "notifications/unsubscribe.html", {"done": True, "email": user.email})
    return render(request, "notifications/unsubscribe.html", {"token": token})
