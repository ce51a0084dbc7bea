"""One cache shared by every worker: the database cache table, created by migrate, or Redis."""

import os

import pytest
from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache
from django.db import connection
from django.test import override_settings

from ambito import settings as settings_module

pytestmark = pytest.mark.django_db

PRODUCTION = settings_module.cache_settings(redis_url="", testing=False)


def test_a_deployment_shares_its_cache_through_the_database():
    assert PRODUCTION["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert PRODUCTION["default"]["LOCATION"] == "ambito_cache"


def test_a_deployment_with_redis_uses_it():
    redis = settings_module.cache_settings(redis_url="redis://127.0.0.1:6379/3", testing=False)
    assert redis["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["default"]["LOCATION"] == "redis://127.0.0.1:6379/3"


def test_migrate_creates_the_cache_table():
    assert "ambito_cache" in connection.introspection.table_names()


@override_settings(CACHES=PRODUCTION)
def test_a_value_set_in_the_cache_is_visible_from_another_worker():
    cache.set("prova:condivisa", {"n": 1}, 60)
    other = DatabaseCache("ambito_cache", {})  # a fresh backend object, as in another worker
    assert other.get("prova:condivisa") == {"n": 1}
    assert other.add("prova:contatore", 1)
    assert other.incr("prova:contatore") == 2
    assert cache.get("prova:contatore") == 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM ambito_cache")
        assert cursor.fetchone()[0] == 2


def test_two_workers_on_redis_see_the_same_counter():
    """Two cache clients (two app servers) on the local Redis share one rate-limit counter."""
    from django.core.cache.backends.redis import RedisCache
    from redis.exceptions import ConnectionError as RedisDown

    first, second = (RedisCache("redis://127.0.0.1:6379/3", {}) for _ in range(2))
    try:
        first.delete("ambito-test-counter")
    except RedisDown:
        if os.environ.get("CI"):
            raise
        pytest.skip("Redis non raggiungibile su 127.0.0.1:6379")
    first.add("ambito-test-counter", 1, 60)
    second.incr("ambito-test-counter")
    assert first.get("ambito-test-counter") == 2
    first.delete("ambito-test-counter")
