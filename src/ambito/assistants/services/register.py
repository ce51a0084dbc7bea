"""The register (§7, seed 003 §C.5): the plan office enrols a worker, records training and
checks, moves the enrolment through its states, records the consent to be listed, and sets
whether the zone publishes the register on its charter.

States (TRANSITIONS): application → checks → enrolled ⇄ suspended; every state but removed →
removed. Entering *checks* opens the checks the worker needs (identity document, criminal
record certificate, references, and the residence permit when needed). Enrolment needs every
one of them passed and at least one completed course. Suspension and removal need a reason.

Every error at once (a dict {field: Italian message}), nothing written on bad input; every
write in the event log (field names, never values).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import NotAllowed

from ..choices import CheckKind, CheckOutcome, Language, WorkerKind, WorkerState
from ..models import (
    RegisterPublication,
    Worker,
    WorkerCheck,
    WorkerLanguage,
    WorkerStateChange,
    WorkerTraining,
)
from .common import NOT_ALLOWED, is_manager, is_searcher, require_manager, require_visible_worker

TRANSITIONS: dict[str, tuple[str, ...]] = {
    WorkerState.APPLICATION: (WorkerState.CHECKS, WorkerState.REMOVED),
    WorkerState.CHECKS: (WorkerState.ENROLLED, WorkerState.REMOVED),
    WorkerState.ENROLLED: (WorkerState.SUSPENDED, WorkerState.REMOVED),
    WorkerState.SUSPENDED: (WorkerState.ENROLLED, WorkerState.REMOVED),
    WorkerState.REMOVED: (),
}
NEEDS_REASON = (WorkerState.SUSPENDED, WorkerState.REMOVED)

PERSONAL_FIELDS = (
    "first_name",
    "last_name",
    "fiscal_code",
    "birth_date",
    "citizenship",
    "needs_residence_permit",
    "phone",
    "email",
    "address",
)
AVAILABILITY_FIELDS = ("kind", "weekly_hours", "live_in", "nights", "weekends", "notes")
EDITABLE_FIELDS = (*PERSONAL_FIELDS, *AVAILABILITY_FIELDS, "municipalities", "languages")


def required_checks(worker: Worker) -> list[str]:
    kinds = [CheckKind.DOCUMENT, CheckKind.CRIMINAL_RECORD, CheckKind.REFERENCES]
    if worker.needs_residence_permit:
        kinds.insert(1, CheckKind.RESIDENCE_PERMIT)
    return [str(kind) for kind in kinds]


def _clean(value) -> str:
    return (value or "").strip()


def _today() -> date:
    return timezone.localdate()


def _check_data(zone_id: int, data: dict, municipalities, languages) -> dict:
    errors: dict[str, str] = {}
    if "first_name" in data and not data["first_name"]:
        errors["first_name"] = "Indica il nome."
    if "last_name" in data and not data["last_name"]:
        errors["last_name"] = "Indica il cognome."
    for name, limit in (("first_name", 100), ("last_name", 100), ("citizenship", 100)):
        if len(data.get(name) or "") > limit:
            errors[name] = f"Al più {limit} caratteri."
    code = data.get("fiscal_code") or ""
    if code and (len(code) != 16 or not code.isalnum()):
        errors["fiscal_code"] = "Il codice fiscale ha 16 lettere e cifre."
    birth = data.get("birth_date")
    if birth is not None and (birth > _today() or birth.year < 1900):
        errors["birth_date"] = "La data di nascita non è valida."
    if len(data.get("phone") or "") > 32:
        errors["phone"] = "Il telefono ha al più 32 caratteri."
    email = data.get("email") or ""
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "Indica un indirizzo email valido."
    if "kind" in data and data["kind"] not in WorkerKind.values:
        errors["kind"] = "Scegli il tipo: assistente familiare, baby-sitter o entrambi."
    hours = data.get("weekly_hours")
    if hours is not None and not (0 <= hours <= 168):
        errors["weekly_hours"] = "Le ore settimanali vanno da 0 a 168."
    if municipalities is not None and any(m.zone_id != zone_id for m in municipalities):
        errors["municipalities"] = "Uno o più comuni scelti non sono di questo ambito."
    if languages is not None and any(code not in Language.values for code in languages):
        errors["languages"] = "Una o più lingue non sono tra quelle previste."
    return errors


def _set_relations(worker: Worker, municipalities, languages) -> None:
    if municipalities is not None:
        worker.municipalities.set(municipalities)
    if languages is not None:
        wanted = set(languages)
        worker.languages.exclude(language__in=wanted).delete()
        have = set(worker.languages.values_list("language", flat=True))
        WorkerLanguage.objects.bulk_create(
            [WorkerLanguage(worker=worker, language=code) for code in sorted(wanted - have)]
        )


@transaction.atomic
def worker_create(
    *,
    actor,
    first_name: str,
    last_name: str,
    kind: str,
    applied_on: date | None = None,
    municipalities=(),
    languages=(),
    **fields,
) -> Worker:
    """A worker's application to the register (state: application)."""
    require_manager(actor, actor.zone_id)
    unknown = set(fields) - set(PERSONAL_FIELDS) - set(AVAILABILITY_FIELDS)
    if unknown:
        raise ValidationError({"__all__": "Campi non previsti: " + ", ".join(sorted(unknown))})
    data = {
        **{name: fields.get(name) for name in PERSONAL_FIELDS if name in fields},
        **{name: fields.get(name) for name in AVAILABILITY_FIELDS if name in fields},
        "first_name": _clean(first_name),
        "last_name": _clean(last_name),
        "kind": kind,
    }
    for name in ("fiscal_code", "citizenship", "phone", "email", "address", "notes"):
        if name in data:
            data[name] = _clean(data[name])
    if data.get("fiscal_code"):
        data["fiscal_code"] = data["fiscal_code"].upper()
    if data.get("weekly_hours") is None:
        data.pop("weekly_hours", None)
    municipalities, languages = list(municipalities), list(languages)
    errors = _check_data(actor.zone_id, data, municipalities, languages)
    applied_on = applied_on or _today()
    if applied_on > _today():
        errors["applied_on"] = "La data della domanda non può essere futura."
    if errors:
        raise ValidationError(errors)
    worker = Worker.objects.create(zone_id=actor.zone_id, applied_on=applied_on, **data)
    _set_relations(worker, municipalities, languages)
    WorkerStateChange.objects.create(
        worker=worker, from_state="", to_state=WorkerState.APPLICATION, on=applied_on, actor=actor
    )
    log_event(user=actor, obj=worker, action=EventAction.CREATE, fields=["*"])
    return worker


