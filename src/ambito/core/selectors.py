"""Reads of the audit trails, scoped to the reader's zone."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst

from . import fiscal_code
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


def _person_condition(text: str) -> Q:
    """A codice fiscale (exact) or the beginning of a surname ("De Luca" finds "DELUCA")."""
    code = fiscal_code.normalise(text)
    if len(code) == 16 and code.isalnum():
        return Q(person__fiscal_code=code)
    key = fiscal_code.name_key(text)
    return Q(person__last_name_key__startswith=key) if key else Q(pk__in=[])


def _filtered(
    qs,
    *,
    person=None,
    person_text: str = "",
    actor_id: int | None = None,
    action: str = "",
    day_from: date | None = None,
    day_to: date | None = None,
):
    qs = qs.filter(**_day_bounds(day_from, day_to))
    if person is not None:
        qs = qs.filter(person=person)
    if person_text.strip():
        qs = qs.filter(_person_condition(person_text))
    if actor_id:
        qs = qs.filter(user_id=actor_id)
    if action:
        qs = qs.filter(action=action)
    return qs.select_related("user", "person")


def access_log_list(
    *,
    user,
    person=None,
    person_text: str = "",
    actor_id: int | None = None,
    action: str = "",
    flagged_only: bool = False,
    day_from: date | None = None,
    day_to: date | None = None,
) -> QuerySet[AccessLog]:
    """The reads of the user's zone (scoped by `visible_to`), newest first."""
    qs = _filtered(
        AccessLog.objects.visible_to(user),
        person=person,
        person_text=person_text,
        actor_id=actor_id,
        action=action,
        day_from=day_from,
        day_to=day_to,
    )
    if flagged_only:
        qs = qs.filter(flagged=True)
    return qs


def event_log_list(
    *,
    user,
    person=None,
    person_text: str = "",
    actor_id: int | None = None,
    action: str = "",
    day_from: date | None = None,
    day_to: date | None = None,
) -> QuerySet[EventLog]:
    """The writes of the user's zone (scoped by `visible_to`), newest first."""
    return _filtered(
        EventLog.objects.visible_to(user),
        person=person,
        person_text=person_text,
        actor_id=actor_id,
        action=action,
        day_from=day_from,
        day_to=day_to,
    )


# --- the audit trail in words --------------------------------------------------------------

CHANNELS = {"web": "Pagina web", "api": "API", "cli": "Riga di comando"}

# Audit rows about something that is not a row of a model (a dashboard, a report).
NAMED_OBJECTS = {
    "monitoring.dashboard": "Cruscotto LEP",
    "emergency.report": "Report del pronto intervento",
    "core.audit": "Registri di accesso e modifiche",
}

# Models whose text (`__str__`) names the record by its number or date and holds no content
# (a diary entry's text would be a copy of special-category data in the audit page).
NAMED_BY_STR = {
    "cases.case",
    "cases.assessment",
    "cases.review",
    "cases.project",
    "emergency.emergency",
    "measures.application",
    "access.contact",
    "registry.household",
    "registry.iseerecord",
    "planning.deliberation",
}


@dataclass(frozen=True)
class AuditLine:
    """One audit row as the zone administrator reads it."""

    entry: AccessLog | EventLog
    object_label: str
    field_labels: tuple[str, ...]
    channel_label: str
    person_label: str
    fiscal_code: str


