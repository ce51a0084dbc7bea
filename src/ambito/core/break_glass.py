"""Break the glass: reading a record outside one's need-to-know by stating why (DOMAIN §11).

The same for every app that has reason-gated reads (persons, cases, ...):

1. `out_of_scope(queryset, user, **lookup)` finds a record of the user's own zone that the
   user may not see, by an exact key (a codice fiscale, a case number), so the page can offer
   to open it with a reason; another zone's records never come back.
2. `grant(request, obj, reason)` records the reason in the user's session for
   `GRANT_MINUTES`; the reason must be at least `MIN_REASON_LENGTH` characters.
3. `granted_reason(request, obj_or_uuid, model)` tells whether the session holds a valid
   grant; `read_with_reason(queryset, user, uuid, reason, person=...)` then reads the record,
   writing an AccessLog row with the reason, flagged for the zone administrator.

A reasoned read is read-only: writes always go through `visible_to(user)`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone

from .audit import log_access
from .permissions import NotAllowed, works_in_zone

GRANT_MINUTES = 60
MIN_REASON_LENGTH = 10
SESSION_KEY = "reasoned_access"
REASON_TOO_SHORT = f"Indica il motivo dell'accesso (almeno {MIN_REASON_LENGTH} caratteri)."


def _key(model: type[models.Model], uuid) -> str:
    return f"{model._meta.label_lower}:{uuid}"


def _may_read_model(user, model: type[models.Model]) -> bool:
    """Working in a zone and holding the model's read permission: a reason opens a record
    outside one's scope, never a kind of record one may not read at all."""
    read = model.scoping.read
    return works_in_zone(user) and (not read or user.has_perm(read))


def out_of_scope(queryset: models.QuerySet, user, **lookup):
    """The record of the user's zone matching `lookup` that `visible_to(user)` hides, or None."""
    if not _may_read_model(user, queryset.model):
        return None
    found = queryset.filter(zone_id=user.zone_id, **lookup).first()
    if found is None or queryset.visible_to(user).filter(pk=found.pk).exists():
        return None
    return found


def grant(request, obj: models.Model, reason: str) -> None:
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise NotAllowed(REASON_TOO_SHORT)
    grants = request.session.get(SESSION_KEY, {})
    grants[_key(type(obj), obj.uuid)] = {
        "reason": reason,
        "until": (timezone.now() + timedelta(minutes=GRANT_MINUTES)).isoformat(),
    }
    request.session[SESSION_KEY] = grants


def granted_reason(request, model: type[models.Model], uuid) -> str | None:
    """The reason given in this session to read that record, if still valid."""
    entry = request.session.get(SESSION_KEY, {}).get(_key(model, uuid))
    if not entry or datetime.fromisoformat(entry["until"]) < timezone.now():
        return None
    return entry["reason"]


def read_with_reason(queryset: models.QuerySet, user, *, uuid, reason: str, person=None, **log):
    """Read one record of the user's zone outside their scope: logged with the reason and
    flagged. Raises the model's DoesNotExist for another zone's record or an unknown one."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise NotAllowed(REASON_TOO_SHORT)
    if not _may_read_model(user, queryset.model):
        raise queryset.model.DoesNotExist
    obj = queryset.filter(zone_id=user.zone_id).get(uuid=uuid)
    who = person(obj) if callable(person) else person
    log_access(user=user, obj=obj, person=who, reason=reason, flagged=True, **log)
    return obj
