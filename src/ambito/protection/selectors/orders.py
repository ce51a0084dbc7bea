"""Reads of court orders, reports, UVM and the figures of the deadlines met on time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from ambito.core.permissions import zone_id_for

from ..choices import Authority, OrderStatus, ReportStatus
from ..models import CourtOrder, ReportTemplate, SocialReport, UvmMeeting, UvmTeam
from ..scoping import FIGURES

WARNING_DAYS = 10
FILTERS = {
    "aperti": "Aperti",
    "in_scadenza": f"In scadenza (entro {WARNING_DAYS} giorni)",
    "scaduti": "Scaduti",
    "tutti": "Tutti",
}


def _pending() -> Q:
    """Orders still waiting for their report: open, with no delivered report."""
    return Q(status=OrderStatus.OPEN) & ~Q(report__status=ReportStatus.DELIVERED)


def orders_for(user, *, which: str = "aperti", case=None):
    rows = CourtOrder.objects.visible_to(user).select_related(
        "case", "case__person", "minor", "report"
    )
    if case is not None:
        rows = rows.filter(case=case)
    today = timezone.localdate()
    if which == "aperti":
        rows = rows.filter(_pending())
    elif which == "in_scadenza":
        rows = rows.filter(
            _pending(), due_date__gte=today, due_date__lte=today + dt.timedelta(days=WARNING_DAYS)
        )
    elif which == "scaduti":
        rows = rows.filter(_pending(), due_date__lt=today)
    return rows.order_by("due_date", "pk")


def order_for(user, uuid):
    return (
        CourtOrder.objects.visible_to(user)
        .select_related("case", "case__person", "case__case_manager", "minor", "created_by")
        .filter(uuid=uuid)
        .first()
    )


def report_for(user, uuid):
    return (
        SocialReport.objects.visible_to(user)
        .select_related(
            "order", "order__case", "order__case__person", "signed_by", "signed_version"
        )
        .filter(uuid=uuid)
        .first()
    )


def report_of(order):
    return SocialReport.objects.filter(order=order).select_related("signed_by").first()


def deadline_state(order, today: dt.date | None = None) -> str:
    """ "consegnata", "chiuso", "scaduta", "in_scadenza", "aperta" or "senza_scadenza"."""
    today = today or timezone.localdate()
    try:
        report = order.report
    except SocialReport.DoesNotExist:
        report = None
    if report is not None and report.status == ReportStatus.DELIVERED:
        return "consegnata"
    if order.status == OrderStatus.CLOSED:
        return "chiuso"
    if order.due_date is None:
        return "senza_scadenza"
    if order.due_date < today:
        return "scaduta"
    if order.due_date <= today + dt.timedelta(days=WARNING_DAYS):
        return "in_scadenza"
    return "aperta"


def days_left(order, today: dt.date | None = None) -> int | None:
    if order.due_date is None:
        return None
    return (order.due_date - (today or timezone.localdate())).days


def templates_for(user, *, active_only: bool = False):
    rows = ReportTemplate.objects.visible_to(user)
    return rows.filter(active=True) if active_only else rows


def teams_for(user):
    return UvmTeam.objects.visible_to(user).prefetch_related("members__user")


def meetings_for(user, *, team=None, case=None):
    rows = UvmMeeting.objects.visible_to(user).select_related("case", "team")
    if team is not None:
        rows = rows.filter(team=team)
    if case is not None:
        rows = rows.filter(case=case)
    return rows


# --- figures ---------------------------------------------------------------------------------


@dataclass
class DeadlineRow:
    year: int
    authority: str
    authority_label: str
    due: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0
    closed_without_report: int = 0

    @property
    def counted(self) -> int:
        return self.on_time + self.late + self.overdue

    @property
    def on_time_percent(self) -> Decimal | None:
        if not self.counted:
            return None
        return (Decimal(self.on_time) * 100 / self.counted).quantize(Decimal("0.1"))


@dataclass
class DeadlineFigures:
    rows: list[DeadlineRow] = field(default_factory=list)
    total: DeadlineRow | None = None


def deadline_figures(user, *, year: int | None = None) -> DeadlineFigures | None:
    """Deadlines met on time by year of the due date and authority: counts only, no person.
    On time: delivered on or before the due date; late: delivered after; overdue: not
    delivered and past due; pending: not yet due."""
    zone_id = zone_id_for(user, FIGURES)
    if zone_id is None:
        return None
    today = timezone.localdate()
    rows = CourtOrder.objects.filter(zone_id=zone_id, due_date__isnull=False)
    if year:
        rows = rows.filter(due_date__year=year)
    values = rows.values_list("due_date", "authority", "status", "report__delivered_on")
    table: dict[tuple[int, str], DeadlineRow] = {}
    labels = dict(Authority.choices)
    total = DeadlineRow(year=0, authority="", authority_label="Totale")
    for due, authority, status, delivered in values:
        key = (due.year, authority)
        row = table.setdefault(
            key, DeadlineRow(year=due.year, authority=authority, authority_label=labels[authority])
        )
        for target in (row, total):
            target.due += 1
            if delivered is not None:
                if delivered <= due:
                    target.on_time += 1
                else:
                    target.late += 1
            elif status == OrderStatus.CLOSED:
                target.closed_without_report += 1
            elif due < today:
                target.overdue += 1
            else:
                target.pending += 1
    ordered = [table[k] for k in sorted(table, key=lambda k: (-k[0], list(labels).index(k[1])))]
    return DeadlineFigures(rows=ordered, total=total)
