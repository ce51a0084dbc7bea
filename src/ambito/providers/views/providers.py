"""Pages of the provider register: the list with its filters (an operator sees only their own
provider), a new provider, one provider with its services, structures and accreditations, its
correction and a new structure (the plan office)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from ambito.core.forms import add_service_errors
from ambito.core.permissions import NotAllowed

from ..choices import ApplicationState
from ..forms.providers import ProviderEditForm, ProviderFilterForm, ProviderForm, StructureForm
from ..selectors import providers as selectors
from ..services import providers as services
from ..services.common import NOT_ALLOWED, is_manager

VIEW = "providers.view_provider"


def _crumbs(*items):
    return [("Erogatori", reverse("providers:providers")), *items]


def _provider(request, uuid):
    provider = selectors.provider_for(user=request.user, uuid=uuid)
    if provider is None:
        raise Http404
    return provider


def _require_manager(request):
    if not is_manager(request.user):
        raise NotAllowed(NOT_ALLOWED)


def _data(form) -> dict:
    data = dict(form.cleaned_data)
    data["services"] = list(data.get("services") or [])
    data["notes"] = data.get("notes") or ""
    return data


@login_required
@permission_required(VIEW, raise_exception=True)
def provider_list(request):
    form = ProviderFilterForm(request.GET or None, user=request.user)
    rows = selectors.providers_for(user=request.user, **form.filters())
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "providers/providers/list.html",
        {
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "can_manage": is_manager(request.user),
            "breadcrumbs": [("Erogatori", None)],
        },
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def provider_add(request):
    _require_manager(request)
    form = ProviderForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.provider_create(actor=request.user, **_data(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Erogatore {created.organisation.name} registrato.")
            return redirect("providers:provider", uuid=created.uuid)
    return render(
        request,
        "providers/providers/form.html",
        {
            "form": form,
            "title": "Nuovo erogatore",
            "submit": "Registra l'erogatore",
            "breadcrumbs": _crumbs(("Nuovo erogatore", None)),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def provider_detail(request, uuid):
    provider = _provider(request, uuid)
    manager = is_manager(request.user)
    return render(
        request,
        "providers/providers/detail.html",
        {
            "provider": provider,
            "services": provider.services.order_by("name"),
            "structures": selectors.structures(provider),
            "accreditations": selectors.accreditations(provider),
            "states": ApplicationState,
            "can_manage": manager,
            "breadcrumbs": _crumbs((provider.organisation.name, None)),
        },
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def provider_edit(request, uuid):
    provider = _provider(request, uuid)
    _require_manager(request)
    if request.method == "POST":
        form = ProviderEditForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.provider_update(actor=request.user, provider=provider, **_data(form))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Erogatore aggiornato.")
                return redirect("providers:provider", uuid=provider.uuid)
    else:
        form = ProviderEditForm(initial=ProviderEditForm.initial_of(provider), user=request.user)
    return render(
        request,
        "providers/providers/form.html",
        {
            "form": form,
            "provider": provider,
            "title": f"Modifica di {provider.organisation.name}",
            "submit": "Salva le modifiche",
            "breadcrumbs": _crumbs(
                (provider.organisation.name, reverse("providers:provider", args=[provider.uuid])),
                ("Modifica", None),
            ),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def structure_add(request, uuid):
    provider = _provider(request, uuid)
    _require_manager(request)
    form = StructureForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.structure_add(actor=request.user, provider=provider, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Struttura aggiunta.")
            return redirect("providers:provider", uuid=provider.uuid)
    return render(
        request,
        "providers/providers/structure_form.html",
        {
            "form": form,
            "provider": provider,
            "breadcrumbs": _crumbs(
                (provider.organisation.name, reverse("providers:provider", args=[provider.uuid])),
                ("Nuova struttura", None),
            ),
        },
        status=422 if request.method == "POST" else 200,
    )
