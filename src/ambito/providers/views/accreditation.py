"""Pages of accreditation: the schemes (list, new, one scheme with its checklist, tariff,
applications by state and the providers accredited today), the applications (list scoped as
the rows: the plan office the zone's, an operator their provider's; new; one application with
the checklist, the actions the user may take now and the history), the evidence download and
one POST endpoint per transition."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ambito.core.audit import log_access
from ambito.core.files import stream_stored_file
from ambito.core.forms import add_service_errors
from ambito.core.permissions import NotAllowed, allowed

from .. import accreditation_workflow as workflow
from ..choices import ApplicationState
from ..forms.accreditation import (
    ApplicationFilterForm,
    ApplicationForm,
    DecisionForm,
    EvidenceForm,
    OptionalReasonForm,
    ReasonForm,
    RequirementForm,
    ReviewForm,
    SchemeForm,
)
from ..models import RequirementEvidence
from ..selectors import accreditation as selectors
from ..services import accreditation as services
from ..services.common import NOT_ALLOWED, is_manager

S = ApplicationState
VIEW_SCHEME = "providers.view_accreditationscheme"
VIEW_APPLICATION = "providers.view_accreditationapplication"


def _scheme_crumbs(*items):
    return [("Accreditamento", reverse("providers:accreditation_schemes")), *items]


def _application_crumbs(*items):
    return [
        ("Accreditamento", reverse("providers:accreditation_schemes")),
        ("Domande", reverse("providers:applications")),
        *items,
    ]


def _require_manager(request):
    if not is_manager(request.user):
        raise NotAllowed(NOT_ALLOWED)


def _scheme(request, uuid):
    scheme = selectors.scheme_for(user=request.user, uuid=uuid)
    if scheme is None:
        raise Http404
    return scheme


def _application(request, uuid):
    application = selectors.application_for(user=request.user, uuid=uuid)
    if application is None:
        raise Http404
    return application


# --- schemes ---------------------------------------------------------------------------------


@login_required
@permission_required(VIEW_SCHEME, raise_exception=True)
def scheme_list(request):
    rows = selectors.schemes_for(user=request.user)
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "providers/accreditation/schemes.html",
        {
            "page": page,
            "querystring": "",
            "can_manage": is_manager(request.user),
            "can_apply": allowed(request.user, services.ADD),
            "breadcrumbs": [("Accreditamento", None)],
        },
    )


@login_required
@permission_required(VIEW_SCHEME, raise_exception=True)
def scheme_add(request):
    _require_manager(request)
    form = SchemeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.accreditation_scheme_create(
                actor=request.user, **form.data_for_service()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Sistema di accreditamento registrato.")
            return redirect("providers:accreditation_scheme", uuid=scheme.uuid)
    return render(
        request,
        "providers/accreditation/scheme_add.html",
        {"form": form, "breadcrumbs": _scheme_crumbs(("Nuovo sistema", None))},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@permission_required(VIEW_SCHEME, raise_exception=True)
def scheme_detail(request, uuid):
    scheme = _scheme(request, uuid)
    manager = is_manager(request.user)
    form = None
    status = 200
    if manager:
        form = RequirementForm(request.POST or None, initial={"document_required": True})
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.requirement_add(actor=request.user, scheme=scheme, **form.cleaned_data)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, "Requisito aggiunto.")
                    return redirect("providers:accreditation_scheme", uuid=scheme.uuid)
            status = 422
    elif request.method == "POST":
        raise NotAllowed(NOT_ALLOWED)
    return render(
        request,
        "providers/accreditation/scheme.html",
        {
            "scheme": scheme,
            "requirements": scheme.requirements.order_by("position"),
            "by_state": selectors.applications_by_state(scheme) if manager else None,
            "accredited": selectors.accredited_today(scheme),
            "can_manage": manager,
            "requirement_form": form,
            "breadcrumbs": _scheme_crumbs((scheme.title, None)),
        },
        status=status,
    )


# --- applications ----------------------------------------------------------------------------


@login_required
@permission_required(VIEW_APPLICATION, raise_exception=True)
def application_list(request):
    form = ApplicationFilterForm(request.GET or None, user=request.user)
    rows = selectors.applications_for(user=request.user, **form.filters())
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "providers/accreditation/applications.html",
        {
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "can_apply": allowed(request.user, services.ADD) or is_manager(request.user),
            "breadcrumbs": _scheme_crumbs(("Domande", None)),
        },
    )


@login_required
@permission_required(VIEW_APPLICATION, raise_exception=True)
def application_add(request):
    if not (allowed(request.user, services.ADD) or is_manager(request.user)):
        raise NotAllowed(NOT_ALLOWED)
    initial = {}
    if request.method == "GET" and request.GET.get("sistema"):
        initial["scheme"] = request.GET["sistema"]
    form = ApplicationForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Domanda creata: carica i documenti e presentala.")
            return redirect("providers:application", uuid=application.uuid)
    return render(
        request,
        "providers/accreditation/application_add.html",
        {"form": form, "breadcrumbs": _application_crumbs(("Nuova domanda", None))},
        status=422 if request.method == "POST" else 200,
    )


def _is_party(user, application) -> bool:
    return is_manager(user) or (
        getattr(user, "organisation_id", None) == application.provider.organisation_id
        and allowed(user, services.CHANGE)
    )


def _detail_context(request, application, *, bound=None) -> dict:
    """The page of an application: its checklist and the forms of what the user may do now.
    `bound` is the form in error ({key: form}) to show instead of a fresh one."""
    bound = bound or {}
    user = request.user
    party = _is_party(user, application)
    reviewer = is_manager(user) and allowed(user, services.REVIEW)
    manager = is_manager(user)
    state = application.state
    checklist = selectors.checklist(application)
    rows = []
    for evidence in checklist:
        key = evidence.requirement_id
        rows.append(
            {
                "evidence": evidence,
                "upload_form": (
                    bound.get(("evidence", key))
                    or EvidenceForm(prefix=f"r{key}", initial={"note": evidence.provider_note})
                )
                if party and state == S.DRAFT
                else None,
                "review_form": (
                    bound.get(("review", key))
                    or ReviewForm(
                        prefix=f"v{key}",
                        initial={"outcome": evidence.outcome, "note": evidence.review_note},
                    )
                )
                if reviewer and state == S.UNDER_REVIEW
                else None,
            }
        )
    actions = []

    def add(name, url_name, form=None, style="btn-primary"):
        actions.append(
            {
                "name": name,
                "label": workflow.get(name).label if name in workflow.TRANSITIONS else name,
                "url": reverse(f"providers:{url_name}", args=[application.uuid]),
                "form": bound.get(name) or form,
                "style": style,
            }
        )

    if party and workflow.can("submit", state):
        add("submit", "application_submit")
    if party and workflow.can("withdraw", state):
        add(
            "withdraw",
            "application_withdraw",
            OptionalReasonForm(prefix="withdraw"),
            "btn-outline-danger",
        )
    if reviewer and workflow.can("start_review", state):
        add("start_review", "application_start_review")
    if reviewer and state == S.UNDER_REVIEW:
        actions.append(
            {
                "name": "decide",
                "label": "Registra la decisione",
                "url": reverse("providers:application_decide", args=[application.uuid]),
                "form": bound.get("decide") or DecisionForm(prefix="decide"),
                "style": "btn-primary",
            }
        )
    if manager:
        for name, url_name, style in (
            ("suspend", "application_suspend", "btn-outline-danger"),
            ("reinstate", "application_reinstate", "btn-primary"),
            ("revoke", "application_revoke", "btn-danger"),
        ):
            if workflow.can(name, state):
                add(name, url_name, ReasonForm(prefix=name), style)
    renewal = selectors.renewal_of(application)
    if (
        (manager or allowed(user, services.ADD))
        and party
        and state in workflow.RENEWABLE_STATES
        and renewal is None
    ):
        actions.append(
            {
                "name": "renew",
                "label": "Presenta il rinnovo",
                "url": reverse("providers:application_renew", args=[application.uuid]),
                "form": None,
                "style": "btn-outline-primary",
            }
        )
    return {
        "application": application,
        "scheme": application.scheme,
        "rows": rows,
        "actions": actions,
        "errors": bound.get("__all__", []),
        "history": selectors.history(application),
        "renewal": renewal,
        "breadcrumbs": _application_crumbs(
            (f"{application.provider.organisation.name} – {application.scheme.title}", None)
        ),
    }


@login_required
@permission_required(VIEW_APPLICATION, raise_exception=True)
def application_detail(request, uuid):
    application = _application(request, uuid)
    return render(
        request,
        "providers/accreditation/application.html",
        _detail_context(request, application),
    )


def _failed(request, application, key, form, error):
    """The page again with the refusal on the form of the action (422)."""
    application = _application(request, application.uuid)
    if form is None:
        messages_list = list(error.messages) if error else []
        bound = {"__all__": messages_list}
    else:
        if error is not None:
            add_service_errors(form, error)
        bound = {key: form}
    return render(
        request,
        "providers/accreditation/application.html",
        _detail_context(request, application, bound=bound),
        status=422,
    )


def _done(request, application, text):
    messages.success(request, text)
    return redirect("providers:application", uuid=application.uuid)


def _simple(call, done: str):
    """A POST endpoint of a transition with no fields."""

    @login_required
    @permission_required(VIEW_APPLICATION, raise_exception=True)
    @require_POST
    def view(request, uuid):
        application = _application(request, uuid)
        try:
            result = call(actor=request.user, application=application)
        except ValidationError as error:
            return _failed(request, application, None, None, error)
        return _done(request, result, done)

    return view


def _with_reason(name, call, done: str, form_class=ReasonForm):
    @login_required
    @permission_required(VIEW_APPLICATION, raise_exception=True)
    @require_POST
    def view(request, uuid):
        application = _application(request, uuid)
        form = form_class(request.POST, prefix=name)
        if not form.is_valid():
            return _failed(request, application, name, form, None)
        try:
            call(actor=request.user, application=application, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            return _failed(request, application, name, form, error)
        return _done(request, application, done)

    return view


application_submit = _simple(services.application_submit, "Domanda presentata.")
application_start_review = _simple(services.application_start_review, "Istruttoria avviata.")
application_suspend = _with_reason(
    "suspend", services.application_suspend, "Accreditamento sospeso."
)
application_reinstate = _with_reason(
    "reinstate", services.application_reinstate, "Accreditamento riattivato."
)
application_revoke = _with_reason("revoke", services.application_revoke, "Accreditamento revocato.")
application_withdraw = _with_reason(
    "withdraw", services.application_withdraw, "Domanda ritirata.", OptionalReasonForm
)


@login_required
@permission_required(VIEW_APPLICATION, raise_exception=True)
@require_POST
def application_renew(request, uuid):
    application = _application(request, uuid)
    try:
        renewal = services.application_renew(actor=request.user, application=application)
    except ValidationError as error:
        return _failed(request, application, None, None, error)
    return _done(request, renewal, "Rinnovo creato: carica di nuovo i documenti e presentalo.")


@login_required
@permission_required(VIEW_APPLICATION, raise_exception=True)
@require_POST
def application_decide(request, uuid):
    application = _application(request, uuid)
    form = DecisionForm(request.POST, prefix="decide")
    if not form.is_valid():
        return _failed(request, application, "decide", form, None)
    data = form.cleaned_data
    try:
        services.application_decide(
            actor=request.user,
            application=application,
            accredit=data["decision"] == "accredita",
            decision_act=data.get("decision_act") or "",
            valid_from=data.get("valid_from"),
            valid_until=data.get("valid_until"),
            reason=data.get("reason") or "",
        )
    except ValidationError as error:
        return _failed(request, application, "decide", form, error)
    return _done(
        request,
        application,
        "Accreditamento registrato." if data["decision"] == "accredita" else "Domanda respinta.",
    )


def _evidence(application, requirement_id):
    evidence = (
        RequirementEvidence.objects.filter(application=application, requirement_id=requirement_id)
        .select_related("requirement")
        .first()
    )
    if evidence is None:
        raise Http404
    return evidence


@login_required
@permission_required(VIEW_APPLICATION, raise_exception=True)
@require_POST
def evidence_upload(request, uuid, requirement_id):
    application = _application(request, uuid)
    evidence = _evidence(application, requirement_id)
    form = EvidenceForm(request.POST, request.FILES, prefix=f"r{requirement_id}")
    key = ("evidence", requirement_id)
    if not form.is_valid():
        return _failed(request, application, key, form, None)
    try:
        services.evidence_upload(
            actor=request.user,
            application=application,
            requirement=evidence.requirement,
            upload=form.cleaned_data.get("upload"),
            note=form.cleaned_data.get("note") or "",
        )
    except ValidationError as error:
        return _failed(request, application, key, form, error)
    return _done(request, application, "Requisito aggiornato.")


@login_required
@permission_required(VIEW_APPLICATION, raise_exception=True)
@require_POST
def requirement_review(request, uuid, requirement_id):
    application = _application(request, uuid)
    evidence = _evidence(application, requirement_id)
    form = ReviewForm(request.POST, prefix=f"v{requirement_id}")
    key = ("review", requirement_id)
    if not form.is_valid():
        return _failed(request, application, key, form, None)
    try:
        services.requirement_review(
            actor=request.user,
            evidence=evidence,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data.get("note") or "",
        )
    except ValidationError as error:
        return _failed(request, application, key, form, error)
    return _done(request, application, "Esito del requisito registrato.")


@login_required
@permission_required(VIEW_APPLICATION, raise_exception=True)
def evidence_file(request, uuid, requirement_id):
    application = _application(request, uuid)
    evidence = _evidence(application, requirement_id)
    if not evidence.file:
        raise Http404
    log_access(
        user=request.user, obj=application, detail={"documento": evidence.requirement.position}
    )
    return stream_stored_file(
        evidence.file.name,
        filename=evidence.file_name or f"requisito-{evidence.requirement.position}.pdf",
        content_type=evidence.content_type or None,
    )
