"""Reads: who sees which threads, the staff inbox."""

from django.db.models import QuerySet
from django.http import Http404

from support.models import Thread
from users.models import Role
from users.permissions import MANAGERS


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
