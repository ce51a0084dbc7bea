"""Seed 002's Pistoia as it stood on 30/11/2018, as records: the reports and the LEP dashboard
computed "as of" that date must give the seed's tables (DOMAIN §4-§5, §10).

What the seed gives, and what the records are drawn to:

- "DOMANDE REI AL 30/11/2018", cell by cell (pathway.REI_TABLE): every application dated so
  that its outcome falls on or before the date (those "in lavorazione" were submitted and had
  no outcome yet). The printed totals do not add up (670 positive printed, 680 in the cells;
  1.707 in all printed, 1.716 in the cells): the cells win.
- Tabella 1, the profile of the REI households taken in charge: 443 households, by size 31%,
  23%, 18%, 14%, 8,5% and 5,5% ("+ 5"), 9,5% single-parent, 38 with children from 0 to 3. The
  443 are the households of the 680 positive applications: 237 of them had a second positive
  application in the year (a new application after a change in the household, as INPS asks).
  The percentages are of 443 and rounded by the largest remainder (`T1_SIZES`).
- "OBIETTIVI QUANTITATIVI": 66% of the REI households with a pre-assessment (card A) by the
  date, 39% taken in charge by the EEMM or with a social project (service pacts excluded, 65
  of them), 3 partner institutions in the EEMM (SdS/Comuni, Centro per l'Impiego, Terzo
  settore). Of 443 households: 292 pre-assessed (65,9%), 173 with an EEMM evaluation or a
  project (39,1%), 65 with a service pact.

The pathway is walked through the case services (their checks, transitions, audit rows); the
records carry the dates the seed implies (a card's meeting date, an EEMM meeting's date). Two
timestamps the services set to "now" are then moved to the day they stand for, here only: the
transitions' `at` and a project's `created_at`, so a case's history reads as it happened.
The cases are assigned by the municipalities' rules (Pistoia and Quarrata have their own
social worker in the demo); the other municipalities' cases wait in the coordinator's queue.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from zoneinfo import ZoneInfo

from ambito.registry.choices import Relationship

from .names import STREETS
from .people import HouseholdDraft, PeopleGenerator

ROME = ZoneInfo("Europe/Rome")
AS_OF = dt.date(2018, 11, 30)
YEAR_START = dt.date(2018, 1, 8)

# Tabella 1: 443 households; 31/23/18/14/8,5/5,5% by size, the last "+ 5" (six or seven).
T1_HOUSEHOLDS = 443
T1_SIZES = {1: 137, 2: 102, 3: 80, 4: 62, 5: 38, 6: 24}
T1_SINGLE_PARENT = 42  # 9,5% of 443
T1_WITH_CHILDREN_0_3 = 38
# Where the single-parent households and those with a child of 0-3 fall, by size (synthetic).
SINGLE_PARENT_BY_SIZE = {2: 16, 3: 14, 4: 8, 5: 4}
BABIES_BY_SIZE = {3: 10, 4: 12, 5: 8, 6: 6}  # and two single-parent ones: _plan_profiles
# OBIETTIVI QUANTITATIVI at 30/11/2018, as households of the 443.
PRE_ASSESSED = 292  # 66%
SERVICE_PACTS = 65
SOCIAL_PROJECTS = 98
EEMM_EVALUATIONS = 75  # 98 + 75 = 173: 39%

POSITIVE_TAG = "rei2018:positive"
APPLICANT_TAG = "rei2018:applicant"


def _born(rng: random.Random, age: int) -> dt.date:
    """A birth date `age` years (completed) before AS_OF."""
    return AS_OF - dt.timedelta(days=rng.randint(age * 365 + 1, age * 365 + 360))


def _household(
    gen: PeopleGenerator,
    rng: random.Random,
    index: int,
    size: int,
    *,
    single_parent: bool = False,
    baby: bool = False,
    tag: str,
) -> HouseholdDraft:
    """A household of `size` members on AS_OF, all born by then."""
    country = gen.country() if rng.random() < 0.25 else None
    draft = HouseholdDraft(
        municipality_index=index,
        address=f"{rng.choice(STREETS)}, {rng.randint(1, 180)}",
        start_date=dt.date(rng.randint(2006, 2016), rng.randint(1, 12), 1),
        single_parent=single_parent,
        tag=tag,
    )
    members = draft.members

    def add(sex, age, relationship, last_name=None):
        person = gen.born_on(index, sex, _born(rng, age), relationship, country, last_name)
        members.append(person)
        return person

    def children(count, parent_age, surname):
        ages = [rng.randint(4, min(17, parent_age - 20)) for _ in range(count)]
        if baby:
            ages[-1] = rng.randint(0, 2)
        for age in sorted(ages, reverse=True):
            add(rng.choice("MF"), age, Relationship.CHILD, surname)

    if size == 1:
        add(rng.choice("MF"), rng.randint(30, 78), Relationship.HEAD)
    elif single_parent:
        age = rng.randint(26, 50)
        head = add("F" if rng.random() < 0.85 else "M", age, Relationship.HEAD)
        children(size - 1, age, head.last_name)
    elif size == 2 and not baby and rng.random() < 0.4:
        age = rng.randint(40, 60)
        add(rng.choice("MF"), age, Relationship.HEAD)
        add(rng.choice("MF"), min(82, age + rng.randint(22, 30)), Relationship.PARENT)
    else:
        age = rng.randint(30, 50) if size > 2 else rng.randint(30, 75)
        head = add("M", age, Relationship.HEAD)
        add("F", max(20, age + rng.randint(-6, 3)), Relationship.PARTNER)
        children(size - 2, age, head.last_name)
    if size > 5:  # "+ 5": six or seven members, the seventh a grandparent
        extra = rng.random() < 0.3
        if extra:
            add(rng.choice("MF"), rng.randint(65, 80), Relationship.PARENT)
    return draft


def _plan_profiles(rng: random.Random) -> list[tuple[int, bool, bool]]:
    """(size, single-parent, child of 0-3) of the 443 households, shuffled."""
    profiles = []
    for size, count in T1_SIZES.items():
        singles = SINGLE_PARENT_BY_SIZE.get(size, 0)
        babies = BABIES_BY_SIZE.get(size, 0)
        for n in range(count):
            single = n < singles
            # Babies in couples' households first; two single-parent ones of 3 have one too.
            baby = (not single and singles <= n < singles + babies) or (size == 3 and n < 2)
            profiles.append((size, single, baby))
    assert len(profiles) == T1_HOUSEHOLDS  # noqa: S101 - the seed's table
    assert sum(single for _, single, _ in profiles) == T1_SINGLE_PARENT  # noqa: S101
    rng.shuffle(profiles)
    return profiles


def _largest_remainder(total: int, weights: dict[str, int]) -> dict[str, int]:
    whole = sum(weights.values())
    exact = {k: total * w / whole for k, w in weights.items()}
    shares = {k: math.floor(v) for k, v in exact.items()}
    left = total - sum(shares.values())
    for k in sorted(exact, key=lambda k: exact[k] - shares[k], reverse=True)[:left]:
        shares[k] += 1
    return shares


def households_by_municipality(rei_table: dict[str, tuple]) -> dict[str, int]:
    """The 443 households shared out as the positive applications are."""
    return _largest_remainder(T1_HOUSEHOLDS, {name: cells[0] for name, cells in rei_table.items()})


def draw_households(rei_table: dict[str, tuple]):
    """`extra` for people.draw_people: the households of 2018's REI applicants, tagged."""

    def extra(gen: PeopleGenerator) -> list[HouseholdDraft]:
        rng = random.Random("rei2018:households")
        index_of = {m.name: i for i, m in enumerate(gen.municipalities)}
        shares = households_by_municipality(rei_table)
        profiles = iter(_plan_profiles(rng))
        drafts = []
        for name, cells in rei_table.items():
            index = index_of[name]
            for _ in range(shares[name]):
                size, single, baby = next(profiles)
                drafts.append(
                    _household(
                        gen, rng, index, size, single_parent=single, baby=baby, tag=POSITIVE_TAG
                    )
                )
            # Applicants of the other outcomes: about three applications a household.
            for _ in range(math.ceil(sum(cells[1:]) / 3)):
                size = rng.choice((1, 1, 2, 2, 3, 4))
                drafts.append(_household(gen, rng, index, size, tag=APPLICANT_TAG))
        return drafts

    return extra


