"""§7 District services of the plan office (seed 003 §C.6, §G.1): home educational
assistance for minors (ADM), job placement (SIL), social housing.

- A **line** is one district service for one year: its kind, the provider organisation when
  it is outsourced, the hourly cost, and the fund and year that pay it (planning.FundSource).
- An **intake** is a case referred to a line by its social worker: waiting in the line's list
  (priority, then referral date, then pk: the same inputs always give the same order), then
  active, suspended, closed, or refused. `hours` and `cost` are the totals of its hours
  records, kept under the intake's row lock.
- An **hours record** is what an operator delivered on a day or in a month; its cost is
  hours × the line's hourly cost at the time it was recorded.

Every intake's cost lands on the fund ledger (origin `district_hours`, planned and committed
on the line's fund and year, planning/ledger.py); recording hours checks the fund's residual.
"""

import uuid

from django.db import models
from django.db.models import Q

from ambito.core.fields import money, user_field, zone_field
from ambito.core.scoping import ScopedQuerySet, Scoping

from .choices import HoursPeriod, IntakeState, LineKind, Priority
from .scoping import HOURS_READERS, INTAKE_READERS, LINE_READERS


def _hours(label: str, **kwargs):
    return models.DecimalField(label, max_digits=8, decimal_places=2, **kwargs)


class DistrictLine(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    kind = models.CharField("servizio", max_length=10, choices=LineKind.choices)
    name = models.CharField("nome", max_length=200)
    provider = models.ForeignKey(
        "territory.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ente gestore (se esternalizzato)",
    )
    hourly_cost = money("costo orario (€)")
    fund = models.ForeignKey(
        "planning.FundSource", on_delete=models.PROTECT, related_name="+", verbose_name="fondo"
    )
    year = models.PositiveSmallIntegerField("annualità del fondo")
    description = models.TextField("descrizione", blank=True)
    active = models.BooleanField("attiva", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="district.view_districtline", grants=LINE_READERS)

    class Meta:
        verbose_name = "servizio distrettuale"
        verbose_name_plural = "servizi distrettuali"
        ordering = ["zone", "-year", "kind", "name", "pk"]
        permissions = [
            ("manage_district", "Gestisce i servizi distrettuali (Ufficio di Piano)"),
            ("refer_district", "Segnala una cartella a un servizio distrettuale"),
            ("record_district_hours", "Registra le ore di un servizio distrettuale"),
            ("view_district_figures", "Vede i dati aggregati dei servizi distrettuali"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "kind", "name", "year"], name="district_line_once_a_year"
            ),
            models.CheckConstraint(
                condition=Q(hourly_cost__gt=0), name="district_hourly_cost_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"


class DistrictIntake(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    line = models.ForeignKey(
        DistrictLine, on_delete=models.PROTECT, related_name="intakes", verbose_name="servizio"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name="cartella"
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name="persona"
    )
    state = models.CharField(
        "stato", max_length=10, choices=IntakeState.choices, default=IntakeState.WAITING
    )
    priority = models.PositiveSmallIntegerField(
        "priorità", choices=Priority.choices, default=Priority.ORDINARY
    )
    referred_on = models.DateField("segnalato il")
    referred_by = user_field(verbose_name="segnalato da")
    reason = models.TextField("motivo della segnalazione")
    hours_per_week = _hours("ore settimanali previste")
    admitted_on = models.DateField("preso in carico il", null=True, blank=True)
    ended_on = models.DateField("concluso il", null=True, blank=True)
    hours = _hours("ore erogate", default=0)
    cost = money("costo (€)", default=0)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="district.view_districtintake", grants=INTAKE_READERS)

    class Meta:
        verbose_name = "presa in carico distrettuale"
        verbose_name_plural = "prese in carico distrettuali"
        # The intake list: priority, then the earlier referral, then the earlier row.
        ordering = ["line", "priority", "referred_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "case"],
                condition=Q(state__in=["waiting", "active", "suspended"]),
                name="district_intake_one_open_per_case",
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(cost__gte=0), name="district_intake_totals"
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=168),
                name="district_hours_per_week_range",
            ),
        ]
        indexes = [models.Index(fields=["line", "state", "priority", "referred_on"])]

    def __str__(self) -> str:
        return f"Presa in carico n. {self.pk}"


class IntakeTransition(models.Model):
    intake = models.ForeignKey(DistrictIntake, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(max_length=20)
    from_state = models.CharField(max_length=10, blank=True)
    to_state = models.CharField(max_length=10, choices=IntakeState.choices)
    on = models.DateField("data")
    at = models.DateTimeField(auto_now_add=True)
    actor = user_field(null=True, blank=True)
    reason = models.TextField("motivo", blank=True)

    class Meta:
        ordering = ["intake", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.on}"


class DistrictHours(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    intake = models.ForeignKey(
        DistrictIntake, on_delete=models.PROTECT, related_name="hours_records"
    )
    period = models.CharField(
        "periodo", max_length=5, choices=HoursPeriod.choices, default=HoursPeriod.DAY
    )
    date = models.DateField("data (il primo del mese per un mese)")
    operator = models.CharField("operatore", max_length=200)
    hours = _hours("ore")
    hourly_cost = money("costo orario (€)")
    cost = money("costo (€)")
    note = models.CharField("nota", max_length=300, blank=True)
    recorded_by = user_field()
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="district.view_districthours", grants=HOURS_READERS)

    class Meta:
        verbose_name = "ore di un servizio distrettuale"
        verbose_name_plural = "ore dei servizi distrettuali"
        ordering = ["intake", "date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(cost__gte=0), name="district_hours_positive"
            )
        ]
        indexes = [models.Index(fields=["zone", "date"])]

    def __str__(self) -> str:
        return f"{self.hours} ore del {self.date}"
