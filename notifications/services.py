"""The one notify service. Other apps call `notify`; it writes in-app notices and outbox mail in
the caller's transaction, and mail is delivered after commit (or by `deliver_outbox`)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string

from notifications.models import EMAIL_BY_DEFAULT, FavouriteGenre, Kind, Notification, OutboundEmail, Preference

logger = logging.getLogger(__name__)


def wants(user, kind: str) -> tuple[bool, bool]:
    """(in the site, by email) for this user and kind of notice."""
    preference = Preference.objects.filter(user=user, kind=kind).first()
    if preference is None:
        return True, kind in EMAIL_BY_DEFAULT
    return preference.in_app, preference.email


def _fit_title(title: str) -> str:
    """A composed title (a name, a subject, a movie title in a sentence) cut with an ellipsis to fit
    both the notice title and the mail subject after its "[Theater] " prefix."""
    room = min(
        Notification._meta.get_field("title").max_length,
        OutboundEmail._meta.get_field("subject").max_length - len(f"[{settings.THEATER_NAME}] "),
    )
    return title if len(title) <= room else title[: room - 1].rstrip() + "…"


def notify(
    *, user, kind: str, title: str, body: str = "", url: str = "", transactional: bool = False, attachments: str = ""
) -> Notification | None:
    """Tell a user something, in the site and/or by email as they prefer.

    `transactional` mail (a booking they made, its cancellation) is sent whatever the preference.
    """
    if user is None or not user.is_active:
        return None
    title = _fit_title(title)
    in_app, by_email = wants(user, kind)
    notice = None
    if in_app:
        notice = Notification.objects.create(user=user, kind=kind, title=title, body=body, url=url)
    if by_email or transactional:
        email_queue(
            to=user.email,
            subject=title,
            context={"user": user, "title": title, "body": body, "url": url},
            attachments=attachments,
            kind=kind,
        )
    return notice


def render_email(kind: str, context: dict) -> tuple[str, str]:
    """Plain text and HTML of a notice, from the kind's own templates (site look, shared layout)."""
    names = [f"notifications/email/{kind}", "notifications/email/notice"]
    return (
        render_to_string([f"{name}.txt" for name in names], context),
        render_to_string([f"{name}.html" for name in names], context),
    )


def email_queue(*, to: str, subject: str, context: dict, attachments: str = "", kind: str = "") -> OutboundEmail:
    """Store a mail in the outbox now; deliver it once the surrounding transaction commits."""
    context = {**context, "theater": settings.THEATER_NAME, "site": _site_url()}
    text, html = render_email(kind, context)
    email = OutboundEmail.objects.create(
        to=to,
        subject=f"[{settings.THEATER_NAME}] {subject}",
        body_text=text,
        body_html=html,
        attachments=attachments,
    )
    if settings.EMAIL_DELIVERY == "after_commit":
        transaction.on_commit(lambda: outbox_deliver(email_id=email.pk), robust=True)
    return email


def announce(*, users, kind: str, title: str, body: str = "", url: str = "") -> tuple[int, int]:
    """Tell many people the same thing in two bulk writes; mail goes out through the worker.

    Only people who chose this kind explicitly get it (announcements are opt-in).
    """
    title = _fit_title(title)
    chosen = Preference.objects.filter(kind=kind, user__in=users)
    in_app = list(chosen.filter(in_app=True).values_list("user_id", flat=True))
    by_email = list(chosen.filter(email=True).values_list("user__email", flat=True))
    Notification.objects.bulk_create(
        Notification(user_id=user_id, kind=kind, title=title, body=body, url=url) for user_id in in_app
    )
    context = {"title": title, "body": body, "url": url, "theater": settings.THEATER_NAME, "site": _site_url()}
    text, html = render_email(kind, context)
    OutboundEmail.objects.bulk_create(
        OutboundEmail(to=email, subject=f"[{settings.THEATER_NAME}] {title}", body_text=text, body_html=html)
        for email in by_email
    )
    return len(in_app), len(by_email)


