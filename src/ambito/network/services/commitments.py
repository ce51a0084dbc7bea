"""What each organisation actually spent on a line of the pact, month by month (seed 000:
"idonea documentazione sui tempi e le risorse dedicate"): hours, people, expenses, the
activities, the training attended and the results returned to the territory.

One row per organisation, line and month: saving the same month again changes that row (the
audit names the fields that changed). A third-sector operator records for their own
organisation, on a line where its candidature is accepted or active; the plan office records
for any organisation of the zone, and the institutions record theirs with
side="institutions"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from ambito.core.audit import changed_fields, log_event
from ambito.core.choices import EventAction
from ambito.territory.choices import OrganisationKind

from ..choices import CandidatureState, CommitmentSide
from ..models import Candidature, CommitmentRecord
from .common import month_start, require_line_of_zone, require_party

ADD = "network.add_commitmentrecord"
CHANGE = "network.change_commitmentrecord"
RECORD_FIELDS = (
    "hours",
    "people",
    "expenses",
    "activities",
    "training_hours",
    "training_note",
    "results",
    "side",
)
ENGAGED = (CandidatureState.ACCEPTED, CandidatureState.ACTIVE)


def _first_message(error: ValidationError) -> dict[str, str]:
    return {field: messages[0] for field, messages in error.message_dict.items()}


def _decimal(value, field: str, label: str, errors: dict, *, places: int, whole: int):
    if value is None or value == "":
        value = 0
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[field] = f"{label}: scrivi un numero (per esempio 12,5)."
        return None
    if not number.is_finite():
        errors[field] = f"{label}: scrivi un numero (per esempio 12,5)."
        return None
    if number < 0:
        errors[field] = f"{label} non possono essere negative."
        return None
    number = number.quantize(Decimal(1).scaleb(-places))
    if number >= Decimal(10) ** whole:
        errors[field] = f"{label}: il numero è troppo grande."
        return None
    return number


def _count(value, field: str, label: str, errors: dict) -> int | None:
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        errors[field] = f"{label}: scrivi un numero intero."
        return None
    if number < 0:
        errors[field] = f"{label} non possono essere negative."
        return None
    if number > 100_000:
        errors[field] = f"{label}: il numero è troppo grande."
        return None
    return number


def is_institution(organisation) -> bool:
    return organisation.kind != OrganisationKind.THIRD_SECTOR


def engaged_on_line(organisation, line) -> bool:
    """The organisation has an accepted or active candidature on the line."""
    return Candidature.objects.filter(
        organisation=organisation, line=line, state__in=ENGAGED
    ).exists()


@transaction.atomic
def commitment_record_save(
    *,
    actor,
    organisation,
    line,
    month: dt.date,
    hours,
    people=0,
    expenses=0,
    activities: str = "",
    training_hours=0,
    training_note: str = "",
    results: str = "",
    side: str = CommitmentSide.THIRD_SECTOR,
) -> CommitmentRecord:
    """Record (or change) what `organisation` spent on `line` in `month`."""
    require_party(actor, organisation, ADD)
    zone_id = organisation.zone_id
    errors: dict[str, str] = {}
    try:
        require_line_of_zone(line, zone_id)
    except ValidationError as error:
        errors.update(_first_message(error))
    try:
        month = month_start(month)
    except ValidationError as error:
        errors.update(_first_message(error))
    data = {
        "hours": _decimal(hours, "hours", "Le ore dedicate", errors, places=1, whole=7),
        "people": _count(people, "people", "Le persone impegnate", errors),
        "expenses": _decimal(
            expenses, "expenses", "Le spese sostenute", errors, places=2, whole=12
        ),
        "activities": (activities or "").strip(),
        "training_hours": _decimal(
            training_hours, "training_hours", "Le ore di formazione", errors, places=1, whole=5
        ),
        "training_note": (training_note or "").strip()[:300],
        "results": (results or "").strip(),
        "side": side,
    }
    if side not in CommitmentSide.values:
        errors["side"] = "Indica la parte: Terzo settore o istituzioni."
    elif "line" not in errors:
        if side == CommitmentSide.INSTITUTIONS and not is_institution(organisation):
            errors["side"] = (
                "Un ente del Terzo settore documenta i suoi impegni come Terzo settore."
            )
        elif (
            side == CommitmentSide.THIRD_SECTOR
            and "month" not in errors
            and not engaged_on_line(organisation, line)
            and not CommitmentRecord.objects.filter(
                organisation=organisation, line=line, month=month
            ).exists()
        ):
            # A month already documented stays correctable after the candidature ended.
            errors["line"] = (
                "L'ente non ha una candidatura accolta o attiva su questa linea: si documentano "
                "solo gli impegni sulle linee a cui partecipa."
            )
    if errors:
        raise ValidationError(errors)
    record = (
        CommitmentRecord.objects.select_for_update()
        .filter(organisation=organisation, line=line, month=month)
        .first()
    )
    if record is None:
        record = CommitmentRecord(
            zone_id=zone_id,
            organisation=organisation,
            line=line,
            month=month,
            recorded_by=actor,
            **data,
        )
        record.full_clean()
        record.save()
        log_event(user=actor, obj=record, action=EventAction.CREATE, fields=["*"])
        return record
    require_party(actor, organisation, CHANGE)
    changed = changed_fields(record, data)
    if not changed:
        return record
    for name, value in data.items():
        setattr(record, name, value)
    record.recorded_by = actor
    record.full_clean()
    record.save()
    log_event(user=actor, obj=record, fields=changed)
    return record


def commitment_record_update(*, actor, record: CommitmentRecord, **fields) -> CommitmentRecord:
    """Change the figures of an existing month (same organisation, line and month)."""
    data = {name: getattr(record, name) for name in RECORD_FIELDS}
    data.update({k: v for k, v in fields.items() if k in RECORD_FIELDS})
    return commitment_record_save(
        actor=actor,
        organisation=record.organisation,
        line=record.line,
        month=record.month,
        **data,
    )
