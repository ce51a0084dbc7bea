"""Pages of the court orders and their social reports: the list with its filters (open, due
soon, overdue), registering an order from a case, one order with its deadline and report, the
report's editor with its versions, the PDF, signature and delivery.

An order or a report out of the user's scope — anybody but the child-protection service and
the case's team — is a 404 (the page does not say it exists)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ambito.core.audit import log_access, log_persons_shown
from ambito.core.choices import AccessAction
from ambito.core.forms import add_service_errors
from ambito.core.pdf import render_pdf

from ..choices import ReportStatus
from ..forms import DeliverForm, DraftForm, OrderForm, ReportBodyForm
from ..scoping import case_for_new_order
from ..selectors import orders as selectors
from ..services import orders as order_services
from ..services import reports as report_services

VIEW = "protection.view_courtorder"


def _crumbs(*items):
    return [("Tutela minori: provvedimenti", reverse("protection:orders")), *items]


def _order(request, uuid):
    order = selectors.order_for(request.user, uuid)
    if order is None:
        raise Http404
    return order


def _report(request, uuid):
    report = selectors.report_for(request.user, uuid)
    if report is None:
        raise Http404
    return report


def _minors(case):
    from ambito.registry.models import HouseholdMember

    if not case.household_id:
        return [case.person]
    members = (
        HouseholdMember.objects.filter(household_id=case.household_id, end_date__isnull=True)
        .select_related("person")
        .order_by("-person__birth_date")
    )
    today = timezone.localdate()
    minors = [
        m.person
        for m in members
        if (today.year - m.person.birth_date.year)
        - ((today.month, today.day) < (m.person.birth_date.month, m.person.birth_date.day))
        < 18
    ]
    return minors or [case.person]


@login_required
@permission_required(VIEW, raise_exception=True)
def order_list(request):
    which = request.GET.get("stato", "aperti")
    if which not in selectors.FILTERS:
        which = "aperti"
    page = Paginator(selectors.orders_for(request.user, which=which), 50).get_page(
        request.GET.get("pagina")
    )
    today = timezone.localdate()
    for order in page.object_list:
        order.deadline = selectors.deadline_state(order, today)
        order.days_left = selectors.days_left(order, today)
    log_persons_shown(
        user=request.user,
        rows=[o.case for o in page.object_list],
        person_field="person",
        object_type="protection.courtorder",
    )
    return render(
        request,
        "protection/orders.html",
        {
            "page": page,
            "which": which,
            "filters": selectors.FILTERS,
            "query": f"stato={which}",
            "breadcrumbs": [("Tutela minori: provvedimenti", None)],
        },
    )


@login_required
def order_add(request, case):
    case = case_for_new_order(request.user, case)
    if case is None:
        raise Http404
    if not request.user.has_perm("protection.add_courtorder"):
        raise Http404
    log_access(user=request.user, obj=case, person=case.person)
    form = OrderForm(request.POST or None, minors=_minors(case))
    if request.method == "POST" and form.is_valid():
        try:
            order = order_services.order_create(
                actor=request.user, case=case, **form.service_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Provvedimento {order.reference} registrato: relazione entro il "
                f"{order.due_date:%d/%m/%Y}."
                if order.due_date
                else f"Provvedimento {order.reference} registrato.",
            )
            return redirect("protection:order", uuid=order.uuid)
    return render(
        request,
        "protection/order_form.html",
        {
            "form": form,
            "case": case,
            "breadcrumbs": _crumbs(
                (f"Cartella {case.number}", None), ("Nuovo provvedimento", None)
            ),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def order_detail(request, uuid):
    order = _order(request, uuid)
    log_access(user=request.user, obj=order, person=order.case.person, persons=[order.minor])
    report = selectors.report_of(order)
    versions = list(report.versions.select_related("created_by")) if report else []
    return render(
        request,
        "protection/order.html",
        {
            "order": order,
            "deadline": selectors.deadline_state(order),
            "days_left": selectors.days_left(order),
            "report": report,
            "versions": versions,
            "draft_form": DraftForm(
                templates=selectors.templates_for(request.user, active_only=True)
            ),
            "deliver_form": DeliverForm(initial={"delivered_on": timezone.localdate()}),
            "can_change": request.user.has_perm("protection.change_courtorder"),
            "can_draft": request.user.has_perm("protection.add_socialreport"),
            "can_sign": request.user.has_perm("protection.sign_report"),
            "meetings": list(selectors.meetings_for(request.user, case=order.case)[:10]),
            "breadcrumbs": _crumbs((str(order), None)),
        },
    )


@login_required
@require_POST
def order_close(request, uuid):
    order = _order(request, uuid)
    try:
        order_services.order_close(actor=request.user, order=order)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, "Provvedimento chiuso.")
    return redirect("protection:order", uuid=order.uuid)


@login_required
@require_POST
def report_draft(request, uuid):
    order = _order(request, uuid)
    form = DraftForm(
        request.POST, templates=selectors.templates_for(request.user, active_only=True)
    )
    if not form.is_valid():
        messages.error(request, "Modello di relazione non valido.")
        return redirect("protection:order", uuid=order.uuid)
    try:
        report = report_services.report_draft(
            actor=request.user, order=order, template=form.cleaned_data.get("template")
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("protection:order", uuid=order.uuid)
    messages.success(request, "Bozza della relazione creata dal modello.")
    return redirect("protection:report", uuid=report.uuid)


def _version(report, request):
    versions = list(report.versions.select_related("created_by"))
    wanted = request.GET.get("versione")
    shown = versions[0] if versions else None
    if wanted:
        shown = next((v for v in versions if str(v.number) == wanted), None)
        if shown is None:
            raise Http404
    return versions, shown


@login_required
def report_edit(request, uuid):
    report = _report(request, uuid)
    order = report.order
    log_access(user=request.user, obj=report, person=order.case.person)
    versions, shown = _version(report, request)
    editable = report.status == ReportStatus.DRAFT and request.user.has_perm(
        "protection.change_socialreport"
    )
    form = ReportBodyForm(
        request.POST or None, initial={"body": versions[0].body if versions else ""}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                version = report_services.report_save(
                    actor=request.user, report=report, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Relazione salvata: versione {version.number}.")
                return redirect("protection:report", uuid=report.uuid)
        status = 422
    return render(
        request,
        "protection/report.html",
        {
            "report": report,
            "order": order,
            "versions": versions,
            "shown": shown,
            "latest": versions[0] if versions else None,
            "form": form,
            "editable": editable,
            "can_sign": request.user.has_perm("protection.sign_report"),
            "deliver_form": DeliverForm(initial={"delivered_on": timezone.localdate()}),
            "placeholders": report_services.PLACEHOLDERS,
            "breadcrumbs": _crumbs(
                (str(order), reverse("protection:order", args=[order.uuid])), ("Relazione", None)
            ),
        },
        status=status,
    )


@login_required
def report_pdf(request, uuid):
    report = _report(request, uuid)
    versions, shown = _version(report, request)
    if shown is None:
        raise Http404
    log_access(
        user=request.user, obj=report, person=report.order.case.person, action=AccessAction.EXPORT
    )
    html = render_to_string(
        "protection/report_pdf.html",
        {
            "report": report,
            "order": report.order,
            "version": shown,
            "printed_on": timezone.localdate(),
        },
        request=request,
    )
    pdf = render_pdf(html, request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="relazione-{report.uuid}-v{shown.number}.pdf"'
    )
    return response


@login_required
@require_POST
def report_sign(request, uuid):
    report = _report(request, uuid)
    try:
        report = report_services.report_sign(actor=request.user, report=report)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, f"Relazione firmata (versione {report.signed_version.number}).")
    return redirect("protection:report", uuid=report.uuid)


@login_required
@require_POST
def report_deliver(request, uuid):
    report = _report(request, uuid)
    form = DeliverForm(request.POST)
    if form.is_valid():
        try:
            report = report_services.report_deliver(
                actor=request.user, report=report, **form.cleaned_data
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            on_time = "nei termini" if report.on_time else "oltre la scadenza"
            messages.success(request, f"Consegna registrata: relazione consegnata {on_time}.")
            return redirect("protection:order", uuid=report.order.uuid)
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect("protection:report", uuid=report.uuid)
