"""Pages of the needs observatory (DOMAIN §2): the report and its CSV/Excel exports.

Figures only: no page or file here contains a person's data. The filters are non-personal
(year, period, municipality, access point) and limited to the user's zone."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from ambito.core.forms import StyledFormMixin
from ambito.territory.models import AccessPoint, Municipality

from . import exports
from .observatory import PERIODS, ROME, observatory_report, observatory_years, observatory_zone


class ObservatoryFilterForm(StyledFormMixin, forms.Form):
    anno = forms.TypedChoiceField(label="Anno", coerce=int)
    periodo = forms.ChoiceField(
        label="Periodo",
        choices=[("month", "Mese"), ("quarter", "Trimestre"), ("year", "Anno")],
        initial="month",
    )
    comune = forms.ModelChoiceField(
        label="Comune di residenza",
        queryset=Municipality.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="Tutti i comuni",
    )
    punto = forms.ModelChoiceField(
        label="Punto di accesso",
        queryset=AccessPoint.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="Tutti i punti di accesso",
    )

    def __init__(self, *args, zone, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anno"].choices = [(y, str(y)) for y in years]
        self.fields["comune"].queryset = Municipality.objects.filter(zone=zone).order_by("name")
        self.fields["punto"].queryset = AccessPoint.objects.filter(zone=zone).order_by("name")


def _filtered_report(request):
    """The report for the GET filters (defaults: this year by month); (form, report|None)."""
    zone = observatory_zone(request.user)  # 403 before reading anything
    years = observatory_years(user=request.user)
    data = request.GET.copy()
    data.setdefault("anno", str(dt.datetime.now(ROME).year))
    data.setdefault("periodo", "month")
    form = ObservatoryFilterForm(data, zone=zone, years=years)
    if not form.is_valid():
        return form, None
    report = observatory_report(
        user=request.user,
        year=form.cleaned_data["anno"],
        period=form.cleaned_data["periodo"],
        municipality=form.cleaned_data["comune"],
        access_point=form.cleaned_data["punto"],
    )
    return form, report


@login_required
def report(request):
    form, report = _filtered_report(request)
    query = request.GET.urlencode()
    return render(
        request,
        "access/observatory.html",
        {
            "form": form,
            "report": report,
            "chart": report.chart() if report else None,
            "periods": PERIODS,
            "query": f"?{query}" if query else "",
            "breadcrumbs": [("Osservatorio dei bisogni", None)],
            "export_csv_url": reverse("observatory:export_csv"),
            "export_xlsx_url": reverse("observatory:export_xlsx"),
        },
        status=200 if report else 400,
    )


def _bad_filters(form) -> HttpResponse:
    errors = "; ".join(f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items())
    return HttpResponse(
        f"Filtri non validi: {errors}", status=400, content_type="text/plain; charset=utf-8"
    )


@login_required
def export_csv(request):
    form, report = _filtered_report(request)
    if report is None:
        return _bad_filters(form)
    response = HttpResponse(exports.report_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(report)}.csv"'
    return response


@login_required
def export_xlsx(request):
    form, report = _filtered_report(request)
    if report is None:
        return _bad_filters(form)
    response = HttpResponse(exports.report_xlsx(report), content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(report)}.xlsx"'
    return response
