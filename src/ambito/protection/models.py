"""§7 Child protection with the court (*tutela minori e autorità giudiziaria*).

- A **court order** (`CourtOrder`) is attached to a case: the authority (juvenile court,
  its public prosecutor, the ordinary court, the guardianship judge), the kind, the court's
  reference (RG number), the order's date and the date it was received, the subject and the
  report's deadline: `report_days` calendar days counted from the order's date or from its
  receipt (`days_from`), or a fixed date written in the order. The due date is stored
  (`due_date`, services/orders.py `due_date_for`): the last day of the term, moved to the next
  working day when it falls on a Saturday, Sunday or public holiday (art. 155 c.p.c.).
- The **social report** (`SocialReport`, one per order) is drafted from the zone's
  `ReportTemplate` filled from the record, edited in versions (`ReportVersion`: every save a
  new version, the previous ones kept), signed (the signer, when, the SHA-256 of the signed
  version's text: a signed version is frozen) and delivered to the court (date, protocol
  number). Delivered on or before the due date: on time.
- The **UVM tutela minori** (`UvmTeam`, `UvmMember`: users of the system and external
  professionals such as the ASL's psychologist) meets on a case (`UvmMeeting`: date, who was
  present, decisions and minutes).

Scoping (scoping.py) is strict: only the child-protection service and the case's team.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from ambito.core.fields import user_field, zone_field
from ambito.core.scoping import ScopedQuerySet

from .choices import (
    Authority,
    DaysFrom,
    OrderKind,
    OrderStatus,
    ProfessionalKind,
    ReportStatus,
)
from .scoping import (
    MEETING_SCOPING,
    ORDER_SCOPING,
    REPORT_SCOPING,
    TEAM_SCOPING,
    TEMPLATE_SCOPING,
)


class CourtOrder(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="court_orders", verbose_name="cartella"
    )
    minor = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="minore interessato",
    )
    authority = models.CharField("autorità giudiziaria", max_length=20, choices=Authority.choices)
    kind = models.CharField("tipo di provvedimento", max_length=20, choices=OrderKind.choices)
    reference = models.CharField("riferimento (n. RG)", max_length=60)
    order_date = models.DateField("data del provvedimento")
    received_date = models.DateField("data di ricezione")
    subject = models.TextField("oggetto")
    report_days = models.PositiveSmallIntegerField(
        "relazione entro (giorni di calendario)", null=True, blank=True
    )
    days_from = models.CharField(
        "giorni decorrenti", max_length=8, choices=DaysFrom.choices, default=DaysFrom.ORDER
    )
    due_date = models.DateField("scadenza della relazione", null=True, blank=True)
    status = models.CharField(
        "stato", max_length=10, choices=OrderStatus.choices, default=OrderStatus.OPEN
    )
    closed_at = models.DateTimeField("chiuso il", null=True, blank=True)
    created_by = user_field(null=True, verbose_name="registrato da")
    created_at = models.DateTimeField("registrato il", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = ORDER_SCOPING

    class Meta:
        verbose_name = "provvedimento dell'autorità giudiziaria"
        verbose_name_plural = "provvedimenti dell'autorità giudiziaria"
        permissions = [
            (
                "view_zone_orders",
                "Può consultare tutti i provvedimenti dell'ambito (tutela minori)",
            ),
            ("view_protection_figures", "Può consultare le scadenze rispettate (solo numeri)"),
            ("sign_report", "Può firmare e consegnare le relazioni all'autorità giudiziaria"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(received_date__gte=F("order_date")), name="order_received_after_date"
            ),
            models.CheckConstraint(
                condition=Q(due_date__isnull=True) | Q(due_date__gte=F("order_date")),
                name="order_due_after_date",
            ),
        ]
        indexes = [models.Index(fields=["zone", "status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"


class ReportTemplate(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    name = models.CharField("nome", max_length=200)
    body = models.TextField(
        "testo", help_text="Testo con segnaposto, ad es. {{ minore.nome }}, {{ provvedimento.rg }}."
    )
    active = models.BooleanField("in uso", default=True)
    updated_at = models.DateTimeField("modificato il", auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scoping = TEMPLATE_SCOPING

    class Meta:
        verbose_name = "modello di relazione"
        verbose_name_plural = "modelli di relazione"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SocialReport(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    order = models.OneToOneField(
        CourtOrder, on_delete=models.PROTECT, related_name="report", verbose_name="provvedimento"
    )
    template = models.ForeignKey(
        ReportTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        "stato", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # RESTRICT, not PROTECT: the signed version cannot go alone, only with its report.
    signed_version = models.ForeignKey(
        "ReportVersion", on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    signed_by = user_field(null=True, blank=True, verbose_name="firmata da")
    signed_at = models.DateTimeField("firmata il", null=True, blank=True)
    signed_sha256 = models.CharField("impronta SHA-256", max_length=64, blank=True)
    delivered_on = models.DateField("consegnata il", null=True, blank=True)
    protocol_number = models.CharField("numero di protocollo", max_length=60, blank=True)
    created_by = user_field(null=True, verbose_name="redatta da")
    created_at = models.DateTimeField("creata il", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = REPORT_SCOPING

    class Meta:
        verbose_name = "relazione sociale"
        verbose_name_plural = "relazioni sociali"

    def __str__(self) -> str:
        return f"Relazione {self.order.reference}"

    @property
    def on_time(self) -> bool | None:
        if self.delivered_on is None or self.order.due_date is None:
            return None
        return self.delivered_on <= self.order.due_date


class ReportVersion(models.Model):
    report = models.ForeignKey(SocialReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("versione")
    body = models.TextField("testo")
    created_by = user_field(null=True, verbose_name="salvata da")
    created_at = models.DateTimeField("salvata il", auto_now_add=True)

    class Meta:
        verbose_name = "versione della relazione"
        verbose_name_plural = "versioni della relazione"
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_once")
        ]

    def __str__(self) -> str:
        return f"Versione {self.number}"


class UvmTeam(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    name = models.CharField("nome", max_length=200)
    created_at = models.DateTimeField("creata il", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = TEAM_SCOPING

    class Meta:
        verbose_name = "UVM tutela minori"
        verbose_name_plural = "UVM tutela minori"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UvmMember(models.Model):
    """A member of the UVM: a user of the system, or an external professional (name and
    organisation, e.g. the ASL's neuropsychiatrist)."""

    team = models.ForeignKey(UvmTeam, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="utente",
    )
    external_name = models.CharField("nome (professionista esterno)", max_length=200, blank=True)
    organisation = models.CharField("ente", max_length=200, blank=True)
    profession = models.CharField("professione", max_length=20, choices=ProfessionalKind.choices)

    class Meta:
        verbose_name = "componente dell'UVM"
        verbose_name_plural = "componenti dell'UVM"
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(external_name=""), name="uvm_member_named"
            )
        ]

    def __str__(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.username
        return self.external_name

    @property
    def label(self) -> str:
        where = f", {self.organisation}" if self.organisation else ""
        return f"{self} ({self.get_profession_display()}{where})"


class UvmMeeting(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    team = models.ForeignKey(UvmTeam, on_delete=models.PROTECT, related_name="meetings")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="uvm_meetings", verbose_name="cartella"
    )
    held_on = models.DateField("data dell'incontro")
    present = models.ManyToManyField(
        UvmMember, blank=True, related_name="+", verbose_name="presenti"
    )
    decisions = models.TextField("decisioni")
    minutes = models.TextField("verbale", blank=True)
    created_by = user_field(null=True, verbose_name="registrato da")
    created_at = models.DateTimeField("registrato il", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = MEETING_SCOPING

    class Meta:
        verbose_name = "incontro dell'UVM"
        verbose_name_plural = "incontri dell'UVM"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"UVM del {self.held_on:%d/%m/%Y}"