def tagged_households(batch) -> dict[str, dict[int, list]]:
    """{tag: {municipality id: [saved households]}} of the drafts drawn above."""
    found: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for draft, household in zip(batch.drafts, batch.households, strict=True):
        if draft.tag:
            found[draft.tag][household.municipality_id].append(household)
    return found


# --- the applications ---------------------------------------------------------------------


def _day(rng: random.Random, start: dt.date, span: int) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(span))


def _decided(rng: random.Random, submitted: dt.date) -> dt.date:
    """INPS answers in 15-45 days; by the seed's date at the latest."""
    return min(submitted + dt.timedelta(days=rng.randint(15, 45)), AS_OF - dt.timedelta(days=1))


def build_applications(*, zone, rei_table, reasons, tagged, rng: random.Random) -> int:
    """The applications of the REI table, cell by cell, with their status history; the positive
    ones by the 443 households (one each, a second for the first 237), the others by the
    applicant households (about three each)."""
    from ambito.measures.models import (
        Application,
        ApplicationStatus,
        ApplicationStatusChange,
        Measure,
    )
    from ambito.registry.models import HouseholdMember
    from ambito.territory.models import Municipality

    s = ApplicationStatus
    rei = Measure.objects.get(code="REI")
    municipalities = {m.name: m for m in Municipality.objects.filter(zone=zone)}
    heads = dict(
        HouseholdMember.objects.filter(
            household__zone=zone, relationship=Relationship.HEAD
        ).values_list("household_id", "person_id")
    )
    made: list[Application] = []

    def application(municipality, household, status, submitted, decided):
        made.append(
            Application(
                zone=zone,
                measure=rei,
                protocol=f"INPS-REI-2018-{len(made) + 1:06d}",
                applicant_id=heads[household.pk],
                household=household,
                municipality=municipality,
                submitted_on=submitted,
                status=status,
                status_on=decided,
                status_reason=rng.choice(reasons[status]) if status in reasons else "",
            )
        )

    for name, cells in rei_table.items():
        municipality = municipalities[name]
        positive = tagged[POSITIVE_TAG].get(municipality.pk, [])
        first_outcomes = {}
        for household in positive:
            submitted = _day(rng, YEAR_START, 240)
            first_outcomes[household.pk] = _decided(rng, submitted)
            application(
                municipality, household, s.POSITIVE, submitted, first_outcomes[household.pk]
            )
        for household in positive[: cells[0] - len(positive)]:
            submitted = first_outcomes[household.pk] + dt.timedelta(days=rng.randint(20, 30))
            submitted = min(submitted, AS_OF - dt.timedelta(days=2))
            decided = min(submitted + dt.timedelta(days=rng.randint(5, 10)), AS_OF)
            application(municipality, household, s.POSITIVE, submitted, decided)
        applicants = tagged[APPLICANT_TAG].get(municipality.pk, [])
        turn = 0
        for status, count in zip(
            (s.LAPSED, s.SUSPENDED, s.IN_PROGRESS, s.REJECTED), cells[1:], strict=True
        ):
            for _ in range(count):
                household = applicants[turn % len(applicants)]
                turn += 1
                if status == s.IN_PROGRESS:
                    application(
                        municipality, household, status, _day(rng, dt.date(2018, 10, 1), 59), None
                    )
                else:
                    submitted = _day(rng, YEAR_START, 300)
                    application(
                        municipality, household, status, submitted, _decided(rng, submitted)
                    )
    Application.objects.bulk_create(made, batch_size=1000)
    ApplicationStatusChange.objects.bulk_create(
        [
            ApplicationStatusChange(
                application=app,
                status=app.status,
                since=app.status_on or app.submitted_on,
                reason=app.status_reason,
            )
            for app in made
        ],
        batch_size=1000,
    )
    return len(made)


