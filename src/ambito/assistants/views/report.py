"""The register's figures (counts only) and their Excel, CSV and PDF files; the publication
setting of the charter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from ambito.core.audit import log_access
from ambito.core.choices import AccessAction
from ambito.core.files import file_response
from ambito.core.forms import add_service_errors
from ambito.core.pdf import render_pdf
from ambito.core.permissions import NotAllowed
from ambito.core.tables import XLSX, csv_bytes, xlsx_bytes

from ..forms.register import PublicationForm
from ..scoping import MANAGE
from ..selectors import register as selectors
from ..services import register as services
from .common import crumbs

SHEETS = {
    "stati": ("Iscrizioni per stato", "Stato", "by_state"),
    "tipi": ("Iscritti per tipo", "Tipo", "enrolled_by_kind"),
    "comuni": ("Iscritti per comune", "Comune", "enrolled_by_municipality"),
    "lingue": ("Lingue degli iscritti", "Lingua", "languages"),
    "abbinamenti": ("Abbinamenti per esito", "Esito", "matches_by_outcome"),
}


def sheets(data) -> list:
    return [
        (title, [label, "Numero"], [[name, count] for name, count in getattr(data, attr)])
        for title, label, attr in SHEETS.values()
    ]


def _figures(request):
    data = selectors.figures(request.user)
    if data is None:
        raise NotAllowed("Non hai il permesso di vedere i dati del registro.")
    return data


@login_required
@require_GET
def report(request):
    data = _figures(request)
    return render(
        request,
        "assistants/report.html",
        {
            "data": data,
            "sheets": sheets(data),
            "csv_tables": [(key, value[0]) for key, value in SHEETS.items()],
            "breadcrumbs": crumbs(("Dati del registro", None)),
        },
    )


@login_required
@require_GET
def report_export(request):
    data = _figures(request)
    fmt = request.GET.get("formato", "xlsx")
    table = request.GET.get("tabella", "")
    if fmt not in ("xlsx", "csv", "pdf") or (fmt == "csv" and table not in SHEETS):
        raise Http404
    log_access(
        user=request.user,
        action=AccessAction.EXPORT,
        object_type="assistants.report",
        detail={"formato": fmt, **({"tabella": table} if fmt == "csv" else {})},
    )
    name = "registro-assistenti-familiari"
    if fmt == "xlsx":
        return file_response(xlsx_bytes(sheets(data)), f"{name}.xlsx", XLSX)
    if fmt == "csv":
        title, header, rows = next(s for s in sheets(data) if s[0] == SHEETS[table][0])
        return file_response(csv_bytes(header, rows), f"{name}-{table}.csv", "text/csv")
    html = render_to_string(
        "assistants/report_pdf.html",
        {"data": data, "sheets": sheets(data), "printed_on": timezone.localdate()},
    )
    pdf = render_pdf(html, request.build_absolute_uri("/"))
    return file_response(pdf, f"{name}.pdf", "application/pdf", attachment=False)


@login_required
@permission_required(MANAGE, raise_exception=True)
def publication(request):
    current = services.publication_for(request.user.zone)
    initial = {
        name: getattr(current, name)
        for name in (
            "published",
            "show_languages",
            "show_municipalities",
            "show_availability",
            "contact_text",
        )
    }
    form = PublicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_update(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Impostazioni di pubblicazione salvate.")
            return redirect("assistants:publication")
    return render(
        request,
        "assistants/publication.html",
        {
            "form": form,
            "publication": current,
            "zone": request.user.zone,
            "listable": selectors.public_workers(request.user.zone).count(),
            "breadcrumbs": crumbs(("Pubblicazione sulla carta", None)),
        },
        status=422 if request.method == "POST" else 200,
    )
