"""Support threads: customers write, Admins and Moderators answer; each side is told of the other."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications import services as notifications
from notifications.models import Kind
from support.models import Message, Thread
from users.models import User
from users.permissions import MANAGERS


class SupportError(Exception):
    """A message was refused; the reason is for the writer."""


def _body(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise SupportError("Write a message first.")
    if len(text) > 5000:
        raise SupportError("A message has at most 5000 characters.")
    return text


def _tell_managers(thread: Thread, title: str, body: str) -> None:
    people = [thread.assigned_to] if thread.assigned_to else User.objects.filter(role__in=MANAGERS, is_active=True)
    for person in people:
        notifications.notify(
            user=person, kind=Kind.MESSAGES, title=title, body=body, url=reverse("support:thread", args=[thread.pk])
        )


@transaction.atomic
def thread_open(*, customer, topic: str, subject: str, body: str) -> Thread:
    body = _body(body)
    subject = (subject or "").strip()[:150]
    if not subject:
        raise SupportError("Give your message a subject.")
    if topic not in Thread.Topic.values:
        raise SupportError("Choose what the message is about.")
    thread = Thread.objects.create(customer=customer, topic=topic, subject=subject)
    Message.objects.create(thread=thread, author=customer, body=body)
    _tell_managers(thread, f"New {thread.get_topic_display().lower()}: {subject}", body[:300])
    return thread


@transaction.atomic
def message_post(*, thread: Thread, author, body: str) -> Message:
    """A reply from either side; the other side is notified. A customer's reply reopens a closed thread."""
    body = _body(body)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    from_customer = author.pk == thread.customer_id
    message = Message.objects.create(thread=thread, author=author, body=body)
    thread.last_message_at = timezone.now()
    if from_customer:
        thread.staff_unread, thread.status = True, Thread.Status.OPEN
        _tell_managers(thread, f"Reply from {author.get_full_name()}: {thread.subject}", body[:300])
    else:
        thread.customer_unread, thread.staff_unread = True, False
        if thread.assigned_to is None:
            thread.assigned_to = author
        notifications.notify(
            user=thread.customer,
            kind=Kind.MESSAGES,
            title=f"Reply to “{thread.subject}”",
            body=body[:300],
            url=reverse("support:thread", args=[thread.pk]),
        )
    thread.save(update_fields=["last_message_at", "staff_unread", "customer_unread", "status", "assigned_to"])
    return message


def thread_seen(*, thread: Thread, by) -> None:
    field = "customer_unread" if by.pk == thread.customer_id else "staff_unread"
    Thread.objects.filter(pk=thread.pk).update(**{field: False})


def thread_assign(*, thread: Thread, to) -> Thread:
    thread.assigned_to = to
    thread.save(update_fields=["assigned_to"])
    return thread


def thread_close(*, thread: Thread) -> Thread:
    thread.status, thread.staff_unread = Thread.Status.CLOSED, False
    thread.save(update_fields=["status", "staff_unread"])
    return thread
