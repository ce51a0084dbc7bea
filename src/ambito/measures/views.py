"""Pages of the national measures (§5): applications by municipality and status, the
follow-up list, and the import of INPS lists (upload, preview with per-row errors, confirm).

Between the preview and the confirmation the uploaded file waits in the default storage under
a random name (never in the session or a URL; measures/jobs.py). The confirmation starts a
background job that checks the file again and writes it all or nothing, so what is written is
what was previewed and no request waits for the write."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ambito.core.forms import StyledFormMixin
from ambito.core.permissions import NotAllowed
from ambito.jobs.services import job_start

from . import jobs, selectors, services
from .importer import FIELDS, plan_import, read_table
from .models import Application, Measure

SESSION_KEY = "pending_import"


class UploadForm(StyledFormMixin, forms.Form):
    measure = forms.ModelChoiceField(
        label="Misura", queryset=Measure.objects.all(), to_field_name="code", empty_label=None
    )
    file = forms.FileField(label="Elenco INPS (CSV o XLSX)")


def _mapping_fields(headers: list[str]) -> dict[str, forms.ChoiceField]:
    choices = [("", "— nessuna —"), *[(h, h) for h in headers if h]]
    return {
        name: forms.ChoiceField(label=label, choices=choices, required=False)
        for name, (label, _, _) in FIELDS.items()
    }


def _crumbs(*items):
    return [("Domande", reverse("measures:applications")), *items]


FOLLOW_UP_PAGE = 50


@login_required
@permission_required("measures.view_application", raise_exception=True)
def applications(request):
    measures = selectors.measures_with_applications(user=request.user)
    code = request.GET.get("misura")
    measure = next((m for m in measures if m.code == code), measures[-1] if measures else None)
    if measure is None:
        raise Http404
    # The follow-up list a page at a time, never cut: only the page shown is read and logged.
    page = Paginator(
        selectors.follow_up_queryset(user=request.user, measure=measure), FOLLOW_UP_PAGE
    ).get_page(request.GET.get("pagina"))
    selectors.follow_up_shown(user=request.user, applications=page.object_list, measure=measure)
    return render(
        request,
        "measures/applications.html",
        {
            "measures": measures,
            "measure": measure,
            "table": selectors.status_table(user=request.user, measure=measure),
            "follow_up": page.object_list,
            "page": page,
            "querystring": f"misura={measure.code}",
            "breadcrumbs": [("Domande", None)],
        },
    )


@login_required
@permission_required("measures.change_application", raise_exception=True)
@require_POST
def follow_up(request, uuid):
    try:
        application = selectors.application_get(user=request.user, uuid=uuid)
    except Application.DoesNotExist:
        raise Http404 from None
    try:
        services.follow_up_record(
            actor=request.user, application=application, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except NotAllowed as exc:
        if exc.hide:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Verifica della domanda {application.protocol} registrata.")
    return redirect(reverse("measures:applications") + f"?misura={application.measure.code}")


def _pending(request) -> dict | None:
    pending = request.session.get(SESSION_KEY)
    if not pending or not jobs.upload_exists(pending.get("upload", "")):
        return None
    return pending


def _plan(request, pending: dict, names: dict):
    return plan_import(
        zone=selectors.import_zone(user=request.user),
        measure=Measure.objects.get(code=pending["measure"]),
        file_name=pending["file_name"],
        content=jobs.read_upload(pending["upload"]),
        column_names=names,
    )


@login_required
@permission_required("measures.import_applications", raise_exception=True)
def import_applications(request):
    """Upload → preview (nothing written) → confirm: a background job writes all or nothing."""
    current = Measure.objects.order_by("-valid_from").first()
    form = UploadForm(request.POST or None, request.FILES or None, initial={"measure": current})
    plan = error = None
    mapping_form = None
    if request.method == "POST" and "confirm" in request.POST:
        pending = _pending(request)
        if pending is None:
            messages.error(request, "Il file da importare non è più disponibile: ricaricalo.")
            return redirect("measures:import")
        measure = Measure.objects.get(code=pending["measure"])
        job = job_start(
            actor=request.user,
            kind=jobs.KIND,
            title=f"Importazione {measure.code}: {pending['file_name']}",
            params={
                "upload": pending["upload"],
                "file_name": pending["file_name"],
                "measure": measure.code,
                "names": pending.get("names", {}),
            },
        )
        request.session.pop(SESSION_KEY, None)
        return redirect("jobs:detail", uuid=job.uuid)
    elif request.method == "POST" and "remap" in request.POST:
        pending = _pending(request)
        if pending is None:
            return redirect("measures:import")
        names = {name: request.POST.get(f"map-{name}", "") for name in FIELDS}
        pending["names"] = names
        request.session[SESSION_KEY] = pending
        try:
            plan = _plan(request, pending, names)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        old = _pending(request)
        if old is not None:
            default_storage.delete(old["upload"])
        pending = {
            "upload": jobs.store_upload(upload.chunks()),
            "file_name": Path(upload.name).name[:200],
            "measure": form.cleaned_data["measure"].code,
            "names": {},
        }
        request.session[SESSION_KEY] = pending
        try:
            plan = _plan(request, pending, {})
        except ValidationError as exc:
            error = " ".join(exc.messages)
    pending = _pending(request)
    if pending is not None and (plan is None or plan.missing_fields or error):
        try:
            headers, _ = read_table(pending["file_name"], jobs.read_upload(pending["upload"]))
            mapping_form = type(
                "MappingForm", (StyledFormMixin, forms.Form), _mapping_fields(headers)
            )(prefix="map", initial=pending.get("names", {}))
        except ValidationError:
            mapping_form = None
    return render(
        request,
        "measures/import.html",
        {
            "form": form if plan is None else UploadForm(initial={"measure": current}),
            "plan": plan,
            "error": error,
            "mapping_form": mapping_form if (error and pending) else None,
            "errors_shown": plan.errors[:500] if plan else [],
            "breadcrumbs": _crumbs(("Importa un elenco INPS", None)),
        },
    )
