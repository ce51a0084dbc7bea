"""Reads of cases (§4): scoped through `Case.objects.visible_to(user)`, every read of a case
logged with its person. Lists use a fixed number of queries whatever the caseload."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Min, Q, Sum
from django.utils import timezone

from ambito.core import break_glass
from ambito.core.audit import log_access, log_persons_shown
from ambito.core.permissions import allowed, require, zone_id_for
from ambito.core.workdays import working_days_between, zone_province

from . import workflow
from .models import Case, CaseMember, CaseTransition, DiaryEntry, EemmTeam, PreAssessment, Task
from .workflow import CaseStatus

NEW_ASSIGNMENT_DAYS = 7


def _detail(qs):
    return qs.select_related(
        "zone", "municipality", "household", "person", "case_manager", "source_contact"
    )


def _listed(qs):
    """The relations a list of cases shows (its person and municipality): every join more is
    planning time (PostgreSQL planned `_detail`'s six joins, with the LEP flags' subqueries, in
    longer than it ran them)."""
    return qs.select_related(None).select_related("person", "municipality")


def case_get(*, user, uuid) -> Case:
    """One case the user may see, with the read logged. Raises Case.DoesNotExist."""
    case = _detail(Case.objects.visible_to(user)).get(uuid=uuid)
    log_access(user=user, obj=case, person=case.person)
    return case


def case_get_for_section(*, user, uuid, section: str) -> Case:
    """One case the user may see, for the page of one of its sections (card A, card B, the
    project), the read logged with its person and the section. Raises Case.DoesNotExist."""
    case = _detail(Case.objects.visible_to(user)).get(uuid=uuid)
    log_access(user=user, obj=case, person=case.person, detail={"section": section})
    return case


def _log_cases_shown(user, cases, **detail) -> None:
    """A list of cases names their persons: one AccessLog row per person shown."""
    log_persons_shown(
        user=user, rows=cases, person_field="person", object_type="cases.case", detail=detail
    )


def case_out_of_scope(*, user, number: str) -> Case | None:
    """A case of the user's zone, by number, that the user may not see (to offer "break the
    glass"): the number is what a colleague or a letter gives."""
    return break_glass.out_of_scope(Case.objects.all(), user, number=number)


def case_get_with_reason(*, user, uuid, reason: str) -> Case:
    """Open a case outside one's scope by stating a reason ("break the glass"): read-only,
    logged with the reason and flagged for the zone administrator."""
    return break_glass.read_with_reason(
        _detail(Case.objects.all()), user, uuid=uuid, reason=reason, person=lambda c: c.person
    )


def case_list(*, user, status: str | None = None, open_only: bool = True):
    qs = _detail(Case.objects.visible_to(user))
    if status:
        qs = qs.filter(status=status)
    elif open_only:
        qs = qs.exclude(status=CaseStatus.CLOSED)
    return qs.order_by("-opened_at", "-pk")


# --- the case page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Duration:
    label: str
    working_days: int | None
    start: dt.date | None
    end: dt.date | None


def case_page(*, user, case: Case) -> dict:
    """Everything the case page shows, in a fixed number of queries. Health entries of the
    diary are left out for users without the health permission."""
    health = allowed(user, "cases.view_health_sections")
    diary = DiaryEntry.objects.filter(case=case).select_related("author")
    if not health:
        diary = diary.filter(health=False)
    transitions = list(CaseTransition.objects.filter(case=case).select_related("actor"))
    card = PreAssessment.objects.filter(case=case).first()
    from .models import InDepthAnalysis, Intervention

    in_depth = InDepthAnalysis.objects.filter(case=case).prefetch_related("items").first()
    from .models import CaseDocument, Project, Review

    return {
        "reviews": list(Review.objects.filter(case=case).prefetch_related("outcomes__objective")),
        "meetings": list(case.eemm_meetings.select_related("team").order_by("held_on")),
        "projects": list(
            Project.objects.filter(case=case).prefetch_related("objectives", "commitments")
        ),
        "documents": list(CaseDocument.objects.filter(case=case).select_related("uploaded_by")),
        "in_depth": in_depth,
        "interventions": list(
            Intervention.objects.filter(case=case).select_related(
                "intervention_type", "service", "provider", "fund"
            )
        ),
        "members": list(
            CaseMember.objects.filter(case=case, removed_at__isnull=True)
            .select_related("user")
            .order_by("role", "user__last_name")
        ),
        "transitions": transitions,
        "allowed": workflow.allowed_from(case.status),
        "card": card,
        "card_needs": card_a_needs(card),
        "diary": list(diary),
        "hidden_health_entries": 0
        if health
        else DiaryEntry.objects.filter(case=case, health=True).count(),
        "tasks": list(Task.objects.filter(case=case).select_related("assignee")),
        "durations": case_durations(case, transitions=transitions, card=card),
    }


