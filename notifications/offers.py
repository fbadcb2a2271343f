"""Bulk offers: queued in one quick request, sent by the worker, each with an unsubscribe link."""

from django.core import signing
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from notifications.models import Kind, Offer, OutboundEmail, Preference

SALT = "xcounter-unsubscribe-offers"


class OfferError(Exception):
    """An offer or unsubscribe request was refused; the message says why."""


def offer_recipients(audience: str) -> QuerySet:
    """Customers the audience reaches, never those who turned offer mail off."""
    from users.models import Role, User

    customers = User.objects.filter(role=Role.CUSTOMER, is_active=True)
    declined = Preference.objects.filter(kind=Kind.OFFERS, email=False).values("user")
    if audience == Offer.Audience.OPTED_IN:
        return customers.filter(pk__in=Preference.objects.filter(kind=Kind.OFFERS, email=True).values("user"))
    if audience.startswith("tier:"):
        customers = customers.filter(loyalty__tier__name=audience.removeprefix("tier:"))
    elif audience != Offer.Audience.ALL:
        raise OfferError("Choose who the offer is for.")
    return customers.exclude(pk__in=declined)


def offer_queue(*, subject: str, body: str, audience: str, by) -> Offer:
    """Queue one mail per recipient; the worker renders and sends them, so this returns at once."""
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject or not body:
        raise OfferError("An offer needs a subject and a text.")
    with transaction.atomic():
        offer = Offer.objects.create(subject=subject, body=body, audience=audience, created_by=by)
        rows = (
            OutboundEmail(to=email, subject=subject, body_text="", offer=offer, user_id=user_id)
            for user_id, email in offer_recipients(audience).values_list("pk", "email").iterator()
        )
        created = 0
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == 1000:
                created += len(OutboundEmail.objects.bulk_create(batch))
                batch = []
        created += len(OutboundEmail.objects.bulk_create(batch))
        offer.recipients = created
        offer.save(update_fields=["recipients"])
    return offer


def offers_with_progress() -> QuerySet[Offer]:
    counted = {status: Count("emails", filter=Q(emails__status=status)) for status in OutboundEmail.Status.values}
    return Offer.objects.annotate(**counted).select_related("created_by")


def unsubscribe_token(user) -> str:
    return signing.dumps({"u": user.pk}, salt=SALT)


def unsubscribe(token: str):
    """Turn offer mail off for the token's customer; refuse a token that is not ours."""
    from users.models import User

    try:
        user_id = signing.loads(token, salt=SALT)["u"]
    except (signing.BadSignature, KeyError, TypeError) as error:
        raise OfferError("This unsubscribe link is not valid. Sign in to change your mail preferences.") from error
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise OfferError("This unsubscribe link is not valid. Sign in to change your mail preferences.")
    Preference.objects.update_or_create(user=user, kind=Kind.OFFERS, defaults={"email": False})
    return user


def render_offer(email: OutboundEmail, *, site: str, theater: str) -> tuple[str, str]:
    """The text and HTML of one recipient's offer mail, with their own unsubscribe link."""
    offer = email.offer
    context = {
        "user": email.user,
        "title": offer.subject,
        "body": offer.body,
        "url": "",
        "site": site,
        "theater": theater,
        "unsubscribe": site + reverse("notifications:unsubscribe", args=[unsubscribe_token(email.user)]),
    }
    from notifications.services import render_email

    return render_email(Kind.OFFERS, context)
