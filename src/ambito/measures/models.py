"""§5 National income-support measures and the applications the zone receives from INPS."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from ambito.core.scoping import ScopedQuerySet

from .scoping import APPLICATION_SCOPING, IMPORT_BATCH_SCOPING, ApplicationQuerySet


class Measure(models.Model):
    code = models.CharField("codice", max_length=20, unique=True)
    name = models.CharField("nome", max_length=120)
    valid_from = models.DateField("in vigore dal")
    valid_until = models.DateField("fino al", null=True, blank=True)
    legal_reference = models.CharField("riferimento normativo", max_length=200, blank=True)

    class Meta:
        verbose_name = "misura"
        verbose_name_plural = "misure"
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="measure_valid_until_after_from",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class ApplicationStatus(models.TextChoices):
    POSITIVE = "positive", "Accolta / positiva"
    LAPSED = "lapsed", "Decaduta"
    SUSPENDED = "suspended", "Sospesa"
    IN_PROGRESS = "in_progress", "In lavorazione"
    REJECTED = "rejected", "Respinta"


# The statuses that need a follow-up by the social service (seed 002 §4.1: why applications
# were revoked, suspended or rejected).
FOLLOW_UP_STATUSES = (
    ApplicationStatus.LAPSED,
    ApplicationStatus.SUSPENDED,
    ApplicationStatus.REJECTED,
)


class ImportBatch(models.Model):
    """One INPS list imported: which file (its SHA-256, never its content), who, what changed."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = models.ForeignKey("territory.Zone", on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="imports")
    file_name = models.CharField("file", max_length=200)
    file_sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField("righe")
    created = models.PositiveIntegerField("nuove")
    updated = models.PositiveIntegerField("aggiornate")
    unchanged = models.PositiveIntegerField("invariate")
    cases_opened = models.PositiveIntegerField("cartelle aperte", default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    imported_at = models.DateTimeField("importato il", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = IMPORT_BATCH_SCOPING

    class Meta:
        verbose_name = "importazione INPS"
        verbose_name_plural = "importazioni INPS"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%d/%m/%Y})"


class Application(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = models.ForeignKey(
        "territory.Zone", on_delete=models.PROTECT, related_name="applications"
    )
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="applications")
    protocol = models.CharField("protocollo INPS", max_length=40)
    applicant = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name="richiedente",
    )
    household = models.ForeignKey(
        "registry.Household",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name="nucleo",
    )
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name="comune",
    )
    submitted_on = models.DateField("presentata il", null=True, blank=True)
    status = models.CharField("stato INPS", max_length=12, choices=ApplicationStatus.choices)
    status_on = models.DateField("data dell'esito", null=True, blank=True)
    status_reason = models.CharField("motivo", max_length=300, blank=True)
    follow_up_done_at = models.DateTimeField("verificata il", null=True, blank=True)
    follow_up_note = models.TextField("esito della verifica", blank=True)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name="cartella",
    )
    # The case's pathway dates (cases.CaseMilestones) joined straight on case_id: no column,
    # and no detour through cases_case, which the monitoring queries would otherwise scan.
    case_milestones = models.ForeignObject(
        "cases.CaseMilestones",
        on_delete=models.DO_NOTHING,
        from_fields=["case"],
        to_fields=["case"],
        related_name="+",
        null=True,
    )
    last_import = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()
    scoping = APPLICATION_SCOPING

    class Meta:
        verbose_name = "domanda"
        verbose_name_plural = "domande"
        permissions = [
            ("import_applications", "Può importare gli elenchi INPS delle domande"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "measure", "protocol"], name="application_protocol_unique"
            )
        ]
        indexes = [
            models.Index(fields=["zone", "measure", "municipality", "status"]),
            models.Index(fields=["zone", "status", "follow_up_done_at"]),
        ]

    def __str__(self) -> str:
        return f"Domanda {self.protocol}"


class ApplicationStatusChange(models.Model):
    """An application's status history: one row each time INPS gives it a status (DOMAIN §5).

    `Application.status`/`status_on` are the latest of these rows, kept beside it for the
    lists; a report "as of" a date reads the row in force on that date (`selectors.
    status_on_date`), so an application rejected in 2019 still counts as positive in the
    figures of 30/11/2018. The rows point at the application's UUID, which the import sets in
    Python: they are written in bulk with the applications, without reading keys back."""

    application = models.ForeignKey(
        Application,
        to_field="uuid",
        on_delete=models.CASCADE,
        related_name="status_history",
        verbose_name="domanda",
    )
    status = models.CharField("stato INPS", max_length=12, choices=ApplicationStatus.choices)
    # The date INPS gives the status from; without one, the day it reached the zone.
    since = models.DateField("dal")
    reason = models.CharField("motivo", max_length=300, blank=True)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("registrato il", auto_now_add=True)

    class Meta:
        verbose_name = "stato della domanda"
        verbose_name_plural = "storia degli stati delle domande"
        ordering = ["application", "since", "pk"]
        indexes = [models.Index(fields=["application", "since"])]

    def __str__(self) -> str:
        return f"{self.get_status_display()} dal {self.since:%d/%m/%Y}"
