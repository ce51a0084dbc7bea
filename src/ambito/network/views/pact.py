"""Pages of the pact and its network: the zone's network home, a pact (act, validity,
promoters and adherents at a date, lines, forms for the plan office), an adhesion (with its
withdrawal and the signed act), a line (commitments of both sides, who takes part), the
candidatures (list, form, detail with edit and transitions), the third-sector registry and an
organisation's network page. An operator sees only their organisation: another's rows are a
404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ambito.core.audit import log_access
from ambito.core.files import stream_stored_file
from ambito.core.forms import add_service_errors
from ambito.core.permissions import NotAllowed, allowed, working_zone
from ambito.core.uploads import download_name
from ambito.territory import services as territory_services
from ambito.territory.forms import OrganisationForm, initial_from
from ambito.territory.models import Organisation

from .. import workflow
from ..forms.pact import (
    AdhesionForm,
    CandidatureAddForm,
    CandidatureEditForm,
    CandidatureFilterForm,
    DocumentForm,
    LineForm,
    RegistryFilterForm,
    TransitionForm,
    WithdrawForm,
    italian_date,
)
from ..selectors import pact as selectors
from ..services import candidatures as candidature_services
from ..services import pact as services
from ..services.common import is_manager

PAGE_SIZE = 50


def _crumbs(*items):
    return [("Rete del Terzo settore", reverse("network:home")), *items]


def _require_reader(user) -> None:
    if not (selectors.sees_zone_network(user) or _operator_of(user)):
        raise NotAllowed


def _operator_of(user) -> bool:
    return getattr(user, "organisation_id", None) is not None and allowed(
        user, "network.view_candidature"
    )


def _or_404(row):
    if row is None:
        raise Http404
    return row


def _signing_organisations(user):
    """Who the user may record an adhesion for: any organisation of the zone for the plan
    office, their own organisation for an operator."""
    rows = Organisation.objects.filter(zone=working_zone(user)).order_by("name")
    if is_manager(user):
        return rows
    if _operator_of(user) and allowed(user, "network.add_candidature"):
        return rows.filter(pk=user.organisation_id)
    return rows.none()


def _candidate_organisations(user):
    return _signing_organisations(user).filter(kind="third_sector")


def _status(request) -> int:
    return 422 if request.method == "POST" else 200


# --- home --------------------------------------------------------------------------------


@login_required
def home(request):
    user = request.user
    _require_reader(user)
    today = timezone.localdate()
    context = {
        "pacts": selectors.network_home(user=user, on=today),
        "today": today,
        "is_manager": is_manager(user),
        "breadcrumbs": [("Rete del Terzo settore", None)],
    }
    if not selectors.sees_zone_network(user):
        organisation = selectors.organisation_get(user=user, uuid=user.organisation.uuid)
        if organisation is not None:
            page = selectors.organisation_page(user=user, organisation=organisation)
            context["own"] = {"organisation": organisation, **page}
    return render(request, "network/pact/home.html", context)


# --- a pact ------------------------------------------------------------------------------


def _pact_context(request, pact, **forms) -> dict:
    user = request.user
    on = italian_date(request.GET.get("al")) or timezone.localdate()
    organisations = _signing_organisations(user)
    return {
        "pact": pact,
        "on": on,
        "bad_date": bool(request.GET.get("al")) and italian_date(request.GET.get("al")) is None,
        "adhesions": selectors.adhesions_on(user=user, pact=pact, on=on),
        "all_adhesions": selectors.adhesions_for(user=user)
        .filter(pact=pact)
        .order_by("-signed_on"),
        "lines": selectors.lines_for(user=user, pact=pact),
        "line_form": forms.get("line_form")
        or (LineForm(prefix="linea") if is_manager(user) else None),
        "adhesion_form": forms.get("adhesion_form")
        or (
            AdhesionForm(prefix="adesione", organisations=organisations)
            if organisations.exists()
            else None
        ),
        "breadcrumbs": _crumbs((pact.title, None)),
    }


@login_required
def pact(request, uuid):
    _require_reader(request.user)
    row = _or_404(selectors.pact_get(user=request.user, uuid=uuid))
    return render(request, "network/pact/pact.html", _pact_context(request, row))


@login_required
@require_POST
def pact_line_add(request, uuid):
    user = request.user
    row = _or_404(selectors.pact_get(user=user, uuid=uuid))
    if not is_manager(user):
        raise NotAllowed
    form = LineForm(request.POST, prefix="linea")
    if form.is_valid():
        try:
            line = services.pact_line_add(actor=user, pact=row, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Linea {line.code} aggiunta al patto.")
            return redirect("network:pact", uuid=row.uuid)
    return render(
        request, "network/pact/pact.html", _pact_context(request, row, line_form=form), status=422
    )


@login_required
@require_POST
def adhesion_add(request, uuid):
    user = request.user
    _require_reader(user)
    row = _or_404(selectors.pact_get(user=user, uuid=uuid))
    organisations = _signing_organisations(user)
    if not organisations.exists():
        raise NotAllowed
    form = AdhesionForm(request.POST, request.FILES, prefix="adesione", organisations=organisations)
    if form.is_valid():
        data = form.cleaned_data
        try:
            adhesion = services.adhesion_sign(
                actor=user,
                pact=row,
                organisation=data["organisation"],
                signed_on=data["signed_on"],
                signatory=data["signatory"],
                signatory_role=data["signatory_role"],
                role=data["role"],
                document=data.get("document"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Adesione al patto registrata.")
            return redirect("network:adhesion", uuid=adhesion.uuid)
    return render(
        request,
        "network/pact/pact.html",
        _pact_context(request, row, adhesion_form=form),
        status=422,
    )


# --- an adhesion -------------------------------------------------------------------------


def _adhesion_context(request, adhesion, withdraw_form=None, document_form=None) -> dict:
    can_act = _signing_organisations(request.user).filter(pk=adhesion.organisation_id).exists()
    return {
        "adhesion": adhesion,
        "document_form": document_form or (DocumentForm(prefix="atto") if can_act else None),
        "withdraw_form": withdraw_form
        or (WithdrawForm(prefix="recesso") if can_act and adhesion.withdrawn_on is None else None),
        "breadcrumbs": _crumbs(
            (adhesion.pact.title, reverse("network:pact", args=[adhesion.pact.uuid])),
            (f"Adesione di {adhesion.organisation.name}", None),
        ),
    }


@login_required
def adhesion(request, uuid):
    row = _or_404(selectors.adhesion_get(user=request.user, uuid=uuid))
    log_access(user=request.user, obj=row)
    return render(request, "network/pact/adhesion.html", _adhesion_context(request, row))


@login_required
@require_POST
def adhesion_withdraw(request, uuid):
    row = _or_404(selectors.adhesion_get(user=request.user, uuid=uuid))
    form = WithdrawForm(request.POST, prefix="recesso")
    if form.is_valid():
        try:
            services.adhesion_withdraw(actor=request.user, adhesion=row, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Recesso dal patto registrato.")
            return redirect("network:adhesion", uuid=row.uuid)
    return render(
        request, "network/pact/adhesion.html", _adhesion_context(request, row, form), status=422
    )


@login_required
@require_POST
def adhesion_document_upload(request, uuid):
    row = _or_404(selectors.adhesion_get(user=request.user, uuid=uuid))
    form = DocumentForm(request.POST, request.FILES, prefix="atto")
    if form.is_valid():
        try:
            services.adhesion_attach_document(
                actor=request.user, adhesion=row, document=form.cleaned_data["document"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Atto sottoscritto caricato.")
            return redirect("network:adhesion", uuid=row.uuid)
    return render(
        request,
        "network/pact/adhesion.html",
        _adhesion_context(request, row, document_form=form),
        status=422,
    )


@login_required
def adhesion_document(request, uuid):
    row = _or_404(selectors.adhesion_get(user=request.user, uuid=uuid))
    if not row.file:
        raise Http404
    log_access(user=request.user, obj=row, detail={"document": "adhesion"})
    return stream_stored_file(
        row.file.name,
        filename=download_name("adesione-patto", row.content_type),
        content_type=row.content_type,
    )


# --- a line ------------------------------------------------------------------------------


@login_required
def line(request, uuid):
    user = request.user
    _require_reader(user)
    row = _or_404(selectors.line_get(user=user, uuid=uuid))
    page = selectors.line_page(user=user, line=row)
    own_candidature = None
    if _operator_of(user):
        own_candidature = (
            selectors.candidatures_for(user=user, line=row)
            .filter(state__in=workflow.OPEN_STATES)
            .first()
        )
    return render(
        request,
        "network/pact/line.html",
        {
            "line": row,
            **page,
            "own_candidature": own_candidature,
            "can_apply": _candidate_organisations(user).exists() and own_candidature is None,
            "needs_adhesion": _operator_of(user)
            and selectors.open_adhesion(pact=row.plan, organisation=user.organisation_id) is None,
            "transparency_url": f"{reverse('network:line', args=[row.uuid])}trasparenza/",
            "breadcrumbs": _crumbs(
                (row.plan.title, reverse("network:pact", args=[row.plan.uuid])),
                (f"Linea {row.code}", None),
            ),
        },
    )


# --- candidatures ------------------------------------------------------------------------


@login_required
def candidature_add(request, uuid):
    user = request.user
    _require_reader(user)
    row = _or_404(selectors.line_get(user=user, uuid=uuid))
    organisations = _candidate_organisations(user)
    if not organisations.exists():
        raise NotAllowed
    form = CandidatureAddForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        try:
            created = candidature_services.candidature_submit(
                actor=user, line=row, organisation=organisation, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Candidatura presentata: l'ufficio di piano la istruirà.")
            return redirect("network:candidature", uuid=created.uuid)
    return render(
        request,
        "network/pact/candidature_form.html",
        {
            "line": row,
            "form": form,
            "breadcrumbs": _crumbs(
                (f"Linea {row.code}", reverse("network:line", args=[row.uuid])),
                ("Candidatura", None),
            ),
        },
        status=_status(request),
    )


@login_required
def candidatures(request):
    user = request.user
    _require_reader(user)
    manager_view = selectors.sees_zone_network(user)
    form = CandidatureFilterForm(
        request.GET or None,
        lines=selectors.lines_for(user=user),
        organisations=selectors.organisations_for(user=user) if manager_view else None,
    )
    filters = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    rows = selectors.candidatures_for(user=user, **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "network/pact/candidatures.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "manager_view": manager_view,
            "breadcrumbs": _crumbs(("Candidature", None)),
        },
    )


def _candidature_context(request, candidature, **forms) -> dict:
    user = request.user
    own = getattr(user, "organisation_id", None) == candidature.organisation_id
    editable = (
        own
        and candidature.state in workflow.EDITABLE_STATES
        and allowed(user, "network.change_candidature")
    )
    office = is_manager(user) and allowed(user, candidature_services.REVIEW)
    buttons = []
    if office:
        buttons += workflow.allowed_from(candidature.state, by=workflow.OFFICE)
    if own and allowed(user, "network.change_candidature"):
        buttons += workflow.allowed_from(candidature.state, by=workflow.ORGANISATION)
    edit_form = forms.get("edit_form")
    if edit_form is None and editable:
        edit_form = CandidatureEditForm(
            initial={
                "revision": candidature.revision,
                **{
                    name: str(getattr(candidature, name)).replace(".", ",")
                    if name in ("hours_per_month", "money")
                    else getattr(candidature, name)
                    for name in candidature_services.CANDIDATURE_FIELDS
                },
            }
        )
    return {
        "candidature": candidature,
        "edit_form": edit_form,
        "transition_form": forms.get("transition_form") or TransitionForm(),
        "buttons": buttons,
        "history": candidature.transitions.select_related("actor").order_by("at", "pk"),
        "breadcrumbs": _crumbs(
            ("Candidature", reverse("network:candidatures")),
            (f"{candidature.organisation.name} – linea {candidature.line.code}", None),
        ),
    }


@login_required
def candidature(request, uuid):
    user = request.user
    row = _or_404(selectors.candidature_get(user=user, uuid=uuid))
    form = None
    if request.method == "POST":
        form = CandidatureEditForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            revision = data.pop("revision")
            try:
                candidature_services.candidature_update(
                    actor=user, candidature=row, revision=revision, **data
                )
            except ValidationError as error:
                # The revision is a hidden field: its conflict is said above the form.
                for text in add_service_errors(form, error, elsewhere=("revision", "state")):
                    form.add_error(None, text)
            else:
                messages.success(request, "Candidatura aggiornata.")
                return redirect("network:candidature", uuid=row.uuid)
    else:
        log_access(user=user, obj=row)
    return render(
        request,
        "network/pact/candidature.html",
        _candidature_context(request, row, edit_form=form),
        status=_status(request),
    )


@login_required
@require_POST
def candidature_transition(request, uuid):
    user = request.user
    row = _or_404(selectors.candidature_get(user=user, uuid=uuid))
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            candidature_services.candidature_transition(
                actor=user, candidature=row, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            row.refresh_from_db()
            messages.success(request, f"Candidatura: {row.get_state_display().lower()}.")
            return redirect("network:candidature", uuid=row.uuid)
    return render(
        request,
        "network/pact/candidature.html",
        _candidature_context(request, row, transition_form=form),
        status=422,
    )


# --- the registry and an organisation ----------------------------------------------------


@login_required
def organisations(request):
    user = request.user
    _require_reader(user)
    form = RegistryFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    rows = selectors.organisations_for(user=user, **filters).prefetch_related("fields_of_activity")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "network/pact/organisations.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_add": is_manager(user) and allowed(user, "territory.add_organisation"),
            "breadcrumbs": _crumbs(("Registro degli enti del Terzo settore", None)),
        },
    )


@login_required
def organisation(request, uuid):
    user = request.user
    _require_reader(user)
    row = _or_404(selectors.organisation_get(user=user, uuid=uuid))
    page = selectors.organisation_page(user=user, organisation=row)
    log_access(user=user, obj=row)
    return render(
        request,
        "network/pact/organisation.html",
        {
            "organisation": row,
            **page,
            "can_edit": is_manager(user) and allowed(user, "territory.change_organisation"),
            "breadcrumbs": _crumbs(
                ("Registro degli enti", reverse("network:organisations")), (row.name, None)
            ),
        },
    )


def _registry_form_page(request, form, organisation=None, status=200):
    title = f"Modifica: {organisation.name}" if organisation else "Nuovo ente del registro"
    crumbs = [("Registro degli enti", reverse("network:organisations"))]
    if organisation:
        crumbs.append(
            (organisation.name, reverse("network:organisation", args=[organisation.uuid]))
        )
    return render(
        request,
        "territory/organisation_form.html",
        {
            "form": form,
            "organisation": organisation,
            "title": title,
            "breadcrumbs": _crumbs(*crumbs, (title, None)),
        },
        status=status,
    )


def _registry_data(form) -> dict:
    data = dict(form.cleaned_data)
    data["fields_of_activity"] = list(data.get("fields_of_activity") or [])
    return data


@login_required
def organisation_add(request):
    user = request.user
    if not (is_manager(user) and allowed(user, "territory.add_organisation")):
        raise NotAllowed
    zone = working_zone(user)
    form = OrganisationForm(request.POST or None, zone=zone, initial={"kind": "third_sector"})
    if request.method == "POST" and form.is_valid():
        try:
            created = territory_services.organisation_create(
                actor=user, zone=zone, data=_registry_data(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Ente aggiunto al registro.")
            if created.kind == "third_sector":
                return redirect("network:organisation", uuid=created.uuid)
            return redirect("network:organisations")
    return _registry_form_page(request, form, status=_status(request))


@login_required
def organisation_edit(request, uuid):
    user = request.user
    row = _or_404(selectors.organisation_get(user=user, uuid=uuid))
    if not (is_manager(user) and allowed(user, "territory.change_organisation")):
        raise NotAllowed
    form = OrganisationForm(
        request.POST or None,
        zone=row.zone,
        initial=initial_from(row, territory_services.ORGANISATION_FIELDS),
    )
    if request.method == "POST" and form.is_valid():
        try:
            territory_services.organisation_update(
                actor=user, organisation=row, data=_registry_data(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Dati del registro aggiornati.")
            return redirect("network:organisation", uuid=row.uuid)
    return _registry_form_page(request, form, row, status=_status(request))
