"""Caching for the public catalog pages.

Every cached value is stored with the catalog version it was computed under; any change to movies,
genres, auditoriums or shows bumps the version, so a value of an older version is never served.
The version and the value are read in one round trip. With Redis unreachable the pages are
computed from the database every time (`unless_down`); a change made meanwhile cannot bump the
version, so once Redis is back a page may be up to CATALOG_CACHE_SECONDS old (logged).
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

from xcounter.cache import unless_down

logger = logging.getLogger(__name__)

VERSION_KEY = "catalog:version"


def _first_version() -> int:
    # Not 1: should Redis lose the version, values stored under an earlier one must not match again.
    return time.time_ns()


def catalog_version() -> int | None:
    """None when the cache cannot be reached."""
    return unless_down(cache.get_or_set, VERSION_KEY, _first_version, None)


def catalog_changed() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        unless_down(cache.set, VERSION_KEY, _first_version(), None)
    except RedisError:
        logger.error(
            "Catalog changed while the cache was unreachable: pages may show the old catalog for up to "
            "%s s once it is back",
            settings.CATALOG_CACHE_SECONDS,
            exc_info=True,
        )


def catalog_cached(name: str, params: dict, compute):
    """Return compute() for these params, from the cache while the catalog is unchanged."""
    digest = hashlib.sha1(repr(sorted(params.items())).encode()).hexdigest()[:16]
    key = f"catalog:{name}:{digest}"
    found = unless_down(cache.get_many, [VERSION_KEY, key])
    if found is None:
        return compute()  # the cache is down: nothing to keep it in
    version = found.get(VERSION_KEY) or catalog_version()
    if version is None:
        return compute()  # Redis failed in between: nothing is kept under no version
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    value = compute()
    unless_down(cache.set, key, (version, value), settings.CATALOG_CACHE_SECONDS)
    return value
