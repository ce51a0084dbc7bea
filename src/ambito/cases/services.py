"""Writes of cases (§4). Every function is atomic, checks the actor's right to write the case,
validates everything before saving anything, and writes its EventLog row (field names only).

`case_transition` is the only way a status changes (workflow.py holds the rules)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import NotAllowed, allowed, require
from ambito.core.scoping import require_visible
from ambito.planning import ledger
from ambito.planning.choices import LedgerOrigin
from ambito.planning.services import funds
from ambito.registry.models import Household, HouseholdMember, Person
from ambito.territory.models import Zone

from . import milestones, workflow
from .models import (
    Case,
    CaseLine,
    CaseMember,
    CaseRole,
    CaseSource,
    CaseTransition,
    ClosureReason,
    DiaryEntry,
    DiaryKind,
    EmploymentStatus,
    PreAssessment,
    Task,
)
from .workflow import CaseStatus, PreAssessmentOutcome

CLOSED_MESSAGE = "La cartella è chiusa: riaprila per modificarla."
TEXT_MAX = 20_000


# --- guards ------------------------------------------------------------------------------------


def may_write(actor, case: Case) -> bool:
    """The team, the coordinators of the case's municipality and the zone administrator; never
    a reader who opened the case by stating a reason (rules.py `cases.write_case`)."""
    return allowed(actor, "cases.write_case", case)


def _require_write(actor, case: Case) -> None:
    require_visible(actor, Case, case.pk)
    require(
        actor, "cases.write_case", case, message="Non fai parte dell'équipe di questa cartella."
    )


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise ValidationError(CLOSED_MESSAGE, code="closed")


def _locked(case: Case) -> Case:
    """The case re-read under a row lock: two operators cannot move it at the same time."""
    return Case.objects.select_for_update(no_key=True).get(pk=case.pk)


def _text(value, label: str, errors: dict, field: str, *, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        errors[field] = f"Scrivi {label}."
    elif len(text) > TEXT_MAX:
        errors[field] = f"Testo troppo lungo: al massimo {TEXT_MAX} caratteri."
    return text


# --- opening -----------------------------------------------------------------------------------


def _household_of(person: Person) -> Household | None:
    membership = (
        HouseholdMember.objects.filter(person=person, end_date__isnull=True)
        .select_related("household")
        .first()
    )
    return membership.household if membership else None


def reserve_numbers(zone_id: int, year: int, count: int = 1) -> list[str]:
    """The next `count` case numbers of the zone for the year ("2026/00042"). The zone row is
    locked (inside the caller's transaction) so that cases opened at once get different
    numbers. FOR NO KEY UPDATE (PostgreSQL): it excludes the other numberings, not the rows
    that point at the zone (an audit row, a person, a job), which a plain FOR UPDATE made wait
    for a whole import's write (docs/benchmarks.md, "Background jobs")."""
    Zone.objects.select_for_update(no_key=True).filter(pk=zone_id).first()
    prefix = f"{year}/"
    last = (
        Case.objects.filter(zone_id=zone_id, number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    start = int(last.split("/")[1]) + 1 if last else 1
    return [f"{prefix}{n:05d}" for n in range(start, start + count)]


def _next_number(zone_id: int, year: int) -> str:
    return reserve_numbers(zone_id, year)[0]


def _record(case, *, name, from_status, to_status, actor, reason="", at=None) -> CaseTransition:
    return CaseTransition.objects.create(
        case=case,
        name=name,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        at=at or timezone.now(),
        reason=reason,
    )


@transaction.atomic
def case_open(
    *,
    actor,
    person: Person,
    line: str = CaseLine.SOCIAL,
    source: str = CaseSource.DIRECT,
    source_contact=None,
    referral_from: str = "",
    household: Household | None = None,
    opened_at: dt.datetime | None = None,
) -> Case:
    """Open a case for a person (and their household), in the "entry" state."""
    require(actor, "cases.add_case", message="Non hai il permesso di aprire cartelle.")
    errors: dict[str, str] = {}
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise NotAllowed(
            "Nessuna persona con questo identificativo tra quelle visibili.", hide=True
        )
    if line not in CaseLine.values:
        errors["line"] = "Linea di servizio non valida."
    if source not in CaseSource.values:
        errors["source"] = "Provenienza non valida."
    if source == CaseSource.REFERRAL and not (referral_from or "").strip():
        errors["referral_from"] = "Indica il servizio che ha segnalato la persona."
    if source_contact is not None and source_contact.zone_id != actor.zone_id:
        errors["source_contact"] = "L'accesso di provenienza non è di questo ambito."
    elif source_contact is not None and source_contact.cancelled_at is not None:
        errors["source_contact"] = (
            "L'accesso di provenienza è stato annullato: apri la cartella senza indicarlo."
        )
    household = household or _household_of(person)
    if household is not None and household.zone_id != actor.zone_id:
        errors["household"] = "Il nucleo non è di questo ambito."
    open_cases = Case.objects.filter(line=line).exclude(status=CaseStatus.CLOSED)
    clash = (
        open_cases.filter(household=household)
        if household is not None
        else open_cases.filter(person=person, household__isnull=True)
    ).first()
    if clash is not None:
        errors["line"] = (
            f"{'Il nucleo' if household else 'La persona'} ha già una cartella aperta per "
            f"questa linea di servizio (n. {clash.number})."
        )
    if errors:
        raise ValidationError(errors)
    now = opened_at or timezone.now()
    case = Case(
        zone_id=actor.zone_id,
        municipality=household.municipality if household else person.residence_municipality,
        household=household,
        person=person,
        line=line,
        source=source,
        source_contact=source_contact,
        referral_from=(referral_from or "").strip(),
        opened_at=now,
        created_by=actor,
        number=_next_number(actor.zone_id, timezone.localtime(now).year),
    )
    case.full_clean()
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:  # a second desk opened the same case a moment ago
        raise ValidationError(
            {"line": "Il nucleo ha già una cartella aperta per questa linea di servizio."}
        ) from None
    _record(case, name="open", from_status="", to_status=CaseStatus.ENTRY, actor=actor, at=now)
    # Whoever opens the case follows it until a case manager is assigned.
    CaseMember.objects.create(case=case, user=actor, role=CaseRole.SOCIAL_WORKER)
    milestones.refresh([case.pk])
    log_event(user=actor, obj=case, action=EventAction.CREATE, fields=["*"], person=person)
    return case


# --- assignment --------------------------------------------------------------------------------


def may_assign(actor, case: Case) -> bool:
    """The coordinators of the case's municipality and whoever reads the whole zone
    (rules.py `cases.assign_case_of`)."""
    return actor.zone_id == case.zone_id and allowed(
        actor, "cases.assign_case_of", case.municipality
    )


def assignable_managers(zone_id: int):
    """The zone's active users who can manage cases (open and write them), by name: one query
    (through their groups or their own permissions)."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    from ambito.core.models import User

    users = User.objects.filter(is_active=True)
    for codename in ("add_case", "change_case"):
        permission = Permission.objects.get(content_type__app_label="cases", codename=codename)
        # In the zone by the account's own roles, or by a membership's (core/memberships.py).
        users = users.filter(
            Q(zone_id=zone_id)
            & (
                Q(is_superuser=True)
                | Q(groups__permissions=permission)
                | Q(user_permissions=permission)
            )
            | Q(
                memberships__zone_id=zone_id,
                memberships__active=True,
                memberships__roles__permissions=permission,
            )
        )
    return list(users.distinct().order_by("last_name", "first_name", "username"))


@transaction.atomic
def case_assign(*, actor, case: Case, manager, reason: str = "") -> Case:
    """Give the case a case manager (a new case moves to "assigned"; an assigned one changes
    hands, and the previous manager leaves the team)."""
    require_visible(actor, Case, case.pk)
    if not may_assign(actor, case):
        raise NotAllowed("Non puoi assegnare le cartelle di questo comune.")
    case = _locked(case)
    _require_open(case)
    if manager is None or manager.zone_id != case.zone_id or not manager.is_active:
        raise ValidationError({"manager": "Scegli un operatore attivo dell'ambito."})
    if not (manager.has_perm("cases.change_case") and manager.has_perm("cases.add_case")):
        raise ValidationError({"manager": "Questo operatore non può gestire cartelle."})
    if manager.pk == case.case_manager_id:
        raise ValidationError({"manager": "È già il case manager di questa cartella."})
    now = timezone.now()
    CaseMember.objects.filter(
        case=case, role=CaseRole.CASE_MANAGER, removed_at__isnull=True
    ).update(removed_at=now)
    CaseMember.objects.filter(case=case, user=manager, removed_at__isnull=True).update(
        removed_at=now
    )
    CaseMember.objects.create(case=case, user=manager, role=CaseRole.CASE_MANAGER)
    previous = case.status
    case.case_manager = manager
    case.assigned_at = now
    if case.status == CaseStatus.ENTRY:
        case.status = CaseStatus.ASSIGNED
    case.save(update_fields=["case_manager", "assigned_at", "status", "updated_at"])
    _record(
        case,
        name="assign" if previous == CaseStatus.ENTRY else "reassign",
        from_status=previous,
        to_status=case.status,
        actor=actor,
        reason=(reason or "").strip(),
        at=now,
    )
    log_event(
        user=actor,
        obj=case,
        action=EventAction.UPDATE,
        fields=["case_manager", "status"],
        person=case.person,
    )
    return case


@transaction.atomic
def case_assign_many(*, actor, cases, manager, reason: str = "") -> list[Case]:
    """Give several cases the same case manager, each through `case_assign` (its checks, its
    transition record, its audit row): all or nothing. Refused as a whole, with every case's
    reason in Italian, when any one of them is refused."""
    cases = list(cases)
    if not cases:
        raise ValidationError({"cases": "Seleziona almeno una cartella."})
    done, errors = [], []
    for case in cases:
        try:
            with transaction.atomic():
                done.append(case_assign(actor=actor, case=case, manager=manager, reason=reason))
        except NotAllowed as exc:
            errors.append(f"{case.number}: {exc.message}")
        except ValidationError as exc:
            errors.append(f"{case.number}: {' '.join(exc.messages)}")
    if errors:
        transaction.set_rollback(True)
        raise ValidationError({"cases": [f"Nessuna cartella assegnata. {' '.join(errors)}"]})
    return done


# --- transitions -------------------------------------------------------------------------------


@transaction.atomic
def case_transition(*, actor, case: Case, name: str, reason: str = "") -> Case:
    """Move the case along the pathway. Refused, with the case unchanged, when the transition
    does not exist, does not start from the case's state, or its guard fails."""
    transition = workflow.TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError({"name": "Passaggio sconosciuto."})
    if name == "close":
        raise ValidationError({"name": "Per chiudere la cartella indica motivo ed esito."})
    if name == "assign":
        raise ValidationError({"name": "L'assegnazione si fa scegliendo il case manager."})
    if name == "reopen":
        return case_reopen(actor=actor, case=case, reason=reason)
    _require_write(actor, case)
    case = _locked(case)
    _require_open(case)
    if case.status not in transition.sources:
        raise ValidationError(
            {
                "name": f"Passaggio non ammesso: una cartella «{case.get_status_display()}» non "
                f"può passare a «{CaseStatus(transition.target).label}»."
            }
        )
    reason = (reason or "").strip()
    if transition.needs_reason and not reason:
        raise ValidationError({"reason": "Indica il motivo."})
    refusal = transition_refusal(case, transition)
    if refusal:
        raise ValidationError({"name": refusal})
    return _apply(case, transition, actor=actor, reason=reason)


def transition_refusal(case: Case, transition: workflow.Transition) -> str | None:
    """Why the transition's guard refuses it for the case now (in Italian), or None when it
    allows it: the card A outcome a way out of pre-assessment requires, the signed project
    the signature requires."""
    if transition.needs_outcome:
        card = PreAssessment.objects.filter(case=case).first()
        if card is None:
            return "Registra prima la scheda A dell'analisi preliminare."
        if card.outcome != transition.needs_outcome:
            wanted = PreAssessmentOutcome(transition.needs_outcome).label
            return (
                f"L'esito dell'analisi preliminare è «{card.get_outcome_display()}»: "
                f"questo passaggio richiede «{wanted}»."
            )
    if case.status in transition.needs_signed_project_from:
        latest = case.projects.order_by("-version").first()
        if latest is None or latest.signed_on is None:
            return "Registra prima la firma dell'ultima versione del progetto."
    return None


def transitions_offered(actor, case: Case) -> list[workflow.Transition]:
    """The pathway's next steps to offer on the case page: those the table allows from the
    case's state and whose guard allows them now (assignment, closure and re-opening have
    their own forms). Empty for who may not write the case."""
    if not case.is_open or not may_write(actor, case):
        return []
    return [
        t
        for t in workflow.allowed_from(case.status)
        if t.name not in ("assign", "close", "reopen") and transition_refusal(case, t) is None
    ]


def _apply(
    case: Case, transition: workflow.Transition, *, actor, reason: str, also: tuple = ()
) -> Case:
    """Save the new status (and the fields in `also`, changed by the caller) in one write."""
    previous = case.status
    case.status = transition.target
    case.save(update_fields=["status", "updated_at", *also])
    _record(
        case,
        name=transition.name,
        from_status=previous,
        to_status=case.status,
        actor=actor,
        reason=reason,
    )
    log_event(
        user=actor, obj=case, action=EventAction.UPDATE, fields=["status"], person=case.person
    )
    return case


@transaction.atomic
def case_close(*, actor, case: Case, reason: str, outcome: str = "") -> Case:
    """Close the case with a reason (ClosureReason) and the outcome in words."""
    _require_write(actor, case)
    case = _locked(case)
    _require_open(case)
    errors = {}
    if reason not in ClosureReason.values:
        errors["reason"] = "Scegli il motivo della chiusura."
    outcome = _text(outcome, "l'esito", errors, "outcome", required=reason == ClosureReason.OTHER)
    if errors:
        raise ValidationError(errors)
    case.closure_reason = reason
    case.closure_outcome = outcome
    case.closed_at = timezone.now()
    Task.objects.filter(case=case, done_at__isnull=True).update(done_at=case.closed_at)
    return _apply(
        case,
        workflow.TRANSITIONS["close"],
        actor=actor,
        reason=ClosureReason(reason).label + (f": {outcome}" if outcome else ""),
        also=("closure_reason", "closure_outcome", "closed_at"),
    )


@transaction.atomic
def case_reopen(*, actor, case: Case, reason: str) -> Case:
    """Re-open a closed case (explicit, with a reason): it goes back to its case manager."""
    require_visible(actor, Case, case.pk)
    require(actor, "cases.reopen_case", case, message="Non puoi riaprire questa cartella.")
    case = _locked(case)
    if case.is_open:
        raise ValidationError({"name": "La cartella è già aperta."})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Indica perché riapri la cartella."})
    others = Case.objects.filter(line=case.line).exclude(status=CaseStatus.CLOSED)
    clash = (
        others.filter(household=case.household)
        if case.household_id
        else others.filter(person=case.person, household__isnull=True)
    ).first()
    if clash is not None:
        raise ValidationError(
            {"name": f"C'è già una cartella aperta per questa linea (n. {clash.number})."}
        )
    case.closed_at = None
    case.closure_reason = ""
    case.closure_outcome = ""
    transition = workflow.TRANSITIONS["reopen"]
    if case.case_manager_id is None:  # closed before anyone was assigned
        transition = workflow.REOPEN_UNASSIGNED
    return _apply(
        case,
        transition,
        actor=actor,
        reason=reason,
        also=("closed_at", "closure_reason", "closure_outcome"),
    )


# --- card A, diary, tasks, team ----------------------------------------------------------------


@transaction.atomic
def pre_assessment_record(*, actor, case: Case, data: dict) -> PreAssessment:
    """Record (or correct) card A while the case is in pre-assessment."""
    _require_write(actor, case)
    case = _locked(case)
    _require_open(case)
    if case.status != CaseStatus.PRE_ASSESSMENT:
        raise ValidationError(
            "La scheda A si compila durante l'analisi preliminare: avviala prima."
        )
    errors: dict[str, str] = {}
    held_on = data.get("held_on")
    if held_on is None:
        errors["held_on"] = "Indica la data dell'incontro."
    elif held_on > timezone.localdate():
        errors["held_on"] = "La data dell'incontro non può essere nel futuro."
    elif held_on < timezone.localtime(case.opened_at).date():
        errors["held_on"] = "L'incontro non può precedere l'apertura della cartella."
    if data.get("outcome") not in PreAssessmentOutcome.values:
        errors["outcome"] = "Scegli l'esito dell'analisi preliminare."
    social_worker = data.get("social_worker") or actor
    values = {
        "cpi_consultant": _text(
            data.get("cpi_consultant"),
            "il consulente del CPI",
            errors,
            "cpi_consultant",
            required=True,
        ),
        "household_situation": _text(
            data.get("household_situation"),
            "la situazione del nucleo",
            errors,
            "household_situation",
            required=True,
        ),
        "needs": _text(data.get("needs"), "", errors, "needs"),
        "resources": _text(data.get("resources"), "", errors, "resources"),
        "employment_notes": _text(data.get("employment_notes"), "", errors, "employment_notes"),
        "outcome_reason": _text(data.get("outcome_reason"), "", errors, "outcome_reason"),
        "notes": _text(data.get("notes"), "", errors, "notes"),
    }
    by_dimension = card_a_needs(data)
    if not by_dimension and not values["needs"]:
        errors["needs"] = CARD_A_NO_NEEDS
    employment = data.get("employment_status") or ""
    if employment not in ("", *EmploymentStatus.values):
        errors["employment_status"] = "Situazione lavorativa non valida."
    if errors:
        raise ValidationError(errors)
    card, created = PreAssessment.objects.update_or_create(
        case=case,
        defaults={
            **values,
            "held_on": held_on,
            "household_confirmed": bool(data.get("household_confirmed")),
            "needs_by_dimension": by_dimension,
            "employment_status": employment,
            "outcome": data["outcome"],
            "social_worker": social_worker,
            "recorded_by": actor,
        },
    )
    # In the case's history: the diary says what the meeting decided and why.
    outcome = PreAssessmentOutcome(card.outcome).label
    DiaryEntry.objects.create(
        case=case,
        kind=DiaryKind.MEETING,
        happened_at=timezone.make_aware(dt.datetime.combine(held_on, dt.time(9)))
        if created
        else timezone.now(),
        text=(f"Scheda A {'registrata' if created else 'corretta'}: esito «{outcome}»")
        + (f". Motivo: {card.outcome_reason}" if card.outcome_reason else "")
        + ".",
        author=actor,
    )
    milestones.refresh([case.pk])
    log_event(
        user=actor,
        obj=case,
        action=EventAction.CREATE if created else EventAction.UPDATE,
        fields=[
            "pre_assessment",
            *values,
            "held_on",
            "household_confirmed",
            "needs_by_dimension",
            "employment_status",
            "outcome",
        ],
        person=case.person,
    )
    return card


CARD_A_NO_NEEDS = "Descrivi i bisogni in almeno una dimensione."


def card_a_needs(data: dict) -> dict[str, str]:
    """The needs by dimension of card A, from `needs_<dimension>` keys or a
    `needs_by_dimension` mapping; empty texts left out."""
    from .models import AnalysisDimension

    given = dict(data.get("needs_by_dimension") or {})
    for dimension in AnalysisDimension.values:
        if f"needs_{dimension}" in data:
            given[dimension] = data[f"needs_{dimension}"]
    return {
        dimension: str(given[dimension]).strip()[:TEXT_MAX]
        for dimension in AnalysisDimension.values
        if str(given.get(dimension) or "").strip()
    }


def may_write_health(actor) -> bool:
    """Health and specialist diary entries are written by health professionals only."""
    return allowed(actor, "cases.view_health_sections")


@transaction.atomic
def diary_add(*, actor, case: Case, data: dict) -> DiaryEntry:
    _require_write(actor, case)
    _require_open(case)
    errors: dict[str, str] = {}
    kind = data.get("kind")
    if kind not in DiaryKind.values:
        errors["kind"] = "Scegli il tipo di voce."
    happened_at = data.get("happened_at") or timezone.now()
    if happened_at > timezone.now() + dt.timedelta(minutes=5):
        errors["happened_at"] = "La data non può essere nel futuro."
    text = _text(data.get("text"), "il resoconto", errors, "text", required=True)
    health = bool(data.get("health"))
    if health and not may_write_health(actor):
        errors["health"] = "Solo i professionisti sanitari scrivono voci sanitarie."
    if errors:
        raise ValidationError(errors)
    entry = DiaryEntry.objects.create(
        case=case, kind=kind, happened_at=happened_at, text=text, health=health, author=actor
    )
    log_event(user=actor, obj=case, action=EventAction.CREATE, fields=["diary"], person=case.person)
    return entry


@transaction.atomic
def task_create(*, actor, case: Case, title: str, due_on: dt.date, assignee=None) -> Task:
    _require_write(actor, case)
    _require_open(case)
    errors: dict[str, str] = {}
    title = _text(title, "l'attività", errors, "title", required=True)[:200]
    if due_on is None:
        errors["due_on"] = "Indica la scadenza."
    assignee = assignee or actor
    if assignee.zone_id != case.zone_id or not assignee.is_active:
        errors["assignee"] = "L'attività va assegnata a un operatore attivo dell'ambito."
    if errors:
        raise ValidationError(errors)
    task = Task.objects.create(
        case=case, title=title, due_on=due_on, assignee=assignee, created_by=actor
    )
    log_event(user=actor, obj=case, action=EventAction.CREATE, fields=["tasks"], person=case.person)
    return task


@transaction.atomic
def task_done(*, actor, task: Task) -> Task:
    _require_write(actor, task.case)
    if task.done_at is not None:
        raise ValidationError("Attività già segnata come fatta.")
    task.done_at = timezone.now()
    task.save(update_fields=["done_at"])
    log_event(
        user=actor,
        obj=task.case,
        action=EventAction.UPDATE,
        fields=["tasks"],
        person=task.case.person,
    )
    return task


@transaction.atomic
def member_add(*, actor, case: Case, user, role: str) -> CaseMember:
    _require_write(actor, case)
    _require_open(case)
    errors = {}
    if role not in CaseRole.values or role == CaseRole.CASE_MANAGER:
        errors["role"] = "Scegli il ruolo nell'équipe (il case manager si assegna a parte)."
    if user is None or user.zone_id != case.zone_id or not user.is_active:
        errors["user"] = "Scegli un operatore attivo dell'ambito."
    elif CaseMember.objects.filter(case=case, user=user, removed_at__isnull=True).exists():
        errors["user"] = "Fa già parte dell'équipe."
    if errors:
        raise ValidationError(errors)
    member = CaseMember.objects.create(case=case, user=user, role=role)
    log_event(user=actor, obj=case, action=EventAction.LINK, fields=["members"], person=case.person)
    return member


@transaction.atomic
def member_remove(*, actor, member: CaseMember) -> CaseMember:
    _require_write(actor, member.case)
    if member.role == CaseRole.CASE_MANAGER:
        raise ValidationError("Il case manager si cambia con una nuova assegnazione.")
    member.removed_at = timezone.now()
    member.save(update_fields=["removed_at"])
    log_event(
        user=actor,
        obj=member.case,
        action=EventAction.UNLINK,
        fields=["members"],
        person=member.case.person,
    )
    return member


# --- card B and interventions ------------------------------------------------------------------

CARD_B_STATES = (
    CaseStatus.SOCIAL_PROJECT,
    CaseStatus.EEMM_EVALUATION,
    CaseStatus.PROJECT_SIGNED,
    CaseStatus.IN_PROGRESS,
)


@transaction.atomic
def in_depth_record(*, actor, case: Case, data: dict):
    """Record (or correct) card B: needs and resources by dimension, objectives, actions."""
    from .models import AnalysisDimension, AnalysisItem, InDepthAnalysis

    _require_write(actor, case)
    case = _locked(case)
    _require_open(case)
    if case.status not in CARD_B_STATES:
        raise ValidationError(
            "La scheda B si compila dopo l'analisi preliminare, nel progetto sociale o nella "
            "valutazione dell'équipe multidisciplinare."
        )
    errors: dict[str, str] = {}
    done_on = data.get("done_on")
    if done_on is None:
        errors["done_on"] = "Indica la data."
    elif done_on > timezone.localdate():
        errors["done_on"] = "La data non può essere nel futuro."
    objectives = _text(data.get("objectives"), "gli obiettivi", errors, "objectives", required=True)
    actions = _text(data.get("actions"), "le azioni", errors, "actions", required=True)
    timeline = _text(data.get("timeline"), "", errors, "timeline")
    items = {}
    for dimension in AnalysisDimension.values:
        needs = _text(data.get(f"needs_{dimension}"), "", errors, f"needs_{dimension}")
        resources = _text(data.get(f"resources_{dimension}"), "", errors, f"resources_{dimension}")
        if needs or resources:
            items[dimension] = (needs, resources)
    if not items and "objectives" not in errors:
        errors["needs_work"] = "Descrivi bisogni o risorse in almeno una dimensione."
    if errors:
        raise ValidationError(errors)
    analysis, created = InDepthAnalysis.objects.update_or_create(
        case=case,
        defaults={
            "done_on": done_on,
            "objectives": objectives,
            "actions": actions,
            "timeline": timeline,
            "recorded_by": actor,
        },
    )
    analysis.items.all().delete()
    AnalysisItem.objects.bulk_create(
        [
            AnalysisItem(analysis=analysis, dimension=d, needs=n, resources=r)
            for d, (n, r) in items.items()
        ]
    )
    milestones.refresh([case.pk])
    log_event(
        user=actor,
        obj=case,
        action=EventAction.CREATE if created else EventAction.UPDATE,
        fields=["in_depth"],
        person=case.person,
    )
    return analysis


@transaction.atomic
def intervention_add(*, actor, case: Case, data: dict):
    """Activate an intervention for the case (catalogue type, provider, dates, quantity, cost,
    fund). Refused on a closed case."""
    from ambito.catalog.models import InterventionType

    from .models import Intervention, InterventionStatus, InterventionUnit

    _require_write(actor, case)
    case = _locked(case)
    _require_open(case)
    errors: dict[str, str] = {}
    kind = data.get("intervention_type")
    if not isinstance(kind, InterventionType):
        errors["intervention_type"] = "Scegli il tipo di intervento."
    start_on, end_on = data.get("start_on"), data.get("end_on")
    if start_on is None:
        errors["start_on"] = "Indica la data di inizio."
    elif end_on is not None and end_on < start_on:
        errors["end_on"] = "La fine non può precedere l'inizio."
    service, provider = data.get("service"), data.get("provider")
    if service is not None and service.zone_id != case.zone_id:
        errors["service"] = "Il servizio non è della carta di questo ambito."
    if provider is not None and provider.zone_id != case.zone_id:
        errors["provider"] = "L'ente non è di questo ambito."
    quantity, unit, cost = data.get("quantity"), data.get("unit") or "", data.get("cost")
    if quantity is not None and quantity < 0:
        errors["quantity"] = "La quantità non può essere negativa."
    if quantity is not None and unit not in InterventionUnit.values:
        errors["unit"] = "Indica l'unità della quantità."
    if cost is not None and cost < 0:
        errors["cost"] = "Il costo non può essere negativo."
    status = data.get("status") or InterventionStatus.PLANNED
    if status not in InterventionStatus.values:
        errors["status"] = "Stato non valido."
    fund = data.get("fund")
    if fund is not None and not fund.active:
        errors["fund"] = f"La fonte di finanziamento «{fund.name}» non è attiva."
    if errors:
        raise ValidationError(errors)
    note = ""
    if fund is not None and cost and status != InterventionStatus.CANCELLED:
        # The over-allocation rule of §9: an intervention charged to a fund draws on the
        # residual of the fund's year (the year it starts), as a plan action does.
        note = funds.check_residual(
            actor=actor,
            zone_id=case.zone_id,
            fund=fund,
            year=start_on.year,
            amount=cost,
            origin=LedgerOrigin.INTERVENTION,
            override_reason=data.get("override_reason", ""),
            what="l'intervento",
            field="cost",
        )
    intervention = Intervention.objects.create(
        case=case,
        intervention_type=kind,
        service=service,
        provider=provider or (service.provider if service is not None else None),
        start_on=start_on,
        end_on=end_on,
        quantity=quantity,
        unit=unit,
        cost=cost,
        fund=fund,
        fund_note=(data.get("fund_note") or "").strip()[:120],
        status=status,
        created_by=actor,
    )
    ledger.refresh(LedgerOrigin.INTERVENTION, [intervention.pk])
    milestones.refresh([case.pk])
    log_event(
        user=actor,
        obj=case,
        action=EventAction.CREATE,
        fields=["interventions"],
        person=case.person,
        note=note,
    )
    return intervention


@transaction.atomic
def intervention_set_status(*, actor, intervention, status: str):
    from .models import InterventionStatus

    _require_write(actor, intervention.case)
    _require_open(intervention.case)
    if status not in InterventionStatus.values:
        raise ValidationError({"status": "Stato non valido."})
    reopened = intervention.status == InterventionStatus.CANCELLED != status
    if reopened and intervention.fund_id and intervention.cost:
        # Back from cancelled, its cost draws on the fund again: the residual rule of §9.
        funds.check_residual(
            actor=actor,
            zone_id=intervention.case.zone_id,
            fund=intervention.fund,
            year=intervention.start_on.year,
            amount=intervention.cost,
            origin=LedgerOrigin.INTERVENTION,
            source_id=intervention.pk,
            what="l'intervento",
            field="status",
        )
    intervention.status = status
    intervention.save(update_fields=["status"])
    ledger.refresh(LedgerOrigin.INTERVENTION, [intervention.pk])
    milestones.refresh([intervention.case_id])
    log_event(
        user=actor,
        obj=intervention.case,
        action=EventAction.UPDATE,
        fields=["interventions"],
        person=intervention.case.person,
    )
    return intervention


# --- the personalised project and the documents --------------------------------------------------

PROJECT_STATES = (
    CaseStatus.SOCIAL_PROJECT,
    CaseStatus.EEMM_EVALUATION,
    CaseStatus.PROJECT_SIGNED,
    CaseStatus.IN_PROGRESS,
)


@transaction.atomic
def project_new_version(*, actor, case: Case, summary: str, objectives, commitments):
    """A new version of the project (the first, or a change): objectives with indicators and
    deadlines, and who commits to what. Refused without objectives."""
    from .models import Project, ProjectCommitment, ProjectObjective

    _require_write(actor, case)
    case = _locked(case)
    _require_open(case)
    if case.status not in PROJECT_STATES:
        raise ValidationError(
            "Il progetto si scrive nel progetto sociale o dopo la valutazione dell'équipe."
        )
    errors: dict[str, str] = {}
    summary = _text(summary, "", errors, "summary")
    rows = [o for o in objectives if (o.get("text") or "").strip()]
    if not rows:
        errors["objectives"] = "Un progetto senza obiettivi non si può registrare."
    opened = timezone.localtime(case.opened_at).date()
    for index, row in enumerate(rows, start=1):
        if len(row["text"].strip()) > 500:
            errors["objectives"] = f"Obiettivo {index}: al massimo 500 caratteri."
        if row.get("deadline") and row["deadline"] < opened:
            errors["objectives"] = (
                f"Obiettivo {index}: la scadenza non può precedere l'apertura della cartella."
            )
    pledges = [c for c in commitments if (c.get("text") or "").strip()]
    for index, row in enumerate(pledges, start=1):
        if not (row.get("who") or "").strip():
            errors["commitments"] = f"Impegno {index}: indica chi si impegna."
    if errors:
        raise ValidationError(errors)
    last = case.projects.order_by("-version").values_list("version", flat=True).first() or 0
    project = Project.objects.create(case=case, version=last + 1, summary=summary, created_by=actor)
    ProjectObjective.objects.bulk_create(
        [
            ProjectObjective(
                project=project,
                text=row["text"].strip(),
                indicator=(row.get("indicator") or "").strip()[:300],
                deadline=row.get("deadline"),
                position=index,
            )
            for index, row in enumerate(rows)
        ]
    )
    ProjectCommitment.objects.bulk_create(
        [
            ProjectCommitment(
                project=project,
                who=row["who"].strip()[:200],
                text=row["text"].strip()[:500],
                position=index,
            )
            for index, row in enumerate(pledges)
        ]
    )
    milestones.refresh([case.pk])
    log_event(
        user=actor, obj=case, action=EventAction.CREATE, fields=["project"], person=case.person
    )
    return project


@transaction.atomic
def project_sign(*, actor, project, signed_on: dt.date, scan):
    """Record the signature of a version: date and the scan of the signed copy."""
    from ambito.core.files import deleted_if_failed
    from ambito.core.uploads import checked_upload, stored_name

    _require_write(actor, project.case)
    _require_open(project.case)
    if project.signed_on is not None:
        raise ValidationError(
            "Questa versione è già firmata: per cambiarla crea una nuova versione."
        )
    latest = project.case.projects.order_by("-version").values_list("pk", flat=True).first()
    if latest != project.pk:
        raise ValidationError("Si firma solo l'ultima versione del progetto.")
    if signed_on is None:
        raise ValidationError({"signed_on": "Indica la data della firma."})
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": "La data della firma non può essere nel futuro."})
    if signed_on < timezone.localtime(project.created_at).date():
        raise ValidationError(
            {"signed_on": "La firma non può precedere la stesura di questa versione."}
        )
    scan_type = checked_upload(scan, "scan")
    project.signed_on = signed_on
    project.signed_recorded_by = actor
    project.signed_scan.save(stored_name(scan_type), scan, save=False)
    with deleted_if_failed(project.signed_scan.name):
        project.save(update_fields=["signed_on", "signed_recorded_by", "signed_scan"])
        milestones.refresh([project.case_id])
        log_event(
            user=actor,
            obj=project.case,
            action=EventAction.UPDATE,
            fields=["project.signed_on", "project.signed_scan"],
            person=project.case.person,
        )
    return project


@transaction.atomic
def document_add(*, actor, case: Case, kind: str, dated: dt.date, title: str, upload):
    from ambito.core.files import deleted_if_failed
    from ambito.core.uploads import checked_upload, stored_name

    from .models import CaseDocument, DocumentKind

    _require_write(actor, case)
    _require_open(case)
    errors: dict[str, str] = {}
    if kind not in DocumentKind.values:
        errors["kind"] = "Scegli il tipo di documento."
    if dated is None:
        errors["dated"] = "Indica la data del documento."
    elif dated > timezone.localdate():
        errors["dated"] = "La data del documento non può essere nel futuro."
    title = _text(title, "una descrizione", errors, "title", required=True)[:200]
    if errors:
        raise ValidationError(errors)
    content_type = checked_upload(upload, "file")
    document = CaseDocument(
        case=case,
        kind=kind,
        dated=dated,
        title=title,
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    document.file.save(stored_name(content_type), upload, save=False)
    with deleted_if_failed(document.file.name):
        document.save()
        log_event(
            user=actor,
            obj=case,
            action=EventAction.CREATE,
            fields=["documents"],
            person=case.person,
        )
    return document


# --- reviews and the EEMM ------------------------------------------------------------------------


@transaction.atomic
def review_record(*, actor, case: Case, kind: str, held_on: dt.date, outcomes: dict, notes=""):
    """A review of the latest project version: an outcome for each of its objectives."""
    from .models import ObjectiveOutcome, Review, ReviewKind, ReviewOutcome

    _require_write(actor, case)
    _require_open(case)
    project = case.projects.order_by("-version").first()
    if project is None:
        raise ValidationError("Scrivi prima il progetto: la verifica ne valuta gli obiettivi.")
    errors: dict[str, str] = {}
    if kind not in ReviewKind.values:
        errors["kind"] = "Scegli il tipo di verifica."
    if held_on is None:
        errors["held_on"] = "Indica la data della verifica."
    elif held_on > timezone.localdate():
        errors["held_on"] = "La data della verifica non può essere nel futuro."
    objectives = list(project.objectives.all())
    for objective in objectives:
        if outcomes.get(objective.pk) not in ObjectiveOutcome.values:
            errors["outcomes"] = "Indica l'esito di ogni obiettivo."
    notes = _text(notes, "", errors, "notes")
    if errors:
        raise ValidationError(errors)
    review = Review.objects.create(
        case=case, project=project, kind=kind, held_on=held_on, notes=notes, recorded_by=actor
    )
    ReviewOutcome.objects.bulk_create(
        [ReviewOutcome(review=review, objective=o, outcome=outcomes[o.pk]) for o in objectives]
    )
    log_event(
        user=actor, obj=case, action=EventAction.CREATE, fields=["reviews"], person=case.person
    )
    return review


def _require_eemm(actor, team) -> None:
    from .models import EemmTeam

    if not EemmTeam.objects.visible_to(actor).filter(pk=team.pk).exists():
        raise NotAllowed(hide=True)
    require(
        actor,
        "cases.record_eemm_meeting",
        team,
        message="Non puoi registrare gli incontri di questa équipe.",
    )


@transaction.atomic
def eemm_meeting_record(
    *, actor, team, held_on: dt.date, place: str, attendees, cases, minutes: str, decisions: str
):
    """A meeting of an EEMM: who attended, which cases were discussed, minutes and decisions.
    Only cases the actor may write (their own, or their municipalities' as coordinator)."""
    from .models import EemmMeeting

    _require_eemm(actor, team)
    errors: dict[str, str] = {}
    if held_on is None:
        errors["held_on"] = "Indica la data dell'incontro."
    elif held_on > timezone.localdate():
        errors["held_on"] = "La data dell'incontro non può essere nel futuro."
    attendees = list(attendees)
    if not attendees:
        errors["attendees"] = "Indica chi era presente."
    elif any(member.team_id != team.pk for member in attendees):
        errors["attendees"] = "I presenti devono essere componenti dell'équipe."
    cases = list(cases)
    if any(not may_write(actor, case) for case in cases):
        errors["cases"] = "Puoi indicare solo cartelle che segui."
    minutes = _text(minutes, "il verbale", errors, "minutes", required=True)
    decisions = _text(decisions, "le decisioni", errors, "decisions", required=True)
    if errors:
        raise ValidationError(errors)
    meeting = EemmMeeting.objects.create(
        team=team,
        held_on=held_on,
        place=(place or "").strip()[:200],
        minutes=minutes,
        decisions=decisions,
        recorded_by=actor,
    )
    meeting.attendees.set(attendees)
    meeting.cases.set(cases)
    milestones.refresh(case.pk for case in cases)
    for case in cases:
        log_event(
            user=actor,
            obj=case,
            action=EventAction.LINK,
            fields=["eemm_meetings"],
            person=case.person,
        )
    return meeting


from .bulk import cases_open_bulk  # noqa: E402,F401
