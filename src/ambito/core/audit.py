"""Writing the audit trails. Every read of personal data and every write goes through here.

Callers pass model instances; only their type, UUID and (for persons) the person link are
stored: no names, no codici fiscali, no search terms.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar

from django.core.signals import request_finished, request_started
from django.db import connections, models, router
from django.utils import timezone

from .bulk_insert import insert_rows
from .choices import AccessAction, EventAction
from .models import AccessLog, EventLog

# "web" for pages, "api" inside API calls (set by the API's authentication).
audit_channel: ContextVar[str] = ContextVar("audit_channel", default="web")


def _reset_audit_channel(**kwargs) -> None:
    # A WSGI thread serves request after request in one context: without this, a page
    # served after an API call by the same thread would be logged on the "api" channel.
    audit_channel.set("web")


request_started.connect(_reset_audit_channel, dispatch_uid="ambito_audit_channel_start")
request_finished.connect(_reset_audit_channel, dispatch_uid="ambito_audit_channel_finish")


def _object_fields(obj: models.Model | None) -> dict:
    if obj is None:
        return {"object_type": "", "object_uuid": None}
    return {
        "object_type": obj._meta.label_lower,
        "object_uuid": getattr(obj, "uuid", None),
    }


def _person_of(obj):
    if obj is None:
        return None
    if obj._meta.label_lower == "registry.person":
        return obj
    return getattr(obj, "person", None)


def log_access(
    *,
    user,
    obj: models.Model | None = None,
    action: str = AccessAction.VIEW,
    object_type: str | None = None,
    person=None,
    reason: str = "",
    flagged: bool = False,
    channel: str | None = None,
    detail: dict | None = None,
    persons: Iterable = (),
) -> AccessLog:
    fields = _object_fields(obj)
    if object_type:
        fields["object_type"] = object_type
    others = [other for other in persons if other is not None]
    if others:
        # A page that shows several persons (a household) is a read of each of them: one
        # row per person, so that "who accessed this person" sees it.
        rows = [
            AccessLog(
                user=user,
                zone_id=getattr(user, "zone_id", None),
                action=action,
                person=other,
                reason=reason,
                flagged=flagged,
                channel=channel or audit_channel.get(),
                detail=detail or {},
                **fields,
            )
            for other in others
        ]
        return AccessLog.objects.bulk_create(rows)[0]
    return AccessLog.objects.create(
        user=user,
        zone_id=getattr(user, "zone_id", None),
        action=action,
        person=person or _person_of(obj),
        reason=reason,
        flagged=flagged,
        channel=channel or audit_channel.get(),
        detail=detail or {},
        **fields,
    )


def log_persons_shown(*, user, rows, person_field: str, object_type: str, detail=None) -> None:
    """A list whose rows name persons (cases, applications): one AccessLog row per distinct
    person shown, none when the list is empty."""
    persons = list(
        {getattr(row, f"{person_field}_id"): getattr(row, person_field) for row in rows}.values()
    )
    persons = [person for person in persons if person is not None]
    if persons:
        log_access(
            user=user,
            action=AccessAction.VIEW,
            object_type=object_type,
            persons=persons,
            detail=detail or {},
        )


def log_event(
    *,
    user,
    obj: models.Model,
    action: str = EventAction.UPDATE,
    fields: Iterable[str] = (),
    person=None,
    channel: str | None = None,
    note: str = "",
    zone_id: int | None = None,
) -> EventLog:
    return EventLog.objects.create(
        user=user if getattr(user, "pk", None) else None,
        zone_id=zone_id
        if zone_id is not None
        else getattr(obj, "zone_id", None) or getattr(user, "zone_id", None),
        action=action,
        person=person or _person_of(obj),
        channel=channel or audit_channel.get(),
        fields=sorted(fields),
        note=note,
        **_object_fields(obj),
    )


def _person_id_of(obj: models.Model):
    """The id `_person_of(obj)` would give, read from the foreign key's column where there is
    one (no query per object for a bulk write)."""
    if obj._meta.label_lower == "registry.person":
        return obj.pk
    if any(f.attname == "person_id" for f in obj._meta.concrete_fields):
        return obj.person_id
    person = getattr(obj, "person", None)
    return getattr(person, "pk", None)


def log_events_bulk(
    *,
    user,
    objs: Iterable[models.Model],
    action: str = EventAction.UPDATE,
    fields: Iterable[str] = (),
    person_of: Callable[[models.Model], object] | None = None,
    channel: str | None = None,
    note: str = "",
    zone_id: int | None = None,
) -> int:
    """`log_event` for many objects of one write (an import): the same row per object, all
    with the moment of the call; returns the number of rows. `person_of(obj)` gives the person
    (or their id) when it is not the object's own `person` (an application's applicant, say).

    Written by core.bulk_insert (COPY on PostgreSQL), the column values prepared once for the
    whole write: `bulk_create` spent more time building and compiling the EventLog instances
    than the database spent storing them (the INPS import writes one row per application,
    person and case)."""
    user_id = user.pk if getattr(user, "pk", None) else None
    connection = connections[router.db_for_write(EventLog)]
    meta, ops = EventLog._meta, connection.ops
    constant = {
        "user_id": user_id,
        "action": action,
        "channel": channel or audit_channel.get(),
        "fields": meta.get_field("fields").get_db_prep_save(sorted(fields), connection),
        "note": note,
        "timestamp": ops.adapt_datetimefield_value(timezone.now()),
    }
    uuid_field = meta.get_field("object_uuid")
    rows = []
    for obj in objs:
        if person_of is not None:
            person = person_of(obj)
            person_id = getattr(person, "pk", person)
        else:
            person_id = _person_id_of(obj)
        object_fields = _object_fields(obj)
        rows.append(
            {
                **constant,
                "zone_id": zone_id
                if zone_id is not None
                else getattr(obj, "zone_id", None) or getattr(user, "zone_id", None),
                "person_id": person_id,
                "object_type": object_fields["object_type"],
                "object_uuid": uuid_field.get_db_prep_save(
                    object_fields["object_uuid"], connection
                ),
            }
        )
    if not rows:
        return 0
    columns = [f for f in meta.concrete_fields if f is not meta.pk]
    assert {f.attname for f in columns} == set(rows[0]), "EventLog changed: see log_events_bulk"  # noqa: S101
    names = [f.attname for f in columns]
    return insert_rows(
        EventLog, columns, [[row[n] for n in names] for row in rows], connection=connection
    )


def changed_fields(instance: models.Model, data: dict) -> list[str]:
    """Fields of `data` whose value differs from the instance's."""
    return [name for name, value in data.items() if getattr(instance, name) != value]
