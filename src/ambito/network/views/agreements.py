"""Pages of the agreements (convenzioni): the list with its filters (an operator sees only
their organisation's), a new agreement, one agreement with its services, renewal chain and
the interventions delivered under it (counts), its document; the plan office edits, renews
and terminates it from its page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from ambito.core.audit import log_access
from ambito.core.files import stream_stored_file
from ambito.core.forms import add_service_errors
from ambito.core.permissions import NotAllowed

from ..forms.agreements import AgreementFilterForm, AgreementForm, RenewForm, TerminateForm
from ..selectors import agreements as selectors
from ..services import agreements as services
from ..services.common import NOT_ALLOWED, is_manager

VIEW = "network.view_agreement"


def _crumbs(*items):
    return [("Convenzioni", reverse("network:agreements")), *items]


def _agreement(request, uuid):
    agreement = selectors.agreement_for(user=request.user, uuid=uuid)
    if agreement is None:
        raise Http404
    return agreement


def _require_manager(request):
    if not is_manager(request.user):
        raise NotAllowed(NOT_ALLOWED)


def _data(form) -> dict:
    data = dict(form.cleaned_data)
    data["services"] = list(data.get("services") or [])
    data["intervention_types"] = list(data.get("intervention_types") or [])
    data["notes"] = data.get("notes") or ""
    return data


@login_required
@permission_required(VIEW, raise_exception=True)
def agreement_list(request):
    form = AgreementFilterForm(request.GET or None, user=request.user)
    rows = selectors.agreements_for(user=request.user, **form.filters())
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "network/agreements/list.html",
        {
            "form": form,
            "page": page,
            "labels": selectors.AgreementState.labels,
            "querystring": query.urlencode(),
            "can_manage": is_manager(request.user),
            "breadcrumbs": [("Convenzioni", None)],
        },
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def agreement_add(request):
    _require_manager(request)
    form = AgreementForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.agreement_create(actor=request.user, **_data(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Convenzione {created.number} registrata.")
            return redirect("network:agreement", uuid=created.uuid)
    return render(
        request,
        "network/agreements/add.html",
        {"form": form, "breadcrumbs": _crumbs(("Nuova convenzione", None))},
        status=422 if request.method == "POST" else 200,
    )


def _detail_context(request, agreement, **forms) -> dict:
    manager = is_manager(request.user)
    context = {
        "agreement": agreement,
        "state_label": selectors.AgreementState.labels.get(agreement.state, ""),
        "services": agreement.services.order_by("name"),
        "intervention_types": agreement.intervention_types.order_by("code"),
        "chain": selectors.renewal_chain(agreement),
        "delivered": selectors.delivered_interventions(agreement),
        "can_manage": manager and agreement.terminated_on is None,
        "breadcrumbs": _crumbs((agreement.number, None)),
    }
    if context["can_manage"]:
        renewed = any(a.renews_id == agreement.pk for a in context["chain"])
        context.update(
            renewed=renewed,
            edit_form=forms.get("edit_form")
            or AgreementForm(
                initial=AgreementForm.initial_of(agreement), user=request.user, prefix="modifica"
            ),
            renew_form=forms.get("renew_form")
            or RenewForm(prefix="rinnovo", initial={"fund": agreement.fund_id}),
            terminate_form=forms.get("terminate_form") or TerminateForm(prefix="cessazione"),
        )
    return context


@login_required
@permission_required(VIEW, raise_exception=True)
def agreement_detail(request, uuid):
    agreement = _agreement(request, uuid)
    if request.method == "POST":
        return _detail_post(request, agreement)
    log_access(user=request.user, obj=agreement)
    return render(request, "network/agreements/detail.html", _detail_context(request, agreement))


def _detail_post(request, agreement):
    _require_manager(request)
    action = request.POST.get("azione")
    if action == "modifica":
        form = AgreementForm(
            request.POST,
            request.FILES,
            user=request.user,
            prefix="modifica",
            initial=AgreementForm.initial_of(agreement),
        )
        key, call = "edit_form", services.agreement_update
        done = "Convenzione aggiornata."
    elif action == "rinnovo":
        form = RenewForm(
            request.POST, request.FILES, prefix="rinnovo", initial={"fund": agreement.fund_id}
        )
        key, call = "renew_form", services.agreement_renew
        done = "Rinnovo registrato."
    elif action == "cessazione":
        form = TerminateForm(request.POST, prefix="cessazione")
        key, call = "terminate_form", services.agreement_terminate
        done = "Cessazione registrata."
    else:
        raise Http404
    if form.is_valid():
        data = _data(form) if key == "edit_form" else dict(form.cleaned_data)
        if key == "renew_form":
            data["notes"] = data.get("notes") or ""
        try:
            result = call(actor=request.user, agreement=agreement, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("network:agreement", uuid=result.uuid)
    agreement = _agreement(request, agreement.uuid)
    return render(
        request,
        "network/agreements/detail.html",
        _detail_context(request, agreement, **{key: form}),
        status=422,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def agreement_document(request, uuid):
    agreement = _agreement(request, uuid)
    if not agreement.file:
        raise Http404
    log_access(user=request.user, obj=agreement, detail={"documento": True})
    return stream_stored_file(
        agreement.file.name,
        filename=agreement.file_name or f"convenzione-{agreement.pk}.pdf",
        content_type=agreement.content_type or None,
    )
