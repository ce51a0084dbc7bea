"""Writes of the candidatures: an organisation applies to a line of its zone's pact with the
resources it puts in (seed 000: "Condizione per la partecipazione ... è la sottoscrizione del
Patto nonché la presentazione della candidatura"), changes it while it is examined, and the
plan office decides. `candidature_transition` is the only way the state changes
(network/workflow.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import NotAllowed, require, require_same_zone

from .. import workflow
from ..models import Adhesion, Candidature, CandidatureTransition
from .common import NOT_ALLOWED, is_manager, require_line_of_zone, require_manager
from .pact import require_acting_for

REVIEW = "network.review_candidature"
RESOURCE_FIELDS = ("people", "hours_per_month", "premises", "vehicles", "money")
TEXT_FIELDS = ("contribution", "proposed_role")
CANDIDATURE_FIELDS = (*RESOURCE_FIELDS, *TEXT_FIELDS)
DUPLICATE = (
    "L'ente ha già una candidatura aperta a questa linea: modificala invece di presentarne "
    "un'altra."
)
CONFLICT = (
    "La candidatura è stata modificata da un altro utente mentre la modificavi: ricarica la "
    "pagina per vedere la versione attuale, poi ripeti la modifica."
)


def _number(value, field: str, errors: dict, *, integer: bool, places: int = 0):
    label = {
        "people": "Le persone",
        "vehicles": "I mezzi",
        "hours_per_month": "Le ore al mese",
        "money": "Le risorse economiche",
    }[field]
    if value in (None, ""):
        return 0 if integer else Decimal(0)
    try:
        number = Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        errors.setdefault(field, []).append(f"{label}: indica un numero.")
        return None
    if not number.is_finite():
        errors.setdefault(field, []).append(f"{label}: indica un numero.")
        return None
    if number < 0:
        errors.setdefault(field, []).append(f"{label}: il valore non può essere negativo.")
        return None
    if integer:
        if number != number.to_integral_value():
            errors.setdefault(field, []).append(f"{label}: indica un numero intero.")
            return None
        return int(number)
    if number != number.quantize(Decimal(1).scaleb(-places)):
        errors.setdefault(field, []).append(
            f"{label}: al massimo {places} {'decimale' if places == 1 else 'decimali'}."
        )
        return None
    return number


def _clean_declaration(data: dict, errors: dict) -> dict:
    """The declared resources and texts, checked (every error collected in `errors`)."""
    clean = {
        "people": _number(data.get("people"), "people", errors, integer=True),
        "vehicles": _number(data.get("vehicles"), "vehicles", errors, integer=True),
        "hours_per_month": _number(
            data.get("hours_per_month"), "hours_per_month", errors, integer=False, places=1
        ),
        "money": _number(data.get("money"), "money", errors, integer=False, places=2),
        "premises": (data.get("premises") or "").strip(),
        "contribution": (data.get("contribution") or "").strip(),
        "proposed_role": (data.get("proposed_role") or "").strip(),
    }
    if not clean["contribution"]:
        errors.setdefault("contribution", []).append(
            "Descrivi in sintesi il contributo dell'ente alla linea."
        )
    if not clean["proposed_role"]:
        errors.setdefault("proposed_role", []).append("Indica il ruolo che l'ente propone.")
    return clean


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def candidature_submit(
    *,
    actor,
    line,
    organisation,
    people=0,
    hours_per_month=0,
    premises: str = "",
    vehicles=0,
    money=0,
    contribution: str,
    proposed_role: str,
) -> Candidature:
    """An organisation applies to one line of its zone's pact. It must hold an open adhesion
    to that pact; one open candidature per organisation and line."""
    require_acting_for(actor, organisation, "network.add_candidature")
    errors: dict[str, list[str]] = {}
    try:
        require_line_of_zone(line, organisation.zone_id)
    except ValidationError:
        errors["line"] = [
            "La linea scelta non è del patto di questo ambito: ci si candida solo alle linee "
            "del patto territoriale del proprio ambito."
        ]
        line_ok = False
    else:
        line_ok = True
    if organisation.kind != "third_sector":
        errors.setdefault("organisation", []).append(
            "Si candida alle linee del patto un ente del Terzo settore."
        )
    clean = _clean_declaration(
        {
            "people": people,
            "hours_per_month": hours_per_month,
            "premises": premises,
            "vehicles": vehicles,
            "money": money,
            "contribution": contribution,
            "proposed_role": proposed_role,
        },
        errors,
    )
    if line_ok:
        today = timezone.localdate()
        adhering = Adhesion.objects.filter(
            pact_id=line.plan_id,
            organisation=organisation,
            signed_on__lte=today,
            withdrawn_on__isnull=True,
        ).exists()
        if not adhering:
            errors.setdefault("organisation", []).append(
                "L'ente non ha sottoscritto il Patto (o ne è receduto): la sottoscrizione è "
                "condizione per candidarsi alle sue linee."
            )
        open_one = (
            Candidature.objects.select_for_update()
            .filter(line=line, organisation=organisation, state__in=workflow.OPEN_STATES)
            .first()
        )
        if open_one is not None:
            errors.setdefault("line", []).append(
                f"{DUPLICATE} Stato: {open_one.get_state_display().lower()}."
            )
    _raise(errors)
    candidature = Candidature(
        zone_id=organisation.zone_id,
        line=line,
        organisation=organisation,
        submitted_by=actor,
        **clean,
    )
    candidature.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            candidature.save()
    except IntegrityError:
        # Another request submitted the same candidature a moment ago (the model's
        # one-open-per-line constraint): the same answer as the check above.
        raise ValidationError({"line": DUPLICATE}) from None
    log_event(user=actor, obj=candidature, action=EventAction.CREATE, fields=["*"])
    return candidature


@transaction.atomic
def candidature_update(*, actor, candidature: Candidature, revision: int, **data) -> Candidature:
    """The organisation changes what it declared while the candidature is submitted or under
    review. `revision` is the one the edit was made on: an older one is refused."""
    unknown = set(data) - set(CANDIDATURE_FIELDS)
    if unknown:
        raise TypeError(f"Campi non previsti: {', '.join(sorted(unknown))}")
    candidature = (
        Candidature.objects.select_for_update()
        .select_related("organisation")
        .get(pk=candidature.pk)
    )
    require_same_zone(actor, candidature.zone_id)
    if getattr(actor, "organisation_id", None) != candidature.organisation_id:
        if is_manager(actor):
            raise NotAllowed("La candidatura la modifica l'ente che l'ha presentata.")
        if getattr(actor, "organisation_id", None) is not None:
            raise NotAllowed(hide=True)
        raise NotAllowed(NOT_ALLOWED)
    require(actor, "network.change_candidature", message=NOT_ALLOWED)
    if candidature.state not in workflow.EDITABLE_STATES:
        raise ValidationError(
            {
                "state": f"Una candidatura «{candidature.get_state_display().lower()}» non si "
                "modifica più."
            }
        )
    if revision != candidature.revision:
        raise ValidationError({"revision": CONFLICT})
    errors: dict[str, list[str]] = {}
    current = {name: getattr(candidature, name) for name in CANDIDATURE_FIELDS}
    clean = _clean_declaration({**current, **data}, errors)
    _raise(errors)
    fields = [name for name in CANDIDATURE_FIELDS if clean[name] != current[name]]
    if not fields:
        return candidature
    for name in fields:
        setattr(candidature, name, clean[name])
    candidature.revision += 1
    candidature.full_clean()
    candidature.save(update_fields=[*fields, "revision"])
    log_event(user=actor, obj=candidature, fields=fields)
    return candidature


def _require_transition_actor(actor, candidature, transition) -> None:
    require_same_zone(actor, candidature.zone_id)
    own = getattr(actor, "organisation_id", None) == candidature.organisation_id
    if transition.by == workflow.ORGANISATION:
        if own:
            require(actor, "network.change_candidature", message=NOT_ALLOWED)
            return
        if is_manager(actor):
            raise NotAllowed("La candidatura la ritira l'ente che l'ha presentata.")
        if getattr(actor, "organisation_id", None) is not None:
            raise NotAllowed(hide=True)
        raise NotAllowed(NOT_ALLOWED)
    if not own and getattr(actor, "organisation_id", None) is not None and not is_manager(actor):
        raise NotAllowed(hide=True)
    require_manager(actor, candidature.zone_id)
    require(actor, REVIEW, message=NOT_ALLOWED)


@transaction.atomic
def candidature_transition(
    *, actor, candidature: Candidature, to_state: str, reason: str = "", on: dt.date | None = None
) -> Candidature:
    """Move a candidature along network/workflow.py: review, accept, reject (with a reason),
    activate (from `on`, today by default), end (on `on`) by the plan office; withdraw by the
    organisation. Records who, when and why."""
    candidature = Candidature.objects.select_for_update().get(pk=candidature.pk)
    from_state = candidature.state
    transition = workflow.transition_to(from_state, to_state)
    if transition is None:
        # Who may not see the candidature learns nothing of its state.
        require_same_zone(actor, candidature.zone_id)
        if getattr(actor, "organisation_id", None) not in (
            None,
            candidature.organisation_id,
        ) and not is_manager(actor):
            raise NotAllowed(hide=True)
        raise ValidationError(
            {
                "to_state": f"Una candidatura «{candidature.get_state_display().lower()}» non "
                "può passare a questo stato."
            }
        )
    _require_transition_actor(actor, candidature, transition)
    reason = (reason or "").strip()
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if transition.needs_reason and not reason:
        errors["reason"] = ["Indica il motivo: sarà comunicato all'ente."]
    if on is not None and on > today:
        errors["on"] = ["La data non può essere futura."]
    changed = ["state"]
    if transition.target == workflow.S.ACTIVE:
        candidature.active_from = on or today
        changed.append("active_from")
    if transition.target == workflow.S.ENDED:
        candidature.ended_on = on or today
        changed.append("ended_on")
        if candidature.active_from and candidature.ended_on < candidature.active_from:
            errors.setdefault("on", []).append(
                "La conclusione non può precedere l'attivazione "
                f"({candidature.active_from:%d/%m/%Y})."
            )
    _raise(errors)
    if transition.target in (workflow.S.ACCEPTED, workflow.S.REJECTED):
        candidature.reviewed_by = actor
        candidature.reviewed_at = timezone.now()
        candidature.decision_reason = reason
        changed += ["reviewed_by", "reviewed_at", "decision_reason"]
    candidature.state = transition.target
    candidature.revision += 1
    candidature.full_clean()
    candidature.save(update_fields=[*changed, "revision"])
    CandidatureTransition.objects.create(
        candidature=candidature,
        from_state=from_state,
        to_state=transition.target,
        reason=reason,
        actor=actor,
    )
    log_event(
        user=actor,
        obj=candidature,
        fields=changed,
        note=f"{from_state} → {transition.target}",
    )
    return candidature
