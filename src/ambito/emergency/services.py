"""Writes of the emergency service (§6). Every service checks permission and zone, validates
everything before writing (one ValidationError with Italian messages per field), runs in one
transaction and logs the change. Placements lock the shelter's row so that two operators
placing into the last place at the same moment cannot both succeed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from ambito.core import fiscal_code
from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import NotAllowed, require
from ambito.core.scoping import require_visible
from ambito.core.workdays import next_working_day, zone_province
from ambito.registry.models import Person
from ambito.territory.models import Municipality, Zone

from .choices import ImmediateMeasure, Outcome, PlaceType, ReporterKind, ShiftRole
from .models import (
    Emergency,
    EmergencyPerson,
    Handover,
    OnCallShift,
    Placement,
    Shelter,
    UrgencyCriterion,
)

# The on-call night belongs to the day before: a call at 3 a.m. on Tuesday is handed over on
# Tuesday morning, when the offices open, not on Wednesday.
OFFICE_OPENS = dt.time(8, 0)
# A report may be written up a little after the call; a time ahead of the server's clock by
# more than this is a typing error.
CLOCK_TOLERANCE = dt.timedelta(minutes=2)
ADULT_AGE = 18


def handover_due_on(reported_at: dt.datetime, province: str | None) -> dt.date:
    """The working day by which the ordinary social service takes over (see OFFICE_OPENS)."""
    local = timezone.localtime(reported_at)
    service_day = local.date()
    if local.time() < OFFICE_OPENS:
        service_day -= dt.timedelta(days=1)
    return next_working_day(service_day, province)


NOT_ALLOWED = "Non hai il permesso per questa operazione del pronto intervento."


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def _check_time(value, *, field: str, errors: dict, after: dt.datetime | None = None, label: str):
    now = timezone.now()
    if value is None:
        errors[field] = f"Indica {label}."
    elif value > now + CLOCK_TOLERANCE:
        errors[field] = f"{label[0].upper()}{label[1:]} non può essere nel futuro."
    elif after is not None and value < after:
        errors[field] = f"{label[0].upper()}{label[1:]} non può precedere la segnalazione."


def _minutes(start: dt.datetime, end: dt.datetime) -> int:
    return int((end - start).total_seconds() // 60)


def reserve_number(zone_id: int, year: int) -> str:
    """The zone's next report number for the year ("2026/00042"), with the zone row locked."""
    Zone.objects.select_for_update(no_key=True).filter(pk=zone_id).first()
    prefix = f"{year}/"
    last = (
        Emergency.objects.filter(zone_id=zone_id, number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return f"{prefix}{(int(last.split('/')[1]) + 1) if last else 1:05d}"


def _criteria_of(actor, criteria: Iterable, errors: dict) -> list[UrgencyCriterion]:
    chosen = list(criteria)
    allowed = {
        c.pk: c
        for c in UrgencyCriterion.objects.visible_to(actor).filter(
            pk__in=[c.pk for c in chosen], active=True
        )
    }
    if len(allowed) != len({c.pk for c in chosen}):
        errors["criteria"] = "Uno dei criteri di urgenza non è attivo o non è di questo ambito."
    return list(allowed.values())


def _person_rows(actor, persons: Sequence[dict], errors: dict) -> list[EmergencyPerson]:
    rows, problems = [], []
    for index, data in enumerate(persons, start=1):
        first = (data.get("first_name") or "").strip()
        last = (data.get("last_name") or "").strip()
        description = (data.get("description") or "").strip()
        code = (data.get("fiscal_code") or "").strip()
        age = data.get("age")
        linked = None
        if code:
            try:
                code = fiscal_code.check(code)
            except ValidationError as error:
                problems.append(f"Persona {index}: {error.messages[0]}")
                continue
            linked = Person.objects.visible_to(actor).filter(fiscal_code=code).first()
        if not (linked or (first and last) or description):
            problems.append(
                f"Persona {index}: scrivi nome e cognome o, se non è identificata, una breve "
                "descrizione (per esempio «donna di circa 30 anni»)."
            )
            continue
        if age is not None and not 0 <= age <= 120:
            problems.append(f"Persona {index}: l'età deve essere tra 0 e 120 anni.")
            continue
        is_minor = bool(data.get("is_minor")) or (age is not None and age < ADULT_AGE)
        rows.append(
            EmergencyPerson(
                person=linked,
                first_name=first or (linked.first_name if linked else ""),
                last_name=last or (linked.last_name if linked else ""),
                fiscal_code=code,
                age=age,
                sex=data.get("sex") or (linked.sex if linked else ""),
                is_minor=is_minor,
                description=description,
            )
        )
    if problems:
        errors["persons"] = " ".join(problems)
    return rows


def _zone_municipality(actor, municipality, field: str, errors: dict, label: str) -> None:
    if municipality is None:
        errors[field] = f"Indica {label}."
    elif municipality.zone_id != actor.zone_id:
        errors[field] = (
            f"{municipality.name} non è un comune di questo ambito: il passaggio può andare solo "
            "al servizio sociale di un comune dell'ambito."
        )


def _handover_assignee(municipality):
    from ambito.cases.models import AssignmentRule, CaseLine

    rule = (
        AssignmentRule.objects.filter(municipality=municipality, line=CaseLine.SOCIAL)
        .select_related("manager")
        .first()
    )
    return rule.manager if rule else None


@transaction.atomic
def emergency_report(
    *,
    actor,
    reported_at: dt.datetime,
    reporter_kind: str,
    municipality: Municipality,
    location: str,
    situation: str,
    criteria: Iterable[UrgencyCriterion] = (),
    persons: Sequence[dict] = (),
    reporter_name: str = "",
    reporter_phone: str = "",
    handover_municipality: Municipality | None = None,
) -> Emergency:
    """Record a report and create its hand-over to the competent municipality's social
    service, due on the next working day of the zone's calendar."""
    require(actor, "emergency.add_emergency", message=NOT_ALLOWED)
    errors: dict[str, str] = {}
    reported_at = _aware(reported_at)
    _check_time(reported_at, field="reported_at", errors=errors, label="l'ora della segnalazione")
    if reporter_kind not in ReporterKind.values:
        errors["reporter_kind"] = "Indica chi segnala."
    _zone_municipality(actor, municipality, "municipality", errors, "il comune dell'evento")
    handover_municipality = handover_municipality or municipality
    if handover_municipality is not municipality:
        _zone_municipality(
            actor, handover_municipality, "handover_municipality", errors, "il comune competente"
        )
    if not (location or "").strip():
        errors["location"] = "Indica il luogo."
    if not (situation or "").strip():
        errors["situation"] = "Descrivi la situazione."
    chosen = _criteria_of(actor, criteria, errors)
    rows = _person_rows(actor, persons, errors)
    if errors:
        raise ValidationError(errors)

    emergency = Emergency(
        zone_id=actor.zone_id,
        number=reserve_number(actor.zone_id, timezone.localtime(reported_at).year),
        reported_at=reported_at,
        reported_hour=timezone.localtime(reported_at).hour,
        reporter_kind=reporter_kind,
        reporter_name=reporter_name.strip(),
        reporter_phone=reporter_phone.strip(),
        municipality=municipality,
        location=location.strip(),
        situation=situation.strip(),
        involves_minor=any(r.is_minor for r in rows) or any(c.involves_minors for c in chosen),
        received_by=actor,
    )
    emergency.full_clean()
    emergency.save()
    emergency.criteria.set(chosen)
    for row in rows:
        row.emergency = emergency
    EmergencyPerson.objects.bulk_create(rows)
    log_event(user=actor, obj=emergency, action=EventAction.CREATE, fields=["*"])
    for row in rows:
        if row.person_id:
            log_event(
                user=actor,
                obj=emergency,
                action=EventAction.LINK,
                person=row.person,
                note="persona",
            )
    handover = Handover(
        emergency=emergency,
        municipality=handover_municipality,
        due_on=handover_due_on(reported_at, zone_province(emergency.zone)),
        assignee=_handover_assignee(handover_municipality),
    )
    handover.full_clean()
    handover.save()
    log_event(user=actor, obj=handover, action=EventAction.CREATE, fields=["*"])
    return emergency


def _first_response(emergency: Emergency, at: dt.datetime) -> list[str]:
    if emergency.first_response_at is not None:
        return []
    emergency.first_response_at = at
    emergency.response_minutes = _minutes(emergency.reported_at, at)
    return ["first_response_at", "response_minutes"]


def _locked(emergency: Emergency, actor) -> Emergency:
    # Visibility is asked first, then the row alone is locked: FOR UPDATE cannot lock the
    # outer joins of the scoping's grants.
    require_visible(actor, Emergency, emergency.pk)
    return Emergency.objects.select_for_update().get(pk=emergency.pk)


@transaction.atomic
def emergency_respond(
    *,
    emergency: Emergency,
    actor,
    measures: Iterable[str],
    note: str = "",
    at: dt.datetime | None = None,
) -> Emergency:
    """Record immediate measures (meal, transport, phone support...) and, if it is the first,
    the time of the first response."""
    require(actor, "emergency.change_emergency", message=NOT_ALLOWED)
    emergency = _locked(emergency, actor)
    at = _aware(at) or timezone.now()
    errors: dict[str, str] = {}
    measures = list(dict.fromkeys(measures))
    if not measures:
        errors["measures"] = "Scegli almeno un intervento immediato."
    elif any(m not in ImmediateMeasure.values for m in measures):
        errors["measures"] = "Intervento immediato non valido."
    if emergency.outcome == Outcome.NOT_EMERGENCY:
        errors["measures"] = "La segnalazione è stata valutata come non emergenza."
    _check_time(at, field="at", errors=errors, after=emergency.reported_at, label="l'ora")
    if errors:
        raise ValidationError(errors)
    changed = _first_response(emergency, at) + ["measures"]
    emergency.measures = list(dict.fromkeys([*emergency.measures, *measures]))
    if note.strip():
        emergency.response_note = "\n".join(filter(None, [emergency.response_note, note.strip()]))
        changed.append("response_note")
    if emergency.outcome == Outcome.PENDING:
        emergency.outcome = Outcome.OTHER_MEASURE
        changed.append("outcome")
    emergency.save(update_fields=changed)
    log_event(user=actor, obj=emergency, fields=changed)
    return emergency


@transaction.atomic
def emergency_not_emergency(
    *, emergency: Emergency, actor, reason: str, referred_to: str = "", at=None
) -> Emergency:
    """Close the report as not an emergency, with the reason and where the caller was sent."""
    require(actor, "emergency.change_emergency", message=NOT_ALLOWED)
    emergency = _locked(emergency, actor)
    at = _aware(at) or timezone.now()
    errors: dict[str, str] = {}
    if not (reason or "").strip():
        errors["reason"] = "Indica perché non è un'emergenza."
    if emergency.placements.filter(left_at__isnull=True).exists():
        errors["reason"] = "C'è un collocamento in corso: chiudilo prima."
    _check_time(at, field="at", errors=errors, after=emergency.reported_at, label="l'ora")
    if errors:
        raise ValidationError(errors)
    changed = _first_response(emergency, at) + ["outcome", "not_emergency_reason", "referred_to"]
    emergency.outcome = Outcome.NOT_EMERGENCY
    emergency.not_emergency_reason = reason.strip()
    emergency.referred_to = (referred_to or "").strip()
    emergency.save(update_fields=changed)
    log_event(user=actor, obj=emergency, fields=changed)
    return emergency


def occupied_places(shelter_id: int, place_type: str) -> int:
    return (
        Placement.objects.filter(
            shelter_id=shelter_id, place_type=place_type, left_at__isnull=True
        ).aggregate(total=Sum("places"))["total"]
        or 0
    )


@transaction.atomic
def placement_create(
    *,
    emergency: Emergency,
    shelter: Shelter,
    actor,
    place_type: str,
    places: int = 1,
    at: dt.datetime | None = None,
) -> Placement:
    """Place the persons of an emergency in a shelter with free places of the type. The
    shelter's row is locked first: concurrent placements into the same shelter queue up, and
    the second sees the first's places taken."""
    require(actor, "emergency.add_placement", message=NOT_ALLOWED)
    emergency = _locked(emergency, actor)
    if not Shelter.objects.visible_to(actor).filter(pk=shelter.pk).exists():
        raise ValidationError({"shelter": "La struttura non è di questo ambito."})
    shelter = Shelter.objects.select_for_update().get(pk=shelter.pk)
    at = _aware(at) or timezone.now()
    errors: dict[str, str] = {}
    if place_type not in PlaceType.values:
        errors["place_type"] = "Tipo di posto non valido."
    if not isinstance(places, int) or places < 1:
        errors["places"] = "Indica almeno un posto."
    if emergency.outcome == Outcome.NOT_EMERGENCY:
        errors["shelter"] = "La segnalazione è stata valutata come non emergenza."
    elif not emergency.criteria.exists():
        errors["shelter"] = (
            "Per un collocamento la segnalazione deve soddisfare almeno un criterio di urgenza."
        )
    if not shelter.is_open:
        errors["shelter"] = f"La struttura «{shelter.name}» è chiusa: non accoglie collocamenti."
    _check_time(at, field="at", errors=errors, after=emergency.reported_at, label="l'ora")
    if not errors:
        free = shelter.capacity(place_type) - occupied_places(shelter.pk, place_type)
        if places > free:
            kind = PlaceType(place_type).label.lower()
            errors["places"] = (
                f"Posti non disponibili: «{shelter.name}» ha {max(free, 0)} posti liberi per "
                f"{kind}, ne servono {places}."
            )
    if errors:
        raise ValidationError(errors)
    placement = Placement(
        emergency=emergency,
        shelter=shelter,
        place_type=place_type,
        places=places,
        placed_at=at,
        placed_by=actor,
    )
    placement.full_clean()
    placement.save()
    changed = _first_response(emergency, at)
    if emergency.placed_at is None:
        emergency.placed_at = at
        emergency.placement_minutes = _minutes(emergency.reported_at, at)
        changed += ["placed_at", "placement_minutes"]
    emergency.outcome = Outcome.PLACEMENT
    emergency.save(update_fields=[*changed, "outcome"])
    log_event(user=actor, obj=placement, action=EventAction.CREATE, fields=["*"])
    log_event(user=actor, obj=emergency, fields=[*changed, "outcome"])
    return placement


@transaction.atomic
def placement_end(*, placement: Placement, actor, at: dt.datetime | None = None) -> Placement:
    """The persons leave the shelter: the places are free again."""
    require(actor, "emergency.change_placement", message=NOT_ALLOWED)
    if not Placement.objects.visible_to(actor).filter(pk=placement.pk).exists():
        raise NotAllowed(hide=True)
    placement = (
        Placement.objects.select_for_update().select_related("emergency").get(pk=placement.pk)
    )
    at = _aware(at) or timezone.now()
    errors: dict[str, str] = {}
    if placement.left_at is not None:
        errors["at"] = "Il collocamento è già chiuso."
    elif at < placement.placed_at:
        errors["at"] = "L'uscita non può precedere il collocamento."
    elif at > timezone.now() + CLOCK_TOLERANCE:
        errors["at"] = "L'ora di uscita non può essere nel futuro."
    if errors:
        raise ValidationError(errors)
    placement.left_at = at
    placement.save(update_fields=["left_at"])
    log_event(user=actor, obj=placement, fields=["left_at"], zone_id=actor.zone_id)
    return placement


OTHER_MUNICIPALITY = "Il passaggio è per il servizio sociale di un altro comune."


def _handover_scope(actor, handover: Handover) -> None:
    require(actor, "emergency.acknowledge_handover", message=NOT_ALLOWED)
    require_visible(actor, Emergency, handover.emergency_id)
    require(actor, "emergency.take_over_handover", handover, message=OTHER_MUNICIPALITY)


@transaction.atomic
def handover_redirect(*, handover: Handover, actor, municipality: Municipality) -> Handover:
    """Send the hand-over to another municipality of the zone (e.g. where the person lives)."""
    require_visible(actor, Emergency, handover.emergency_id)
    require(actor, "emergency.redirect_handover", handover, message=OTHER_MUNICIPALITY)
    errors: dict[str, str] = {}
    _zone_municipality(actor, municipality, "municipality", errors, "il comune competente")
    if handover.acknowledged_at is not None:
        errors["municipality"] = "Il passaggio è già stato preso in carico."
    if errors:
        raise ValidationError(errors)
    handover.municipality = municipality
    handover.assignee = _handover_assignee(municipality)
    handover.save(update_fields=["municipality", "assignee"])
    log_event(user=actor, obj=handover, fields=["municipality", "assignee"], zone_id=actor.zone_id)
    return handover


def _person_for_case(actor, emergency: Emergency) -> Person:
    """The registry person a case is opened for: an adult first. The persons are read as the
    actor sees them (selectors.persons_for): a minor whose identity the actor may not see is
    masked there, and so never linked to a case here either."""
    from .selectors import persons_for

    persons = persons_for(user=actor, emergency=emergency)
    identified = sorted((p for p in persons if p.person_id), key=lambda p: (p.is_minor, p.pk))
    if not identified:
        message = (
            "Per aprire una cartella la persona deve essere identificata e registrata in "
            "anagrafe (codice fiscale)."
        )
        if any(p.masked for p in persons):
            message += (
                " L'identità dei minori coinvolti è riservata: non si apre qui la loro cartella."
            )
        raise ValidationError({"case": message})
    person = identified[0].person
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise ValidationError(
            {
                "case": "La persona non è tra quelle che vedi in anagrafe: la cartella la apre "
                "il servizio sociale del suo comune di residenza."
            }
        )
    return person


@transaction.atomic
def handover_acknowledge(
    *, handover: Handover, actor, case=None, open_case: bool = False, note: str = ""
) -> Handover:
    """The social service takes over: optionally attaching the emergency to a case it can see,
    or opening a case for the (registry-linked) adult involved."""
    from ambito.cases import services as case_services
    from ambito.cases.models import Case, CaseSource

    handover = Handover.objects.select_for_update().select_related("emergency").get(pk=handover.pk)
    _handover_scope(actor, handover)
    if handover.acknowledged_at is not None:
        raise ValidationError({"note": "Il passaggio è già stato preso in carico."})
    if case is not None and not Case.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise ValidationError({"case": "Cartella non trovata tra quelle che puoi vedere."})
    if open_case and case is None:
        case = case_services.case_open(
            actor=actor,
            person=_person_for_case(actor, handover.emergency),
            source=CaseSource.EMERGENCY,
        )
    handover.acknowledged_at = timezone.now()
    handover.acknowledged_by = actor
    handover.case = case
    handover.note = (note or "").strip()
    handover.save(update_fields=["acknowledged_at", "acknowledged_by", "case", "note"])
    log_event(
        user=actor,
        obj=handover,
        fields=["acknowledged_at", "case", "note"],
        zone_id=actor.zone_id,
    )
    return handover


@transaction.atomic
def shift_add(
    *, actor, user, role: str, starts_at: dt.datetime, ends_at: dt.datetime, phone: str = ""
) -> OnCallShift:
    require(actor, "emergency.add_oncallshift", message=NOT_ALLOWED)
    errors: dict[str, str] = {}
    starts_at, ends_at = _aware(starts_at), _aware(ends_at)
    if user is None or user.zone_id != actor.zone_id:
        errors["user"] = "L'operatore non è di questo ambito."
    if role not in ShiftRole.values:
        errors["role"] = "Ruolo non valido."
    if starts_at is None or ends_at is None:
        errors["ends_at"] = "Indica inizio e fine del turno."
    elif ends_at <= starts_at:
        errors["ends_at"] = "La fine del turno deve seguire l'inizio."
    elif ends_at - starts_at > dt.timedelta(hours=72):
        errors["ends_at"] = "Un turno non può durare più di 72 ore."
    if errors:
        raise ValidationError(errors)
    shift = OnCallShift(
        zone_id=actor.zone_id,
        user=user,
        role=role,
        starts_at=starts_at,
        ends_at=ends_at,
        phone=(phone or "").strip(),
    )
    shift.full_clean()
    shift.save()
    log_event(user=actor, obj=shift, action=EventAction.CREATE, fields=["*"])
    return shift
