"""The register of foster families (seed 003 §C.7 "albo delle famiglie affidatarie"): the
foster-care centre records an application, the training the family attended, the assessment
(registered when suitable), the availability, suspensions and the withdrawal.

Every error at once, nothing written on bad input; log_event names the fields, never the
values (the family's names and contacts are personal data)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from ambito.core.audit import log_event
from ambito.core.choices import EventAction

from ..choices import AssessmentOutcome, FamilyStatus, FosterKind
from ..models import (
    FamilyAssessment,
    FamilyAvailability,
    FamilySuspension,
    FamilyTraining,
    FosterFamily,
)
from .common import require_manager

PROFILE_FIELDS = (
    "reference_adults",
    "municipality",
    "address",
    "phone",
    "email",
    "age_min",
    "age_max",
    "siblings_accepted",
    "capacity",
    "notes",
)


def _text(value) -> str:
    return (value or "").strip()


def _check_profile(zone_id: int, data: dict, kinds) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.get("reference_adults"):
        errors["reference_adults"] = "Indica gli adulti di riferimento della famiglia."
    municipality = data.get("municipality")
    if municipality is None or municipality.zone_id != zone_id:
        errors["municipality"] = "Il comune non è di questo ambito."
    if data.get("email"):
        try:
            validate_email(data["email"])
        except ValidationError:
            errors["email"] = "Indica un indirizzo email valido."
    age_min, age_max = data.get("age_min"), data.get("age_max")
    if age_min is None or age_max is None or age_min < 0 or age_max > 21:
        errors["age_max"] = "Indica la fascia d'età tra 0 e 21 anni."
    elif age_min > age_max:
        errors["age_max"] = "L'età massima non può essere inferiore all'età minima."
    if not data.get("capacity") or data["capacity"] < 1 or data["capacity"] > 10:
        errors["capacity"] = "Indica quanti minori può accogliere (da 1 a 10)."
    if any(kind not in FosterKind.values for kind in kinds):
        errors["kinds"] = "Tipo di affido non valido."
    return errors


def _set_kinds(family: FosterFamily, kinds) -> None:
    kinds = set(kinds)
    family.availability.exclude(kind__in=kinds).delete()
    present = set(family.availability.values_list("kind", flat=True))
    FamilyAvailability.objects.bulk_create(
        [FamilyAvailability(family=family, kind=kind) for kind in sorted(kinds - present)]
    )


@transaction.atomic
def family_create(*, actor, applied_on: date, kinds=(), **data) -> FosterFamily:
    require_manager(actor, actor.zone_id)
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError({"__all__": "Campi sconosciuti: " + ", ".join(sorted(unknown))})
    data = {**data}
    for name in ("reference_adults", "address", "phone", "email", "notes"):
        data[name] = _text(data.get(name))
    data.setdefault("age_min", 0)
    data.setdefault("age_max", 17)
    data.setdefault("capacity", 1)
    data.setdefault("siblings_accepted", False)
    kinds = list(kinds)
    errors = _check_profile(actor.zone_id, data, kinds)
    if applied_on is None:
        errors["applied_on"] = "Indica la data della domanda."
    if errors:
        raise ValidationError(errors)
    family = FosterFamily.objects.create(zone_id=actor.zone_id, applied_on=applied_on, **data)
    _set_kinds(family, kinds)
    log_event(user=actor, obj=family, action=EventAction.CREATE, fields=["*"])
    return family


def _locked(family: FosterFamily) -> FosterFamily:
    return FosterFamily.objects.select_for_update().get(pk=family.pk)


@transaction.atomic
def family_update(*, actor, family: FosterFamily, kinds=None, **data) -> FosterFamily:
    """Correct the profile and the availability (only the fields given change)."""
    require_manager(actor, family.zone_id)
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError({"__all__": "Campi non modificabili: " + ", ".join(sorted(unknown))})
    family = _locked(family)
    merged = {name: getattr(family, name) for name in PROFILE_FIELDS}
    for name, value in data.items():
        merged[name] = _text(value) if isinstance(value, str) else value
    new_kinds = list(family.kinds) if kinds is None else list(kinds)
    errors = _check_profile(family.zone_id, merged, new_kinds)
    if errors:
        raise ValidationError(errors)
    changed = [name for name in PROFILE_FIELDS if getattr(family, name) != merged[name]]
    for name in changed:
        setattr(family, name, merged[name])
    family.save()
    if kinds is not None and set(new_kinds) != set(family.kinds):
        changed.append("availability")
        _set_kinds(family, new_kinds)
    log_event(user=actor, obj=family, fields=changed)
    return family


CLOSED = (FamilyStatus.WITHDRAWN, FamilyStatus.NOT_SUITABLE)


@transaction.atomic
def training_add(
    *, actor, family: FosterFamily, course: str, held_on: date, hours=None
) -> FamilyTraining:
    require_manager(actor, family.zone_id)
    family = _locked(family)
    errors = {}
    if not _text(course):
        errors["course"] = "Indica il corso o l'incontro."
    if held_on is None:
        errors["held_on"] = "Indica la data."
    elif held_on < family.applied_on:
        errors["held_on"] = "La formazione non può precedere la domanda."
    if hours is not None and (hours <= 0 or hours > 200):
        errors["hours"] = "Indica le ore (più di 0, al più 200)."
    if family.status in CLOSED:
        errors["__all__"] = "La famiglia non è più nel percorso dell'albo."
    if errors:
        raise ValidationError(errors)
    training = FamilyTraining.objects.create(
        family=family, course=_text(course), held_on=held_on, hours=hours, recorded_by=actor
    )
    if family.status == FamilyStatus.APPLIED:
        family.status = FamilyStatus.TRAINING
        family.save(update_fields=["status"])
    log_event(user=actor, obj=family, fields=["trainings", "status"])
    return training


@transaction.atomic
def assessment_record(
    *, actor, family: FosterFamily, held_on: date, outcome: str, assessed_by: str, notes=""
) -> FamilyAssessment:
    """The foster-care centre's assessment: suitable registers the family from that date."""
    require_manager(actor, family.zone_id)
    family = _locked(family)
    errors = {}
    if outcome not in AssessmentOutcome.values:
        errors["outcome"] = "Indica l'esito della valutazione."
    if not _text(assessed_by):
        errors["assessed_by"] = "Indica chi ha svolto la valutazione."
    if held_on is None:
        errors["held_on"] = "Indica la data della valutazione."
    elif held_on < family.applied_on:
        errors["held_on"] = "La valutazione non può precedere la domanda."
    if family.status in CLOSED or family.status == FamilyStatus.REGISTERED:
        errors["__all__"] = (
            f"La famiglia è già {family.get_status_display().lower()}: nessuna valutazione da "
            "registrare."
        )
    elif not family.trainings.exists():
        errors["__all__"] = "Prima della valutazione registra la formazione frequentata."
    if errors:
        raise ValidationError(errors)
    assessment = FamilyAssessment.objects.create(
        family=family,
        held_on=held_on,
        outcome=outcome,
        assessed_by=_text(assessed_by),
        notes=_text(notes),
        recorded_by=actor,
    )
    if outcome == AssessmentOutcome.SUITABLE:
        family.status = FamilyStatus.REGISTERED
        family.registered_on = held_on
    else:
        family.status = FamilyStatus.NOT_SUITABLE
    family.save(update_fields=["status", "registered_on"])
    log_event(user=actor, obj=family, fields=["assessments", "status", "registered_on"])
    return assessment


