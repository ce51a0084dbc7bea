"""The access point's pages: the search of the listable workers, a match with a family, the
matches and their outcome."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from ambito.core.audit import log_access, log_persons_shown
from ambito.core.choices import AccessAction
from ambito.core.forms import add_service_errors

from ..forms.register import MatchFilterForm, MatchForm, OutcomeForm, SearchForm
from ..scoping import SEARCH
from ..selectors import register as selectors
from ..services import matches as services
from .common import PAGE_SIZE, crumbs, log_workers_shown, query_without_page, worker_or_404


@login_required
@permission_required(SEARCH, raise_exception=True)
def search(request):
    form = SearchForm(request.GET or None, user=request.user)
    page = None
    if form.is_bound and form.is_valid():
        rows = selectors.search(user=request.user, **form.filters())
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
        log_workers_shown(
            request.user,
            page.object_list,
            action=AccessAction.SEARCH,
            detail={"pagina": page.number},
        )
    return render(
        request,
        "assistants/search.html",
        {
            "form": form,
            "page": page,
            "querystring": query_without_page(request),
            "breadcrumbs": crumbs(("Ricerca", None)),
        },
        status=422 if form.is_bound and not form.is_valid() else 200,
    )


def _person(request, form):
    code = (form.cleaned_data.get("fiscal_code") or "").strip().upper()
    if not code:
        return None, None
    from ambito.registry.models import Person

    person = Person.objects.visible_to(request.user).filter(fiscal_code=code).first()
    if person is None:
        return None, "Nessuna persona con questo codice fiscale nell'anagrafe che puoi consultare."
    return person, None


@login_required
@permission_required("assistants.add_match", raise_exception=True)
def match_add(request, uuid):
    worker = worker_or_404(request, uuid)
    form = MatchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        person, problem = _person(request, form)
        if problem:
            form.add_error("fiscal_code", problem)
        else:
            try:
                match = services.match_create(
                    actor=request.user,
                    worker=worker,
                    person=person,
                    family_reference=form.cleaned_data.get("family_reference") or "",
                    access_point=form.cleaned_data["access_point"],
                    matched_on=form.cleaned_data.get("matched_on"),
                    notes=form.cleaned_data.get("notes") or "",
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Abbinamento registrato.")
                return redirect("assistants:match", uuid=match.uuid)
    return render(
        request,
        "assistants/matches/form.html",
        {
            "form": form,
            "worker": worker,
            "breadcrumbs": crumbs(
                ("Ricerca", reverse("assistants:search")),
                (worker.public_name, reverse("assistants:worker", args=[worker.uuid])),
                ("Nuovo abbinamento", None),
            ),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@permission_required("assistants.view_match", raise_exception=True)
def match_list(request):
    form = MatchFilterForm(request.GET or None)
    outcome = form.cleaned_data.get("esito", "") if form.is_valid() else ""
    rows = selectors.matches_for(user=request.user, outcome=outcome)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    log_persons_shown(
        user=request.user,
        rows=page.object_list,
        person_field="person",
        object_type="assistants.match",
    )
    return render(
        request,
        "assistants/matches/list.html",
        {
            "form": form,
            "page": page,
            "querystring": query_without_page(request),
            "breadcrumbs": crumbs(("Abbinamenti", None)),
        },
    )


@login_required
@permission_required("assistants.view_match", raise_exception=True)
def match_detail(request, uuid):
    match = selectors.match_for(user=request.user, uuid=uuid)
    if match is None:
        raise Http404
    can_change = request.user.has_perm("assistants.change_match") and request.user.has_perm(SEARCH)
    form = OutcomeForm(
        request.POST or None,
        initial={
            "outcome": match.outcome,
            "hours_agreed": match.hours_agreed,
            "started_on": match.started_on,
            "ended_on": match.ended_on,
            "notes": match.notes,
        },
    )
    if request.method == "POST":
        if not can_change:
            from ambito.core.permissions import NotAllowed

            raise NotAllowed("Non hai il permesso di aggiornare l'esito dell'abbinamento.")
        if form.is_valid():
            try:
                services.match_set_outcome(actor=request.user, match=match, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Esito dell'abbinamento aggiornato.")
                return redirect("assistants:match", uuid=match.uuid)
    log_access(user=request.user, obj=match, person=match.person)
    return render(
        request,
        "assistants/matches/detail.html",
        {
            "match": match,
            "form": form if can_change else None,
            "breadcrumbs": crumbs(
                ("Abbinamenti", reverse("assistants:matches")), (str(match), None)
            ),
        },
        status=422 if request.method == "POST" else 200,
    )
