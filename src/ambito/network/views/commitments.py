"""Pages of the commitment records: the list with filters (line, month, organisation) and
the form to document a month, one record's edit page, and the internal transparency page of
a line. An operator sees and writes only their organisation's records: another
organisation's are a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from ambito.core.forms import add_service_errors
from ambito.core.permissions import NotAllowed, working_zone
from ambito.planning.models import PlanObjective
from ambito.territory.models import Organisation

from ..forms.commitments import CommitmentFilterForm, CommitmentForm
from ..selectors import commitments as selectors
from ..selectors.pact import line_get, lines_for
from ..services import commitments as services
from ..services.common import is_manager

VIEW = "network.view_commitmentrecord"
ADD = "network.add_commitmentrecord"
PAGE_SIZE = 50
FIGURES = ("hours", "people", "expenses", "activities", "training_hours", "training_note")


def _crumbs(*items):
    return [("Rete del Terzo settore", reverse("network:home")), *items]


def _lines(user):
    return lines_for(user=user)


def _organisations(user):
    """The organisations the user may document: the zone's for the plan office, their own
    for an operator."""
    zone = working_zone(user)
    rows = Organisation.objects.filter(zone=zone).order_by("name")
    if is_manager(user):
        return rows
    return rows.filter(pk=getattr(user, "organisation_id", None) or 0)


def _record_kwargs(data: dict) -> dict:
    return {name: data[name] for name in (*FIGURES, "results", "side") if name in data}


@login_required
@permission_required(VIEW, raise_exception=True)
def commitments(request):
    user = request.user
    organisations = _organisations(user)
    lines = _lines(user)
    can_record = user.has_perm(ADD) and organisations.exists()
    form = (
        CommitmentForm(request.POST or None, organisations=organisations, lines=lines)
        if can_record
        else None
    )
    if request.method == "POST":
        if form is None:
            raise NotAllowed
        if form.is_valid():
            data = form.cleaned_data
            try:
                record = services.commitment_record_save(
                    actor=user,
                    organisation=data["organisation"],
                    line=data["line"],
                    month=data["month"],
                    **_record_kwargs(data),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, f"Impegni di {record.month:%m/%Y} registrati per la linea."
                )
                return redirect("network:commitments")
    filters = CommitmentFilterForm(request.GET or None, organisations=organisations, lines=lines)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.records_for(
        user=user,
        line=chosen.get("linea"),
        month=chosen.get("mese"),
        organisation=chosen.get("ente"),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "network/commitments/list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "filters": filters,
            "form": form,
            "totals": selectors.totals_by_line_and_organisation(rows),
            "lines": lines,
            "manager": is_manager(user),
            "breadcrumbs": _crumbs(("Impegni documentati", None)),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def commitment(request, uuid):
    user = request.user
    record = selectors.record_get(user=user, uuid=uuid)
    if record is None:
        raise Http404
    can_edit = user.has_perm("network.change_commitmentrecord")
    form = None
    if can_edit:
        initial = {name: getattr(record, name) for name in (*FIGURES, "results", "side")}
        form = CommitmentForm(
            request.POST or None,
            organisations=Organisation.objects.filter(pk=record.organisation_id),
            lines=PlanObjective.objects.filter(pk=record.line_id),
            fixed=True,
            initial=initial,
        )
    status = 200
    if request.method == "POST":
        if form is None:
            raise NotAllowed
        if form.is_valid():
            try:
                services.commitment_record_update(
                    actor=user, record=record, **_record_kwargs(form.cleaned_data)
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Impegni del mese aggiornati.")
                return redirect("network:commitment", uuid=record.uuid)
        status = 422
    return render(
        request,
        "network/commitments/record.html",
        {
            "record": record,
            "form": form,
            "breadcrumbs": _crumbs(
                ("Impegni documentati", reverse("network:commitments")),
                (f"{record.organisation.name} · {record.line.code} · {record.month:%m/%Y}", None),
            ),
        },
        status=status,
    )


@login_required
def transparency(request, uuid):
    """The transparency figures of a line for the zone's users, with the link to the public
    page (the same content: organisation names and figures, never persons)."""
    zone = working_zone(request.user)
    # Readers of the network only: the same lines as the pact's pages (the public page is
    # for everyone else).
    line = line_get(user=request.user, uuid=uuid)
    if line is None:
        raise Http404
    every = request.GET.get("risultati") == "tutti"
    figures = selectors.line_transparency(
        line=line, results_per_organisation=None if every else selectors.RESULTS_SHOWN
    )
    return render(
        request,
        "network/commitments/transparency.html",
        {
            "zone": zone,
            "line": line,
            "figures": figures,
            "chart": figures.chart(),
            "every_result": every,
            "public_url": reverse("network_public:line", args=[zone.code, line.uuid]),
            "breadcrumbs": _crumbs(
                ("Impegni documentati", reverse("network:commitments")),
                (f"Trasparenza · {line.code}", None),
            ),
        },
    )
