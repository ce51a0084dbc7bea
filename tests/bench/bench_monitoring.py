"""Benchmark of the monitoring dashboard (issue 10): the LEP and pathway indicators of a zone
and of a 25-zone region, computed live from a million persons and 300,000 cases.

    .venv/bin/python tests/bench/bench_monitoring.py                       # SQLite
    .venv/bin/python tests/bench/bench_monitoring.py \
        --postgres postgres://postgres@127.0.0.1:5432/postgres              # and PostgreSQL
    .venv/bin/python tests/bench/bench_monitoring.py --scale 0.02 --runs 3   # quick run

The region (random.Random(7), --scale multiplies persons and cases): 25 zones of 8
municipalities, each with its 2024 population (about 4,000,000 inhabitants in all); 40,000
persons a zone in households of 1-5 members (head, partner, children; some children born in
the last 2 years); 12,000 cases a zone over 2022-2025, "income_support" or "social", statuses
spread over the workflow, about 70% with a pre-assessment (work only, social only, complex), 40%
with an in-depth analysis, half with 1-3 interventions (some A.1.c.3, parenting support), 30%
with a project (most signed) and 60% with a positive ADI application linked to the case
(outcome before the pre-assessment). Each zone has 120 staff (80 social workers of 36 or 30
hours, each serving 1-3 municipalities), 12 access points, 2 EEMM teams of 6 members and 50
meetings that discuss some of the cases.

Measured in the same run, p50/p95 (ms), after one warm-up, as of 31/12/2025:
- the dashboard (`reports.dashboard`: every indicator for the zone and each municipality) of
  one zone, a fresh Scope each run, and of all 25 zones in a loop;
- the floor: the raw SQL aggregates the dashboard needs (staff hours, populations and access
  points by municipality, EEMM teams; the LEP checks, the beneficiaries' shares and the three
  durations read from the `CaseMilestones` read model, as the engine does), grouped by
  municipality and run through `connection.cursor()`, for one zone and for the 25 zones in a
  loop; "rapporto" is the dashboard's p95 over the floor's;
- for comparison, the same aggregates in raw SQL straight on the six source tables (cases,
  pre-assessments, in-depth analyses, interventions, projects, applications): "sui record";
- once, the time `milestones.rebuild()` takes over the whole region (the cases are
  bulk-created, as a migration of old data would be), and a check that the engine's figures for
  the first zone equal the direct-from-records reference of the tests (tests/monitoring);
- each indicator alone for one zone and its municipalities, to find the slow ones.
Targets: dashboard of a zone p95 <= 500 ms, of the region <= 5 s, ratio <= 2.
Not collected by pytest.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import random
import sys
import time
from decimal import Decimal
from zoneinfo import ZoneInfo

from benchlib import ROOT, backend_session, print_figures, run_backends, timed

SCRATCH_DB = "bench_monitoring"
ZONES, MUNICIPALITIES = 25, 8
PERSONS_PER_ZONE, CASES_PER_ZONE = 40_000, 12_000
STAFF, SOCIAL_WORKERS, ACCESS_POINTS = 120, 80, 12
TEAMS, TEAM_MEMBERS, MEETINGS = 2, 6, 50
AS_OF = dt.date(2025, 12, 31)
ROME = ZoneInfo("Europe/Rome")
BABY_FROM = dt.date(2024, 1, 2)  # born after 31/12/2023: in the first 1,000 days at AS_OF

SURNAMES = [
    "Rossi", "Bianchi", "Ferrari", "Esposito", "Romano", "Colombo", "Ricci", "Marino", "Greco",
    "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi",
    "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso", "Ferrara",
    "Galli", "Martini", "Leone", "Longo", "Gentile", "Martinelli", "Vitale", "Serra", "Coppola",
    "De Santis", "D'Angelo", "Marchetti", "Parisi", "Villa",
]  # fmt: skip
FIRST_NAMES = {
    "M": ["Mario", "Luca", "Marco", "Giuseppe", "Francesco", "Antonio", "Alessandro", "Andrea",
          "Matteo", "Lorenzo", "Davide", "Simone", "Paolo", "Stefano", "Giovanni"],
    "F": ["Giulia", "Anna", "Maria", "Sara", "Chiara", "Francesca", "Laura", "Elena", "Martina",
          "Sofia", "Alessia", "Valentina", "Federica", "Silvia", "Paola"],
}  # fmt: skip
PLACES = ["G713", "H109", "A071", "F384", "E715", "D969", "F205", "H501", "L219", "A944"]
HOUSEHOLD_SIZES, SIZE_WEIGHTS = (1, 2, 3, 4, 5), (30, 27, 20, 16, 7)
CASE_STATUSES = (
    ("entry", 5), ("assigned", 5), ("pre_assessment", 10), ("service_pact", 10),
    ("social_project", 10), ("eemm_evaluation", 10), ("project_signed", 10),
    ("in_progress", 20), ("closed", 20),
)  # fmt: skip
OTHER_PROFILES = ("educator", "administrative", "psychologist", "cpi_consultant", "tutor")
INSTITUTIONS = ("Comune", "ASL Toscana centro", "Centro per l'Impiego", "Cooperativa", "Scuola")
EEMM_ROLES = ("social_worker", "cpi", "tutor", "ufsma", "serd", "school")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--postgres", metavar="URL")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    return parser.parse_args()


def day(rng, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def noon(day_: dt.date) -> dt.datetime:
    return dt.datetime.combine(day_, dt.time(10), tzinfo=dt.UTC)


class FiscalCodes:
    """Unique codici fiscali in a zone: on a clash, another place of birth, then a day later."""

    def __init__(self):
        from ambito.core import fiscal_code

        self.encode = fiscal_code.encode
        self.seen: set[str] = set()

    def new(self, rng, last, first, sex, birth):
        start = rng.randrange(len(PLACES))
        while True:
            for k in range(len(PLACES)):
                place = PLACES[(start + k) % len(PLACES)]
                code = self.encode(
                    last_name=last, first_name=first, sex=sex, birth_date=birth,
                    birth_place_code=place,
                )  # fmt: skip
                if code not in self.seen:
                    self.seen.add(code)
                    return code, place, birth
            birth += dt.timedelta(days=1)


def build_territory(rng):
    from ambito.core.models import User
    from ambito.territory.models import (
        AccessPoint,
        Municipality,
        MunicipalityPopulation,
        Organisation,
        Staff,
        Zone,
    )

    zones = Zone.objects.bulk_create(
        Zone(code=f"z{z:02d}", name=f"Zona {z:02d}", kind="sds", region="Toscana",
             province_code="PT")
        for z in range(ZONES)
    )  # fmt: skip
    orgs = Organisation.objects.bulk_create(
        Organisation(zone=zone, kind="consortium", name=f"Consorzio {zone.code}") for zone in zones
    )
    users = User.objects.bulk_create(User(username=f"bench{z.code}", zone=z) for z in zones)
    munis = Municipality.objects.bulk_create(
        Municipality(
            zone=zone, istat_code=f"{z:03d}{m:03d}", belfiore_code=f"{chr(65 + z)}{m:03d}",
            name=f"Comune {z:02d}-{m}", province_code="PT",
        )
        for z, zone in enumerate(zones)
        for m in range(MUNICIPALITIES)
    )  # fmt: skip
    by_zone = {zone.pk: [m for m in munis if m.zone_id == zone.pk] for zone in zones}
    # 3,000-37,000 inhabitants: about 20,000 on average, 4,000,000 over 200 municipalities.
    MunicipalityPopulation.objects.bulk_create(
        MunicipalityPopulation(municipality=m, year=2024, population=rng.randint(3000, 37000))
        for m in munis
    )
    staff, served = [], []
    points = []
    for zone, org in zip(zones, orgs, strict=True):
        zone_munis = by_zone[zone.pk]
        for n in range(STAFF):
            staff.append(
                Staff(
                    zone=zone, first_name=f"Operatore {n}", last_name=f"Ambito {zone.code}",
                    profile="social_worker" if n < SOCIAL_WORKERS
                    else OTHER_PROFILES[n % len(OTHER_PROFILES)],
                    employer=org, weekly_hours=Decimal(rng.choice((36, 30))), area="social",
                )
            )  # fmt: skip
            served.append(rng.sample(zone_munis, rng.randint(1, 3)))
        for n in range(ACCESS_POINTS):
            points.append(
                AccessPoint(
                    zone=zone, municipality=zone_munis[n % MUNICIPALITIES], organisation=org,
                    kind=("segretariato", "pua_desk", "punto_insieme")[n % 3],
                    name=f"Punto {zone.code}-{n}", address="Via Roma 1",
                    active_from=day(rng, dt.date(2018, 1, 1), dt.date(2024, 12, 31)),
                    active_until=dt.date(2023, 6, 30) if n >= ACCESS_POINTS - 2 else None,
                )
            )  # fmt: skip
    for point in points:  # the closed ones opened before they closed
        if point.active_until and point.active_from > point.active_until:
            point.active_from = dt.date(2019, 1, 1)
    Staff.objects.bulk_create(staff, batch_size=5000)
    AccessPoint.objects.bulk_create(points, batch_size=5000)
    through = Staff.municipalities.through
    through.objects.bulk_create(
        (through(staff_id=s.pk, municipality_id=m.pk)
         for s, ms in zip(staff, served, strict=True) for m in ms),
        batch_size=10000,
    )  # fmt: skip
    return zones, orgs, users, by_zone


def build_people(rng, zone, munis, n_persons):
    """Households of 1-5 members for a zone; returns [(household, [(person, relationship)])]."""
    from ambito.core import fiscal_code
    from ambito.registry.models import Household, HouseholdMember, Person

    codes = FiscalCodes()
    keys = {name: fiscal_code.name_key(name) for name in SURNAMES}
    keys.update({name: fiscal_code.name_key(name) for ns in FIRST_NAMES.values() for name in ns})
    households, persons, plan = [], [], []
    while len(persons) < n_persons:
        size = min(rng.choices(HOUSEHOLD_SIZES, SIZE_WEIGHTS)[0], n_persons - len(persons))
        municipality = rng.choice(munis)
        household = Household(zone=zone, municipality=municipality)
        since = day(rng, dt.date(2010, 1, 1), dt.date(2020, 12, 31))
        last = rng.choice(SURNAMES)
        members = []
        for k in range(size):
            if k == 0:
                relationship = "head"
            elif k == 1 and rng.random() < 0.7:
                relationship = "partner"
            else:
                relationship = "child"
            if relationship == "child":
                if rng.random() < 0.12:
                    birth = day(rng, BABY_FROM, AS_OF)
                else:
                    birth = day(rng, dt.date(2000, 1, 1), dt.date(2023, 12, 31))
            else:
                birth = day(rng, dt.date(1950, 1, 1), dt.date(1997, 12, 31))
            sex = rng.choice("MF")
            first = rng.choice(FIRST_NAMES[sex])
            code, place, birth = codes.new(rng, last, first, sex, birth)
            person = Person(
                zone=zone, fiscal_code=code, last_name=last, first_name=first, sex=sex,
                birth_date=birth, birth_place="Pistoia", birth_place_code=place,
                residence_municipality=municipality, last_name_key=keys[last],
                first_name_key=keys[first],
            )  # fmt: skip
            persons.append(person)
            members.append((person, relationship, max(since, birth)))
        households.append(household)
        plan.append((household, members))
    Household.objects.bulk_create(households, batch_size=10000)
    Person.objects.bulk_create(persons, batch_size=5000)
    HouseholdMember.objects.bulk_create(
        (HouseholdMember(household_id=h.pk, person_id=p.pk, relationship=r, start_date=s)
         for h, members in plan for p, r, s in members),
        batch_size=10000,
    )  # fmt: skip
    return plan, len(persons)


def build_cases(rng, zone, user, plan, n_cases, adi, types, parenting):
    from ambito.cases.models import (
        Case,
        EemmMeeting,
        EemmMember,
        EemmTeam,
        InDepthAnalysis,
        Intervention,
        PreAssessment,
        Project,
    )
    from ambito.measures.models import Application

    start = dt.datetime(2022, 1, 1, tzinfo=dt.UTC)
    span = int((dt.datetime(2025, 12, 31, 12, tzinfo=dt.UTC) - start).total_seconds() // 60)
    statuses, weights = zip(*CASE_STATUSES, strict=True)
    picks = rng.sample(range(len(plan)), min(n_cases, len(plan)))
    picks += [rng.randrange(len(plan)) for _ in range(n_cases - len(picks))]
    cases, open_keys = [], set()
    for i, h in enumerate(picks):
        household, members = plan[h]
        head = members[0][0]
        line = "income_support" if rng.random() < 0.6 else "social"
        with_household = rng.random() < 0.9
        status = rng.choices(statuses, weights)[0]
        key = (household.pk if with_household else f"p{head.pk}", line)
        if key in open_keys:  # one open case per household (or person) and line
            status = "closed"
        if status != "closed":
            open_keys.add(key)
        opened = start + dt.timedelta(minutes=rng.randrange(span))
        cases.append(
            Case(
                zone=zone, municipality_id=household.municipality_id,
                household_id=household.pk if with_household else None, person_id=head.pk,
                line=line, status=status,
                source="application" if line == "income_support" else "direct",
                case_manager=user, created_by=user, opened_at=opened, assigned_at=opened,
                closed_at=opened + dt.timedelta(days=rng.randint(60, 400))
                if status == "closed" else None,
                closure_reason="autonomy" if status == "closed" else "",
                number=f"{opened.year}/{i + 1:06d}",
            )
        )  # fmt: skip
    Case.objects.bulk_create(cases, batch_size=5000)

    pre, deep, interventions, projects, applications = [], [], [], [], []
    held = {}
    for case in cases:
        opened = case.opened_at.date()
        base = opened
        if rng.random() < 0.7:
            held_on = opened + dt.timedelta(days=rng.randint(5, 60))
            outcome = rng.choices(("work_only", "social_only", "complex"), (35, 35, 30))[0]
            held[case.pk] = (held_on, outcome)
            base = held_on
            pre.append(
                PreAssessment(
                    case=case, held_on=held_on, social_worker=user, cpi_consultant="CPI",
                    household_situation="Bench", needs="Bench", outcome=outcome,
                    recorded_by=user,
                )
            )  # fmt: skip
            if rng.random() < 0.4 / 0.7:
                deep.append(
                    InDepthAnalysis(
                        case=case, done_on=held_on + dt.timedelta(days=rng.randint(10, 90)),
                        objectives="Bench", actions="Bench", recorded_by=user,
                    )
                )  # fmt: skip
        if rng.random() < 0.5:
            for _ in range(rng.randint(1, 3)):
                start_on = base + dt.timedelta(days=rng.randint(15, 200))
                status = rng.choices(("active", "completed", "planned"), (45, 30, 25))[0]
                kind = parenting if rng.random() < 0.3 else rng.choice(types)
                interventions.append(
                    Intervention(
                        case=case, intervention_type=kind, start_on=start_on, status=status,
                        end_on=start_on + dt.timedelta(days=rng.randint(30, 365))
                        if status == "completed" else None,
                        created_by=user,
                    )
                )  # fmt: skip
        if rng.random() < 0.3:
            signed = base + dt.timedelta(days=rng.randint(20, 120))
            projects.append(
                Project(
                    case=case, version=1, summary="Bench", created_by=user,
                    created_at=noon(signed - dt.timedelta(days=rng.randint(0, 10))),
                    signed_on=signed if rng.random() < 0.85 else None,
                )
            )  # fmt: skip
        if rng.random() < 0.6:
            status_on = base - dt.timedelta(days=rng.randint(1, 40))
            applications.append(
                Application(
                    zone=zone, measure=adi, protocol=f"INPS-{zone.code}-{case.pk}",
                    applicant_id=case.person_id, household_id=case.household_id,
                    municipality_id=case.municipality_id, case=case, status="positive",
                    submitted_on=status_on - dt.timedelta(days=rng.randint(10, 60)),
                    status_on=status_on,
                )
            )  # fmt: skip
    PreAssessment.objects.bulk_create(pre, batch_size=5000)
    InDepthAnalysis.objects.bulk_create(deep, batch_size=5000)
    Intervention.objects.bulk_create(interventions, batch_size=5000)
    # created_at is auto_now_add: switched off here, so projects get their date of the past.
    created_at = Project._meta.get_field("created_at")
    created_at.auto_now_add = False
    try:
        Project.objects.bulk_create(projects, batch_size=5000)
    finally:
        created_at.auto_now_add = True
    Application.objects.bulk_create(applications, batch_size=5000)

    teams = EemmTeam.objects.bulk_create(
        EemmTeam(zone=zone, name=f"Équipe {zone.code}-{t}") for t in range(TEAMS)
    )
    members = EemmMember.objects.bulk_create(
        EemmMember(
            team=team, name=f"Componente {n}", institution=INSTITUTIONS[(n + t) % 5],
            role=EEMM_ROLES[n % len(EEMM_ROLES)],
        )
        for t, team in enumerate(teams)
        for n in range(TEAM_MEMBERS)
    )  # fmt: skip
    meetings = EemmMeeting.objects.bulk_create(
        EemmMeeting(
            team=teams[k % TEAMS], held_on=dt.date(2022, 1, 10) + dt.timedelta(days=29 * k),
            minutes="Bench", decisions="Bench", recorded_by=user,
        )
        for k in range(MEETINGS)
    )  # fmt: skip
    attendees = EemmMeeting.attendees.through
    attendees.objects.bulk_create(
        attendees(eemmmeeting_id=m.pk, eemmmember_id=p.pk)
        for m in meetings for p in members if p.team_id == m.team_id
    )  # fmt: skip
    # The complex pre-assessments (and a few others) are discussed at one of the next meetings,
    # some again at the following one.
    dates = [m.held_on for m in meetings]
    links = set()
    for case_id, (held_on, outcome) in held.items():
        if outcome != "complex" and rng.random() >= 0.1:
            continue
        k = bisect.bisect_left(dates, held_on) + rng.randint(0, 2)
        if k < len(meetings):
            links.add((meetings[k].pk, case_id))
            if k + 1 < len(meetings) and rng.random() < 0.3:
                links.add((meetings[k + 1].pk, case_id))
    through = EemmMeeting.cases.through
    through.objects.bulk_create(
        (through(eemmmeeting_id=m, case_id=c) for m, c in sorted(links)), batch_size=10000
    )
    return {
        "cases": len(cases),
        "pre_assessments": len(pre),
        "in_depth": len(deep),
        "interventions": len(interventions),
        "projects": len(projects),
        "applications": len(applications),
        "meeting_links": len(links),
    }


def build(args):
    from django.db import transaction

    from ambito.catalog.models import InterventionType
    from ambito.measures.models import Measure

    rng = random.Random(7)
    n_persons = max(round(PERSONS_PER_ZONE * args.scale), 10)
    n_cases = max(round(CASES_PER_ZONE * args.scale), 5)
    adi = Measure.objects.get(code="ADI")
    types = list(InterventionType.objects.exclude(code="A.1.c.3"))
    parenting = InterventionType.objects.get(code="A.1.c.3")
    with transaction.atomic():
        zones, _orgs, users, munis = build_territory(rng)
    counts = {"persons": 0}
    for zone, user in zip(zones, users, strict=True):
        with transaction.atomic():
            plan, persons = build_people(rng, zone, munis[zone.pk], n_persons)
            zone_counts = build_cases(rng, zone, user, plan, n_cases, adi, types, parenting)
        counts["persons"] += persons
        for key, value in zone_counts.items():
            counts[key] = counts.get(key, 0) + value
    return zones, counts


# --- the floor: the aggregates the dashboard needs, as plain SQL ------------------------------

# The households of a set of rows (a case's household, or its person without one), and those
# among them with the flag `ok`.
HOUSEHOLDS = (
    "COUNT(DISTINCT household_id), "
    "COUNT(DISTINCT CASE WHEN household_id IS NULL THEN person_id END), "
    "COUNT(DISTINCT CASE WHEN ok THEN household_id END), "
    "COUNT(DISTINCT CASE WHEN ok AND household_id IS NULL THEN person_id END)"
)
POSITIVE = (
    "a.zone_id = %(zone)s AND a.status = 'positive' AND a.status_on <= %(as_of)s "
    "AND a.case_id IS NOT NULL"
)
BENEFICIARIES = f"FROM measures_application a WHERE {POSITIVE}"
ACTIVATED = "i.status IN ('active', 'completed') AND i.start_on <= %(as_of)s"
MEETING_OF = (
    "FROM cases_eemmmeeting_cases mc JOIN cases_eemmmeeting m ON m.id = mc.eemmmeeting_id "
    "WHERE mc.case_id = {case} AND m.held_on <= %(as_of)s"
)
CASES = "c.zone_id = %(zone)s AND c.opened_at < %(cutoff)s"

TERRITORY_SQL = {
    "social_workers_zone": """
        SELECT COUNT(*), SUM(weekly_hours) FROM territory_staff
        WHERE zone_id = %(zone)s AND active AND profile = 'social_worker'""",
    "social_workers_by_municipality": """
        SELECT sm.municipality_id, COUNT(*), SUM(s.weekly_hours * 1.0 / n.served)
        FROM territory_staff s
        JOIN territory_staff_municipalities sm ON sm.staff_id = s.id
        JOIN (SELECT staff_id, COUNT(*) AS served FROM territory_staff_municipalities
              GROUP BY staff_id) n ON n.staff_id = s.id
        WHERE s.zone_id = %(zone)s AND s.active AND s.profile = 'social_worker'
        GROUP BY sm.municipality_id""",
    "populations": """
        SELECT p.municipality_id, p.year, p.population
        FROM territory_municipalitypopulation p
        JOIN territory_municipality mu ON mu.id = p.municipality_id
        WHERE mu.zone_id = %(zone)s AND p.year <= %(year)s
        ORDER BY p.municipality_id, p.year DESC""",
    "access_points": """
        SELECT municipality_id, COUNT(*) FROM territory_accesspoint
        WHERE zone_id = %(zone)s AND (active_from IS NULL OR active_from <= %(as_of)s)
          AND (active_until IS NULL OR active_until >= %(as_of)s)
        GROUP BY municipality_id""",
    "eemm": """
        SELECT (SELECT COUNT(*) FROM cases_eemmteam WHERE zone_id = %(zone)s AND active),
               (SELECT COUNT(DISTINCT em.institution) FROM cases_eemmmember em
                JOIN cases_eemmteam t ON t.id = em.team_id
                WHERE t.zone_id = %(zone)s AND t.active AND em.active)""",
}

# The pathway from the six tables the figures come from (what the engine did before the
# milestones): for comparison only.
SOURCE_SQL = {
    "in_depth_with_intervention": f"""
        SELECT municipality_id, {HOUSEHOLDS} FROM (
            SELECT c.municipality_id, c.household_id, c.person_id,
                   EXISTS (SELECT 1 FROM cases_intervention i
                           WHERE i.case_id = c.id AND {ACTIVATED}) AS ok
            FROM cases_case c JOIN cases_indepthanalysis d ON d.case_id = c.id
            WHERE {CASES} AND d.done_on <= %(as_of)s
        ) t GROUP BY municipality_id""",
    "parenting_support": f"""
        SELECT municipality_id, {HOUSEHOLDS} FROM (
            SELECT c.municipality_id, c.household_id, c.person_id,
                   EXISTS (SELECT 1 FROM cases_intervention i
                           JOIN catalog_interventiontype it ON it.id = i.intervention_type_id
                           WHERE i.case_id = c.id AND {ACTIVATED} AND it.code IN ('A.1.c.3')
                   ) AS ok
            FROM cases_case c JOIN cases_preassessment p ON p.case_id = c.id
            WHERE {CASES} AND p.outcome = 'complex' AND p.held_on <= %(as_of)s
              AND EXISTS (
                SELECT 1 FROM registry_householdmember hm
                JOIN registry_person pe ON pe.id = hm.person_id
                WHERE hm.household_id = c.household_id AND hm.start_date <= %(as_of)s
                  AND (hm.end_date IS NULL OR hm.end_date >= %(as_of)s)
                  AND pe.birth_date > %(baby_from)s AND pe.birth_date <= %(as_of)s)
        ) t GROUP BY municipality_id""",
    "pre_assessment_share": f"""
        SELECT municipality_id, {HOUSEHOLDS} FROM (
            SELECT a.municipality_id, a.household_id, a.applicant_id AS person_id,
                   EXISTS (SELECT 1 FROM cases_preassessment p
                           WHERE p.case_id = a.case_id AND p.held_on <= %(as_of)s) AS ok
            {BENEFICIARIES}
        ) t GROUP BY municipality_id""",
    "outcome_to_pre_assessment": f"""
        SELECT a.municipality_id, a.case_id, MIN(a.status_on), MIN(p.held_on)
        FROM measures_application a JOIN cases_preassessment p ON p.case_id = a.case_id
        WHERE {POSITIVE} AND p.held_on <= %(as_of)s
        GROUP BY a.municipality_id, a.case_id""",
    "eemm_or_project_share": f"""
        SELECT municipality_id, {HOUSEHOLDS} FROM (
            SELECT a.municipality_id, a.household_id, a.applicant_id AS person_id,
                   (EXISTS (SELECT 1 {MEETING_OF.format(case="a.case_id")})
                    OR EXISTS (SELECT 1 FROM cases_project pr WHERE pr.case_id = a.case_id
                               AND pr.created_at < %(cutoff)s)) AS ok
            {BENEFICIARIES}
        ) t GROUP BY municipality_id""",
    "pre_assessment_to_evaluation": f"""
        SELECT municipality_id, held_on, first_meeting FROM (
            SELECT c.municipality_id, p.held_on,
                   (SELECT MIN(m.held_on) {MEETING_OF.format(case="c.id")}) AS first_meeting
            FROM cases_case c JOIN cases_preassessment p ON p.case_id = c.id
            WHERE {CASES} AND p.held_on <= %(as_of)s
        ) t WHERE first_meeting IS NOT NULL""",
    "project_to_start": f"""
        SELECT municipality_id, signed, started FROM (
            SELECT c.municipality_id, MIN(pr.signed_on) AS signed,
                   (SELECT MIN(i.start_on) FROM cases_intervention i
                    WHERE i.case_id = c.id AND {ACTIVATED}) AS started
            FROM cases_case c JOIN cases_project pr ON pr.case_id = c.id
            WHERE {CASES} AND pr.signed_on <= %(as_of)s
            GROUP BY c.id, c.municipality_id
        ) t WHERE started IS NOT NULL""",
}


# The pathway from the case milestones, as the engine reads it: two grouped queries per share
# (by municipality, then the zone: a household may have cases in two municipalities), one for
# the parenting check and one histogram per duration.
MILESTONES = "m.zone_id = %(zone)s AND m.opened_on <= %(as_of)s"
KEYS = "COALESCE(a.household_id, 0 - a.applicant_id)"
BABY = """EXISTS (
    SELECT 1 FROM registry_householdmember hm JOIN registry_person pe ON pe.id = hm.person_id
    WHERE hm.household_id = m.household_id AND hm.start_date <= %(as_of)s
      AND (hm.end_date IS NULL OR hm.end_date >= %(as_of)s)
      AND pe.birth_date > %(baby_from)s AND pe.birth_date <= %(as_of)s)"""
SHARES = {
    "case_shares": (
        "COUNT(DISTINCT CASE WHEN m.in_depth_on <= %(as_of)s THEN m.household_key END), "
        "COUNT(DISTINCT CASE WHEN m.in_depth_on <= %(as_of)s "
        "AND m.first_intervention_on <= %(as_of)s THEN m.household_key END) "
        f"FROM cases_casemilestones m WHERE {MILESTONES}"
    ),
    "beneficiary_shares": (
        f"COUNT(DISTINCT {KEYS}), "
        f"COUNT(DISTINCT CASE WHEN m.pre_assessment_on <= %(as_of)s THEN {KEYS} END), "
        f"COUNT(DISTINCT CASE WHEN m.first_meeting_on <= %(as_of)s "
        f"OR m.first_project_on <= %(as_of)s THEN {KEYS} END) "
        "FROM measures_application a LEFT JOIN cases_casemilestones m "
        "ON m.case_id = a.case_id AND m.zone_id = %(zone)s "
        "WHERE a.zone_id = %(zone)s AND a.status = 'positive' AND a.status_on <= %(as_of)s "
        "AND a.case_id IS NOT NULL"
    ),
}
DURATIONS = {
    "days_outcome_to_pre_assessment": ("first_positive_on", "pre_assessment_on"),
    "days_pre_assessment_to_meeting": ("pre_assessment_on", "first_meeting_on"),
    "days_signed_to_start": ("first_signed_on", "first_intervention_on"),
}
MILESTONES_SQL = {
    # few rows: the households are counted in Python from one query, as the engine does
    "parenting_support": f"""
        SELECT DISTINCT m.municipality_id, m.household_key,
               m.first_parenting_support_on <= %(as_of)s
        FROM cases_casemilestones m WHERE {MILESTONES} AND m.pre_assessment_outcome = 'complex'
          AND m.pre_assessment_on <= %(as_of)s AND {BABY}""",
    **{f"{name}_zone": f"SELECT {sql}" for name, sql in SHARES.items()},
    **{
        f"{name}_by_municipality": f"SELECT {'a' if 'measures_application' in sql else 'm'}"
        f".municipality_id, {sql} GROUP BY 1"
        for name, sql in SHARES.items()
    },
    **{
        days: f"""SELECT m.municipality_id, m.{days}, COUNT(*) FROM cases_casemilestones m
            WHERE {MILESTONES} AND m.{first} <= %(as_of)s AND m.{second} <= %(as_of)s
              AND m.{days} IS NOT NULL GROUP BY 1, 2"""
        for days, (first, second) in DURATIONS.items()
    },
}


def floor_params(connection, zone_id):
    ops = connection.ops
    # A case opened on or before AS_OF (local date) was opened before the next local midnight.
    cutoff = dt.datetime.combine(AS_OF + dt.timedelta(days=1), dt.time(), tzinfo=ROME)
    return {
        "zone": zone_id,
        "year": AS_OF.year,
        "as_of": ops.adapt_datefield_value(AS_OF),
        "baby_from": ops.adapt_datefield_value(BABY_FROM - dt.timedelta(days=1)),
        "cutoff": ops.adapt_datetimefield_value(cutoff),
    }


def floor(connection, zone_id, pathway=MILESTONES_SQL):
    """The raw aggregates of one zone's dashboard: the territory's, then the pathway's."""
    params = floor_params(connection, zone_id)
    rows = 0
    with connection.cursor() as cursor:
        for sql in [*TERRITORY_SQL.values(), *pathway.values()]:
            cursor.execute(sql, params)
            rows += len(cursor.fetchall())
    return rows