def _locked(worker: Worker) -> Worker:
    return Worker.objects.select_for_update().get(pk=worker.pk)


@transaction.atomic
def worker_update(*, actor, worker: Worker, **fields) -> Worker:
    """Correct the personal data and the availability; only the fields given change."""
    require_manager(actor, worker.zone_id)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({"__all__": "Campi non modificabili: " + ", ".join(sorted(unknown))})
    worker = _locked(worker)
    municipalities = fields.pop("municipalities", None)
    languages = fields.pop("languages", None)
    municipalities = None if municipalities is None else list(municipalities)
    languages = None if languages is None else list(languages)
    data = dict(fields)
    for name in ("first_name", "last_name", "fiscal_code", "citizenship", "phone", "email"):
        if name in data:
            data[name] = _clean(data[name])
    if data.get("fiscal_code"):
        data["fiscal_code"] = data["fiscal_code"].upper()
    errors = _check_data(worker.zone_id, data, municipalities, languages)
    if errors:
        raise ValidationError(errors)
    changed = [name for name, value in data.items() if getattr(worker, name) != value]
    for name, value in data.items():
        setattr(worker, name, "" if value is None and name in ("notes", "address") else value)
    worker.save()
    if municipalities is not None and set(worker.municipalities.all()) != set(municipalities):
        changed.append("municipalities")
    if languages is not None and set(worker.languages.values_list("language", flat=True)) != set(
        languages
    ):
        changed.append("languages")
    _set_relations(worker, municipalities, languages)
    if changed:
        log_event(user=actor, obj=worker, fields=changed)
    return worker


def _open_checks(worker: Worker) -> None:
    have = set(worker.checks.values_list("kind", flat=True))
    WorkerCheck.objects.bulk_create(
        [
            WorkerCheck(worker=worker, kind=kind)
            for kind in required_checks(worker)
            if kind not in have
        ]
    )


