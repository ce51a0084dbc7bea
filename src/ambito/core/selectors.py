"""Reads of the audit trails, scoped to the reader's zone."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from .memberships import zone_users
from .models import AccessLog, EventLog, User
from .permissions import works_in_zone


def _day_bounds(day_from: date | None, day_to: date | None) -> dict:
    bounds = {}
    if day_from:
        bounds["timestamp__gte"] = timezone.make_aware(datetime.combine(day_from, time.min))
    if day_to:
        bounds["timestamp__lte"] = timezone.make_aware(datetime.combine(day_to, time.max))
    return bounds


def access_log_list(
    *,
    user,
    person=None,
    actor_id: int | None = None,
    flagged_only: bool = False,
    day_from: date | None = None,
    day_to: date | None = None,
) -> QuerySet[AccessLog]:
    qs = AccessLog.objects.visible_to(user).filter(**_day_bounds(day_from, day_to))
    if person is not None:
        qs = qs.filter(person=person)
    if actor_id:
        qs = qs.filter(user_id=actor_id)
    if flagged_only:
        qs = qs.filter(flagged=True)
    return qs.select_related("user", "person")


def event_log_list(
    *,
    user,
    person=None,
    actor_id: int | None = None,
    day_from: date | None = None,
    day_to: date | None = None,
) -> QuerySet[EventLog]:
    qs = EventLog.objects.visible_to(user).filter(**_day_bounds(day_from, day_to))
    if person is not None:
        qs = qs.filter(person=person)
    if actor_id:
        qs = qs.filter(user_id=actor_id)
    return qs.select_related("user", "person")


def zone_colleagues(*, user) -> QuerySet[User]:
    """The accounts that work in the user's zone (to filter the audit trail by operator)."""
    if not works_in_zone(user):
        return User.objects.none()
    return zone_users(user.zone_id).order_by("username")
