"""Opening many cases at once: the positive applications of an INPS import (DOMAIN §4 entry 1,
§5), and the read such a write needs.

`cases_open_bulk` writes, for every case, what `services.case_open` followed by
`services.case_assign` write for one, in a few bulk queries whatever the number:

- the case, numbered with `reserve_numbers`;
- its history through the workflow's table (workflow.py): the "open" record ("" -> entry)
  and, where a case manager is known, the table's "assign" transition (entry -> assigned),
  each a CaseTransition with who, when and why; the status never jumps an edge;
- the case manager's team row;
- the EventLog rows: CREATE (fields "*") per case, and UPDATE (case_manager, status) per
  assignment, as `case_open` and `case_assign` log them;
- the case milestones (cases/milestones.py), in the same transaction.

Differences from the page, on purpose:
- the importer does not join the team of the cases it opens (at the desk whoever opens a case
  follows it until a case manager is assigned; the coordinators see the imported cases by
  municipality, cases/scoping.py);
- the actor needs `cases.add_case`, and `cases.assign_case` when some opening names a case
  manager; the persons, households and municipalities must be of the actor's zone, not of
  the municipalities the actor follows: an INPS list covers the zone, and the managers come
  from the zone's assignment rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Q
from django.utils import timezone

from ambito.core.audit import log_events_bulk
from ambito.core.bulk_insert import insert_rows, prepared_rows
from ambito.core.choices import EventAction
from ambito.core.permissions import NotAllowed, require
from ambito.registry.models import Household, Person
from ambito.territory.models import Municipality

from . import milestones, workflow
from .models import Case, CaseLine, CaseMember, CaseRole, CaseSource, CaseTransition
from .workflow import CaseStatus

CHUNK = 900  # ids per IN (...)
BATCH = 1000


@dataclass(frozen=True)
class CaseOpening:
    """One case to open. `manager` (a user) assigns it at once; `reason` and `assign_reason`
    are the why of its "open" and "assign" records."""

    person_id: int
    municipality_id: int
    household_id: int | None = None
    line: str = CaseLine.SOCIAL
    source: str = CaseSource.DIRECT
    manager: object | None = None
    reason: str = ""
    assign_reason: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return case_key(household_id=self.household_id, person_id=self.person_id)


def case_key(*, household_id: int | None, person_id: int) -> tuple[str, int]:
    """What may have one open case per line: the household, or the person without one."""
    return ("household", household_id) if household_id else ("person", person_id)


def _chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def open_cases_by_key(*, zone, line: str, keys: Iterable[tuple[str, int]]) -> dict:
    """{case_key: the open case of that household or person on the line}, in a query per 900
    keys. For services that open or link cases in bulk; not a read shown to anyone."""
    keys = set(keys)
    households = sorted(pk for kind, pk in keys if kind == "household")
    persons = sorted(pk for kind, pk in keys if kind == "person")
    found: dict[tuple[str, int], Case] = {}
    for start in range(0, max(len(households), len(persons)), CHUNK):
        query = Q(household_id__in=households[start : start + CHUNK]) | Q(
            person_id__in=persons[start : start + CHUNK], household__isnull=True
        )
        for case in (
            Case.objects.filter(zone=zone, line=line)
            .exclude(status=CaseStatus.CLOSED)
            .filter(query)
        ):
            found[case_key(household_id=case.household_id, person_id=case.person_id)] = case
    return found


def _ids_outside_zone(model, ids: set[int], zone) -> bool:
    for chunk in _chunks(sorted(ids)):
        if model.objects.filter(pk__in=chunk).exclude(zone=zone).exists():
            return True
        if model.objects.filter(pk__in=chunk).count() != len(chunk):
            return True
    return False


def _check(*, actor, zone, openings: list[CaseOpening]) -> None:
    """ValidationError (or NotAllowed) unless every opening may be written as it is."""
    if any(o.manager is not None for o in openings):
        require(actor, "cases.assign_case", message="Non puoi assegnare le cartelle.")
    if any(o.line not in CaseLine.values for o in openings):
        raise ValidationError({"line": "Linea di servizio non valida."})
    if any(o.source not in CaseSource.values for o in openings):
        raise ValidationError({"source": "Provenienza non valida."})
    if any(o.source == CaseSource.REFERRAL for o in openings):
        raise ValidationError({"source": "Le cartelle su segnalazione si aprono una per una."})
    seen: set[tuple[str, str, int]] = set()
    for opening in openings:
        key = (opening.line, *opening.key)
        if key in seen:
            raise ValidationError(
                {"line": "Due cartelle della stessa linea per lo stesso nucleo o persona."}
            )
        seen.add(key)
    if _ids_outside_zone(Person, {o.person_id for o in openings}, zone):
        raise ValidationError({"person": "Una delle persone non è di questo ambito."})
    if _ids_outside_zone(Household, {o.household_id for o in openings if o.household_id}, zone):
        raise ValidationError({"household": "Uno dei nuclei non è di questo ambito."})
    municipalities = set(Municipality.objects.filter(zone=zone).values_list("pk", flat=True))
    if any(o.municipality_id not in municipalities for o in openings):
        raise ValidationError({"municipality": "Uno dei comuni non è di questo ambito."})
    managers = {o.manager.pk: o.manager for o in openings if o.manager is not None}
    for manager in managers.values():
        if manager.zone_id != zone.pk or not manager.is_active:
            raise ValidationError({"manager": "Il case manager non è un operatore attivo."})
        if not (manager.has_perm("cases.change_case") and manager.has_perm("cases.add_case")):
            raise ValidationError({"manager": "Questo operatore non può gestire cartelle."})
    for line in {o.line for o in openings}:
        clash = open_cases_by_key(
            zone=zone, line=line, keys=[o.key for o in openings if o.line == line]
        )
        if clash:
            number = next(iter(clash.values())).number
            raise ValidationError(
                {"line": f"Ha già una cartella aperta per questa linea di servizio (n. {number})."}
            )


@transaction.atomic
def cases_open_bulk(
    *,
    actor,
    zone,
    openings: list[CaseOpening],
    at,
    channel: str | None = None,
    refresh_milestones: bool = True,
) -> list[Case]:
    """Open (and assign, where a manager is given) one case per opening, all or nothing; the
    cases in the order of the openings. Raises NotAllowed or ValidationError with nothing
    written. `refresh_milestones=False` is for a caller that refreshes the milestones of these
    cases itself later in the same transaction (the INPS import, once the applications that
    feed them are written): refreshing twice cost a tenth of an import."""
    from .services import reserve_numbers  # services re-exports this module's service

    require(actor, "cases.add_case", message="Non hai il permesso di aprire cartelle.")
    if actor.zone_id != zone.pk:
        raise NotAllowed("Puoi aprire cartelle solo nel tuo ambito.")
    if not openings:
        return []
    _check(actor=actor, zone=zone, openings=openings)
    opened = CaseStatus.ENTRY  # the "open" record: no transition of the table leads here
    assign = workflow.transition_allowed(opened, CaseStatus.ASSIGNED)
    assert assign is not None and assign.name == "assign"  # noqa: S101 - the table's edge
    numbers = reserve_numbers(zone.pk, timezone.localtime(at).year, len(openings))
    cases, transitions, members = [], [], []
    for opening, number in zip(openings, numbers, strict=True):
        manager = opening.manager
        case = Case(
            zone=zone,
            number=number,
            municipality_id=opening.municipality_id,
            household_id=opening.household_id,
            person_id=opening.person_id,
            line=opening.line,
            source=opening.source,
            status=assign.target if manager is not None else opened,
            case_manager=manager,
            assigned_at=at if manager is not None else None,
            opened_at=at,
            created_by=actor,
        )
        cases.append(case)
        transitions.append(
            CaseTransition(
                case=case,
                name="open",
                from_status="",
                to_status=opened,
                actor=actor,
                at=at,
                reason=opening.reason,
            )
        )
        if manager is not None:
            transitions.append(
                CaseTransition(
                    case=case,
                    name=assign.name,
                    from_status=opened,
                    to_status=assign.target,
                    actor=actor,
                    at=at,
                    reason=opening.assign_reason,
                )
            )
            members.append(CaseMember(case=case, user=manager, role=CaseRole.CASE_MANAGER))
    try:
        with transaction.atomic():
            Case.objects.bulk_create(cases, batch_size=BATCH)
    except IntegrityError as exc:  # another desk opened one of these cases a moment ago
        raise ValidationError(
            {"line": "Una delle cartelle è stata aperta nel frattempo: ripeti l'operazione."}
        ) from exc
    # Their primary keys are not needed back: COPY on PostgreSQL (core.bulk_insert).
    for model, rows in ((CaseTransition, transitions), (CaseMember, members)):
        connection = connections[router.db_for_write(model)]
        fields = [f for f in model._meta.concrete_fields if f is not model._meta.pk]
        values = prepared_rows(rows, fields, connection, related_saved_since=True)
        insert_rows(model, fields, values, connection=connection)
    if refresh_milestones:
        milestones.refresh(case.pk for case in cases)
    log_events_bulk(
        user=actor, objs=cases, action=EventAction.CREATE, fields=["*"], channel=channel
    )
    log_events_bulk(
        user=actor,
        objs=[case for case in cases if case.case_manager_id],
        action=EventAction.UPDATE,
        fields=["case_manager", "status"],
        channel=channel,
    )
    return cases
