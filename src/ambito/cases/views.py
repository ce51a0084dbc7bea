"""Pages of the pathway (§4): my work, the coordinators' assignment queue, opening a case,
the case page with its transitions, card A, diary, tasks and team. Reads through the
selectors (scoped, logged), writes through the services. A case outside the user's scope is
opened only by number and with a stated reason, read-only."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ambito.core.forms import add_service_errors
from ambito.registry.models import Person
from ambito.registry.selectors import person_get

from . import lep, selectors, services
from .forms import (
    AssignForm,
    CaseNumberForm,
    CaseOpenForm,
    CaseReasonForm,
    CloseForm,
    DiaryForm,
    InDepthForm,
    InterventionForm,
    MemberForm,
    PreAssessmentForm,
    TaskForm,
    TransitionForm,
)
from .models import Case, Task
from .workflow import CaseStatus

REASONED_ACCESS_MINUTES = 60
SESSION_KEY = "reasoned_case_access"


def _crumbs(*items):
    return [("Cartelle", reverse("cases:my_work")), *items]


def _reasoned_access(request, uuid) -> str | None:
    grant = request.session.get(SESSION_KEY, {}).get(str(uuid))
    if not grant or datetime.fromisoformat(grant["until"]) < timezone.now():
        return None
    return grant["reason"]


def _case_or_404(request, uuid) -> tuple[Case, bool]:
    """The case and whether it is read outside the user's scope (with a reason)."""
    try:
        return selectors.case_get(user=request.user, uuid=uuid), False
    except (Case.DoesNotExist, ValidationError):
        reason = _reasoned_access(request, uuid)
        if reason is None:
            raise Http404 from None
    try:
        return selectors.case_get_with_reason(user=request.user, uuid=uuid, reason=reason), True
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def _writable_or_404(request, uuid) -> Case:
    """Writes only within the scope, never through a reasoned read."""
    try:
        case = Case.objects.visible_to(request.user).get(uuid=uuid)
    except (Case.DoesNotExist, ValidationError) as exc:
        raise Http404 from exc
    return case


def _back(case: Case, anchor: str = ""):
    return redirect(reverse("cases:detail", args=[case.uuid]) + (f"#{anchor}" if anchor else ""))


def _refuse(request, exc: ValidationError | PermissionDenied) -> None:
    text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    messages.error(request, text or "Operazione non consentita.")


@login_required
@permission_required("cases.view_case", raise_exception=True)
def my_work(request):
    context = selectors.my_work(user=request.user)
    context.update(
        {
            "number_form": CaseNumberForm(),
            "breadcrumbs": [("Cartelle", None)],
        }
    )
    return render(request, "cases/my_work.html", context)


@login_required
@permission_required("cases.view_case", raise_exception=True)
@require_POST
def find_by_number(request):
    """Open a case by its number; outside one's scope, ask for the reason."""
    form = CaseNumberForm(request.POST)
    reason_form = CaseReasonForm(request.POST) if "reason" in request.POST else None
    if not form.is_valid():
        messages.error(request, "Scrivi il numero della cartella.")
        return redirect("cases:my_work")
    number = form.cleaned_data["number"].strip()
    visible = Case.objects.visible_to(request.user).filter(number=number).first()
    if visible is not None:
        return redirect("cases:detail", uuid=visible.uuid)
    hidden = selectors.case_out_of_scope(user=request.user, number=number)
    if hidden is None:
        messages.error(request, f"Nessuna cartella n. {number} nell'ambito.")
        return redirect("cases:my_work")
    if reason_form is not None and reason_form.is_valid():
        grants = request.session.get(SESSION_KEY, {})
        grants[str(hidden.uuid)] = {
            "reason": reason_form.cleaned_data["reason"],
            "until": (timezone.now() + timedelta(minutes=REASONED_ACCESS_MINUTES)).isoformat(),
        }
        request.session[SESSION_KEY] = grants
        return redirect("cases:detail", uuid=hidden.uuid)
    return render(
        request,
        "cases/reason.html",
        {
            "number": number,
            "form": reason_form or CaseReasonForm(initial={"number": number}),
            "breadcrumbs": _crumbs(("Accesso motivato", None)),
        },
        status=200 if reason_form is None else 422,
    )


@login_required
@permission_required("cases.assign_case", raise_exception=True)
def assignment(request):
    context = selectors.assignment_queue(user=request.user)
    managers = [m for m, _ in context["managers"]]
    context["forms"] = [
        (case, AssignForm(prefix=str(case.uuid), managers=managers)) for case in context["waiting"]
    ]
    context["breadcrumbs"] = _crumbs(("Assegnazione", None))
    return render(request, "cases/assignment.html", context)


