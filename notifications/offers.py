"""Bulk offers: queued in one quick request, sent by the worker, each with an unsubscribe link."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from notifications.models import Kind, Offer, Preference
from notifications.services import render_email
from outbox.models import OutboundEmail
from outbox.selectors import batch_progress
from outbox.services import Undeliverable, outbox_queue_many
from xcounter.site import absolute_url, site_url

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
        offer.recipients = outbox_queue_many(
            OutboundEmail(
                to=email,
                subject=subject,
                body_text="",
                renderer=f"notifications.offers.render_offer:{offer.pk}:{user_id}",
                batch=_batch(offer),
            )
            for user_id, email in offer_recipients(audience).values_list("pk", "email").iterator()
        )
        offer.save(update_fields=["recipients"])
    return offer


def _batch(offer: Offer) -> str:
    return f"offer:{offer.pk}"


def offers_with_progress(*, limit: int = 50) -> list[Offer]:
    """The latest offers, each with how many of its mails are queued, sending, sent and failed."""
    offers = list(Offer.objects.select_related("created_by")[:limit])
    progress = batch_progress([_batch(offer) for offer in offers])
    for offer in offers:
        for status, count in progress[_batch(offer)].items():
            setattr(offer, status, count)
    return offers


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


def render_offer(argument: str) -> tuple[str, str]:
    """The text and HTML of one recipient's offer mail, with their own unsubscribe link; the
    outbox calls it with "<offer id>:<user id>" when it sends the mail."""
    from users.models import User

    offer_id, _, user_id = argument.partition(":")
    offer = Offer.objects.filter(pk=offer_id).first()
    user = User.objects.filter(pk=user_id).first()
    if offer is None or user is None:
        raise Undeliverable("The offer or its recipient's account no longer exists.")
    context = {
        "user": user,
        "title": offer.subject,
        "body": offer.body,
        "url": "",
        "site": site_url(),
        "theater": settings.THEATER_NAME,
        "unsubscribe": absolute_url(reverse("notifications:unsubscribe", args=[unsubscribe_token(user)])),
    }
    return render_email(Kind.OFFERS, context)