def check_against_the_records(zone, scope_class):
    """The engine's pathway figures equal the ones computed straight from the six tables
    (tests/monitoring/reference.py), for the zone and each municipality: the cases compared."""
    sys.path.insert(0, str(ROOT))
    from tests.monitoring.reference import differences

    differing, compared = differences(scope_class(zone, AS_OF))
    if differing:
        raise SystemExit("\n".join(differing))
    return compared


def run_backend(args) -> None:
    with backend_session(backend=args.backend, postgres=args.postgres, scratch_db=SCRATCH_DB):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from ambito.cases import milestones
        from ambito.monitoring import reports
        from ambito.monitoring.indicators import INDICATORS
        from ambito.monitoring.scope import Scope

        print(
            f"[{args.backend}] scala {args.scale:g}: {ZONES} ambiti, "
            f"{round(PERSONS_PER_ZONE * args.scale) * ZONES:,} persone, "
            f"{round(CASES_PER_ZONE * args.scale) * ZONES:,} cartelle...",
            flush=True,
        )
        t = time.perf_counter()
        zones, counts = build(args)
        build_s = time.perf_counter() - t
        print(f"[{args.backend}] dati in {build_s:.0f} s: {counts}", flush=True)
        t = time.perf_counter()
        milestones.rebuild()  # the cases were bulk-created, as a migration of old data would
        rebuild_s = time.perf_counter() - t
        print(f"[{args.backend}] tappe ricostruite in {rebuild_s:.0f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        zone0 = zones[0]
        compared = check_against_the_records(zone0, Scope)
        print(
            f"[{args.backend}] indicatori del percorso uguali al calcolo sui record "
            f"({compared:,} casi contati nel primo ambito)",
            flush=True,
        )
        region_runs = max(args.runs // 5, 2)
        results = {}

        results["Cruscotto ambito"] = timed(
            args.runs, lambda: reports.dashboard(Scope(zone0, AS_OF))
        )
        results[f"Cruscotto regione ({ZONES} ambiti)"] = timed(
            region_runs, lambda: [reports.dashboard(Scope(z, AS_OF)) for z in zones]
        )
        results["SQL nudo ambito"] = timed(args.runs, lambda: floor(connection, zone0.pk))
        results[f"SQL nudo regione ({ZONES} ambiti)"] = timed(
            region_runs, lambda: [floor(connection, z.pk) for z in zones]
        )
        results["SQL nudo sui record, ambito"] = timed(
            args.runs, lambda: floor(connection, zone0.pk, SOURCE_SQL)
        )
        results[f"SQL nudo sui record, regione ({ZONES} ambiti)"] = timed(
            region_runs, lambda: [floor(connection, z.pk, SOURCE_SQL) for z in zones]
        )
        with CaptureQueriesContext(connection) as captured:
            reports.dashboard(Scope(zone0, AS_OF))
        queries = len(captured.captured_queries)

        # Each indicator alone, as the dashboard computes it: the zone, then each municipality.
        def one(indicator):
            def fn():
                scope = Scope(zone0, AS_OF)
                indicator.value(scope)
                if indicator.per_municipality:
                    for municipality in scope.municipalities:
                        indicator.value(scope.at(municipality))

            return fn

        indicators = {code: timed(args.runs, one(i)) for code, i in INDICATORS.items()}
        connection.close()
        print(
            "RESULT "
            + json.dumps(
                {
                    "backend": args.backend,
                    "scale": args.scale,
                    "counts": counts,
                    "build_s": build_s,
                    "rebuild_s": rebuild_s,
                    "queries": queries,
                    "results": results,
                    "indicators": indicators,
                }
            ),
            flush=True,
        )


def main() -> None:
    args = parse_args()
    if args.backend:
        run_backend(args)
        return
    results = run_backends(__file__, args.postgres)
    print()
    print_figures(results)
    print()
    print(f"{'backend':<10}{'indicatore (ambito e comuni)':<40}{'p50 ms':>10}{'p95 ms':>10}")
    for r in results:
        for code, (p50, p95) in sorted(r["indicators"].items(), key=lambda x: -x[1][1]):
            print(f"{r['backend']:<10}{code:<40}{p50:>10.1f}{p95:>10.1f}")
    print()
    for r in results:
        res, c = r["results"], r["counts"]
        zone = res["Cruscotto ambito"][1]
        region = res[f"Cruscotto regione ({ZONES} ambiti)"][1]
        ratio_zone = zone / res["SQL nudo ambito"][1]
        ratio_region = region / res[f"SQL nudo regione ({ZONES} ambiti)"][1]
        slowest = sorted(r["indicators"].items(), key=lambda x: -x[1][1])[:3]
        print(
            f"[{r['backend']}] scala {r['scale']:g}: dati in {r['build_s']:.0f} s, tappe "
            f"ricostruite in {r['rebuild_s']:.0f} s "
            f"({c['persons']:,} persone, {c['cases']:,} cartelle); {r['queries']} query per "
            f"cruscotto; rapporto ambito {ratio_zone:.1f}x, regione {ratio_region:.1f}x; "
            "più lenti: " + ", ".join(f"{code} {p95:.0f} ms" for code, (_, p95) in slowest)
        )
        missed = []
        if zone > 500:
            missed.append(f"ambito {zone:.0f} ms")
        if region > 5000:
            missed.append(f"regione {region / 1000:.1f} s")
        if ratio_zone > 2 or ratio_region > 2:
            missed.append(f"rapporto {max(ratio_zone, ratio_region):.1f}x")
        print(
            f"[{r['backend']}] obiettivi: ambito <= 500 ms, regione <= 5 s, rapporto <= 2: "
            + ("OK" if not missed else f"NON RAGGIUNTO ({', '.join(missed)})")
        )


if __name__ == "__main__":
    main()
