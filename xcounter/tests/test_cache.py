"""The Redis cache backend (xcounter/cache.py) against a real Redis."""

import pytest
import redis

from xcounter.cache import RedisCache

REDIS = "redis://127.0.0.1:6379/11"  # the two-server tests use 14, booking_flow.py 13
OPTIONS = {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}


@pytest.fixture
def redis_cache():
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=1).flushdb()
    except redis.ConnectionError:
        pytest.fail("These tests need the local Redis (127.0.0.1:6379), as production does")
    return RedisCache(REDIS, OPTIONS)


def test_the_backend_reads_and_writes_what_djangos_does(redis_cache):
    redis_cache.set("seats", {"A1": "sold"}, 60)
    assert redis_cache.get("seats") == {"A1": "sold"}
    assert redis_cache.add("count", 1, 60) and redis_cache.incr("count") == 2
    assert redis_cache.get_many(["seats", "count", "nothing"]) == {"seats": {"A1": "sold"}, "count": 2}
    redis_cache.delete_many(["seats", "count"])
    assert redis_cache.get("seats") is None and redis_cache.get("count", "gone") == "gone"


def test_one_client_serves_every_call(redis_cache):
    redis_cache.get("warm-up")
    client = redis_cache._cache.get_client()
    redis_cache.set("k", 1, 60)
    assert redis_cache._cache.get_client(write=True) is client
    assert redis_cache._cache.get_client("k") is client