def enrolment_missing(worker: Worker) -> list[str]:
    """Why the worker cannot be enrolled yet (empty when they can)."""
    missing = []
    passed = set(worker.checks.filter(outcome=CheckOutcome.PASSED).values_list("kind", flat=True))
    labels = [CheckKind(kind).label for kind in required_checks(worker) if kind not in passed]
    if labels:
        missing.append("verifiche non superate o da fare: " + ", ".join(labels))
    if not worker.trainings.filter(completed_on__isnull=False).exists():
        missing.append("nessun corso di formazione concluso")
    return missing


@transaction.atomic
def worker_set_state(
    *, actor, worker: Worker, state: str, on: date | None = None, reason: str = ""
) -> Worker:
    require_manager(actor, worker.zone_id)
    worker = _locked(worker)
    on = on or _today()
    reason = _clean(reason)
    errors: dict[str, str] = {}
    if state not in WorkerState.values:
        errors["state"] = "Scegli uno stato dell'iscrizione."
    elif state not in TRANSITIONS[worker.state]:
        errors["state"] = (
            f"Dallo stato «{WorkerState(worker.state).label}» non si passa a "
            f"«{WorkerState(state).label}»."
        )
    elif state == WorkerState.ENROLLED and worker.state == WorkerState.CHECKS:
        missing = enrolment_missing(worker)
        if missing:
            errors["state"] = "Non si può iscrivere: " + "; ".join(missing) + "."
    if state in NEEDS_REASON and not reason:
        errors["reason"] = "Indica il motivo della sospensione o della cancellazione."
    if len(reason) > 300:
        errors["reason"] = "Il motivo ha al più 300 caratteri."
    if on > _today():
        errors["on"] = "La data non può essere futura."
    elif on < worker.applied_on:
        errors["on"] = "La data non può precedere la domanda."
    if errors:
        raise ValidationError(errors)
    previous = worker.state
    worker.state = state
    changed = ["state"]
    if state == WorkerState.ENROLLED and worker.enrolled_on is None:
        worker.enrolled_on = on
        changed.append("enrolled_on")
    worker.save(update_fields=[*changed, "updated_at"])
    if state == WorkerState.CHECKS:
        _open_checks(worker)
    WorkerStateChange.objects.create(
        worker=worker, from_state=previous, to_state=state, on=on, reason=reason, actor=actor
    )
    log_event(user=actor, obj=worker, fields=changed, note=f"{previous} → {state}")
    return worker


@transaction.atomic
def training_add(
    *,
    actor,
    worker: Worker,
    course: str,
    hours,
    completed_on: date | None = None,
    organiser: str = "",
) -> WorkerTraining:
    require_manager(actor, worker.zone_id)
    course, organiser = _clean(course), _clean(organiser)
    errors: dict[str, str] = {}
    if not course:
        errors["course"] = "Indica il corso."
    elif len(course) > 200:
        errors["course"] = "Il nome del corso ha al più 200 caratteri."
    if len(organiser) > 200:
        errors["organiser"] = "L'ente formatore ha al più 200 caratteri."
    if hours is None or not (1 <= hours <= 2000):
        errors["hours"] = "Le ore del corso vanno da 1 a 2000."
    if completed_on is not None and completed_on > _today():
        errors["completed_on"] = "La data di conclusione non può essere futura."
    if worker.state == WorkerState.REMOVED:
        errors["__all__"] = "L'iscrizione è cancellata: non si registra altra formazione."
    if errors:
        raise ValidationError(errors)
    training = WorkerTraining.objects.create(
        worker=worker, course=course, organiser=organiser, hours=hours, completed_on=completed_on
    )
    log_event(user=actor, obj=worker, fields=["trainings"])
    return training


@transaction.atomic
def check_record(
    *,
    actor,
    worker: Worker,
    kind: str,
    outcome: str,
    checked_on: date | None = None,
    note: str = "",
) -> WorkerCheck:
    """Record (or correct) the outcome of one check."""
    require_manager(actor, worker.zone_id)
    note = _clean(note)
    errors: dict[str, str] = {}
    if kind not in CheckKind.values:
        errors["kind"] = "Scegli la verifica."
    if outcome not in CheckOutcome.values:
        errors["outcome"] = "Scegli l'esito."
    if outcome != CheckOutcome.PENDING and checked_on is None:
        errors["checked_on"] = "Indica la data della verifica."
    if checked_on is not None and checked_on > _today():
        errors["checked_on"] = "La data della verifica non può essere futura."
    if len(note) > 300:
        errors["note"] = "La nota ha al più 300 caratteri."
    if worker.state == WorkerState.REMOVED:
        errors["__all__"] = "L'iscrizione è cancellata: le verifiche non cambiano più."
    if errors:
        raise ValidationError(errors)
    check, _ = WorkerCheck.objects.select_for_update().get_or_create(worker=worker, kind=kind)
    check.outcome = outcome
    check.checked_on = None if outcome == CheckOutcome.PENDING else checked_on
    check.note = note
    check.checked_by = actor
    check.save()
    log_event(user=actor, obj=worker, fields=["checks"])
    return check


