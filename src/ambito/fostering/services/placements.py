"""Placements (*affidi*) of a case's minors with a family of the register, their meetings with
the family of origin and their end.

The case's team or the foster-care centre records them. The family is checked under its row
lock (selectors/matching.py `refusals`): registered, not suspended, available for the kind,
the children's ages in its range, siblings, capacity. Any refusal: every error at once in
Italian, nothing written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.registry.selectors import age_on

from ..choices import EndReason, FosterKind, MeetingKind, PlacementBasis
from ..models import FosterFamily, OriginMeeting, Placement
from ..selectors.matching import refusals
from .common import require_case_worker

ADULT_AGE = 18


def case_children(case):
    """The minors a placement of this case may concern: the case's person and the members of
    its household."""
    from ambito.registry.models import Person

    ids = {case.person_id}
    if case.household_id:
        ids |= set(
            case.household.memberships.filter(end_date__isnull=True).values_list(
                "person_id", flat=True
            )
        )
    return Person.objects.filter(pk__in=ids).order_by("birth_date", "pk")


def minors_of_case(case, on: date):
    return [p for p in case_children(case) if age_on(p.birth_date, on) < ADULT_AGE]


@transaction.atomic
def placement_create(
    *,
    actor,
    case,
    family: FosterFamily | None,
    children,
    kind: str,
    basis: str,
    starts_on: date,
    planned_end_on: date | None = None,
    court_reference: str = "",
    consent_on: date | None = None,
    ratified_on: date | None = None,
    monthly_contribution: Decimal | None = Decimal("0"),
    notes: str = "",
) -> Placement:
    require_case_worker(actor, case, "fostering.add_placement")
    children = list(children)
    errors: dict[str, str] = {}
    if kind not in FosterKind.values:
        errors["kind"] = "Scegli il tipo di affido."
    if basis not in PlacementBasis.values:
        errors["basis"] = "Indica se l'affido è giudiziale o consensuale."
    elif basis == PlacementBasis.COURT and not (court_reference or "").strip():
        errors["court_reference"] = "Indica il decreto del Tribunale per i minorenni."
    elif basis == PlacementBasis.CONSENSUAL and consent_on is None:
        errors["consent_on"] = "Indica la data del consenso dei genitori."
    if starts_on is None:
        errors["starts_on"] = "Indica la data di inizio."
    else:
        if planned_end_on is not None and planned_end_on < starts_on:
            errors["planned_end_on"] = "La fine prevista non può precedere l'inizio."
        if consent_on is not None and consent_on > starts_on:
            errors["consent_on"] = "Il consenso dei genitori deve precedere l'inizio dell'affido."
    if monthly_contribution is None or monthly_contribution < 0:
        errors["monthly_contribution"] = "Il contributo mensile non può essere negativo."
    elif monthly_contribution > Decimal("10000"):
        errors["monthly_contribution"] = "Il contributo mensile è troppo alto (al più € 10.000)."
    allowed_ids = set(case_children(case).values_list("pk", flat=True))
    if not children:
        errors["children"] = "Scegli almeno un minore del nucleo della cartella."
    elif any(child.pk not in allowed_ids for child in children):
        errors["children"] = "Si affidano solo i minori della cartella o del suo nucleo."
    elif starts_on is not None and any(
        age_on(child.birth_date, starts_on) >= ADULT_AGE or child.birth_date > starts_on
        for child in children
    ):
        errors["children"] = "Alla data di inizio ogni persona affidata deve essere minorenne."
    if family is None or family.zone_id != case.zone_id:
        errors["family"] = "Scegli una famiglia dell'albo di questo ambito."
    elif starts_on is not None and kind in FosterKind.values and "children" not in errors:
        locked = FosterFamily.objects.select_for_update().get(pk=family.pk)
        ages = [age_on(child.birth_date, starts_on) for child in children]
        for field, message in refusals(locked, kind=kind, on=starts_on, ages=ages).items():
            errors.setdefault(field, message)
    if errors:
        raise ValidationError(errors)
    placement = Placement.objects.create(
        zone_id=case.zone_id,
        case=case,
        family=family,
        kind=kind,
        basis=basis,
        court_reference=(court_reference or "").strip() if basis == PlacementBasis.COURT else "",
        consent_on=consent_on if basis == PlacementBasis.CONSENSUAL else None,
        ratified_on=ratified_on if basis == PlacementBasis.CONSENSUAL else None,
        starts_on=starts_on,
        planned_end_on=planned_end_on,
        monthly_contribution=monthly_contribution,
        notes=(notes or "").strip(),
        created_by=actor,
    )
    placement.children.set(children)
    log_event(
        user=actor, obj=placement, action=EventAction.CREATE, fields=["*"], person=case.person
    )
    return placement


@transaction.atomic
def placement_end(*, actor, placement: Placement, ended_on: date, end_reason: str) -> Placement:
    require_case_worker(actor, placement.case, "fostering.change_placement")
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    errors = {}
    if placement.ended_on is not None:
        errors["__all__"] = f"L'affido è già concluso il {placement.ended_on:%d/%m/%Y}."
    if ended_on is None:
        errors["ended_on"] = "Indica la data di conclusione."
    elif ended_on < placement.starts_on:
        errors["ended_on"] = "La conclusione non può precedere l'inizio dell'affido."
    if end_reason not in EndReason.values:
        errors["end_reason"] = "Indica il motivo della conclusione."
    if errors:
        raise ValidationError(errors)
    placement.ended_on = ended_on
    placement.end_reason = end_reason
    placement.save(update_fields=["ended_on", "end_reason"])
    log_event(
        user=actor, obj=placement, fields=["ended_on", "end_reason"], person=placement.case.person
    )
    return placement


@transaction.atomic
def meeting_add(
    *, actor, placement: Placement, held_on: date, kind: str, place: str, notes: str = ""
) -> OriginMeeting:
    """A meeting of the child with the family of origin."""
    require_case_worker(actor, placement.case, "fostering.add_originmeeting")
    errors = {}
    if held_on is None:
        errors["held_on"] = "Indica la data dell'incontro."
    elif held_on < placement.starts_on:
        errors["held_on"] = "L'incontro non può precedere l'inizio dell'affido."
    elif placement.ended_on is not None and held_on > placement.ended_on:
        errors["held_on"] = "L'incontro non può seguire la conclusione dell'affido."
    if kind not in MeetingKind.values:
        errors["kind"] = "Indica se l'incontro è protetto o libero."
    if not (place or "").strip():
        errors["place"] = "Indica il luogo dell'incontro."
    if errors:
        raise ValidationError(errors)
    meeting = OriginMeeting.objects.create(
        placement=placement,
        held_on=held_on,
        kind=kind,
        place=place.strip(),
        notes=(notes or "").strip(),
        recorded_by=actor,
    )
    log_event(
        user=actor,
        obj=placement,
        fields=["meetings"],
        person=placement.case.person,
        zone_id=placement.zone_id,
    )
    return meeting
