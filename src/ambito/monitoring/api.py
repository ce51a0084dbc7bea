"""§10 API: every indicator and report, with the command line's parameters (zone, municipality,
as_of, format). Bad parameters are a 422 with the Italian message; another zone, or a
municipality the user does not serve, a 403."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from ninja import Router, Schema
from ninja.pagination import paginate

from ambito.core.api_pagination import AmbitoPagination
from ambito.core.api_schemas import READ_ERRORS
from ambito.core.permissions import NotAllowed

from .indicators import INDICATORS
from .reports import CONTENT_TYPES, FORMATS, REPORTS, render
from .scope import ScopeError, resolve_scope, user_may_see

router = Router(tags=["Monitoraggio e LEP"])


class IndicatorDefinitionOut(Schema):
    code: str
    label: str
    definition: str
    unit: str
    sources: list[str]
    target: Decimal | None
    direction: str
    lep: bool


class IndicatorValueOut(Schema):
    code: str
    zone: str
    municipality: str | None
    as_of: str
    value: Decimal | None
    display: str
    status: str | None
    numerator: Decimal | None
    denominator: Decimal | None
    detail: dict


def _scope(request, zone: str, municipality: str | None, as_of: str | None):
    try:
        scope = resolve_scope(zone=zone, municipality=municipality, as_of=as_of)
    except ScopeError as error:
        raise ValidationError({"scope": [str(error)]}) from None
    if not user_may_see(request.user, scope):
        raise NotAllowed("Non puoi vedere gli indicatori di questo ambito o comune.")
    return scope


@router.get(
    "/monitoring/indicators",
    response={200: list[IndicatorDefinitionOut], **READ_ERRORS},
    summary="Indicatori: definizioni",
)
@paginate(AmbitoPagination)
def list_indicators(request):
    return [
        {
            "code": i.code,
            "label": i.label,
            "definition": i.definition,
            "unit": i.unit,
            "sources": list(i.sources),
            "target": i.target,
            "direction": i.direction,
            "lep": i.lep,
        }
        for i in INDICATORS.values()
    ]


@router.get(
    "/monitoring/indicators/{code}",
    response={200: IndicatorValueOut, **READ_ERRORS},
    summary="Il valore di un indicatore",
)
def get_indicator(
    request, code: str, zone: str, municipality: str | None = None, as_of: str | None = None
):
    indicator = INDICATORS.get(code)
    if indicator is None:
        raise Http404
    scope = _scope(request, zone, municipality, as_of)
    value = indicator.value(scope)
    return {
        "code": code,
        "zone": scope.zone.code,
        "municipality": scope.municipality.istat_code if scope.municipality else None,
        "as_of": scope.as_of.isoformat(),
        "value": value.value,
        "display": value.display,
        "status": value.status,
        "numerator": value.numerator,
        "denominator": value.denominator,
        "detail": value.detail,
    }


class ReportDefinitionOut(Schema):
    name: str
    title: str
    description: str


@router.get(
    "/monitoring/reports",
    response={200: list[ReportDefinitionOut], **READ_ERRORS},
    summary="Report disponibili",
)
@paginate(AmbitoPagination)
def list_reports(request):
    return [
        {"name": r.name, "title": r.title, "description": r.description} for r in REPORTS.values()
    ]


@router.get(
    "/monitoring/reports/{name}",
    response={200: dict, **READ_ERRORS},
    summary="Un report (JSON, oppure CSV, XLSX, PDF con format)",
)
def get_report(
    request,
    name: str,
    zone: str,
    municipality: str | None = None,
    as_of: str | None = None,
    format: str = "json",  # noqa: A002 - the command line's parameter name
):
    report = REPORTS.get(name)
    if report is None:
        raise Http404
    if format not in FORMATS:
        raise ValidationError(
            {"format": [f"Formato sconosciuto: {format}. Usa {', '.join(FORMATS)}."]}
        )
    scope = _scope(request, zone, municipality, as_of)
    content = render(report, scope, format)
    # The same bytes as the command line's output, whatever the format.
    response = HttpResponse(content, content_type=CONTENT_TYPES[format])
    if format != "json":
        response["Content-Disposition"] = f'attachment; filename="{name}.{format}"'
    return response