def open_cases(*, zone, coordinator) -> int:
    """The positive applications open their cases through the measures' bridge (the cases'
    bulk service), a week of outcomes at a time, as the office took in INPS's weekly lists:
    on the last outcome day of the week."""
    from ambito.measures.cases_bridge import open_cases_for_positive
    from ambito.measures.models import Application, ApplicationStatus

    by_week = defaultdict(list)
    for app in (
        Application.objects.filter(zone=zone, status=ApplicationStatus.POSITIVE)
        .select_related("household")
        .order_by("status_on", "pk")
    ):
        by_week[app.status_on.isocalendar()[:2]].append(app)
    opened = 0
    for _, applications in sorted(by_week.items()):
        day = max(app.status_on for app in applications)
        at = dt.datetime.combine(day, dt.time(12), tzinfo=ROME)
        opened += open_cases_for_positive(
            actor=coordinator, zone=zone, applications=applications, at=at
        )[0]
    return opened


# --- the pathway up to 30/11/2018 -----------------------------------------------------------

EEMM_MEMBERS = (
    # seed 002 Tabella 5: the base EEMM, 12-18 hours a month each
    ("social_worker", "SdS Pistoiese", "assistente.pistoia"),
    ("cpi", "Arti Toscana - Centro per l'Impiego di Pistoia", "cpi"),
    ("tutor", "Terzo settore (Caritas diocesana)", "terzo.settore"),
)
EEMM_STARTED = dt.date(2018, 4, 3)  # "Dall'avvio dell'équipe multidisciplinari (aprile 2018)"


