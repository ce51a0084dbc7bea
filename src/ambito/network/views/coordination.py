"""Pages of the area services' coordination (seed 001) and of the shared documents: the zone's
area services with their members, the coordinator's overview (figures only), the documents
with their versions, the "Ho letto" confirmation and the downloads (audited, and a download
is a read receipt too)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from ambito.core.audit import log_access
from ambito.core.files import stream_stored_file
from ambito.core.forms import add_service_errors
from ambito.core.permissions import NotAllowed, allowed
from ambito.core.uploads import download_name

from ..forms.coordination import (
    AreaServiceForm,
    DocumentFilterForm,
    DocumentForm,
    MemberAddForm,
    MemberRemoveForm,
    VersionForm,
)
from ..models import AreaService, AreaServiceMember, DocumentVersion, SharedDocument
from ..selectors import coordination as selectors
from ..services import coordination as services
from ..services.coordination import COORDINATE, NOT_COORDINATOR

VIEW_SERVICES = "network.view_areaservice"
VIEW_DOCUMENTS = "network.view_shareddocument"
PAGE_SIZE = 25


def _crumbs(*items):
    return [("Servizi di area", reverse("network:area_services")), *items]


def _doc_crumbs(*items):
    return [("Documenti condivisi", reverse("network:documents")), *items]


def _service(request, uuid) -> AreaService:
    try:
        return selectors.area_service_get(user=request.user, uuid=uuid)
    except AreaService.DoesNotExist:
        raise Http404 from None


def _document(request, uuid) -> SharedDocument:
    try:
        return selectors.document_get(user=request.user, uuid=uuid)
    except SharedDocument.DoesNotExist:
        raise Http404 from None


def _version(request, uuid) -> DocumentVersion:
    try:
        return selectors.version_get(user=request.user, uuid=uuid)
    except DocumentVersion.DoesNotExist:
        raise Http404 from None


def _require_coordinator(request) -> None:
    if not allowed(request.user, COORDINATE):
        raise NotAllowed(NOT_COORDINATOR)


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))


# --- area services ---------------------------------------------------------------------------


@login_required
@permission_required(VIEW_SERVICES, raise_exception=True)
def area_services(request):
    user = request.user
    can_coordinate = allowed(user, COORDINATE)
    form = None
    if can_coordinate:
        users = selectors.assignable_users(user=user)
        form = AreaServiceForm(request.POST or None, users=users, prefix="servizio")
    if request.method == "POST":
        _require_coordinator(request)
        if form.is_valid():
            try:
                created = services.area_service_create(actor=user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Servizio di area creato.")
                return redirect("network:area_service", uuid=created.uuid)
    return render(
        request,
        "network/coordination/area_services.html",
        {
            "services": selectors.area_services(user=user),
            "form": form,
            "can_coordinate": can_coordinate,
            "breadcrumbs": [("Servizi di area", None)],
        },
        status=422 if request.method == "POST" else 200,
    )


def _service_context(request, service, **forms) -> dict:
    context = selectors.area_service_page(user=request.user, service=service)
    context["documents"] = selectors.with_readership(context["documents"])
    if context["can_coordinate"]:
        users = selectors.assignable_users(service=service)
        context["edit_form"] = forms.get("edit_form") or AreaServiceForm(
            users=users,
            prefix="servizio",
            initial={
                "kind": service.kind,
                "name": service.name,
                "description": service.description,
                "coordinator": service.coordinator_id,
                "email": service.email,
                "phone": service.phone,
            },
        )
        context["member_form"] = forms.get("member_form") or MemberAddForm(
            users=users, prefix="operatore"
        )
        context["remove_form"] = forms.get("remove_form")
    context["breadcrumbs"] = _crumbs((service.name, None))
    return context


@login_required
@permission_required(VIEW_SERVICES, raise_exception=True)
def area_service(request, uuid):
    service = _service(request, uuid)
    if request.method == "POST":
        _require_coordinator(request)
        form = AreaServiceForm(
            request.POST, users=selectors.assignable_users(service=service), prefix="servizio"
        )
        if form.is_valid():
            try:
                services.area_service_update(
                    actor=request.user, service=service, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Servizio di area aggiornato.")
                return redirect("network:area_service", uuid=service.uuid)
        context = _service_context(request, service, edit_form=form)
        return render(request, "network/coordination/area_service.html", context, status=422)
    return render(
        request, "network/coordination/area_service.html", _service_context(request, service)
    )


@login_required
@permission_required(VIEW_SERVICES, raise_exception=True)
@require_POST
def area_service_member_add(request, uuid):
    service = _service(request, uuid)
    _require_coordinator(request)
    form = MemberAddForm(
        request.POST, users=selectors.assignable_users(service=service), prefix="operatore"
    )
    if form.is_valid():
        try:
            services.area_service_member_add(
                actor=request.user, service=service, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Operatore aggiunto al servizio di area.")
            return redirect("network:area_service", uuid=service.uuid)
    context = _service_context(request, service, member_form=form)
    return render(request, "network/coordination/area_service.html", context, status=422)


@login_required
@permission_required(VIEW_SERVICES, raise_exception=True)
@require_POST
def area_service_member_remove(request, uuid):
    service = _service(request, uuid)
    _require_coordinator(request)
    form = MemberRemoveForm(request.POST, prefix="uscita")
    if form.is_valid():
        try:
            member = selectors.member_get(
                user=request.user, service=service, pk=form.cleaned_data["member"]
            )
        except AreaServiceMember.DoesNotExist:
            raise Http404 from None
        try:
            services.area_service_member_remove(
                actor=request.user, member=member, left_on=form.cleaned_data["left_on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Uscita dal servizio di area registrata.")
            return redirect("network:area_service", uuid=service.uuid)
    context = _service_context(request, service, remove_form=form)
    return render(request, "network/coordination/area_service.html", context, status=422)


@login_required
@permission_required(COORDINATE, raise_exception=True)
def area_overview(request):
    overview = selectors.area_overview(user=request.user)
    return render(
        request,
        "network/coordination/area_overview.html",
        {"overview": overview, "breadcrumbs": _crumbs(("Panoramica", None))},
    )


# --- shared documents ------------------------------------------------------------------------


@login_required
@permission_required(VIEW_DOCUMENTS, raise_exception=True)
def documents(request):
    user = request.user
    service_choices = selectors.area_services(user=user)
    filters = DocumentFilterForm(request.GET or None, services=service_choices)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.documents(
        user=user,
        kind=chosen.get("tipo") or None,
        area_service=chosen.get("servizio"),
        unread=bool(chosen.get("da_leggere")),
        archived=bool(chosen.get("archiviati")),
    )
    page = _page(request, rows)
    page.object_list = selectors.with_readership(page.object_list)
    query = {k: v for k, v in request.GET.items() if k != "pagina" and v}
    return render(
        request,
        "network/coordination/documents.html",
        {
            "page": page,
            "filters": filters,
            "querystring": urlencode(query),
            "unread_count": selectors.unread_documents(user=user).count(),
            "can_add": allowed(user, "network.add_shareddocument"),
            "breadcrumbs": [("Documenti condivisi", None)],
        },
    )


@login_required
@permission_required("network.add_shareddocument", raise_exception=True)
def document_add(request):
    user = request.user
    form = DocumentForm(
        request.POST or None, request.FILES or None, services=selectors.area_services(user=user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.shared_document_create(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Documento pubblicato: è la versione 1.")
            return redirect("network:document", uuid=created.uuid)
    return render(
        request,
        "network/coordination/document_add.html",
        {"form": form, "breadcrumbs": _doc_crumbs(("Nuovo documento", None))},
        status=422 if request.method == "POST" else 200,
    )


def _document_context(request, document, **forms) -> dict:
    context = selectors.document_page(user=request.user, document=document)
    can_change = allowed(request.user, "network.change_shareddocument")
    context["can_change"] = can_change and document.archived_on is None
    if context["can_change"]:
        context["version_form"] = forms.get("version_form") or VersionForm(prefix="versione")
    context["breadcrumbs"] = _doc_crumbs((document.title, None))
    return context


@login_required
@permission_required(VIEW_DOCUMENTS, raise_exception=True)
def document(request, uuid):
    document = _document(request, uuid)
    if request.method == "POST":
        if not allowed(request.user, "network.change_shareddocument"):
            raise NotAllowed(services.NOT_EDITOR)
        form = VersionForm(request.POST, request.FILES, prefix="versione")
        if form.is_valid():
            try:
                version = services.shared_document_add_version(
                    actor=request.user, document=document, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Versione {version.number} pubblicata.")
                return redirect("network:document", uuid=document.uuid)
        context = _document_context(request, document, version_form=form)
        return render(request, "network/coordination/document.html", context, status=422)
    return render(
        request, "network/coordination/document.html", _document_context(request, document)
    )


@login_required
@permission_required("network.change_shareddocument", raise_exception=True)
@require_POST
def document_archive(request, uuid):
    document = _document(request, uuid)
    try:
        services.shared_document_archive(actor=request.user, document=document)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Documento archiviato.")
    return redirect("network:document", uuid=document.uuid)


@login_required
@permission_required(VIEW_DOCUMENTS, raise_exception=True)
@require_POST
def document_mark_read(request, uuid):
    version = _version(request, uuid)
    services.document_mark_read(actor=request.user, version=version)
    messages.success(request, f"Lettura della versione {version.number} confermata.")
    return redirect("network:document", uuid=version.document.uuid)


@login_required
@permission_required(VIEW_DOCUMENTS, raise_exception=True)
def document_version_file(request, uuid):
    version = _version(request, uuid)
    if not version.file:
        raise Http404
    log_access(user=request.user, obj=version)
    services.document_mark_read(actor=request.user, version=version)
    stem = f"{slugify(version.document.title)[:60] or 'documento'}-v{version.number}"
    return stream_stored_file(
        version.file.name,
        filename=download_name(stem, version.content_type),
        content_type=version.content_type or None,
    )
