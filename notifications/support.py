"""Support threads: customers write, Admins and Moderators answer; each side is told of the other."""

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from notifications import services
from notifications.models import Kind, Message, Thread
from users.models import Role

MANAGERS = (Role.ADMIN, Role.MODERATOR)


class SupportError(Exception):
    """A message was refused; the reason is for the writer."""


def _body(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise SupportError("Write a message first.")
    if len(text) > 5000:
        raise SupportError("A message has at most 5000 characters.")
    return text


# --- Reads ------------------------------------------------------------------------------------


def threads_for(user) -> QuerySet[Thread]:
    """A customer's own threads; every thread for Admins and Moderators; none for anyone else."""
    threads = Thread.objects.select_related("customer", "assigned_to")
    if user.role in MANAGERS:
        return threads
    if user.role == Role.CUSTOMER:
        return threads.filter(customer=user)
    return threads.none()


def thread_get_for(user, pk: int) -> Thread:
    thread = threads_for(user).filter(pk=pk).first()
    if thread is None:
        raise Http404("No such thread")
    return thread


def inbox(*, mine_for=None, status: str = Thread.Status.OPEN) -> QuerySet[Thread]:
    """Unread first, then the most recent; optionally only those assigned to one person."""
    threads = Thread.objects.select_related("customer", "assigned_to").filter(status=status)
    if mine_for is not None:
        threads = threads.filter(assigned_to=mine_for)
    return threads.order_by("-staff_unread", "-last_message_at")


# --- Writes -----------------------------------------------------------------------------------


def _tell_managers(thread: Thread, title: str, body: str) -> None:
    from users.models import User

    people = [thread.assigned_to] if thread.assigned_to else User.objects.filter(role__in=MANAGERS, is_active=True)
    for person in people:
        services.notify(
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
        services.notify(
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