def _model_of(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _object_labels(entries: Sequence) -> dict[tuple[str, object], str]:
    """(object_type, object_uuid) -> "Cartella 2018/00012": one query per type on the page."""
    uuids: dict[str, set] = defaultdict(set)
    for entry in entries:
        if entry.object_uuid:
            uuids[entry.object_type].add(entry.object_uuid)
    labels = {}
    for object_type, wanted in uuids.items():
        model = _model_of(object_type)
        if model is None or not any(f.name == "uuid" for f in model._meta.fields):
            continue
        for obj in model._base_manager.filter(uuid__in=wanted):
            if object_type == "registry.person":
                text = f"Persona {obj.last_name} {obj.first_name}"
            elif object_type == "core.user":
                text = f"Utente {obj.username}"
            elif object_type in NAMED_BY_STR:
                text = str(obj)
                name = str(model._meta.verbose_name)
                if not text.lower().startswith(name.split()[0].lower()):
                    text = f"{capfirst(name)}: {text}"
            else:
                continue
            labels[(object_type, obj.uuid)] = text
    return labels


def _type_label(object_type: str) -> str:
    if object_type in NAMED_OBJECTS:
        return NAMED_OBJECTS[object_type]
    model = _model_of(object_type)
    if model is not None:
        return capfirst(str(model._meta.verbose_name))
    app_label, _, name = object_type.partition(".")
    app = apps.app_configs.get(app_label)
    if app is not None and name:
        return f"{capfirst(str(app.verbose_name))}: {name.replace('_', ' ')}"
    return object_type or "—"


def _find_field(model, name: str):
    """(field, own): the field `name` of the model, else of a model that points to it (a
    case's card A, project or review fields are logged on the case)."""
    try:
        return model._meta.get_field(name), True
    except FieldDoesNotExist:
        pass
    for relation in model._meta.related_objects:
        try:
            return relation.related_model._meta.get_field(name), False
        except FieldDoesNotExist:
            continue
    return None, False


@lru_cache(maxsize=1024)
def _field_label(model, name: str) -> str:
    """A field's Italian label (verbose_name); "project.signed_on" reads "progetto: firmato
    il"; a name with no field stays as it is."""
    if name == "*":
        return "tutti i campi"
    labels, current = [], model
    for part in name.split("."):
        field, own = _find_field(current, part) if current is not None else (None, False)
        if field is None:
            return name
        label = str(getattr(field, "verbose_name", ""))
        if field.is_relation and (not label or not own):
            # A reverse relation, or a related record's link ("project" of an objective):
            # the related model's name.
            label = str(field.related_model._meta.verbose_name)
        labels.append(label)
        current = field.related_model if field.is_relation else None
    return ": ".join(labels)


def _field_labels(object_type: str, names: Iterable[str]) -> tuple[str, ...]:
    model = _model_of(object_type)
    return tuple(_field_label(model, name) for name in names)


def audit_lines(entries: Iterable) -> list[AuditLine]:
    """The rows of an audit page (or export) in words: the object named ("Cartella
    2018/00012", "Persona Rossi Mario"), the fields changed by their labels, the channel."""
    entries = list(entries)
    labels = _object_labels(entries)
    lines = []
    for entry in entries:
        object_label = labels.get((entry.object_type, entry.object_uuid)) or _type_label(
            entry.object_type
        )
        person = entry.person
        lines.append(
            AuditLine(
                entry=entry,
                object_label=object_label,
                field_labels=_field_labels(entry.object_type, getattr(entry, "fields", ())),
                channel_label=CHANNELS.get(entry.channel, entry.channel),
                person_label=f"{person.last_name} {person.first_name}" if person else "",
                fiscal_code=person.fiscal_code if person else "",
            )
        )
    return lines


ACCESS_HEADER = [
    "Data e ora",
    "Utente",
    "Azione",
    "Oggetto",
    "Persona",
    "Codice fiscale",
    "Canale",
    "Fuori competenza",
    "Motivazione",
]
EVENT_HEADER = [
    "Data e ora",
    "Utente",
    "Azione",
    "Oggetto",
    "Persona",
    "Codice fiscale",
    "Canale",
    "Campi modificati",
    "Nota",
]


def audit_export_rows(lines: Iterable[AuditLine], *, tab: str) -> Iterable[list]:
    """The rows of the CSV export of one register (reads or writes)."""
    for line in lines:
        entry = line.entry
        common = [
            timezone.localtime(entry.timestamp).strftime("%d/%m/%Y %H:%M:%S"),
            entry.user.username if entry.user else "sistema",
            entry.get_action_display(),
            line.object_label,
            line.person_label,
            line.fiscal_code,
            line.channel_label,
        ]
        if tab == "modifiche":
            yield [*common, ", ".join(line.field_labels), entry.note]
        else:
            yield [
                *common,
                "sì" if entry.flagged else "no",
                entry.reason,
            ]


def zone_colleagues(*, user) -> QuerySet[User]:
    """The accounts that work in the user's zone (to filter the audit trail by operator)."""
    if not works_in_zone(user):
        return User.objects.none()
    return zone_users(user.zone_id).order_by("username")
