"""The cache: Django's Redis backend, keeping its client, and the calls that may find it down."""

import logging

from django.core.cache.backends import redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class _KeptClient(redis.RedisCacheClient):
    """One redis-py client per connection pool, made once: Django makes a new one for every cache
    call, which in redis-py 8 costs about 130 µs of CPU (it sets up its command table anew), more
    than the GET itself. A client is thread-safe and holds no connection of its own (the pool
    does, and starts afresh in a forked process), so keeping it changes nothing else."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    """settings.CACHES' backend when REDIS_URL is set."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _KeptClient


def unless_down(operation, *args, fallback=None):
    """`operation(*args)`, a call on the cache, or `fallback` when Redis cannot be reached (logged).

    For what the cache only speeds up (catalog pages, seat layouts, unread counts): with Redis
    down the database answers and nothing fails. Counters that guard something (sign-in and coupon
    guesses, sign-in codes) call the cache directly and fail closed instead: they refuse rather
    than stop counting."""
    try:
        return operation(*args)
    except RedisError:
        logger.warning("Cache unreachable (%s): the database answers", operation.__name__, exc_info=True)
        return fallback
