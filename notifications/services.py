"""The one notify service. Other apps call `notify`; it writes in-app notices and outbox mail in
the caller's transaction, and mail is delivered by the `deliver_outbox` worker (or, in development,
after commit). Delivery is at-least-once; every try of one row carries the same Message-ID."""

import contextlib
import logging
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import strip_tags
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


def notify_many(*, users, kind: str, title: str, body: str = "", url: str = "") -> None:
    """`notify` for a group (the managers told of every booking), each as they chose, at a fixed
    cost however many they are: one read of who wants what, one insert of the in-app notices.
    Only someone who asked for this kind by email costs more: their mail goes through `notify`."""
    choice = Preference.objects.filter(user=OuterRef("pk"), kind=kind)
    people = users.filter(is_active=True).annotate(
        wants_in_app=Coalesce(Subquery(choice.values("in_app")[:1]), Value(True)),
        wants_email=Coalesce(Subquery(choice.values("email")[:1]), Value(kind in EMAIL_BY_DEFAULT)),
    )
    title = _fit_title(title)
    notices = []
    for person in people:
        if person.wants_email:
            notify(user=person, kind=kind, title=title, body=body, url=url)
        elif person.wants_in_app:
            notices.append(Notification(user=person, kind=kind, title=title, body=body, url=url))
    Notification.objects.bulk_create(notices)


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
    _deliver_after_commit(email)
    return email


def _deliver_after_commit(email: OutboundEmail) -> None:
    """With after-commit delivery (development) send once the transaction commits, bounded by
    EMAIL_TIMEOUT; with the worker (production) leave it to `deliver_outbox`."""
    if settings.EMAIL_DELIVERY == "after_commit":
        transaction.on_commit(lambda: outbox_deliver(email_id=email.pk), robust=True)


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
    """Put an already-rendered message (account mail from allauth) in the outbox: the worker sends
    it in production; in development it goes out at once (allauth has saved what the mail is about
    before it sends), bounded by EMAIL_TIMEOUT, and waits for a retry if the server fails."""
    html = next((content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
    text = message.body
    if getattr(message, "content_subtype", "plain") == "html":
        text, html = strip_tags(message.body), message.body
    email = OutboundEmail.objects.create(to=message.to[0], subject=message.subject, body_text=text, body_html=html)
    if settings.EMAIL_DELIVERY == "after_commit":
        outbox_deliver(email_id=email.pk)
    return email


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
    connection = None
    try:
        message = _message(email)
        connection = get_connection()
        connection.open()  # opened here, so that sending does not also close it (see below)
        connection.send_messages([message])
    except Exception as error:  # SMTP down or hung, a bad attachment: retry later, never lose the mail
        if connection is not None:
            with contextlib.suppress(Exception):
                connection.close()
        failed = email.attempts >= settings.EMAIL_MAX_ATTEMPTS
        email.status = OutboundEmail.Status.FAILED if failed else OutboundEmail.Status.QUEUED
        email.next_attempt_at = timezone.now() + _backoff(email.attempts)
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        email.save(update_fields=["status", "next_attempt_at", "last_error"])
        logger.warning("Mail %s to %s not sent (attempt %s): %s", email.pk, email.to, email.attempts, error)
        return "failed" if failed else "retry"
    # The server has the mail: record that before saying goodbye to it (QUIT can hang too), so a
    # worker that dies now does not send it again. Delivery stays at-least-once: a crash between
    # the server's "250 OK" and this line re-sends the mail, with the same Message-ID.
    email.status, email.sent_at = OutboundEmail.Status.SENT, timezone.now()
    email.save(update_fields=["status", "sent_at"])
    try:
        connection.close()
    except Exception as error:
        logger.info("Mail %s sent; the server did not say goodbye: %s", email.pk, error)
    return "sent"


def _message(email: OutboundEmail) -> EmailMultiAlternatives:
    """The one place an outbox row becomes a mail, headers and all."""
    text, html = email.body_text, email.body_html
    if email.offer_id:  # bulk offers are rendered per recipient when sent
        from notifications.offers import render_offer

        text, html = render_offer(email, site=_site_url(), theater=settings.THEATER_NAME)
    sender = _one_line(settings.DEFAULT_FROM_EMAIL)
    message = EmailMultiAlternatives(
        _one_line(email.subject),
        text,
        sender,
        [_one_line(email.to)],
        # The same id on every try: mail clients fold a duplicate into the first copy.
        headers={"Message-ID": f"<outbox.{email.pk}.{email.created_at:%Y%m%d%H%M%S}@{_mail_domain(sender)}>"},
    )
    if html:
        message.attach_alternative(html, "text/html")
    for attachment in _attachments(email.attachments):
        message.attach(*attachment)
    return message


def _one_line(value: str) -> str:
    """A header value without line breaks: a name or subject with CR/LF must neither inject
    headers nor make the mail unsendable."""
    return " ".join(part.strip() for part in str(value).splitlines() if part.strip())


def _mail_domain(sender: str) -> str:
    return parseaddr(sender)[1].rpartition("@")[2] or "xcounter.invalid"


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
    _deliver_after_commit(email)
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
