"""The demo's foster care of the Distretto di Crema (seed 003 §C.7, "Servizio Distrettuale
Affidi"), reproducibly.

- The register (*albo*) of foster families: a few dozen synthetic families (fewer in a small
  demo) in every state of the path — application, training, assessment, registered, not
  suitable, withdrawn — with the training attended, the foster-care centre's assessment, an
  availability of every kind (full-time, daytime, weekend, summer, emergency), age ranges,
  siblings, and some registered families suspended today.
- Placements of every kind on minors of Crema's households with a case (a case is opened
  for the household, managed by the demo social worker "assistente.crema"), court or
  consensual, open and closed, with the family's monthly contribution and meetings with the
  family of origin.
- Two support groups (*gruppi di auto mutuo aiuto*) with their meetings.

Rows are created directly, as the rest of the demo; the families' names carry "(demo)".
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from ambito.core.models import User
from ambito.fostering.models import (
    FamilyAssessment,
    FamilyAvailability,
    FamilySuspension,
    FamilyTraining,
    FosterFamily,
    GroupMeeting,
    OriginMeeting,
    Placement,
    SupportGroup,
)
from ambito.registry.models import HouseholdMember
from ambito.territory.models import Municipality

FAMILIES = 36
SMALL_FAMILIES = 12
KINDS = ("residential", "daytime", "weekend", "summer", "emergency")
SURNAMES = (
    "Ferrari", "Bassi", "Cremonesi", "Galli", "Lupi", "Marchesi", "Pagani", "Rota", "Sangalli",
    "Tosi", "Uggeri", "Vailati", "Zanoni", "Bonetti", "Carniti", "Dossena", "Erba", "Fusar",
)  # fmt: skip
FIRST_NAMES = (
    ("Marco", "Laura"), ("Giovanni", "Elena"), ("Paolo", "Chiara"), ("Andrea", "Silvia"),
    ("Luca", "Francesca"), ("Stefano", "Marta"), ("Davide", "Giulia"), ("Matteo", "Sara"),
)  # fmt: skip
COURSES = (
    "Corso base per famiglie affidatarie (incontro 1)",
    "Corso base per famiglie affidatarie (incontro 2)",
    "Il legame con la famiglia d'origine",
    "Affido diurno e affidi parziali",
)
# Of every 12 families: the state and whether it is suspended today.
STATES = (
    "registered", "registered", "registered", "registered", "registered", "registered",
    "registered", "applied", "training", "assessed", "not_suitable", "withdrawn",
)  # fmt: skip
PLANNED_DAYS = {"summer": 90, "emergency": 90}
SHORT = {"summer": 60}
END_REASONS = {"summer": "planned_end"}
CONTRIBUTIONS = {"residential": Decimal("450.00"), "emergency": Decimal("400.00")}
PLACES = ("Spazio neutro, Crema", "Consultorio familiare, Crema", "Casa dei nonni", "Parco")


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _households_with_minors(zone, today: dt.date) -> list[tuple]:
    """(household_id, municipality_id, its social case or None, [minors]) of the zone's
    households with at least one minor aged 1-16 today."""
    from ambito.cases.models import Case

    # A household has one case per line: its existing case is reused (see build below).
    cases = {
        c.household_id: c
        for c in Case.objects.filter(zone=zone, household__isnull=False, line="social")
    }
    by_household: dict[int, list] = {}
    for member in (
        HouseholdMember.objects.filter(household__zone=zone, end_date__isnull=True)
        .select_related("person", "household")
        .order_by("household_id", "pk")
    ):
        by_household.setdefault(member.household_id, []).append(member)
    found = []
    for household_id, members in sorted(by_household.items()):
        minors = [m.person for m in members if 1 <= _age(m.person.birth_date, today) <= 16]
        if minors:
            found.append(
                (
                    household_id,
                    members[0].household.municipality_id,
                    cases.get(household_id),
                    minors,
                )
            )
    return found


def _open_cases(zone, worker, picked, opened_on: dt.date) -> list:
    from ambito.cases.models import Case, CaseMember, CaseTransition
    from ambito.cases.services import reserve_numbers

    at = _at(opened_on)
    numbers = reserve_numbers(zone.pk, opened_on.year, len(picked))
    cases = Case.objects.bulk_create(
        Case(
            zone=zone, number=number, municipality_id=municipality_id, household_id=household_id,
            person_id=minors[0].pk, line="social", source="direct", status="assigned",
            case_manager=worker, assigned_at=at, opened_at=at, created_by=worker,
        )
        for (household_id, municipality_id, _case, minors), number in zip(
            picked, numbers, strict=True
        )
    )  # fmt: skip
    CaseMember.objects.bulk_create(
        CaseMember(case=c, user=worker, role="case_manager") for c in cases
    )
    CaseTransition.objects.bulk_create(
        CaseTransition(case=c, name=name, from_status=a, to_status=b, actor=worker, at=at,
                       reason="Affido familiare (demo)")
        for c in cases
        for name, a, b in (("open", "", "entry"), ("assign", "entry", "assigned"))
    )  # fmt: skip
    return cases


def _families(zone, municipalities, rng, count, today, centre) -> list[FosterFamily]:
    rows = []
    for index in range(count):
        surname = SURNAMES[index % len(SURNAMES)]
        him, her = FIRST_NAMES[rng.randrange(len(FIRST_NAMES))]
        state = STATES[index % len(STATES)]
        applied_on = today - dt.timedelta(days=rng.randint(120, 1500))
        age_min = rng.choice((0, 0, 3, 6))
        rows.append(
            FosterFamily(
                zone=zone,
                reference_adults=f"{surname} {him} e {her} (demo)",
                municipality=rng.choice(municipalities),
                address=f"Via dell'Accoglienza {index + 1} (demo)",
                phone=f"0373 {rng.randint(100000, 999999)}",
                email=f"famiglia{index + 1}@example.org",
                status=state,
                applied_on=applied_on,
                registered_on=applied_on + dt.timedelta(days=90)
                if state in ("registered", "withdrawn")
                else None,
                withdrawn_on=applied_on + dt.timedelta(days=400) if state == "withdrawn" else None,
                withdrawal_reason="Trasferimento fuori ambito" if state == "withdrawn" else "",
                age_min=age_min,
                age_max=rng.choice((10, 14, 17)),
                siblings_accepted=index % 3 == 0,
                capacity=3 if index % 3 == 0 else rng.choice((1, 2)),
            )
        )
    families = FosterFamily.objects.bulk_create(rows)
    trainings, assessments, availability = [], [], []
    for index, family in enumerate(families):
        # Every kind is offered by several families; each offers one to three kinds.
        kinds = {KINDS[index % len(KINDS)]} | set(rng.sample(KINDS, rng.randint(0, 2)))
        availability += [FamilyAvailability(family=family, kind=k) for k in sorted(kinds)]
        if family.status == "applied":
            continue
        for n, course in enumerate(COURSES[: 2 if family.status == "training" else 4]):
            trainings.append(
                FamilyTraining(
                    family=family, course=course, hours=Decimal("3.0"), recorded_by=centre,
                    held_on=family.applied_on + dt.timedelta(days=14 * (n + 1)),
                )
            )  # fmt: skip
        if family.status in ("registered", "withdrawn", "not_suitable"):
            assessments.append(
                FamilyAssessment(
                    family=family, recorded_by=centre,
                    held_on=family.applied_on + dt.timedelta(days=90),
                    outcome="not_suitable" if family.status == "not_suitable" else "suitable",
                    assessed_by="Équipe affidi distrettuale (assistente sociale e psicologa ASL)",
                )
            )  # fmt: skip
    FamilyAvailability.objects.bulk_create(availability)
    FamilyTraining.objects.bulk_create(trainings)
    FamilyAssessment.objects.bulk_create(assessments)
    return families


def build_crema_fostering(context, rng: random.Random) -> dict:
    """Rows of this register for Crema's demo zone; returns counts for the builder's summary."""
    zone = context.zone
    municipalities = list(Municipality.objects.filter(zone=zone).order_by("pk"))
    centre = User.objects.filter(username="tutela.crema").first()
    worker = User.objects.filter(username="assistente.crema").first()
    if not municipalities or worker is None:
        return {}
    today = timezone.localdate()
    households = _households_with_minors(zone, today)
    count = FAMILIES if len(households) >= 30 else SMALL_FAMILIES
    families = _families(zone, municipalities, rng, count, today, centre)
    registered = [f for f in families if f.status == "registered"]
    kinds_of = {}
    for kind, family_id in FamilyAvailability.objects.filter(family__in=registered).values_list(
        "kind", "family_id"
    ):
        kinds_of.setdefault(family_id, set()).add(kind)

    # Placements: each kind at least once (two open and one closed of the full-time kind).
    plan = ["residential", "residential", "daytime", "weekend", "summer", "emergency"]
    plan += ["residential", "daytime", "weekend"] if count == FAMILIES else []
    picked = rng.sample(households, min(len(plan), len(households)))
    new = [row for row in picked if row[2] is None]
    opened = iter(_open_cases(zone, worker, new, today - dt.timedelta(days=500)) if new else [])
    cases = [row[2] if row[2] is not None else next(opened) for row in picked]
    hosted: dict[int, int] = {}
    placements, children_of = [], []
    for index, (case, (_h, _m, _c, minors)) in enumerate(zip(cases, picked, strict=True)):
        kind = plan[index]
        child = minors[0]
        candidates = [
            f for f in registered
            if kind in kinds_of.get(f.pk, ()) and hosted.get(f.pk, 0) < f.capacity
        ]  # fmt: skip
        if not candidates:
            continue
        family = candidates[index % len(candidates)]
        hosted[family.pk] = hosted.get(family.pk, 0) + 1
        closed = index in (1, 4)
        starts_on = today - dt.timedelta(
            days=rng.randint(200, 420) if closed else rng.randint(20, 180)
        )
        court = kind in ("residential", "emergency")
        placements.append(
            Placement(
                zone=zone, case=case, family=family, kind=kind,
                basis="court" if court else "consensual",
                court_reference=f"Decreto TM Brescia n. {100 + index}/{starts_on.year} (demo)"
                if court else "",
                consent_on=None if court else starts_on - dt.timedelta(days=10),
                ratified_on=None if court else starts_on - dt.timedelta(days=3),
                starts_on=starts_on,
                planned_end_on=starts_on + dt.timedelta(days=PLANNED_DAYS.get(kind, 365)),
                ended_on=starts_on + dt.timedelta(days=SHORT.get(kind, 150)) if closed else None,
                end_reason=END_REASONS.get(kind, "return_home") if closed else "",
                monthly_contribution=CONTRIBUTIONS.get(kind, Decimal("150.00")),
                created_by=worker,
            )
        )  # fmt: skip
        children_of.append(child)
    placements = Placement.objects.bulk_create(placements)
    Placement.children.through.objects.bulk_create(
        Placement.children.through(placement_id=p.pk, person_id=c.pk)
        for p, c in zip(placements, children_of, strict=True)
    )
    meetings = []
    for placement in placements:
        if placement.kind not in ("residential", "emergency"):
            continue
        for n in range(rng.randint(1, 3)):
            meetings.append(
                OriginMeeting(
                    placement=placement, recorded_by=worker,
                    held_on=placement.starts_on + dt.timedelta(days=14 * (n + 1)),
                    kind="protected" if n == 0 else rng.choice(("protected", "free")),
                    place=rng.choice(PLACES), notes="Incontro regolare (demo)",
                )
            )  # fmt: skip
    OriginMeeting.objects.bulk_create(meetings)

    # Some registered families are suspended today (not those hosting a child).
    free = [f for f in registered if f.pk not in hosted]
    suspended = free[: max(1, len(free) // 6)] if free else []
    FamilySuspension.objects.bulk_create(
        FamilySuspension(
            family=f, starts_on=today - dt.timedelta(days=30), recorded_by=centre,
            ends_on=today + dt.timedelta(days=60) if n % 2 == 0 else None,
            reason="Nascita di un figlio (demo)" if n % 2 == 0 else "Trasloco in corso (demo)",
        )
        for n, f in enumerate(suspended)
    )  # fmt: skip

    groups = SupportGroup.objects.bulk_create(
        [
            SupportGroup(zone=zone, name="Gruppo di auto mutuo aiuto di Crema (demo)",
                         facilitator="Psicologa del servizio affidi (demo)",
                         place="Centro famiglie, Crema", started_on=today - dt.timedelta(days=400)),
            SupportGroup(zone=zone, name="Gruppo famiglie dell'affido diurno (demo)",
                         facilitator="Educatrice del servizio affidi (demo)",
                         place="Oratorio, Crema", started_on=today - dt.timedelta(days=200)),
        ]
    )  # fmt: skip
    group_meetings = 0
    for n, group in enumerate(groups):
        members = registered[n::2][:8]
        group.families.set(members)
        for m in range(3):
            meeting = GroupMeeting.objects.create(
                group=group, recorded_by=centre, topic=f"Incontro {m + 1} (demo)",
                held_on=group.started_on + dt.timedelta(days=30 * (m + 1)),
            )  # fmt: skip
            meeting.families.set([f for f in members if rng.random() < 0.7])
            group_meetings += 1
    return {
        "foster_families": len(families),
        "foster_placements": len(placements),
        "foster_meetings": len(meetings),
        "foster_groups": len(groups),
        "foster_group_meetings": group_meetings,
    }