def case_household_members(*, user, case: Case) -> list:
    """The members of the case's household today, for card A to confirm the composition: the
    names shown are logged, one row per person."""
    from ambito.registry.selectors import household_members_on

    if case.household is None:
        return []
    household = (
        type(case.household)
        .objects.prefetch_related("memberships__person")
        .get(pk=case.household_id)
    )
    members = household_members_on(household, timezone.localdate())
    log_persons_shown(
        user=user,
        rows=members,
        person_field="person",
        object_type="registry.householdmember",
        detail={"section": "scheda-a", "case": case.number},
    )
    return members


def card_a_needs(card) -> list[tuple[str, str]]:
    """Card A's needs by dimension, in the dimensions' order, with their Italian labels."""
    from .models import AnalysisDimension

    given = (card.needs_by_dimension or {}) if card else {}
    return [(label, given[value]) for value, label in AnalysisDimension.choices if given.get(value)]


def _first(transitions, name: str) -> dt.date | None:
    for t in transitions:
        if t.name == name:
            return timezone.localtime(t.at).date()
    return None


def case_durations(case: Case, *, transitions=None, card=None) -> list[Duration]:
    """The pathway's durations in working days (the zone's province calendar): entry to
    pre-assessment, pre-assessment to the EEMM evaluation, project signature to start."""
    transitions = transitions if transitions is not None else list(case.transitions.all())
    province = zone_province(case.zone)
    opened = timezone.localtime(case.opened_at).date()
    # For a case opened by a positive application, the clock starts at the INPS outcome.
    outcome = (
        case.applications.filter(status="positive", status_on__isnull=False)
        .order_by("status_on")
        .values_list("status_on", flat=True)
        .first()
    )
    start = outcome or opened
    pre = card.held_on if card else None
    first_meeting = case.eemm_meetings.order_by("held_on").values_list("held_on", flat=True).first()
    eemm = first_meeting or _first(transitions, "to_eemm")
    signed = _first(transitions, "sign_project")
    started = _first(transitions, "start")

    def between(label, start, end):
        days = working_days_between(start, end, province) if start and end else None
        return Duration(label, days, start, end)

    return [
        between(
            "Dall'esito INPS all'analisi preliminare"
            if outcome
            else "Dall'ingresso all'analisi preliminare",
            start,
            pre,
        ),
        between("Dall'analisi preliminare alla valutazione multidimensionale", pre, eemm),
        between("Dalla definizione del progetto all'avvio", signed, started),
    ]


# --- my work and assignment --------------------------------------------------------------------


CASES_PER_PAGE = 50
TASKS_SHOWN = 50
NEW_ASSIGNMENTS_SHOWN = 20


def _text_filter(text: str) -> Q:
    """Every word of `text` in the case number or the person's surname or name."""
    q = Q()
    for word in text.split()[:5]:
        q &= (
            Q(number__icontains=word)
            | Q(person__last_name__icontains=word)
            | Q(person__first_name__icontains=word)
        )
    return q


def _mine(user):
    # The team's cases (the case manager is a member too, see services.case_assign): active
    # membership is visibility by definition (scoping.py). One IN (subquery) and no OR, so
    # PostgreSQL can start from the user's memberships instead of scanning every case.
    return Case.objects.filter(
        zone_id=user.zone_id,
        pk__in=CaseMember.objects.filter(user=user, removed_at__isnull=True).values("case_id"),
    )


def my_work_municipalities(*, user):
    """The municipalities of the user's open cases (the choices of the filter)."""
    from ambito.territory.models import Municipality

    return Municipality.objects.filter(
        pk__in=_mine(user).exclude(status=CaseStatus.CLOSED).values("municipality_id")
    ).order_by("name")