@transaction.atomic
def consent_give(
    *, actor, worker: Worker, on: date | None = None, show_phone: bool = False
) -> Worker:
    """The worker consents to be listed (a new consent after a withdrawal starts afresh)."""
    require_manager(actor, worker.zone_id)
    worker = _locked(worker)
    on = on or _today()
    errors: dict[str, str] = {}
    if worker.consented:
        errors["on"] = "Il consenso è già stato dato e non è stato revocato."
    elif on > _today():
        errors["on"] = "La data del consenso non può essere futura."
    if show_phone and not worker.phone:
        errors["show_phone"] = "Non c'è un telefono da mostrare: indicalo prima nei dati."
    if worker.state == WorkerState.REMOVED:
        errors["__all__"] = "L'iscrizione è cancellata."
    if errors:
        raise ValidationError(errors)
    worker.consent_given_on = on
    worker.consent_withdrawn_on = None
    worker.show_phone = bool(show_phone)
    worker.save(
        update_fields=["consent_given_on", "consent_withdrawn_on", "show_phone", "updated_at"]
    )
    log_event(
        user=actor, obj=worker, fields=["consent_given_on", "consent_withdrawn_on", "show_phone"]
    )
    return worker


@transaction.atomic
def consent_withdraw(*, actor, worker: Worker, on: date | None = None) -> Worker:
    """The worker withdraws the consent: from now on they are in no search and not on the
    charter. The plan office or the access point that receives the withdrawal records it."""
    if is_manager(actor):
        require_manager(actor, worker.zone_id)
    elif is_searcher(actor):
        require_visible_worker(actor, worker)
    else:
        raise NotAllowed(NOT_ALLOWED)
    worker = _locked(worker)
    on = on or _today()
    errors: dict[str, str] = {}
    if not worker.consented:
        errors["on"] = "Non c'è un consenso in corso da revocare."
    elif on > _today():
        errors["on"] = "La data della revoca non può essere futura."
    elif on < worker.consent_given_on:
        errors["on"] = "La revoca non può precedere il consenso."
    if errors:
        raise ValidationError(errors)
    worker.consent_withdrawn_on = on
    worker.show_phone = False
    worker.save(update_fields=["consent_withdrawn_on", "show_phone", "updated_at"])
    log_event(user=actor, obj=worker, fields=["consent_withdrawn_on", "show_phone"])
    return worker


def publication_for(zone) -> RegisterPublication:
    """The zone's setting (not published until the plan office says so)."""
    found = RegisterPublication.objects.filter(zone=zone).first()
    return found or RegisterPublication(zone=zone)


@transaction.atomic
def publication_update(*, actor, **fields) -> RegisterPublication:
    require_manager(actor, actor.zone_id)
    allowed_fields = {
        "published",
        "show_languages",
        "show_municipalities",
        "show_availability",
        "contact_text",
    }
    unknown = set(fields) - allowed_fields
    if unknown:
        raise ValidationError({"__all__": "Campi non previsti: " + ", ".join(sorted(unknown))})
    if "contact_text" in fields:
        fields["contact_text"] = _clean(fields["contact_text"])
        if len(fields["contact_text"]) > 1000:
            raise ValidationError({"contact_text": "Il testo ha al più 1000 caratteri."})
    publication, _ = RegisterPublication.objects.select_for_update().get_or_create(
        zone_id=actor.zone_id
    )
    changed = [name for name, value in fields.items() if getattr(publication, name) != value]
    for name, value in fields.items():
        setattr(publication, name, value)
    publication.updated_by = actor
    publication.save()
    if changed:
        log_event(user=actor, obj=publication, fields=changed, zone_id=actor.zone_id)
    return publication
