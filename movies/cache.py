"""Caching for the public catalog pages.

Every cached value is keyed by a catalog version; any change to movies, genres, auditoriums
or shows bumps the version, so stale pages are never served.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

VERSION_KEY = "catalog:version"


def catalog_version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def catalog_changed() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def catalog_cached(name: str, params: dict, compute):
    """Return compute() for these params, from the cache while the catalog is unchanged."""
    digest = hashlib.sha1(repr(sorted(params.items())).encode()).hexdigest()[:16]
    key = f"catalog:{catalog_version()}:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.CATALOG_CACHE_SECONDS)
    return value
