"""§2 Contacts at access points (accessi): every contact is recorded, identified or anonymous.

A request sent from the public charter is a contact on channel "web" waiting to be called back:
the citizen is not identified yet, so their name and contact stay on the contact itself."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from ambito.core.scoping import Grant, ScopedQuerySet, Scoping, visible_related

from .choices import Channel, ContactStatus, Outcome, ReferralKind


class Contact(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = models.ForeignKey(
        "territory.Zone", on_delete=models.PROTECT, related_name="contacts", verbose_name="ambito"
    )
    access_point = models.ForeignKey(
        "territory.AccessPoint",
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name="punto di accesso",
    )
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name="comune della persona",
        help_text="Residenza della persona, anche anonima: serve all'osservatorio.",
    )
    started_at = models.DateTimeField("data e ora")
    ended_at = models.DateTimeField("fine", null=True, blank=True)
    minutes_spent = models.PositiveSmallIntegerField("minuti dedicati", null=True, blank=True)
    channel = models.CharField("canale", max_length=12, choices=Channel.choices)
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name="persona",
    )
    need_areas = models.ManyToManyField(
        "catalog.NeedArea", blank=True, related_name="contacts", verbose_name="aree di bisogno"
    )
    request_text = models.TextField("richiesta", blank=True)
    answer_text = models.TextField("risposta data", blank=True)
    outcome = models.CharField("esito", max_length=16, choices=Outcome.choices, blank=True)
    referral_kind = models.CharField(
        "orientamento / invio", max_length=16, choices=ReferralKind.choices, blank=True
    )
    referral_service = models.ForeignKey(
        "catalog.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name="servizio",
    )
    referral_organisation = models.ForeignKey(
        "territory.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name="ente",
    )
    referral_office = models.CharField("altro ufficio", max_length=200, blank=True)
    status = models.CharField(
        "stato", max_length=16, choices=ContactStatus.choices, default=ContactStatus.DONE
    )
    # A web request: who asked to be called back (not yet identified in the registry).
    requester_name = models.CharField("nome del richiedente", max_length=120, blank=True)
    requester_contact = models.CharField("recapito del richiedente", max_length=120, blank=True)
    consent_at = models.DateTimeField("consenso privacy il", null=True, blank=True)
    called_back_at = models.DateTimeField("richiamato il", null=True, blank=True)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name="operatore",
    )
    created_at = models.DateTimeField("registrato il", auto_now_add=True)
    # Cancelled by its author on the day it was recorded (services.contact_cancel): the contact
    # stays, out of the observatory's tallies, with who cancelled it, when and why.
    cancelled_at = models.DateTimeField("annullato il", null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="annullato da",
    )
    cancel_reason = models.TextField("motivo dell'annullamento", blank=True)

    objects = ScopedQuerySet.as_manager()
    # Anonymous contacts and web requests are the zone's; an identified person's contacts
    # only for those who may see that person in the registry.
    scoping = Scoping(
        read="access.view_contact",
        grants=(Grant(None, visible_related("person", nullable=True)),),
    )

    class Meta:
        verbose_name = "accesso"
        verbose_name_plural = "accessi"
        permissions = [
            ("view_observatory", "Può consultare l'osservatorio dei bisogni (solo dati aggregati)"),
        ]
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="contact_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(referral_kind="service") | Q(referral_service__isnull=False),
                name="contact_service_referral_has_service",
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True, cancel_reason="")
                | (Q(cancelled_at__isnull=False) & ~Q(cancel_reason="")),
                name="contact_cancelled_with_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["zone", "started_at"]),
            models.Index(fields=["access_point", "started_at"]),
            models.Index(fields=["zone", "status", "started_at"]),
            models.Index(fields=["person", "started_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.started_at:%d/%m/%Y %H:%M}"

    @property
    def is_anonymous(self) -> bool:
        return self.person_id is None and not self.requester_name

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class ContactCorrection(models.Model):
    """A correction of a contact by its author on the day it was recorded: why, and which
    fields changed (their names; the values before are not kept, as in the audit log)."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="corrections", verbose_name="accesso"
    )
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="corretto da",
    )
    corrected_at = models.DateTimeField("corretto il", auto_now_add=True)
    reason = models.TextField("motivo della correzione")
    fields = models.JSONField("campi corretti", default=list)

    class Meta:
        verbose_name = "correzione di un accesso"
        verbose_name_plural = "correzioni di accessi"
        ordering = ["corrected_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="contact_correction_has_reason")
        ]

    def __str__(self) -> str:
        return f"Correzione del {self.corrected_at:%d/%m/%Y %H:%M}"


# --- the observatory's monthly tallies ----------------------------------------------------------


class TallyDimension(models.TextChoices):
    TOTAL = "total", "accessi"
    CHANNEL = "channel", "canale"
    OUTCOME = "outcome", "esito"
    IDENTIFIED = "identified", "identificati"
    NEED_AREA = "need_area", "area di bisogno"
    REFERRAL = "referral", "invio"


class ContactTally(models.Model):
    """How many contacts of a month (Europe/Rome), municipality and access point have a value
    of a dimension: e.g. (March 2025, Quarrata, URP Quarrata, channel, "phone") -> 41.

    Kept by the contact services (access/tally.py) so that the needs observatory sums a few
    thousand rows instead of counting a zone-year of contacts (docs/decisions.md, "Observatory
    tallies"); derived data that `python -m ambito observatory_rebuild` recomputes. The values:
    total "" (every contact once), channel and outcome codes ("" = outcome not given),
    identified "1"/"0", need_area the area's id ("0" = none given; a contact counts in each of
    its areas), referral "service:<id>", "organisation:<id>" or "office:<text>". The keys are
    plain values, 0 meaning "not indicated", because the upsert that keeps them (INSERT ... ON
    CONFLICT) needs a unique key without NULLs on SQLite and PostgreSQL alike; the contacts
    PROTECT the rows they point to."""

    zone = models.ForeignKey("territory.Zone", on_delete=models.CASCADE, related_name="+")
    month = models.DateField("mese")  # its first day
    municipality_key = models.PositiveIntegerField("comune", default=0)
    access_point_key = models.PositiveIntegerField("punto di accesso")
    dimension = models.CharField("dimensione", max_length=12, choices=TallyDimension.choices)
    value = models.CharField("valore", max_length=220, blank=True)
    count = models.IntegerField("accessi", default=0)

    KEY = ("zone_id", "month", "municipality_key", "access_point_key", "dimension", "value")

    class Meta:
        verbose_name = "conteggio mensile degli accessi"
        verbose_name_plural = "conteggi mensili degli accessi"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "zone",
                    "month",
                    "municipality_key",
                    "access_point_key",
                    "dimension",
                    "value",
                ],
                name="contact_tally_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.dimension}={self.value}: {self.count}"