def my_work(*, user, page: int | str = 1, filters: dict | None = None) -> dict:
    """The social worker's home: their open cases (a page of them, the nearest deadline first,
    those without one last), filtered by status, municipality, LEP flag and text (name or case
    number), with the count per status; new assignments and open tasks. A fixed number of
    queries, and a page of rows, whatever the caseload."""
    from django.core.paginator import Paginator

    from .lep import with_lep_flags

    filters = filters or {}
    today = timezone.localdate()
    open_tasks = Q(tasks__done_at__isnull=True, tasks__assignee=user)
    mine = _mine(user)
    open_mine = mine.exclude(status=CaseStatus.CLOSED)
    chosen = open_mine
    if filters.get("municipality"):
        chosen = chosen.filter(municipality=filters["municipality"])
    if filters.get("text"):
        chosen = chosen.filter(_text_filter(filters["text"]))
    if filters.get("lep"):
        flagged = with_lep_flags(Case.objects.filter(pk__in=open_mine.values("pk"))).filter(
            Q(lep_no_intervention=True) | Q(lep_no_parenting=True)
        )
        chosen = chosen.filter(pk__in=flagged.values("pk"))
    # The count per status of what the other filters chose: each status is a link that adds
    # itself to them.
    per_status = dict(chosen.values_list("status").annotate(n=Count("pk")).order_by())
    status_counts = [
        (status, label, per_status[status])
        for status, label in CaseStatus.choices
        if per_status.get(status)
    ]
    if filters.get("status"):
        chosen = chosen.filter(status=filters["status"])
    # Two steps: rank the chosen cases (ids and due dates only, grouped by the case alone),
    # then read the page's cases with their relations. Grouping a join of every related table
    # made PostgreSQL join all the zone's cases before applying the membership. NULLS LAST
    # spelled out: SQLite puts NULL first, so cases without a deadline came before the others.
    ranked = (
        chosen.annotate(
            overdue=Count("tasks", filter=open_tasks & Q(tasks__due_on__lt=today)),
            next_due=Min("tasks__due_on", filter=open_tasks),
        )
        .order_by(F("next_due").asc(nulls_last=True), "-opened_at", "pk")
        .values("pk", "overdue", "next_due")
    )
    page_obj = Paginator(ranked, CASES_PER_PAGE).get_page(page)
    rows = list(page_obj)
    details = {
        c.pk: c
        for c in with_lep_flags(_listed(Case.objects.filter(pk__in=[r["pk"] for r in rows])))
    }
    cases = []
    for row in rows:
        case = details[row["pk"]]
        case.overdue, case.next_due = row["overdue"], row["next_due"]
        cases.append(case)
    filtered = any(filters.get(k) for k in ("status", "municipality", "lep", "text"))
    since = timezone.now() - dt.timedelta(days=NEW_ASSIGNMENT_DAYS)
    open_tasks_qs = Task.objects.visible_to(user).filter(assignee=user, done_at__isnull=True)
    tasks = list(
        open_tasks_qs.select_related("case", "case__person").order_by("due_on", "pk")[:TASKS_SHOWN]
    )
    # The lists say how many there are when they show only the first ones (never cut silently).
    task_counts = open_tasks_qs.aggregate(
        total=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today))
    )
    new_qs = (
        _listed(mine)
        .filter(case_manager=user, assigned_at__gte=since)
        .exclude(status=CaseStatus.CLOSED)
    )
    new_assignments = list(new_qs.order_by("-assigned_at")[:NEW_ASSIGNMENTS_SHOWN])
    new_total = new_qs.count()  # always: the same queries whatever the caseload
    _log_cases_shown(
        user,
        [*cases, *new_assignments, *(t.case for t in tasks)],
        list="my_work",
        page=page_obj.number,
        filtered=filtered,  # what was typed is not logged: it may be a name
    )
    return {
        "page": page_obj,
        "cases": cases,
        "status_counts": status_counts,
        "open_total": open_mine.count() if filtered else page_obj.paginator.count,
        "filtered": filtered,
        "new_assignments": new_assignments,
        "new_total": new_total,
        "tasks": tasks,
        "tasks_total": task_counts["total"],
        "tasks_overdue": task_counts["overdue"],
        "today": today,
    }


WAITING_PER_PAGE = 25


