"""The network report as JSON: the same tables as the page and the files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from ninja import Router, Schema

from ambito.core.api_schemas import READ_ERRORS, Money, Year
from ambito.core.permissions import require

from ..selectors.reports import network_report

router = Router(tags=["Rete del Terzo settore"])


class LineFigures(Schema):
    line_uuid: str
    code: str
    title: str
    engaged_organisations: int
    candidatures_by_state: dict[str, int]


class ResourceFigures(Schema):
    organisation_uuid: str
    organisation: str
    line_code: str
    hours_per_month_committed: Decimal
    people_committed: int
    money_committed: Money
    months_documented: int
    hours_documented: Decimal
    hours_per_month_documented: Decimal | None
    expenses_documented: Money
    training_hours: Decimal


class ExpiringAgreement(Schema):
    uuid: str
    number: str
    subject: str
    organisation: str
    ends_on: dt.date


class NetworkReportOut(Schema):
    year: int
    on: dt.date
    adherents_on: int
    lines: list[LineFigures]
    adherents_by_field_of_activity: dict[str, int]
    resources: list[ResourceFigures]
    agreements_expiring: list[ExpiringAgreement]


@router.get("/report", response={200: NetworkReportOut, **READ_ERRORS}, summary="Report della rete")
def get_network_report(request, year: Year | None = None):
    """The network report of the caller's zone (the plan office, the assembly) or of the
    caller's organisation (a third-sector operator) for a calendar year."""
    require(request.user, "network.view_candidature")
    today = timezone.localdate()
    year = year or today.year
    report = network_report(user=request.user, year=year, on=min(dt.date(year, 12, 31), today))
    return {
        "year": report.year,
        "on": report.on,
        "adherents_on": report.adherents_on,
        "lines": [
            {
                "line_uuid": str(row.line.uuid),
                "code": row.line.code,
                "title": row.line.title,
                "engaged_organisations": row.adherents,
                "candidatures_by_state": row.states,
            }
            for row in report.lines
        ],
        "adherents_by_field_of_activity": dict(report.fields_of_activity),
        "resources": [
            {**vars(r), "organisation_uuid": str(r.organisation_uuid)} for r in report.resources
        ],
        "agreements_expiring": [
            {
                "uuid": str(a.uuid),
                "number": a.number,
                "subject": a.subject,
                "organisation": a.organisation.name,
                "ends_on": a.ends_on,
            }
            for a in report.expiring
        ],
    }
