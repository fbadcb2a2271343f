"""What the load balancer asks of one server: can it reach the database and the cache, and is
mail going out. Each check answers within seconds and never raises; the reason for a failure is
logged here, never shown to the caller (an error message may name internal hosts)."""

import logging
import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from outbox.selectors import oldest_unsent_created_at

logger = logging.getLogger(__name__)


def database_reachable() -> bool:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:
        logger.warning("Health check: the database is unreachable", exc_info=True)
        return False


def cache_reachable() -> bool:
    # A key of its own per probe: several servers probing the one Redis at once must not read
    # each other's value.
    key, token = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, token, 10)
        reachable = cache.get(key) == token
        cache.delete(key)
        return reachable
    except Exception:
        logger.warning("Health check: the cache is unreachable", exc_info=True)
        return False


def oldest_unsent_mail_seconds() -> int | None:
    """Age of the oldest mail waiting to go out (0 when none waits): information for monitoring;
    slow mail does not make this server unfit to serve pages."""
    try:
        queued_at = oldest_unsent_created_at()
    except Exception:
        logger.warning("Health check: the outbox could not be read", exc_info=True)
        return None
    return 0 if queued_at is None else max(0, int((timezone.now() - queued_at).total_seconds()))


def health_report() -> dict:
    database, shared_cache = database_reachable(), cache_reachable()
    return {
        "status": "ok" if database and shared_cache else "unavailable",
        "database": "ok" if database else "unreachable",
        "cache": "ok" if shared_cache else "unreachable",
        "oldest_queued_mail_seconds": oldest_unsent_mail_seconds() if database else None,
    }