def assignment_queue(*, user, page: int | str = 1) -> dict:
    """For a coordinator: the new cases of their municipalities, oldest first and a page at a
    time, each with its waiting time in working days against the zone's target, and each
    manager's caseload against the zone's ceiling (QueuePolicy)."""
    from django.core.paginator import Paginator

    from .models import QueuePolicy
    from .services import assignable_managers

    require(user, "cases.assign_case", message="Non assegni cartelle.")
    policy = QueuePolicy.for_zone(user.zone_id)
    waiting = Paginator(
        _listed(case_list(user=user, status=CaseStatus.ENTRY)).order_by("opened_at", "pk"),
        WAITING_PER_PAGE,
    ).get_page(page)
    today = timezone.localdate()
    province = zone_province(user.zone) if waiting.object_list else None
    for case in waiting.object_list:
        opened_on = timezone.localdate(case.opened_at)
        case.waiting_days = max(working_days_between(opened_on, today, province), 0)
        case.waiting_overdue = case.waiting_days > policy.assignment_days
    managers = assignable_managers(user.zone_id)
    loads = dict(
        Case.objects.filter(zone_id=user.zone_id, case_manager__in=managers)
        .exclude(status=CaseStatus.CLOSED)
        .values_list("case_manager")
        .annotate(n=Count("pk"))
    )
    _log_cases_shown(user, waiting.object_list, list="assignment", page=waiting.number)
    return {
        "waiting": waiting,
        "policy": policy,
        "managers": [(m, loads.get(m.pk, 0)) for m in managers],
    }


def caseload_over_ceiling(*, user, manager) -> tuple[int, int] | None:
    """(open cases, ceiling) when the manager holds more open cases than the ceiling of the
    zone the coordinator works in, else None: said to the coordinator right after an
    assignment (a count, no case data)."""
    from .models import QueuePolicy

    zone_id = zone_id_for(user, "cases.assign_case")
    if zone_id is None:
        return None
    ceiling = QueuePolicy.for_zone(zone_id).caseload_ceiling
    load = (
        Case.objects.filter(zone_id=zone_id, case_manager=manager)
        .exclude(status=CaseStatus.CLOSED)
        .count()
    )
    return (load, ceiling) if load > ceiling else None


# --- multidisciplinary teams -------------------------------------------------------------------

EEMM_STATES = (CaseStatus.EEMM_EVALUATION, CaseStatus.PROJECT_SIGNED, CaseStatus.IN_PROGRESS)


def eemm_teams(*, user):
    return EemmTeam.objects.visible_to(user).prefetch_related("members")


def eemm_team_page(*, user, uuid) -> dict:
    """The team, its meetings and the cases the user may bring to a meeting (the form names
    their persons: the read is logged, one row per person). Raises EemmTeam.DoesNotExist."""
    team = EemmTeam.objects.visible_to(user).get(uuid=uuid)
    discussable = (
        Case.objects.visible_to(user)
        .filter(status__in=EEMM_STATES)
        .select_related("person")
        .order_by("number")
    )
    _log_cases_shown(user, list(discussable), eemm_team=str(team.uuid))
    return {
        "team": team,
        "discussable": discussable,
        "members": team.members.filter(active=True),
        "meetings": team.meetings.prefetch_related("attendees", "cases")[:30],
    }


def intervention_cost_by_fund(*, zone_id: int, year: int | None = None) -> dict:
    """What the zone's interventions cost, per (fund source id, year of start): figures only,
    for the fund table of §9. Interventions without a fund or a cost are not counted."""
    from .models import Intervention

    rows = Intervention.objects.filter(
        case__zone_id=zone_id, fund__isnull=False, cost__isnull=False
    )
    if year is not None:
        rows = rows.filter(start_on__year=year)
    return {
        (row["fund_id"], row["start_on__year"]): row["total"]
        for row in rows.values("fund_id", "start_on__year").annotate(total=Sum("cost"))
    }


def open_cases_by_worker(*, zone_id: int, user_ids) -> dict[int, set[int]]:
    """For each of `user_ids`, the ids of the zone's open cases (not closed) where they are the
    case manager or an active team member: the caseload figures of the area services'
    coordination (network.selectors.coordination). Ids only, no case data; two queries."""
    user_ids = list(user_ids)
    loads: dict[int, set[int]] = {user_id: set() for user_id in user_ids}
    if not user_ids:
        return loads
    open_cases = Case.objects.filter(zone_id=zone_id).exclude(status=CaseStatus.CLOSED)
    managed = open_cases.filter(case_manager_id__in=user_ids).values_list("case_manager_id", "pk")
    members = CaseMember.objects.filter(
        case__in=open_cases, user_id__in=user_ids, removed_at__isnull=True
    ).values_list("user_id", "case_id")
    for user_id, case_id in [*managed, *members]:
        loads[user_id].add(case_id)
    return loads
