"""Pages of the register for its managers (the plan office): the list with its filters, a new
application, one worker with training, checks, state and consent, and the correction."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ambito.core.audit import log_access
from ambito.core.forms import add_service_errors
from ambito.core.permissions import NotAllowed, allowed

from ..choices import WorkerState
from ..forms.register import (
    CheckForm,
    ConsentForm,
    EnrolForm,
    StateForm,
    TrainingForm,
    WorkerFilterForm,
    WorkerForm,
)
from ..scoping import FIGURES, MANAGE, SEARCH
from ..selectors import register as selectors
from ..services import register as services
from ..services.common import NOT_ALLOWED, is_manager
from .common import PAGE_SIZE, crumbs, log_workers_shown, query_without_page, worker_or_404

VIEW = "assistants.view_worker"


def _require_manager(request):
    if not is_manager(request.user):
        raise NotAllowed(NOT_ALLOWED)


@login_required
def home(request):
    user = request.user
    if allowed(user, MANAGE):
        return redirect("assistants:workers")
    if allowed(user, SEARCH):
        return redirect("assistants:search")
    if allowed(user, FIGURES):
        return redirect("assistants:report")
    raise NotAllowed(NOT_ALLOWED)


@login_required
@permission_required(MANAGE, raise_exception=True)
def worker_list(request):
    form = WorkerFilterForm(request.GET or None, user=request.user)
    rows = selectors.workers_for(user=request.user, **form.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    log_workers_shown(request.user, page.object_list, detail={"pagina": page.number})
    return render(
        request,
        "assistants/workers/list.html",
        {
            "form": form,
            "page": page,
            "querystring": query_without_page(request),
            "breadcrumbs": crumbs(("Registro", None)),
        },
    )


def _worker_data(form) -> dict:
    data = dict(form.cleaned_data)
    data["municipalities"] = list(data.get("municipalities") or [])
    data["languages"] = list(data.get("languages") or [])
    for name in ("fiscal_code", "citizenship", "phone", "email", "address", "notes"):
        data[name] = data.get(name) or ""
    if data.get("weekly_hours") is None:
        data["weekly_hours"] = 0
    return data


@login_required
@permission_required(MANAGE, raise_exception=True)
def worker_add(request):
    form = EnrolForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            worker = services.worker_create(actor=request.user, **_worker_data(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Domanda di iscrizione registrata.")
            return redirect("assistants:worker", uuid=worker.uuid)
    return render(
        request,
        "assistants/workers/form.html",
        {
            "form": form,
            "title": "Nuova domanda di iscrizione",
            "submit": "Registra la domanda",
            "breadcrumbs": crumbs(("Nuova domanda", None)),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def worker_detail(request, uuid):
    worker = worker_or_404(request, uuid)
    log_access(user=request.user, obj=worker)
    manager = is_manager(request.user)
    context = {
        "worker": worker,
        "can_manage": manager,
        "can_match": allowed(request.user, "assistants.add_match") and worker.listable,
        "breadcrumbs": crumbs(
            ("Registro", reverse("assistants:workers"))
            if manager
            else ("Ricerca", reverse("assistants:search")),
            (worker.public_name if not manager else str(worker), None),
        ),
    }
    if manager:
        checks = {c.kind: c for c in worker.checks.all()}
        context.update(
            {
                "trainings": worker.trainings.all(),
                "checks": [checks[k] for k in sorted(checks)],
                "required_checks": services.required_checks(worker),
                "missing": services.enrolment_missing(worker)
                if worker.state == WorkerState.CHECKS
                else [],
                "state_changes": worker.state_changes.select_related("actor"),
                "state_form": StateForm(targets=services.TRANSITIONS[worker.state]),
                "training_form": TrainingForm(),
                "check_form": CheckForm(),
                "consent_form": ConsentForm(),
            }
        )
    context["matches"] = selectors.matches_for(user=request.user, worker=worker)[:20]
    return render(request, "assistants/workers/detail.html", context)


@login_required
@permission_required(MANAGE, raise_exception=True)
def worker_edit(request, uuid):
    worker = worker_or_404(request, uuid)
    initial = {
        name: getattr(worker, name)
        for name in (*services.PERSONAL_FIELDS, *services.AVAILABILITY_FIELDS)
    }
    initial["municipalities"] = list(worker.municipalities.all())
    initial["languages"] = [row.language for row in worker.languages.all()]
    form = WorkerForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.worker_update(actor=request.user, worker=worker, **_worker_data(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Dati dell'assistente aggiornati.")
            return redirect("assistants:worker", uuid=worker.uuid)
    return render(
        request,
        "assistants/workers/form.html",
        {
            "form": form,
            "worker": worker,
            "title": f"Modifica: {worker}",
            "submit": "Salva",
            "breadcrumbs": crumbs(("Registro", reverse("assistants:workers")), (str(worker), None)),
        },
        status=422 if request.method == "POST" else 200,
    )


def _post_step(request, uuid, form_class, call, success: str, form_kwargs=None):
    """A step on the worker's page (state, training, check, consent): on an error the page is
    shown again with the step's form and its Italian messages, nothing written."""
    worker = worker_or_404(request, uuid)
    _require_manager(request)
    form = form_class(request.POST, **(form_kwargs(worker) if form_kwargs else {}))
    if form.is_valid():
        try:
            call(worker, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("assistants:worker", uuid=worker.uuid)
    messages.error(
        request,
        "Operazione non eseguita: "
        + " ".join(str(text) for errors in form.errors.values() for text in errors),
    )
    return redirect("assistants:worker", uuid=worker.uuid)


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def worker_state(request, uuid):
    return _post_step(
        request,
        uuid,
        StateForm,
        lambda worker, data: services.worker_set_state(
            actor=request.user,
            worker=worker,
            state=data["state"],
            on=data.get("on"),
            reason=data.get("reason") or "",
        ),
        "Stato dell'iscrizione aggiornato.",
        form_kwargs=lambda worker: {"targets": services.TRANSITIONS[worker.state]},
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def worker_training(request, uuid):
    return _post_step(
        request,
        uuid,
        TrainingForm,
        lambda worker, data: services.training_add(actor=request.user, worker=worker, **data),
        "Formazione registrata.",
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def worker_check(request, uuid):
    return _post_step(
        request,
        uuid,
        CheckForm,
        lambda worker, data: services.check_record(
            actor=request.user,
            worker=worker,
            kind=data["kind"],
            outcome=data["outcome"],
            checked_on=data.get("checked_on"),
            note=data.get("note") or "",
        ),
        "Verifica registrata.",
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def worker_consent(request, uuid):
    return _post_step(
        request,
        uuid,
        ConsentForm,
        lambda worker, data: services.consent_give(
            actor=request.user, worker=worker, on=data.get("on"), show_phone=data.get("show_phone")
        ),
        "Consenso all'elenco registrato.",
    )


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def worker_withdraw(request, uuid):
    worker = worker_or_404(request, uuid)
    form = ConsentForm(request.POST)
    form.is_valid()
    try:
        services.consent_withdraw(actor=request.user, worker=worker, on=form.cleaned_data.get("on"))
    except ValidationError as error:
        messages.error(request, "Operazione non eseguita: " + " ".join(error.messages))
        return redirect("assistants:worker", uuid=worker.uuid)
    messages.success(
        request, "Revoca del consenso registrata: l'assistente non compare più nelle ricerche."
    )
    if is_manager(request.user):
        return redirect("assistants:worker", uuid=worker.uuid)
    return redirect("assistants:search")
