"""The one notify service. Other apps call `notify`; it writes in-app notices and renders their
mail into the outbox in the caller's transaction; the outbox app delivers the mail."""

import contextlib
import contextvars
import functools

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone

from notifications.models import EMAIL_BY_DEFAULT, IN_APP_BY_DEFAULT, FavouriteGenre, Kind, Notification, Preference
from notifications.unread import unread_changed
from outbox.models import OutboundEmail
from outbox.services import outbox_queue, outbox_queue_many
from xcounter.prepared import Prepared
from xcounter.site import site_url

# Set while the demo invents months of history: nobody is told about it now.
_muted = contextvars.ContextVar("notifications_muted", default=False)


@contextlib.contextmanager
def muted():
    """Send no notice and no mail for what happens inside (seed_demo's invented past)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def wants(user, kind: str) -> tuple[bool, bool]:
    """(in the site, by email) for this user and kind of notice."""
    try:  # one per user and kind: no ordering to work out
        preference = Preference.objects.get(user=user, kind=kind)
    except Preference.DoesNotExist:
        return kind in IN_APP_BY_DEFAULT, kind in EMAIL_BY_DEFAULT
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
    if user is None or not user.is_active or _muted.get():
        return None
    title = _fit_title(title)
    in_app, by_email = wants(user, kind)
    notice = None
    if in_app:
        notice = Notification.objects.create(user=user, kind=kind, title=title, body=body, url=url)
        unread_changed([user.pk])
    if by_email or transactional:
        email_queue(
            to=user.email,
            subject=title,
            context={"user": user, "title": title, "body": body, "url": url},
            attachments=attachments,
            kind=kind,
        )
    return notice


def notify_many(*, users, kind: str, title: str, body: str = "", url: str = "", after_commit: bool = False) -> None:
    """`notify` for a group (the managers told of every booking), each as they chose, at a fixed
    cost however many they are: one read of who wants what, one insert of the in-app notices.
    Only someone who asked for this kind by email costs more: their mail goes through `notify`.

    `after_commit` writes them once the caller's transaction commits (never for one that rolls
    back), outside its locks."""
    if _muted.get():
        return
    if after_commit:
        transaction.on_commit(
            functools.partial(_notify_many_now, users=users, kind=kind, title=title, body=body, url=url), robust=True
        )
        return
    _notify_many_now(users=users, kind=kind, title=title, body=body, url=url)


# Who asked for a kind of notice in the site or by mail (its SQL written once per process).
_asked_for = Prepared(
    lambda kind: (
        Preference.objects.filter(kind=kind).filter(Q(in_app=True) | Q(email=True)).order_by().values_list("user_id")
    ),
    "prepared-kind-mark",  # a value no kind has
)


def _notify_many_now(*, users, kind: str, title: str, body: str, url: str) -> None:
    if _muted.get():
        return
    if kind in IN_APP_BY_DEFAULT or kind in EMAIL_BY_DEFAULT:
        choice = Preference.objects.filter(user=OuterRef("pk"), kind=kind)
        wanting = users.filter(is_active=True).annotate(
            wants_in_app=Coalesce(Subquery(choice.values("in_app")[:1]), Value(kind in IN_APP_BY_DEFAULT)),
            wants_email=Coalesce(Subquery(choice.values("email")[:1]), Value(kind in EMAIL_BY_DEFAULT)),
        )
        people = [(person, person.wants_in_app, person.wants_email) for person in wanting]
    else:
        # Off unless asked for (the managers' alert of every booking): only a preference saying so
        # counts. Most calls find that nobody asked, in one read whose SQL is written once.
        asked = [user_id for (user_id,) in _asked_for.rows(kind)]
        if not asked:
            return
        chosen = (
            Preference.objects.filter(kind=kind, user__in=users.filter(is_active=True, pk__in=asked))
            .filter(Q(in_app=True) | Q(email=True))
            .select_related("user")
        )
        people = [(choice.user, choice.in_app, choice.email) for choice in chosen]
    title = _fit_title(title)
    by_email = [person for person, _, email in people if email]
    notices = [
        Notification(user=person, kind=kind, title=title, body=body, url=url)
        for person, in_app, email in people
        if in_app and not email
    ]
    if not by_email and not notices:
        return  # nobody to tell: no transaction opened for nothing
    # All or nothing, also when run after the caller's commit; inside the caller's transaction it
    # simply joins it (no savepoint).
    with transaction.atomic(savepoint=False):
        for person in by_email:
            notify(user=person, kind=kind, title=title, body=body, url=url)
        Notification.objects.bulk_create(notices)
        unread_changed(notice.user_id for notice in notices)


def render_email(kind: str, context: dict) -> tuple[str, str]:
    """Plain text and HTML of a notice, from the kind's own templates (site look, shared layout)."""
    names = [f"notifications/email/{kind}", "notifications/email/notice"]
    return (
        render_to_string([f"{name}.txt" for name in names], context),
        render_to_string([f"{name}.html" for name in names], context),
    )


def email_queue(*, to: str, subject: str, context: dict, attachments: str = "", kind: str = "") -> OutboundEmail:
    """Render a notice's mail and store it in the outbox now; it is delivered once the
    surrounding transaction commits."""
    context = {**context, "theater": settings.THEATER_NAME, "site": site_url()}
    text, html = render_email(kind, context)
    return outbox_queue(
        to=to, subject=f"[{settings.THEATER_NAME}] {subject}", body_text=text, body_html=html, attachments=attachments
    )


def announce(*, users, kind: str, title: str, body: str = "", url: str = "") -> tuple[int, int]:
    """Tell many people the same thing in two bulk writes; mail goes out through the worker.

    Only people who chose this kind explicitly get it (announcements are opt-in).
    """
    if _muted.get():
        return 0, 0
    title = _fit_title(title)
    chosen = Preference.objects.filter(kind=kind, user__in=users)
    in_app = list(chosen.filter(in_app=True).values_list("user_id", flat=True))
    by_email = list(chosen.filter(email=True).values_list("user__email", flat=True))
    Notification.objects.bulk_create(
        Notification(user_id=user_id, kind=kind, title=title, body=body, url=url) for user_id in in_app
    )
    unread_changed(in_app)
    context = {"title": title, "body": body, "url": url, "theater": settings.THEATER_NAME, "site": site_url()}
    text, html = render_email(kind, context)
    outbox_queue_many(
        OutboundEmail(to=email, subject=f"[{settings.THEATER_NAME}] {title}", body_text=text, body_html=html)
        for email in by_email
    )
    return len(in_app), len(by_email)


def notifications_mark_read(*, user, notification_id: int | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    marked = unread.update(read_at=timezone.now())
    unread_changed([user.pk])
    return marked


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
