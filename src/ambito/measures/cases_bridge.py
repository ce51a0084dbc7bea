"""Positive applications open cases (DOMAIN §4 entry 1, §5): one case on the income-support
line per household (or single applicant), opened in bulk for an import through the cases'
service (`cases_open_bulk`: the workflow's transitions, the team, the audit rows, the
milestones), assigned at once where an AssignmentRule names the municipality's case manager;
an open case of the household is linked instead of opening another. This module writes only
the applications' link to their case (measures owns the applications)."""

from __future__ import annotations

from ambito.cases.bulk import CaseOpening, case_key, open_cases_by_key
from ambito.cases.models import AssignmentRule, CaseLine, CaseSource
from ambito.cases.services import cases_open_bulk

LINE = CaseLine.INCOME_SUPPORT
OPEN_REASON = "domanda accolta (importazione INPS)"
ASSIGN_REASON = "regola di assegnazione per comune"


def _key(application) -> tuple[str, int]:
    return case_key(household_id=application.household_id, person_id=application.applicant_id)


def open_cases_for_positive(
    *, actor, zone, applications, at, channel: str | None = None, save: bool = True
) -> tuple[int, int]:
    """(cases opened, applications linked to a case already open). The applications' `case`
    is set, and saved unless `save` is False: the importer opens the cases before it writes
    the applications, which are then inserted with their case at once."""
    if not applications:
        return 0, 0
    existing = open_cases_by_key(zone=zone, line=LINE, keys={_key(a) for a in applications})
    rules = {
        r.municipality_id: r.manager
        for r in AssignmentRule.objects.filter(zone=zone, line=LINE).select_related("manager")
    }
    openings: dict[tuple[str, int], CaseOpening] = {}
    for app in applications:
        key = _key(app)
        if key in existing or key in openings:
            continue
        manager = rules.get(app.municipality_id)
        openings[key] = CaseOpening(
            person_id=app.applicant_id,
            household_id=app.household_id,
            # The household's municipality decides who coordinates; without a household, the
            # application's.
            municipality_id=app.household.municipality_id
            if app.household_id
            else app.municipality_id,
            line=LINE,
            source=CaseSource.APPLICATION,
            manager=manager,
            reason=OPEN_REASON,
            assign_reason=ASSIGN_REASON if manager is not None else "",
        )
    cases = cases_open_bulk(
        actor=actor,
        zone=zone,
        openings=list(openings.values()),
        at=at,
        channel=channel,
        # Saving the applications here, the milestones are refreshed now; the importer
        # refreshes them itself once the applications are written.
        refresh_milestones=save,
    )
    opened = dict(zip(openings, cases, strict=True))
    linked = 0
    for app in applications:
        key = _key(app)
        if key in existing:
            app.case = existing[key]
            linked += 1
        else:
            app.case = opened[key]
    if save:
        type(applications[0]).objects.bulk_update(applications, ["case"], batch_size=1000)
    return len(cases), linked
