"""Pages of the pathway (§4): my work, the coordinators' assignment queue, opening a case,
the case page with its transitions, card A, diary, tasks and team. Reads through the
selectors (scoped, logged), writes through the services. A case outside the user's scope is
opened only by number and with a stated reason, read-only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ambito.core import break_glass
from ambito.core.forms import add_service_errors
from ambito.core.pdf import pdf_response
from ambito.core.permissions import NotAllowed
from ambito.core.uploads import EXTENSIONS, download_name
from ambito.emergency import selectors as emergency_selectors
from ambito.registry.models import Person
from ambito.registry.selectors import person_get

from . import lep, panels, selectors, services
from .forms import (
    AssignForm,
    CaseNumberForm,
    CaseOpenForm,
    CaseReasonForm,
    CloseForm,
    DiaryForm,
    DocumentForm,
    EemmMeetingForm,
    InDepthForm,
    InterventionForm,
    MemberForm,
    MyWorkFilterForm,
    PreAssessmentForm,
    ProjectForm,
    ReviewForm,
    SignForm,
    TaskForm,
    TransitionForm,
)
from .models import Case, EemmTeam, Task
from .workflow import CaseStatus


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _crumbs(*items):
    return [("Cartelle", reverse("cases:my_work")), *items]


def _case_or_404(request, uuid) -> tuple[Case, bool]:
    """The case and whether it is read outside the user's scope (with a reason)."""
    try:
        return selectors.case_get(user=request.user, uuid=uuid), False
    except (Case.DoesNotExist, ValidationError):
        reason = break_glass.granted_reason(request, Case, uuid)
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


def _section_or_404(request, uuid, section: str) -> Case:
    """A section's page (card A, card B, the project) of a case within the scope, its read
    logged; never through a reasoned read."""
    try:
        return selectors.case_get_for_section(user=request.user, uuid=uuid, section=section)
    except (Case.DoesNotExist, ValidationError) as exc:
        raise Http404 from exc


def _back(case: Case, anchor: str = ""):
    return redirect(reverse("cases:detail", args=[case.uuid]) + (f"#{anchor}" if anchor else ""))


def _without(query, key: str) -> str:
    query = query.copy()
    query.pop(key, None)
    return query.urlencode()


def _warn_over_ceiling(request, manager) -> None:
    over = selectors.caseload_over_ceiling(user=request.user, manager=manager)
    if over:
        messages.warning(
            request,
            f"{manager.get_full_name() or manager} ha ora {over[0]} cartelle aperte, oltre il "
            f"massimo di {over[1]} fissato per l'ambito.",
        )


def _refuse(request, exc: ValidationError | NotAllowed) -> None:
    """A business rule refused the write: say why on the page. A case outside the scope is
    not a message but a 404 (core/permissions.py)."""
    if isinstance(exc, NotAllowed) and exc.hide:
        raise exc
    text = " ".join(exc.messages) if isinstance(exc, ValidationError) else exc.message
    messages.error(request, text or "Operazione non consentita.")


