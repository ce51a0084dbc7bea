"""Positive applications open cases (DOMAIN §4 entry 1, §5): one case on the income-support
line per household (or single applicant), created in bulk for an import, assigned at once where
an AssignmentRule names the municipality's case manager; an open case of the household is
linked instead of opening another."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from ambito.cases.models import (
    AssignmentRule,
    Case,
    CaseLine,
    CaseMember,
    CaseRole,
    CaseSource,
    CaseTransition,
)
from ambito.cases.services import reserve_numbers
from ambito.cases.workflow import CaseStatus

LINE = CaseLine.INCOME_SUPPORT


def _key(application) -> tuple[str, int]:
    if application.household_id:
        return ("household", application.household_id)
    return ("person", application.applicant_id)


def _open_cases(zone, keys: set[tuple[str, int]]) -> dict[tuple[str, int], Case]:
    households = [pk for kind, pk in keys if kind == "household"]
    persons = [pk for kind, pk in keys if kind == "person"]
    found: dict[tuple[str, int], Case] = {}
    for start in range(0, max(len(households), len(persons)), 900):
        query = Q(household_id__in=households[start : start + 900]) | Q(
            person_id__in=persons[start : start + 900], household__isnull=True
        )
        for case in (
            Case.objects.filter(zone=zone, line=LINE)
            .exclude(status=CaseStatus.CLOSED)
            .filter(query)
        ):
            key = (
                ("household", case.household_id)
                if case.household_id
                else ("person", case.person_id)
            )
            found[key] = case
    return found


def open_cases_for_positive(*, actor, zone, applications, at) -> tuple[int, int]:
    """(cases opened, applications linked to a case already open)."""
    if not applications:
        return 0, 0
    existing = _open_cases(zone, {_key(a) for a in applications})
    rules = {
        r.municipality_id: r.manager
        for r in AssignmentRule.objects.filter(zone=zone, line=LINE).select_related("manager")
    }
    new: dict[tuple[str, int], Case] = {}
    linked = 0
    for app in applications:
        key = _key(app)
        if key in existing:
            app.case = existing[key]
            linked += 1
            continue
        if key not in new:
            manager = rules.get(app.municipality_id)
            new[key] = Case(
                zone=zone,
                municipality=app.household.municipality if app.household_id else app.municipality,
                household_id=app.household_id,
                person_id=app.applicant_id,
                line=LINE,
                source=CaseSource.APPLICATION,
                status=CaseStatus.ASSIGNED if manager else CaseStatus.ENTRY,
                case_manager=manager,
                assigned_at=at if manager else None,
                opened_at=at,
                created_by=actor,
            )
        app.case = new[key]
    cases = list(new.values())
    numbers = reserve_numbers(zone.pk, timezone.localtime(at).year, len(cases))
    for case, number in zip(cases, numbers, strict=True):
        case.number = number
    Case.objects.bulk_create(cases, batch_size=1000)
    transitions, members = [], []
    for case in cases:
        transitions.append(
            CaseTransition(
                case=case,
                name="open",
                from_status="",
                to_status=CaseStatus.ENTRY,
                actor=actor,
                at=at,
                reason="domanda accolta (importazione INPS)",
            )
        )
        if case.case_manager_id:
            transitions.append(
                CaseTransition(
                    case=case,
                    name="assign",
                    from_status=CaseStatus.ENTRY,
                    to_status=CaseStatus.ASSIGNED,
                    actor=actor,
                    at=at,
                    reason="regola di assegnazione per comune",
                )
            )
            members.append(
                CaseMember(case=case, user_id=case.case_manager_id, role=CaseRole.CASE_MANAGER)
            )
    CaseTransition.objects.bulk_create(transitions, batch_size=1000)
    CaseMember.objects.bulk_create(members, batch_size=1000)
    type(applications[0]).objects.bulk_update(applications, ["case"], batch_size=1000)
    return len(cases), linked
