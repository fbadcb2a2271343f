"""Caching for the public catalog pages.

Every cached value is stored with the catalog version it was computed under; any change to movies,
genres, auditoriums or shows bumps the version, so a value of an older version is never served.
The version and the value are read in one round trip.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

VERSION_KEY = "catalog:version"


def _first_version() -> int:
    # Not 1: should Redis lose the version, values stored under an earlier one must not match again.
    return time.time_ns()


def catalog_version() -> int:
    return cache.get_or_set(VERSION_KEY, _first_version, timeout=None)


def catalog_changed() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, _first_version(), timeout=None)


def catalog_cached(name: str, params: dict, compute):
    """Return compute() for these params, from the cache while the catalog is unchanged."""
    digest = hashlib.sha1(repr(sorted(params.items())).encode()).hexdigest()[:16]
    key = f"catalog:{name}:{digest}"
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        version = catalog_version()
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    value = compute()
    cache.set(key, (version, value), settings.CATALOG_CACHE_SECONDS)
    return value