def build_eemm_team(*, zone):
    from ambito.cases.models import EemmMember, EemmTeam
    from ambito.core.models import User

    team = EemmTeam.objects.create(
        zone=zone, name="EEMM base della zona pistoiese", started_on=EEMM_STARTED
    )
    users = {u.username: u for u in User.objects.filter(username__in=[m[2] for m in EEMM_MEMBERS])}
    for role, institution, username in EEMM_MEMBERS:
        user = users.get(username)
        EemmMember.objects.create(
            team=team,
            role=role,
            institution=institution,
            name=user.get_full_name() if user else institution,
            user=user,
            started_on=EEMM_STARTED,
            monthly_hours_min=12,
            monthly_hours_max=18,
        )
    return team


def walk_to_the_date(*, zone, team, rng: random.Random) -> dict:
    """Cards A, service pacts, social projects and EEMM evaluations of 2018 (see the module's
    docstring for the counts), the earliest cases first, through the case services."""
    from ambito.cases import services
    from ambito.cases.models import Case, CaseLine, CaseTransition, Project
    from ambito.cases.workflow import CaseStatus, PreAssessmentOutcome
    from ambito.core.models import User

    cases = list(
        Case.objects.filter(zone=zone, line=CaseLine.INCOME_SUPPORT, status=CaseStatus.ASSIGNED)
        .select_related("person")
        .order_by("opened_at", "number")[:PRE_ASSESSED]
    )
    held = {}
    for case in cases:
        opened = case.opened_at.astimezone(ROME).date()
        held[case.pk] = max(
            opened,
            min(opened + dt.timedelta(days=rng.randint(30, 150)), AS_OF - dt.timedelta(days=3)),
        )
    cases.sort(key=lambda c: (held[c.pk], c.number))
    # The earliest cards went to the EEMM (25-40 working days later, seed 002 §4.3); of the
    # next ones some signed a service pact, some a social project, the last wait.
    plan = {c.pk: PreAssessmentOutcome.COMPLEX for c in cases[:EEMM_EVALUATIONS]}
    going_on = cases[EEMM_EVALUATIONS : EEMM_EVALUATIONS + SERVICE_PACTS + SOCIAL_PROJECTS]
    rng.shuffle(going_on)
    plan |= {c.pk: PreAssessmentOutcome.WORK_ONLY for c in going_on[:SERVICE_PACTS]}
    plan |= {c.pk: PreAssessmentOutcome.SOCIAL_ONLY for c in going_on[SERVICE_PACTS:]}
    outcomes = list(PreAssessmentOutcome.values)
    # One instance per social worker: its permissions are read once, not once per case.
    workers = {u.pk: u for u in User.objects.filter(pk__in={c.case_manager_id for c in cases})}
    members = list(team.members.all())
    dated: list[tuple[int, str, dt.date]] = []  # (case, transition, the day it stands for)
    meetings = defaultdict(list)  # (manager, monday) -> cases
    projects = {}
    for case in cases:
        worker = workers[case.case_manager_id]
        day = held[case.pk]
        case = services.case_transition(actor=worker, case=case, name="start_pre_assessment")
        dated.append(
            (
                case.pk,
                "start_pre_assessment",
                max(day - dt.timedelta(days=3), case.opened_at.astimezone(ROME).date()),
            )
        )
        outcome = plan.get(case.pk) or rng.choice(outcomes)
        services.pre_assessment_record(
            actor=worker,
            case=case,
            data={
                "held_on": day,
                "cpi_consultant": "Consulente del Centro per l'Impiego di Pistoia",
                "household_situation": "Nucleo beneficiario REI: composizione confermata.",
                "needs": "Lavoro, reddito, sostegno ai figli.",
                "outcome": outcome,
            },
        )
        if case.pk not in plan:
            continue  # card written, next step not yet taken on 30/11/2018
        later = (35, 56) if outcome == PreAssessmentOutcome.COMPLEX else (5, 20)
        after = min(day + dt.timedelta(days=rng.randint(*later)), AS_OF)
        name = {
            PreAssessmentOutcome.WORK_ONLY: "to_service_pact",
            PreAssessmentOutcome.SOCIAL_ONLY: "to_social_project",
            PreAssessmentOutcome.COMPLEX: "to_eemm",
        }[outcome]
        case = services.case_transition(actor=worker, case=case, name=name)
        dated.append((case.pk, name, day))
        if outcome == PreAssessmentOutcome.SOCIAL_ONLY:
            project = services.project_new_version(
                actor=worker,
                case=case,
                summary="Progetto personalizzato di inclusione (bisogni sociali).",
                objectives=[
                    {
                        "text": "Sostegno al reddito e orientamento ai servizi",
                        "indicator": "colloqui",
                    }
                ],
                commitments=[{"who": "Nucleo", "text": "Partecipare ai colloqui concordati"}],
            )
            projects[project.pk] = after
        elif outcome == PreAssessmentOutcome.COMPLEX:
            monday = after - dt.timedelta(days=after.weekday())
            meetings[(worker, max(monday, EEMM_STARTED))].append(case)
    for (worker, monday), discussed in sorted(
        meetings.items(), key=lambda kv: (kv[0][1], kv[0][0].pk)
    ):
        on = min(monday + dt.timedelta(days=2), AS_OF)  # the team meets on Wednesdays
        services.eemm_meeting_record(
            actor=worker,
            team=team,
            held_on=on,
            place="Sede SdS, Pistoia",
            attendees=members,
            cases=discussed,
            minutes="Valutazione multidimensionale dei nuclei con bisogni complessi.",
            decisions="Progetto personalizzato da concordare con ciascun nucleo.",
        )
    # The two timestamps the services set to "now", moved to the day they stand for.
    for project_id, day in projects.items():
        Project.objects.filter(pk=project_id).update(
            created_at=dt.datetime.combine(day, dt.time(10), tzinfo=ROME)
        )
    for case_id, name, day in dated:
        CaseTransition.objects.filter(case_id=case_id, name=name).update(
            at=dt.datetime.combine(day, dt.time(9), tzinfo=ROME)
        )
    return {"pre_assessed": len(cases), "eemm_meetings": len(meetings)}
