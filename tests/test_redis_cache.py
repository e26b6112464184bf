"""The shared Redis cache: Django's backend, with one Redis client kept per server."""

import uuid

import pytest
import redis

from core.redis_cache import NewsroomRedisCache

REDIS_URL = "redis://127.0.0.1:6379/5"


def redis_answers():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(not redis_answers(), reason="needs Redis on 127.0.0.1:6379")


@pytest.fixture
def shared_cache():
    cache = NewsroomRedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield cache
    cache.clear()


def test_it_keeps_what_it_is_given_like_any_django_cache(shared_cache):
    shared_cache.set("page", {"html": "<p>头版</p>"}, 60)
    shared_cache.add("generation", 1, None)
    shared_cache.incr("generation")
    found = shared_cache.get_many(["page", "generation", "nothing"])
    assert found == {"page": {"html": "<p>头版</p>"}, "generation": 2}


def test_one_client_serves_every_call(shared_cache):
    shared_cache.set("a", 1, 60)
    first = shared_cache._cache.get_client(write=True)
    shared_cache.get("a")
    assert shared_cache._cache.get_client(write=True) is first
    assert shared_cache._cache.get_client() is first  # one server: reads and writes share it


def test_replies_are_parsed_in_c(shared_cache):
    # hiredis (requirements.txt) parses replies; the pure-Python parser was a tenth of a cached page's cost.
    from redis._parsers import _HiredisParser

    shared_cache.set("a", 1, 60)
    connection = shared_cache._cache.get_client().connection_pool.get_connection()
    try:
        assert isinstance(connection._parser, _HiredisParser)
    finally:
        shared_cache._cache.get_client().connection_pool.release(connection)
