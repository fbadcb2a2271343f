"""Feedback and problem reports: anyone signed in writes, Admins answer and resolve."""

from django.db import transaction
from django.urls import reverse

from feedback.models import Feedback
from notifications import services as notifications
from notifications.models import Kind
from users.models import Role, User
from xcounter.parsing import has_control_characters


class FeedbackError(Exception):
    """Refused; the message says why."""


@transaction.atomic
def feedback_give(*, author, kind: str, text: str, page: str = "") -> Feedback:
    text = (text or "").strip()
    if not text:
        raise FeedbackError("Write what happened or what you think.")
    if kind not in Feedback.Kind.values:
        raise FeedbackError("Choose a problem report or feedback.")
    # The page comes from the browser's Referer header, which the edge middleware does not read.
    page = "" if has_control_characters(page) else page[:300]
    item = Feedback.objects.create(author=author, kind=kind, text=text[:3000], page=page)
    for admin in User.objects.filter(role=Role.ADMIN, is_active=True):
        notifications.notify(
            user=admin,
            kind=Kind.STAFF,
            title=f"{item.get_kind_display()} from {author.get_full_name()}",
            body=text[:300],
            url=reverse("feedback:admin"),
        )
    return item


@transaction.atomic
def feedback_answer(*, item: Feedback, answer: str, resolve: bool, by) -> Feedback:
    answer = (answer or "").strip()
    if not answer and not resolve:
        raise FeedbackError("Write an answer or mark it resolved.")
    if answer:
        item.answer, item.answered_by = answer[:3000], by
        notifications.notify(
            user=item.author,
            kind=Kind.MESSAGES,
            title="An answer to your feedback",
            body=answer[:300],
            url=reverse("feedback:mine"),
        )
    item.resolved = item.resolved or resolve
    item.save(update_fields=["answer", "answered_by", "resolved"])
    return item