def email_queue_message(message) -> OutboundEmail:
    """Keep an already-rendered message (say, from allauth) in the outbox for the worker to retry."""
    html = next((content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
    return OutboundEmail.objects.create(
        to=message.to[0],
        subject=message.subject,
        body_text=message.body,
        body_html=html,
        next_attempt_at=timezone.now() + _backoff(1),
    )


def _site_url() -> str:
    host = (settings.ALLOWED_HOSTS or ["localhost"])[0]
    scheme = "http" if settings.DEBUG else "https"
    return f"{scheme}://{host if host not in ('*', '') else 'localhost'}"


def _backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes between tries."""
    return timedelta(minutes=2 ** max(0, attempts - 1))


def outbox_deliver(*, email_id: int) -> str:
    """Send one queued mail; the row lock and the status make sure it goes out once."""
    now = timezone.now()
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("offer", "user")
            .filter(pk=email_id, status=OutboundEmail.Status.QUEUED, next_attempt_at__lte=now)
            .first()
        )
        if email is None:
            return "skipped"
        email.status, email.attempts, email.sending_since = OutboundEmail.Status.SENDING, email.attempts + 1, now
        email.save(update_fields=["status", "attempts", "sending_since"])
    try:
        text, html = email.body_text, email.body_html
        if email.offer_id:  # bulk offers are rendered per recipient when sent
            from notifications.offers import render_offer

            text, html = render_offer(email, site=_site_url(), theater=settings.THEATER_NAME)
        message = EmailMultiAlternatives(email.subject, text, settings.DEFAULT_FROM_EMAIL, [email.to])
        if html:
            message.attach_alternative(html, "text/html")
        for attachment in _attachments(email.attachments):
            message.attach(*attachment)
        message.send()
    except Exception as error:  # SMTP down, a bad attachment: retry later, never lose the mail
        failed = email.attempts >= settings.EMAIL_MAX_ATTEMPTS
        email.status = OutboundEmail.Status.FAILED if failed else OutboundEmail.Status.QUEUED
        email.next_attempt_at = timezone.now() + _backoff(email.attempts)
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        email.save(update_fields=["status", "next_attempt_at", "last_error"])
        logger.warning("Mail %s to %s not sent (attempt %s): %s", email.pk, email.to, email.attempts, error)
        return "failed" if failed else "retry"
    email.status, email.sent_at = OutboundEmail.Status.SENT, timezone.now()
    email.save(update_fields=["status", "sent_at"])
    return "sent"


def _attachments(spec: str) -> list:
    """Attachments are built when the mail is sent, from "module.function:argument"."""
    if not spec:
        return []
    path, _, argument = spec.partition(":")
    return import_string(path)(argument)


def outbox_deliver_due(*, limit: int = 200) -> dict[str, int]:
    """Deliver what is due, after putting back mails stuck in sending (a crashed worker)."""
    stuck_before = timezone.now() - timedelta(minutes=10)
    requeued = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENDING, sending_since__lt=stuck_before).update(
        status=OutboundEmail.Status.QUEUED
    )
    due = OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED, next_attempt_at__lte=timezone.now())
    counts = {"requeued": requeued, "sent": 0, "retry": 0, "failed": 0, "skipped": 0}
    for email_id in due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit]:
        counts[outbox_deliver(email_id=email_id)] += 1
    return counts


def outbox_resend(*, email: OutboundEmail) -> OutboundEmail:
    """An Admin sends a failed mail again."""
    email.status, email.attempts, email.next_attempt_at = OutboundEmail.Status.QUEUED, 0, timezone.now()
    email.save(update_fields=["status", "attempts", "next_attempt_at"])
    transaction.on_commit(lambda: outbox_deliver(email_id=email.pk), robust=True)
    return email


def notifications_mark_read(*, user, notification_id: int | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())


def preferences_save(*, user, choices: dict[str, tuple[bool, bool]], genres=None) -> None:
    with transaction.atomic():
        for kind, (in_app, by_email) in choices.items():
            if kind in Kind.values:
                Preference.objects.update_or_create(
                    user=user, kind=kind, defaults={"in_app": in_app, "email": by_email}
                )
        if genres is not None:
            FavouriteGenre.objects.filter(user=user).exclude(genre__in=genres).delete()
            for genre in genres:
                FavouriteGenre.objects.get_or_create(user=user, genre=genre)