@login_required
@permission_required("cases.view_case", raise_exception=True)
def my_work(request):
    form = MyWorkFilterForm(
        request.GET or None, municipalities=selectors.my_work_municipalities(user=request.user)
    )
    filters = form.filters() if form.is_bound else {}
    context = selectors.my_work(
        user=request.user, page=request.GET.get("pagina", 1), filters=filters
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    context.update(
        {
            "filter_form": form,
            "querystring": query.urlencode(),
            "query_without_status": _without(query, "stato"),
            "handovers": emergency_selectors.handovers_waiting(user=request.user),
            "my_work_panels": panels.my_work_panels(request.user),
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
        break_glass.grant(request, hidden, reason_form.cleaned_data["reason"])
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
    return _assignment_page(request)


def _assignment_page(request, *, bulk_form=None, selected=(), status=200):
    context = selectors.assignment_queue(user=request.user, page=request.GET.get("pagina", 1))
    context["page"] = context["waiting"]
    managers = [m for m, _ in context["managers"]]
    context["forms"] = [
        (case, AssignForm(prefix=str(case.uuid), managers=managers)) for case in context["waiting"]
    ]
    context["bulk_form"] = bulk_form or AssignForm(managers=managers)
    context["selected"] = set(selected)
    context["breadcrumbs"] = _crumbs(("Assegnazione", None))
    return render(request, "cases/assignment.html", context, status=status)


@login_required
@permission_required("cases.assign_case", raise_exception=True)
@require_POST
def assign_many(request):
    """Several selected cases of the queue to one case manager: all or nothing. A refusal
    shows the queue again with the selection and the note as they were typed."""
    managers = services.assignable_managers(request.user.zone_id)
    form = AssignForm(request.POST, managers=managers)
    chosen = [value for value in request.POST.getlist("cases") if _is_uuid(value)]
    cases = list(Case.objects.visible_to(request.user).filter(uuid__in=chosen).order_by("number"))
    errors = []
    if not chosen:
        errors.append("Seleziona almeno una cartella.")
    elif len(cases) != len(set(chosen)):
        errors.append("Alcune cartelle selezionate non sono più disponibili: ricarica la pagina.")
    if not form.is_valid():
        errors.append("Scegli il case manager.")
    if not errors:
        try:
            services.case_assign_many(
                actor=request.user,
                cases=cases,
                manager=form.cleaned_data["manager"],
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, NotAllowed) as exc:
            errors.append(
                " ".join(exc.messages) if isinstance(exc, ValidationError) else exc.message
            )
        else:
            manager = form.cleaned_data["manager"]
            count = len(cases)
            messages.success(
                request,
                f"{count} cartell{'a assegnata' if count == 1 else 'e assegnate'} a "
                f"{manager.get_full_name() or manager}: "
                + ", ".join(c.number for c in cases)
                + ".",
            )
            _warn_over_ceiling(request, manager)
            return redirect("cases:assignment")
    for text in errors:
        messages.error(request, text)
    return _assignment_page(request, bulk_form=form, selected=chosen, status=422)


@login_required
@permission_required("cases.assign_case", raise_exception=True)
@require_POST
def assign(request, uuid):
    case = _writable_or_404(request, uuid)
    managers = services.assignable_managers(case.zone_id)
    form = AssignForm(request.POST, prefix=str(case.uuid), managers=managers)
    if form.is_valid():
        try:
            services.case_assign(
                actor=request.user,
                case=case,
                manager=form.cleaned_data["manager"],
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, NotAllowed) as exc:
            _refuse(request, exc)
        else:
            manager = form.cleaned_data["manager"]
            messages.success(
                request,
                f"Cartella {case.number} assegnata a {manager.get_full_name() or manager}.",
            )
            _warn_over_ceiling(request, manager)
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
    # Opened from a contact that proposed it (the person page's contacts): the contact is the
    # entry, kept on the case.
    from ambito.access.models import Contact

    contact = None
    if request.GET.get("accesso"):
        contact = (
            Contact.objects.visible_to(request.user)
            .filter(person=person, uuid=request.GET["accesso"], cancelled_at__isnull=True)
            .first()
            if _is_uuid(request.GET["accesso"])
            else None
        )
        if contact is None:
            raise Http404
    form = CaseOpenForm(request.POST or None, initial={"source": "contact"} if contact else None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(
                actor=request.user, person=person, source_contact=contact, **form.cleaned_data
            )
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
            "contact": contact,
            "open_cases": list(selectors.case_list(user=request.user).filter(person=person)),
            "breadcrumbs": _crumbs(("Nuova cartella", None)),
        },
    )


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_detail(request, uuid):
    return _case_page(request, uuid)


def _case_page(request, uuid, *, bound: dict | None = None, status: int = 200):
    """The case page; `bound` replaces some of its forms with the ones just posted and
    refused (422), so that what was typed is on the page again with the reason."""
    case, out_of_scope = _case_or_404(request, uuid)
    context = selectors.case_page(user=request.user, case=case)
    writable = not out_of_scope and services.may_write(request.user, case)
    can_assign = not out_of_scope and services.may_assign(request.user, case)
    context.update(
        {
            "case": case,
            "out_of_scope": out_of_scope,
            "writable": writable,
            # Only the steps whose guard allows them (the card A outcome, the signed
            # project); the first is the one the pathway implies, the page's primary action.
            "transition_forms": [
                (t, TransitionForm(initial={"name": t.name}, prefix=t.name))
                for t in services.transitions_offered(request.user, case)
            ]
            if writable
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
            "diary_form": DiaryForm(health=services.may_write_health(request.user))
            if writable and case.is_open
            else None,
            "task_form": TaskForm() if writable and case.is_open else None,
            "member_form": MemberForm(zone_id=case.zone_id) if writable and case.is_open else None,
            "may_write_card": writable and case.status == CaseStatus.PRE_ASSESSMENT,
            "may_write_card_b": writable and case.status in services.CARD_B_STATES,
            "intervention_form": InterventionForm(zone_id=case.zone_id)
            if writable and case.is_open
            else None,
            "lep_flags": lep.flags_for(case) if case.is_open else [],
            "may_write_project": writable and case.status in services.PROJECT_STATES,
            "document_form": DocumentForm(prefix="documento")
            if writable and case.is_open
            else None,
            "review_form": ReviewForm(
                prefix="verifica",
                objectives=context["projects"][0].objectives.all(),
                initial={"held_on": timezone.localdate()},
            )
            if writable and case.is_open and context["projects"]
            else None,
            "today": timezone.localdate(),
            "breadcrumbs": _crumbs((f"Cartella {case.number}", None)),
            **_voucher_context(request.user, case, writable),
            "case_panels": panels.case_panels(request.user, case, writable),
        }
    )
    for name, form in (bound or {}).items():
        if context.get(name) is not None:
            context[name] = form
    return render(request, "cases/detail.html", context, status=status)


def _voucher_context(user, case, writable: bool) -> dict:
    """The case's titoli sociali (providers app), for those who may read them."""
    if not user.has_perm("providers.view_voucher"):
        return {"show_vouchers": False}
    from ambito.providers.selectors.vouchers import case_vouchers

    return {
        "show_vouchers": True,
        "case_vouchers": list(case_vouchers(user, case)),
        "can_issue_voucher": writable and user.has_perm("providers.issue_voucher"),
    }


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
    except (ValidationError, NotAllowed) as exc:
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
    except (ValidationError, NotAllowed) as exc:
        _refuse(request, exc)
    else:
        messages.success(request, f"Cartella {case.number} chiusa.")
    return _back(case, "stato")


@login_required
@permission_required("cases.change_case", raise_exception=True)
def pre_assessment(request, uuid):
    case = _section_or_404(request, uuid, "scheda-a")
    card = selectors.case_page(user=request.user, case=case)["card"]
    initial = (
        {
            **{
                name: getattr(card, name)
                for name in (
                    "held_on",
                    "cpi_consultant",
                    "household_confirmed",
                    "household_situation",
                    "needs",
                    "resources",
                    "employment_status",
                    "employment_notes",
                    "outcome",
                    "outcome_reason",
                    "notes",
                )
            },
            **{f"needs_{d}": text for d, text in (card.needs_by_dimension or {}).items()},
        }
        if card
        else {"held_on": timezone.localdate()}
    )
    form = PreAssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.pre_assessment_record(actor=request.user, case=case, data=form.cleaned_data)
        except ValidationError as exc:
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
            "members": selectors.case_household_members(user=request.user, case=case),
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
    form = DiaryForm(request.POST, health=services.may_write_health(request.user))
    if form.is_valid():
        data = {**form.cleaned_data, "health": request.POST.get("health") == "on"}
        try:
            services.diary_add(actor=request.user, case=case, data=data)
        except NotAllowed as exc:
            _refuse(request, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Voce aggiunta al diario.")
            return _back(case, "diario")
    messages.error(request, "La voce non è stata aggiunta: controlla il modulo del diario.")
    return _case_page(request, case.uuid, bound={"diary_form": form}, status=422)


@login_required
@permission_required("cases.change_case", raise_exception=True)
@require_POST
def task_add(request, uuid):
    case = _writable_or_404(request, uuid)
    form = TaskForm(request.POST)
    if form.is_valid():
        try:
            services.task_create(actor=request.user, case=case, **form.cleaned_data)
        except NotAllowed as exc:
            _refuse(request, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Attività aggiunta.")
            return _back(case, "attivita")
    messages.error(request, "L'attività non è stata aggiunta: scrivi l'attività e la scadenza.")
    return _case_page(request, case.uuid, bound={"task_form": form}, status=422)


@login_required
@permission_required("cases.change_case", raise_exception=True)
@require_POST
def task_done(request, pk):
    task = (
        Task.objects.visible_to(request.user)
        .select_related("case", "case__person")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404
    try:
        services.task_done(actor=request.user, task=task)
    except (ValidationError, NotAllowed) as exc:
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
        except (ValidationError, NotAllowed) as exc:
            _refuse(request, exc)
        else:
            messages.success(request, "Componente aggiunto all'équipe.")
    else:
        messages.error(request, "Scegli l'operatore e il ruolo.")
    return _back(case, "equipe")


@login_required
@permission_required("cases.change_case", raise_exception=True)
def in_depth(request, uuid):
    case = _section_or_404(request, uuid, "scheda-b")
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
        except NotAllowed as exc:
            _refuse(request, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Intervento registrato.")
            return _back(case, "interventi")
    messages.error(
        request,
        "L'intervento non è stato registrato: "
        + " ".join(
            f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}"
            for f, e in form.errors.items()
        ),
    )
    return _case_page(request, case.uuid, bound={"intervention_form": form}, status=422)


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


def _project_or_404(case, version: int):
    project = case.projects.filter(version=version).first()
    if project is None:
        raise Http404
    return project


@login_required
@permission_required("cases.change_case", raise_exception=True)
def project(request, uuid):
    """The project's versions, a new version, and the signature of the latest one."""
    case = _section_or_404(request, uuid, "progetto")
    page = selectors.case_page(user=request.user, case=case)
    latest = page["projects"][0] if page["projects"] else None
    initial = {}
    if latest is not None:  # a new version starts from the last one
        initial["summary"] = latest.summary
        for i, objective in enumerate(latest.objectives.all()[: ProjectForm.OBJECTIVES], 1):
            initial.update(
                {
                    f"objective_{i}": objective.text,
                    f"indicator_{i}": objective.indicator,
                    f"deadline_{i}": objective.deadline,
                }
            )
        for i, pledge in enumerate(latest.commitments.all()[: ProjectForm.COMMITMENTS], 1):
            initial.update({f"who_{i}": pledge.who, f"pledge_{i}": pledge.text})
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.project_new_version(
                actor=request.user,
                case=case,
                summary=form.cleaned_data["summary"],
                objectives=form.objectives(),
                commitments=form.commitments(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Versione {new.version} del progetto registrata.")
            return redirect("cases:project", uuid=case.uuid)
    return render(
        request,
        "cases/project.html",
        {
            "case": case,
            "form": form,
            "projects": page["projects"],
            "latest": latest,
            "sign_form": SignForm(initial={"signed_on": timezone.localdate()})
            if latest is not None and latest.signed_on is None
            else None,
            "may_write": case.status in services.PROJECT_STATES and case.is_open,
            "breadcrumbs": _crumbs(
                (f"Cartella {case.number}", reverse("cases:detail", args=[case.uuid])),
                ("Progetto personalizzato", None),
            ),
        },
    )


@login_required
@permission_required("cases.view_case", raise_exception=True)
def project_pdf(request, uuid, version):
    """The version to print and sign (WeasyPrint); the read is logged like the case page."""
    case, _ = _case_or_404(request, uuid)
    project = _project_or_404(case, version)
    page = selectors.case_page(user=request.user, case=case)
    number = case.number.replace("/", "-")
    return pdf_response(
        request,
        "cases/project_pdf.html",
        {
            "case": case,
            "project": project,
            "interventions": page["interventions"],
            "members": page["members"],
            "printed_on": timezone.localdate(),
        },
        f"progetto-{number}-v{version}.pdf",
    )


@login_required
@permission_required("cases.change_case", raise_exception=True)
@require_POST
def project_sign(request, uuid, version):
    case = _writable_or_404(request, uuid)
    project = _project_or_404(case, version)
    form = SignForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Indica la data della firma e scegli il file della copia firmata.")
        return redirect("cases:project", uuid=case.uuid)
    try:
        services.project_sign(
            actor=request.user,
            project=project,
            signed_on=form.cleaned_data["signed_on"],
            scan=form.cleaned_data["scan"],
        )
    except (ValidationError, NotAllowed) as exc:
        _refuse(request, exc)
    else:
        messages.success(request, f"Firma della versione {version} registrata.")
    return redirect("cases:project", uuid=case.uuid)


def _stored_type(name: str) -> str:
    """What a stored file is, by the extension the upload check gave it."""
    by_extension = {extension: kind for kind, extension in EXTENSIONS.items()}
    return by_extension.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def _log_file_read(request, case: Case, outside: bool, **detail) -> None:
    """A download of a case's file is a read of its own, after the case's: its row says which
    file, and a read outside the scope carries the reason and the flag like the case's row."""
    from ambito.core.audit import log_access

    reason = (break_glass.granted_reason(request, Case, case.uuid) or "") if outside else ""
    log_access(
        user=request.user,
        obj=case,
        person=case.person,
        reason=reason,
        flagged=outside,
        detail=detail,
    )


@login_required
@permission_required("cases.view_case", raise_exception=True)
def project_scan(request, uuid, version):
    case, outside = _case_or_404(request, uuid)
    project = _project_or_404(case, version)
    if not project.signed_scan:
        raise Http404
    from ambito.core.files import stream_stored_file

    _log_file_read(request, case, outside, project=version, file="signed_scan")
    number = case.number.replace("/", "-")
    kind = _stored_type(project.signed_scan.name)
    name = download_name(f"progetto-{number}-v{version}-firmato", kind)
    return stream_stored_file(project.signed_scan.name, filename=name, content_type=kind)


@login_required
@permission_required("cases.change_case", raise_exception=True)
@require_POST
def document_add(request, uuid):
    case = _writable_or_404(request, uuid)
    form = DocumentForm(request.POST, request.FILES, prefix="documento")
    if form.is_valid():
        try:
            services.document_add(
                actor=request.user,
                case=case,
                kind=form.cleaned_data["kind"],
                dated=form.cleaned_data["dated"],
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except (ValidationError, NotAllowed) as exc:
            _refuse(request, exc)
        else:
            messages.success(request, "Documento caricato.")
    else:
        messages.error(request, "Indica tipo, data, descrizione e file del documento.")
    return _back(case, "documenti")


@login_required
@permission_required("cases.view_case", raise_exception=True)
def document_download(request, uuid, document):
    case, outside = _case_or_404(request, uuid)
    item = case.documents.filter(uuid=document).first()
    if item is None:
        raise Http404
    from ambito.core.files import stream_stored_file

    _log_file_read(request, case, outside, document=str(item.uuid))
    return stream_stored_file(
        item.file.name,
        filename=download_name(f"documento-{item.uuid}", item.content_type),
        content_type=item.content_type,
    )


@login_required
@permission_required("cases.change_case", raise_exception=True)
@require_POST
def review_add(request, uuid):
    case = _writable_or_404(request, uuid)
    latest = case.projects.order_by("-version").first()
    form = ReviewForm(
        request.POST, prefix="verifica", objectives=latest.objectives.all() if latest else ()
    )
    if form.is_valid():
        try:
            services.review_record(
                actor=request.user,
                case=case,
                kind=form.cleaned_data["kind"],
                held_on=form.cleaned_data["held_on"],
                outcomes=form.outcomes(),
                notes=form.cleaned_data["notes"],
            )
        except (ValidationError, NotAllowed) as exc:
            _refuse(request, exc)
        else:
            messages.success(request, "Verifica registrata.")
    else:
        messages.error(request, "Indica tipo, data ed esito di ogni obiettivo.")
    return _back(case, "verifiche")


@login_required
@permission_required("cases.view_case", raise_exception=True)
def eemm_list(request):
    teams = selectors.eemm_teams(user=request.user)
    return render(
        request,
        "cases/eemm_list.html",
        {"teams": teams, "breadcrumbs": _crumbs(("Équipe multidisciplinari", None))},
    )


@login_required
@permission_required("cases.change_case", raise_exception=True)
def eemm_team(request, uuid):
    try:
        page = selectors.eemm_team_page(user=request.user, uuid=uuid)
    except EemmTeam.DoesNotExist:
        raise Http404 from None
    team = page["team"]
    form = EemmMeetingForm(
        request.POST or None,
        team=team,
        cases=page["discussable"],
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.eemm_meeting_record(actor=request.user, team=team, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Incontro registrato.")
            return redirect("cases:eemm_team", uuid=team.uuid)
    return render(
        request,
        "cases/eemm_team.html",
        {
            "team": team,
            "members": page["members"],
            "meetings": page["meetings"],
            "form": form,
            "breadcrumbs": _crumbs(
                ("Équipe multidisciplinari", reverse("cases:eemm_list")), (team.name, None)
            ),
        },
    )