@transaction.atomic
def suspension_add(
    *, actor, family: FosterFamily, starts_on: date, ends_on: date | None, reason: str
) -> FamilySuspension:
    require_manager(actor, family.zone_id)
    family = _locked(family)
    errors = {}
    if family.status != FamilyStatus.REGISTERED:
        errors["__all__"] = "Si sospende solo una famiglia iscritta all'albo."
    if not _text(reason):
        errors["reason"] = "Indica il motivo della sospensione."
    if starts_on is None:
        errors["starts_on"] = "Indica da quando è sospesa."
    elif ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = "La fine della sospensione non può precedere l'inizio."
    if errors:
        raise ValidationError(errors)
    suspension = FamilySuspension.objects.create(
        family=family, starts_on=starts_on, ends_on=ends_on, reason=_text(reason), recorded_by=actor
    )
    log_event(user=actor, obj=family, fields=["suspensions"])
    return suspension


@transaction.atomic
def family_withdraw(*, actor, family: FosterFamily, withdrawn_on: date, reason: str):
    """The family leaves the register; its open placements must be closed first."""
    require_manager(actor, family.zone_id)
    family = _locked(family)
    errors = {}
    if family.status == FamilyStatus.WITHDRAWN:
        errors["__all__"] = "La famiglia è già ritirata dall'albo."
    elif family.placements.filter(ended_on__isnull=True).exists():
        errors["__all__"] = "La famiglia ha affidi in corso: concludili prima del ritiro."
    if withdrawn_on is None:
        errors["withdrawn_on"] = "Indica la data del ritiro."
    elif withdrawn_on < family.applied_on:
        errors["withdrawn_on"] = "Il ritiro non può precedere la domanda."
    if not _text(reason):
        errors["withdrawal_reason"] = "Indica il motivo del ritiro."
    if errors:
        raise ValidationError(errors)
    family.status = FamilyStatus.WITHDRAWN
    family.withdrawn_on = withdrawn_on
    family.withdrawal_reason = _text(reason)
    family.save(update_fields=["status", "withdrawn_on", "withdrawal_reason"])
    log_event(user=actor, obj=family, fields=["status", "withdrawn_on", "withdrawal_reason"])
    return family