@login_required
@permission_required("cases.assign_case", raise_exception=True)
@require_POST
def assign(request, uuid):
    case = _writable_or_404(request, uuid)
    managers = services.assignable_managers(request.user.zone_id)
    form = AssignForm(request.POST, prefix=str(case.uuid), managers=managers)
    if form.is_valid():
        try:
            services.case_assign(
                actor=request.user,
                case=case,
                manager=form.cleaned_data["manager"],
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, PermissionDenied) as exc:
            _refuse(request, exc)
        else:
            manager = form.cleaned_data["manager"]
            messages.success(
                request,
                f"Cartella {case.number} assegnata a {manager.get_full_name() or manager}.",
            )
    else:
        messages.error(request, "Scegli il case manager.")
    if request.POST.get("next") == "queue":
        return redirect("cases:assignment")
    return _back(case)


@login_required
@permission_required("cases.add_case", raise_exception=True)
def case_open(request):
    """Open a case for a person chosen on their page (?persona=<uuid>, not personal data)."""
    try:
        person = person_get(user=request.user, uuid=request.GET.get("persona", ""))
    except (Person.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    form = CaseOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Cartella {case.number} aperta.")
            return redirect("cases:detail", uuid=case.uuid)
    return render(
        request,
        "cases/open.html",
        {
            "form": form,
            "person": person,
            "open_cases": list(selectors.case_list(user=request.user).filter(person=person)),
            "breadcrumbs": _crumbs(("Nuova cartella", None)),
        },
    )


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_detail(request, uuid):
    case, out_of_scope = _case_or_404(request, uuid)
    context = selectors.case_page(user=request.user, case=case)
    writable = not out_of_scope and services.may_write(request.user, case)
    can_assign = not out_of_scope and services.may_assign(request.user, case)
    context.update(
        {
            "case": case,
            "out_of_scope": out_of_scope,
            "writable": writable,
            "transition_forms": [
                (t, TransitionForm(initial={"name": t.name}, prefix=t.name))
                for t in context["allowed"]
                if t.name not in ("assign", "close", "reopen")
            ]
            if writable and case.is_open
            else [],
            "close_form": CloseForm() if writable and case.is_open else None,
            "reopen_form": TransitionForm(initial={"name": "reopen"}, prefix="reopen")
            if (writable or can_assign) and not case.is_open
            else None,
            "assign_form": AssignForm(
                prefix=str(case.uuid), managers=services.assignable_managers(case.zone_id)
            )
            if can_assign and case.is_open
            else None,
            "diary_form": DiaryForm() if writable and case.is_open else None,
            "task_form": TaskForm() if writable and case.is_open else None,
            "member_form": MemberForm(zone_id=case.zone_id) if writable and case.is_open else None,
            "may_write_card": writable and case.status == CaseStatus.PRE_ASSESSMENT,
            "may_write_card_b": writable and case.status in services.CARD_B_STATES,
            "intervention_form": InterventionForm(zone_id=case.zone_id)
            if writable and case.is_open
            else None,
            "lep_flags": lep.flags_for(case) if case.is_open else [],
            "today": timezone.localdate(),
            "breadcrumbs": _crumbs((f"Cartella {case.number}", None)),
        }
    )
    return render(request, "cases/detail.html", context)


@login_required
@permission_required("cases.change_case", raise_exception=True)
@require_POST
def transition(request, uuid):
    case = _writable_or_404(request, uuid)
    name = request.POST.get("name", "")
    form = TransitionForm(request.POST, prefix=name)
    reason = form.data.get(f"{name}-reason", "") if name else ""
    try:
        case = services.case_transition(actor=request.user, case=case, name=name, reason=reason)
    except (ValidationError, PermissionDenied) as exc:
        _refuse(request, exc)
    else:
        messages.success(request, f"Cartella ora «{case.get_status_display()}».")
    return _back(case, "stato")


@login_required
@permission_required("cases.change_case", raise_exception=True)
@require_POST
def close(request, uuid):
    case = _writable_or_404(request, uuid)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Scegli il motivo della chiusura.")
        return _back(case, "stato")
    try:
        services.case_close(actor=request.user, case=case, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        _refuse(request, exc)
    else:
        messages.success(request, f"Cartella {case.number} chiusa.")
    return _back(case, "stato")


@login_required
@permission_required("cases.change_case", raise_exception=True)
def pre_assessment(request, uuid):
    case = _writable_or_404(request, uuid)
    card = selectors.case_page(user=request.user, case=case)["card"]
    initial = (
        {
            name: getattr(card, name)
            for name in (
                "held_on",
                "cpi_consultant",
                "household_situation",
                "needs",
                "resources",
                "outcome",
                "notes",
            )
        }
        if card
        else {"held_on": timezone.localdate()}
    )
    form = PreAssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.pre_assessment_record(actor=request.user, case=case, data=form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                raise
            add_service_errors(form, exc)
        else:
            messages.success(request, "Scheda A registrata.")
            return _back(case, "scheda-a")
    return render(
        request,
        "cases/pre_assessment.html",
        {
            "case": case,
            "form": form,
            "breadcrumbs": _crumbs(
                (f"Cartella {case.number}", reverse("cases:detail", args=[case.uuid])),
                ("Analisi preliminare", None),
            ),
        },
    )


@login_required
@permission_required("cases.change_case", raise_exception=True)
@require_POST
def diary_add(request, uuid):
    case = _writable_or_404(request, uuid)
    form = DiaryForm(request.POST)
    if form.is_valid():
        try:
            services.diary_add(actor=request.user, case=case, data=form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _refuse(request, exc)
        else:
            messages.success(request, "Voce aggiunta al diario.")
    else:
        messages.error(request, "Scegli il tipo e scrivi il resoconto.")
    return _back(case, "diario")


@login_required
@permission_required("cases.change_case", raise_exception=True)
@require_POST
def task_add(request, uuid):
    case = _writable_or_404(request, uuid)
    form = TaskForm(request.POST)
    if form.is_valid():
        try:
            services.task_create(actor=request.user, case=case, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _refuse(request, exc)
        else:
            messages.success(request, "Attività aggiunta.")
    else:
        messages.error(request, "Scrivi l'attività e la scadenza.")
    return _back(case, "attivita")


@login_required
@permission_required("cases.change_case", raise_exception=True)
@require_POST
def task_done(request, pk):
    task = (
        Task.objects.filter(case__in=Case.objects.visible_to(request.user))
        .select_related("case", "case__person")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404
    try:
        services.task_done(actor=request.user, task=task)
    except (ValidationError, PermissionDenied) as exc:
        _refuse(request, exc)
    else:
        messages.success(request, "Attività fatta.")
    if request.POST.get("next") == "home":
        return redirect("cases:my_work")
    return _back(task.case, "attivita")


@login_required
@permission_required("cases.change_case", raise_exception=True)
@require_POST
def member_add(request, uuid):
    case = _writable_or_404(request, uuid)
    form = MemberForm(request.POST, zone_id=case.zone_id)
    if form.is_valid():
        try:
            services.member_add(actor=request.user, case=case, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _refuse(request, exc)
        else:
            messages.success(request, "Componente aggiunto all'équipe.")
    else:
        messages.error(request, "Scegli l'operatore e il ruolo.")
    return _back(case, "equipe")


@login_required
@permission_required("cases.change_case", raise_exception=True)
def in_depth(request, uuid):
    case = _writable_or_404(request, uuid)
    analysis = selectors.case_page(user=request.user, case=case)["in_depth"]
    initial = {"done_on": timezone.localdate()}
    if analysis:
        initial = {
            "done_on": analysis.done_on,
            "objectives": analysis.objectives,
            "actions": analysis.actions,
            "timeline": analysis.timeline,
        }
        for item in analysis.items.all():
            initial[f"needs_{item.dimension}"] = item.needs
            initial[f"resources_{item.dimension}"] = item.resources
    form = InDepthForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.in_depth_record(actor=request.user, case=case, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Scheda B registrata.")
            return _back(case, "scheda-b")
    return render(
        request,
        "cases/in_depth.html",
        {
            "case": case,
            "form": form,
            "breadcrumbs": _crumbs(
                (f"Cartella {case.number}", reverse("cases:detail", args=[case.uuid])),
                ("Analisi approfondita", None),
            ),
        },
    )


@login_required
@permission_required("cases.change_case", raise_exception=True)
@require_POST
def intervention_add(request, uuid):
    case = _writable_or_404(request, uuid)
    form = InterventionForm(request.POST, zone_id=case.zone_id)
    if form.is_valid():
        try:
            services.intervention_add(actor=request.user, case=case, data=form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _refuse(request, exc)
        else:
            messages.success(request, "Intervento registrato.")
    else:
        messages.error(
            request,
            "Controlla l'intervento: "
            + " ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()),
        )
    return _back(case, "interventi")


@login_required
@permission_required("cases.assign_case", raise_exception=True)
def lep_checks(request):
    return render(
        request,
        "cases/lep.html",
        {
            "cases": lep.lep_list(user=request.user),
            "no_intervention": lep.NO_INTERVENTION,
            "no_parenting": lep.NO_PARENTING,
            "breadcrumbs": _crumbs(("Controlli LEP", None)),
        },
    )
