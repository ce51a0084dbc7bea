"""One cache shared by every worker: the database cache table, created by migrate."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_default_cache_is_shared_through_the_database():
    assert settings.CACHES["default"]["BACKEND"] == ("django.core.cache.backends.db.DatabaseCache")
    assert "ambito_cache" in connection.introspection.table_names()


def test_a_value_set_in_the_cache_is_visible_from_another_connection():
    from django.core.cache.backends.db import DatabaseCache

    cache.set("prova:condivisa", {"n": 1}, 60)
    other = DatabaseCache("ambito_cache", {})  # a fresh backend object, as another worker
    assert other.get("prova:condivisa") == {"n": 1}
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM ambito_cache")
        assert cursor.fetchone()[0] >= 1


def test_redis_is_used_when_configured(monkeypatch):
    import importlib

    import ambito.settings as module

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    try:
        reloaded = importlib.reload(module)
        assert reloaded.CACHES["default"]["BACKEND"] == (
            "django.core.cache.backends.redis.RedisCache"
        )
        assert reloaded.CACHES["default"]["LOCATION"] == "redis://127.0.0.1:6379/3"
    finally:
        monkeypatch.delenv("REDIS_URL")
        importlib.reload(module)
