"""Pages of the RSA waiting lists under /rsa/: the structures with beds, occupied and waiting;
a structure's ranking (as of a date) and its history; applications (new from a case), their
evaluation, preferences, offers and replies, admission, withdrawal or death; the score sheets
and fee rules (the plan office); the reports (XLSX, CSV, PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ambito.cases.models import Case
from ambito.core.files import file_response
from ambito.core.forms import add_service_errors
from ambito.core.pdf import pdf_response
from ambito.core.permissions import NotAllowed, allowed
from ambito.core.tables import XLSX, csv_bytes, xlsx_bytes

from .. import forms as f
from .. import selectors
from ..choices import ApplicationStatus
from ..models import FeeRule, Offer, ScoreSheet, Structure
from ..services import applications as services
from ..services import config
from ..services.common import NOT_ALLOWED, is_body_of, is_manager

VIEW_STRUCTURE = "rsa.view_structure"
VIEW_APPLICATION = "rsa.view_application"
PAGE = 50


def _crumbs(*items):
    return [("Liste d'attesa RSA", reverse("rsa:home")), *items]


def _require_manager(request):
    if not is_manager(request.user):
        raise NotAllowed(NOT_ALLOWED)


@login_required
@permission_required(VIEW_STRUCTURE, raise_exception=True)
def home(request):
    return render(
        request,
        "rsa/home.html",
        {
            "structures": selectors.structures_for(request.user),
            "can_manage": is_manager(request.user),
            "can_apply": allowed(request.user, "rsa.view_application"),
            "breadcrumbs": [("Liste d'attesa RSA", None)],
        },
    )


@login_required
@permission_required(VIEW_STRUCTURE, raise_exception=True)
def structure_add(request):
    _require_manager(request)
    form = f.StructureForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            created = config.structure_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Struttura {created.name} registrata.")
            return redirect("rsa:structure", uuid=created.uuid)
    return render(
        request,
        "rsa/form.html",
        {
            "form": form,
            "title": "Nuova RSA",
            "submit": "Registra la struttura",
            "back": reverse("rsa:home"),
            "breadcrumbs": _crumbs(("Nuova RSA", None)),
        },
        status=422 if request.method == "POST" else 200,
    )


def _structure(request, uuid):
    structure = selectors.structure_for(request.user, uuid)
    if structure is None:
        raise Http404
    return structure


@login_required
@permission_required(VIEW_STRUCTURE, raise_exception=True)
def structure_detail(request, uuid):
    structure = _structure(request, uuid)
    reader = allowed(request.user, "rsa.view_rankingrow")
    form = f.AsOfForm(request.GET or None)
    day = form.cleaned_data["al"] if form.is_valid() else None
    entries, page = [], None
    if reader:
        if day is None:
            size = selectors.ranking_size(structure)
            paginator = Paginator(range(size), PAGE)
            page = paginator.get_page(request.GET.get("pagina"))
            if size:
                entries = selectors.ranking_for(
                    request.user, structure, start=page.start_index(), stop=page.end_index()
                )
        else:
            entries = selectors.ranking_for(request.user, structure, day=day)
    open_offers = []
    if is_manager(request.user) or is_body_of(request.user, structure):
        open_offers = list(
            Offer.objects.visible_to(request.user)
            .filter(structure=structure, reply="")
            .select_related("application__person")
        )
    return render(
        request,
        "rsa/structure.html",
        {
            "structure": structure,
            "entries": entries,
            "page": page,
            "form": form,
            "day": day,
            "reader": reader,
            "sees_zone": selectors.sees_zone(request.user),
            "open_offers": open_offers,
            "breadcrumbs": _crumbs((structure.name, None)),
        },
    )


@login_required
@permission_required("rsa.view_rankingrow", raise_exception=True)
def structure_history(request, uuid):
    structure = _structure(request, uuid)
    return render(
        request,
        "rsa/history.html",
        {
            "structure": structure,
            "events": selectors.structure_history(structure),
            "breadcrumbs": _crumbs(
                (structure.name, reverse("rsa:structure", args=[structure.uuid])), ("Storia", None)
            ),
        },
    )


@login_required
@permission_required(VIEW_APPLICATION, raise_exception=True)
def application_list(request):
    status = request.GET.get("stato", "")
    if status not in ApplicationStatus.values:
        status = ""
    rows = selectors.applications_for(request.user, status=status)
    page = Paginator(rows, PAGE).get_page(request.GET.get("pagina"))
    from ambito.core.audit import log_persons_shown

    log_persons_shown(
        user=request.user,
        rows=page.object_list,
        person_field="person",
        object_type="rsa.application",
    )
    return render(
        request,
        "rsa/applications.html",
        {
            "page": page,
            "status": status,
            "statuses": ApplicationStatus.choices,
            "can_manage": is_manager(request.user),
            "breadcrumbs": _crumbs(("Domande", None)),
        },
    )


@login_required
@permission_required("rsa.add_application", raise_exception=True)
def application_add(request):
    case = None
    case_uuid = request.GET.get("cartella") or request.POST.get("cartella")
    if case_uuid:
        try:
            case = (
                Case.objects.visible_to(request.user)
                .select_related("person")
                .filter(uuid=case_uuid)
                .first()
            )
        except ValidationError:
            case = None
        if case is None:
            raise Http404
    elif not is_manager(request.user):
        raise NotAllowed("Una domanda RSA si presenta dalla cartella della persona.")
    form_class = f.ApplicationForm if case else f.ContactApplicationForm
    form = form_class(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["structures"] = list(data["structures"])
        person = case.person if case else None
        if case is None:
            from ambito.registry.selectors import person_by_exact_code

            person = person_by_exact_code(user=request.user, code=data.pop("fiscal_code"))
        try:
            created = services.application_create(
                actor=request.user, person=person, case=case, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Domanda RSA {created.number} registrata.")
            return redirect("rsa:application", uuid=created.uuid)
    return render(
        request,
        "rsa/application_form.html",
        {
            "form": form,
            "case": case,
            "breadcrumbs": _crumbs(("Nuova domanda", None)),
        },
        status=422 if request.method == "POST" else 200,
    )


def _application(request, uuid):
    application = selectors.application_for(request.user, uuid)
    if application is None:
        raise Http404
    return application


def _detail_context(request, application, **forms):
    manager = is_manager(request.user)
    detail = selectors.application_detail(application)
    structures = Structure.objects.filter(zone_id=application.zone_id, active=True)
    context = {
        "application": application,
        **detail,
        "can_manage": manager,
        "offer_form": forms.get("offer_form") or f.OfferForm(user=request.user),
        "admission_form": forms.get("admission_form") or f.AdmissionForm(structures=structures),
        "close_form": forms.get("close_form") or f.CloseForm(),
        "evaluation_form": forms.get("evaluation_form") or _evaluation_form(application),
        "preferences_form": forms.get("preferences_form")
        or f.PreferencesForm(
            user=request.user,
            initial={"structures": [p.structure_id for p in detail["preferences"]]},
        ),
        "breadcrumbs": _crumbs(
            ("Domande", reverse("rsa:applications")), (application.number, None)
        ),
    }
    return context


@login_required
@permission_required(VIEW_APPLICATION, raise_exception=True)
def application_detail(request, uuid):
    application = _application(request, uuid)
    return render(request, "rsa/application.html", _detail_context(request, application))


def _post_action(request, uuid, form_name, make_form, act, done):
    application = _application(request, uuid)
    _require_manager(request)
    form = make_form(request.POST)
    if form.is_valid():
        try:
            act(application, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("rsa:application", uuid=application.uuid)
    return render(
        request,
        "rsa/application.html",
        _detail_context(request, application, **{form_name: form}),
        status=422,
    )


def _evaluation_form(application) -> f.EvaluationForm:
    """The current evaluation, to be changed by a new multidimensional evaluation."""
    fields = f.EvaluationForm.base_fields
    return f.EvaluationForm(initial={name: getattr(application, name) for name in fields})


@login_required
@permission_required(VIEW_APPLICATION, raise_exception=True)
@require_POST
def application_evaluate(request, uuid):
    """A new multidimensional evaluation: the score, the class and every ranking recomputed."""
    return _post_action(
        request,
        uuid,
        "evaluation_form",
        f.EvaluationForm,
        lambda a, c: services.application_evaluate(actor=request.user, application=a, **c),
        "Valutazione aggiornata: punteggio e graduatorie ricalcolati.",
    )


@login_required
@permission_required(VIEW_APPLICATION, raise_exception=True)
@require_POST
def application_preferences(request, uuid):
    return _post_action(
        request,
        uuid,
        "preferences_form",
        lambda d: f.PreferencesForm(d, user=request.user),
        lambda a, c: services.preferences_set(
            actor=request.user, application=a, structures=list(c["structures"])
        ),
        "Strutture preferite aggiornate.",
    )


@login_required
@permission_required(VIEW_APPLICATION, raise_exception=True)
@require_POST
def offer_add(request, uuid):
    return _post_action(
        request,
        uuid,
        "offer_form",
        lambda d: f.OfferForm(d, user=request.user),
        lambda a, c: services.offer_make(actor=request.user, application=a, **c),
        "Posto offerto.",
    )


@login_required
@permission_required(VIEW_APPLICATION, raise_exception=True)
@require_POST
def admission_add(request, uuid):
    structures = Structure.objects.visible_to(request.user).filter(active=True)
    return _post_action(
        request,
        uuid,
        "admission_form",
        lambda d: f.AdmissionForm(d, structures=structures),
        lambda a, c: services.admission_record(actor=request.user, application=a, **c),
        "Ingresso registrato.",
    )


@login_required
@permission_required(VIEW_APPLICATION, raise_exception=True)
@require_POST
def application_close(request, uuid):
    return _post_action(
        request,
        uuid,
        "close_form",
        f.CloseForm,
        lambda a, c: services.application_close(actor=request.user, application=a, **c),
        "Domanda chiusa.",
    )


@login_required
@permission_required("rsa.view_offer", raise_exception=True)
def offer_reply(request, uuid):
    """The reply to an offer, by the plan office or the structure's managing body; then, for
    the body, the admission of the applicant."""
    offer = (
        Offer.objects.visible_to(request.user)
        .select_related("structure", "application__person")
        .filter(uuid=uuid)
        .first()
    )
    if offer is None:
        raise Http404
    if not (is_manager(request.user) or is_body_of(request.user, offer.structure)):
        raise NotAllowed("Solo l'Ufficio di Piano o l'ente gestore registra la risposta.")
    from ambito.core.audit import log_access

    log_access(user=request.user, obj=offer, person=offer.application.person)
    form = (
        f.ReplyForm(request.POST or None)
        if "reply" in request.POST or request.method == "GET"
        else f.ReplyForm()
    )
    admission_form = f.AdmissionForm(
        request.POST if "monthly_fee" in request.POST else None,
        structures=Structure.objects.filter(pk=offer.structure_id),
        initial={"structure": offer.structure},
    )
    if request.method == "POST":
        target = admission_form if "monthly_fee" in request.POST else form
        if target.is_valid():
            try:
                if target is form:
                    services.offer_reply(actor=request.user, offer=offer, **form.cleaned_data)
                else:
                    services.admission_record(
                        actor=request.user,
                        application=offer.application,
                        **admission_form.cleaned_data,
                    )
            except ValidationError as error:
                add_service_errors(target, error)
            else:
                messages.success(
                    request, "Risposta registrata." if target is form else "Ingresso registrato."
                )
                return redirect("rsa:offer", uuid=offer.uuid)
    offer.refresh_from_db()
    return render(
        request,
        "rsa/offer.html",
        {
            "offer": offer,
            "form": form,
            "admission_form": admission_form,
            "admitted": hasattr(offer.application, "admission"),
            "breadcrumbs": _crumbs(
                (offer.structure.name, reverse("rsa:structure", args=[offer.structure.uuid])),
                ("Offerta", None),
            ),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@permission_required("rsa.view_scoresheet", raise_exception=True)
def configuration(request):
    manager = is_manager(request.user)
    sheet_form = f.SheetForm(request.POST if "max_refusals" in request.POST else None)
    rule_form = f.FeeRuleForm(request.POST if "social_part_percent" in request.POST else None)
    if request.method == "POST":
        _require_manager(request)
        target = sheet_form if "max_refusals" in request.POST else rule_form
        if target.is_valid():
            try:
                if target is sheet_form:
                    config.sheet_create(actor=request.user, **sheet_form.cleaned_data)
                else:
                    config.fee_rule_create(actor=request.user, **rule_form.cleaned_data)
            except ValidationError as error:
                add_service_errors(target, error)
            else:
                messages.success(request, "Configurazione salvata.")
                return redirect("rsa:configuration")
    return render(
        request,
        "rsa/configuration.html",
        {
            "sheets": ScoreSheet.objects.visible_to(request.user),
            "rules": FeeRule.objects.visible_to(request.user),
            "sheet_form": sheet_form,
            "rule_form": rule_form,
            "can_manage": manager,
            "breadcrumbs": _crumbs(("Schede di punteggio e compartecipazione", None)),
        },
        status=422 if request.method == "POST" else 200,
    )


REPORT_HEADER = [
    "Struttura",
    "Posti",
    "Occupati",
    "In attesa",
    "Attesa mediana (giorni)",
    "Attesa più lunga (giorni)",
    "Ingressi",
    "Giorni mediani fino all'ingresso",
    "Quota mensile comuni (€)",
]


def _report_rows(rows):
    return [
        [
            r["structure"].name,
            r["beds"],
            r["occupied"],
            r["waiting"],
            r["median_wait_days"],
            r["longest_wait_days"],
            r["admissions"],
            r["median_days_to_admission"],
            r["municipal_share"],
        ]
        for r in rows
    ]


@login_required
@permission_required("rsa.view_zone_rsa", raise_exception=True)
def reports(request):
    rows = selectors.report(request.user)
    fmt = request.GET.get("formato", "")
    name = "liste-attesa-rsa"
    if fmt == "xlsx":
        body = xlsx_bytes([("Liste d'attesa RSA", REPORT_HEADER, _report_rows(rows))])
        return file_response(body, f"{name}.xlsx", XLSX)
    if fmt == "csv":
        body = csv_bytes(REPORT_HEADER, _report_rows(rows))
        return file_response(body, f"{name}.csv", "text/csv; charset=utf-8")
    if fmt == "pdf":
        return pdf_response(
            request, "rsa/report_pdf.html", {"rows": rows}, f"{name}.pdf", attachment=True
        )
    return render(
        request,
        "rsa/reports.html",
        {
            "rows": rows,
            "breadcrumbs": _crumbs(("Rapporti", None)),
        },
    )
