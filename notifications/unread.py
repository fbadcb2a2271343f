"""The navbar bell's unread count, kept in the cache per person: every page shows it, and asking the
database for it on every request cost a query per page (four per order in the customer journey).

Every write that changes someone's unread notices calls `unread_changed` (the services in this app
are the only writers). It drops the cached count when the writing transaction commits (at once
outside one): a page rendered before the commit may keep the old count, and the drop after the
commit clears it; no cache call is made while a booking's transaction holds its locks. The entry
also expires on its own after UNREAD_SECONDS, which bounds any race the drop misses.

The cache is an optimisation only: if it is unreachable (Redis down), the count comes from the
database and nothing fails."""

from django.core.cache import cache
from django.db import transaction

from notifications.models import Notification
from xcounter.cache import unless_down

UNREAD_SECONDS = 60


def _key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def unread_count(user) -> int:
    key = _key(user.pk)
    count = unless_down(cache.get, key)
    if count is None:
        count = Notification.objects.filter(user=user, read_at__isnull=True).count()
        unless_down(cache.set, key, count, UNREAD_SECONDS)
    return count


def _forget(keys: list[str]) -> None:
    unless_down(cache.delete_many, keys)  # if not dropped, a count left behind expires within UNREAD_SECONDS


def unread_changed(user_ids) -> None:
    """Someone's unread notices changed: drop their cached counts once the change commits."""
    keys = [_key(user_id) for user_id in set(user_ids)]
    if keys:
        transaction.on_commit(lambda: _forget(keys), robust=True)
