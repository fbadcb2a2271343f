"""The outbox: every mail is a row written in the caller's transaction and delivered by the
`deliver_outbox` worker (or, in development, after commit). Delivery is at-least-once; every try
of one row carries the same Message-ID.

Any app may queue mail here; the outbox imports no app. What a mail says is the caller's business:
it passes the rendered text, or names "module.function:argument" specs that build the text
(`renderer`) and the attachments when the mail is sent."""

import contextlib
import logging
from collections.abc import Iterable
from datetime import timedelta
from email.utils import parseaddr
from itertools import islice

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.module_loading import import_string

from outbox.models import OutboundEmail

logger = logging.getLogger(__name__)


class Undeliverable(Exception):
    """Raised by a renderer or attachment builder when what the mail was about is gone (a deleted
    account): the mail fails at once instead of being tried again."""


def outbox_queue(
    *,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    attachments: str = "",
    renderer: str = "",
    confidential: bool = False,
) -> OutboundEmail:
    """Store a mail now; deliver it once the surrounding transaction commits. A `confidential` mail
    (a link that sets a password) is shown to nobody in the admin and forgotten once sent."""
    email = OutboundEmail.objects.create(
        to=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        attachments=attachments,
        renderer=renderer,
        confidential=confidential,
    )
    _deliver_after_commit(email)
    return email


def outbox_queue_many(emails: Iterable[OutboundEmail], *, chunk: int = 1000) -> int:
    """Store many mails, `chunk` rows a write so a big audience is never all in memory; the worker
    sends them (bulk mail never goes out from a request). How many were stored."""
    emails, created = iter(emails), 0
    while rows := list(islice(emails, chunk)):
        created += len(OutboundEmail.objects.bulk_create(rows))
    return created


def email_queue_message(message) -> OutboundEmail:
    """Put an already-rendered message (account mail from allauth) in the outbox: the worker sends
    it in production; in development it goes out at once (allauth has saved what the mail is about
    before it sends), bounded by EMAIL_TIMEOUT, and waits for a retry if the server fails."""
    html = next((content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
    text = message.body
    if getattr(message, "content_subtype", "plain") == "html":
        text, html = strip_tags(message.body), message.body
    # Account mail carries links that sign someone in or set their password: nobody reads it here.
    email = OutboundEmail.objects.create(
        to=message.to[0], subject=message.subject, body_text=text, body_html=html, confidential=True
    )
    if settings.EMAIL_DELIVERY == "after_commit":
        outbox_deliver(email_id=email.pk)
    return email


def _deliver_after_commit(email: OutboundEmail) -> None:
    """With after-commit delivery (development) send once the transaction commits, bounded by
    EMAIL_TIMEOUT; with the worker (production) leave it to `deliver_outbox`."""
    if settings.EMAIL_DELIVERY == "after_commit":
        transaction.on_commit(lambda: outbox_deliver(email_id=email.pk), robust=True)


def _backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes between tries."""
    return timedelta(minutes=2 ** max(0, attempts - 1))


def outbox_deliver(*, email_id: int) -> str:
    """Send one queued mail; the row lock and the status make sure it goes out once."""
    now = timezone.now()
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
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
        failed = isinstance(error, Undeliverable) or email.attempts >= settings.EMAIL_MAX_ATTEMPTS
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
    sent = ["status", "sent_at"]
    if email.confidential:  # delivered: the secret need not wait in the database
        email.body_text = email.body_html = ""
        sent += ["body_text", "body_html"]
    email.save(update_fields=sent)
    try:
        connection.close()
    except Exception as error:
        logger.info("Mail %s sent; the server did not say goodbye: %s", email.pk, error)
    return "sent"


def _message(email: OutboundEmail) -> EmailMultiAlternatives:
    """The one place an outbox row becomes a mail, headers and all."""
    text, html = email.body_text, email.body_html
    if email.renderer:  # rendered per recipient when sent (bulk offers)
        text, html = _build(email.renderer)
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
    if email.attachments:
        for attachment in _build(email.attachments):
            message.attach(*attachment)
    return message


def _one_line(value: str) -> str:
    """A header value without line breaks: a name or subject with CR/LF must neither inject
    headers nor make the mail unsendable."""
    return " ".join(part.strip() for part in str(value).splitlines() if part.strip())


def _mail_domain(sender: str) -> str:
    return parseaddr(sender)[1].rpartition("@")[2] or "xcounter.invalid"


def _build(spec: str):
    """Call "module.function:argument" when the mail is sent: the app that queued the mail knows
    what the argument means, the outbox does not."""
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
