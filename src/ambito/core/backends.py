"""Authentication backend: Django's ModelBackend with each user's permissions kept in memory
for a few seconds.

Every request (pages and, above all, the API with its bearer tokens) loads the user afresh, so
ModelBackend would run two queries per request to collect the user's and their groups'
permissions (~1.4 ms of a 8 ms API search, see docs/benchmarks.md). A change of groups or
permissions clears this process's cache at once; other processes see it within
PERMISSION_CACHE_SECONDS.
"""

from __future__ import annotations

import threading
import time

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed

PERMISSION_CACHE_SECONDS = 30

_lock = threading.Lock()
_cache: dict[tuple, tuple[float, set[str]]] = {}


def clear_permission_cache(**kwargs) -> None:
    with _lock:
        _cache.clear()


class CachedPermissionBackend(ModelBackend):
    def _get_group_permissions(self, user_obj):
        # Working in another membership (core/memberships.py): that membership's roles.
        membership = getattr(user_obj, "_membership", None)
        if membership is not None:
            return Permission.objects.filter(group__user_memberships=membership)
        return super()._get_group_permissions(user_obj)

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            # date_joined tells apart two users who got the same id (a test database); the
            # membership in use, two sessions of one user in two zones.
            membership = getattr(user_obj, "_membership", None)
            key = (
                user_obj.pk,
                user_obj.date_joined,
                user_obj.is_superuser,
                membership.pk if membership is not None else None,
            )
            now = time.monotonic()
            with _lock:
                hit = _cache.get(key)
            if hit is not None and hit[0] > now:
                user_obj._perm_cache = hit[1]
            else:
                permissions = super().get_all_permissions(user_obj, obj)
                with _lock:
                    _cache[key] = (now + PERMISSION_CACHE_SECONDS, permissions)
        return user_obj._perm_cache


def connect_invalidation(user_model) -> None:
    from .models import Membership

    for relation in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
        Membership.roles.through,
    ):
        m2m_changed.connect(
            clear_permission_cache, sender=relation, dispatch_uid=f"perm-cache-{relation}"
        )
