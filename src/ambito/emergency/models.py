"""§6 Emergency social intervention (pronto intervento sociale): the on-call rota, the urgency
criteria, the reports with their persons and timestamps, the shelters and their placements,
and the hand-over to the ordinary social service."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from ambito.core.scoping import ScopedQuerySet

from .choices import ImmediateMeasure, Outcome, PlaceType, ReporterKind, ShiftRole
from .scoping import (
    EMERGENCY_SCOPING,
    HANDOVER_SCOPING,
    ON_CALL_SHIFT_SCOPING,
    PLACEMENT_SCOPING,
    SHELTER_SCOPING,
    URGENCY_CRITERION_SCOPING,
    EmergencyQuerySet,
    UrgencyCriterionQuerySet,
)


class UrgencyCriterion(models.Model):
    """A situation that makes a report an emergency (seed 000, line 4). Configuration: seeded
    with the seed's three situations and their sub-criteria, editable in the admin. A zone may
    add its own (zone set); rows without a zone apply everywhere."""

    code = models.CharField("codice", max_length=20, unique=True)
    label = models.CharField("criterio", max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="situazione",
    )
    zone = models.ForeignKey(
        "territory.Zone",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ambito (vuoto = tutti)",
    )
    involves_minors = models.BooleanField("riguarda minori", default=False)
    active = models.BooleanField("attivo", default=True)
    position = models.PositiveSmallIntegerField("ordine", default=0)

    objects = UrgencyCriterionQuerySet.as_manager()
    scoping = URGENCY_CRITERION_SCOPING

    class Meta:
        verbose_name = "criterio di urgenza"
        verbose_name_plural = "criteri di urgenza"
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label


class OnCallShift(models.Model):
    """Who is on call, in a zone, from when to when (outside office hours)."""

    zone = models.ForeignKey("territory.Zone", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="on_call_shifts",
        verbose_name="operatore",
    )
    role = models.CharField("ruolo", max_length=16, choices=ShiftRole.choices)
    starts_at = models.DateTimeField("inizio")
    ends_at = models.DateTimeField("fine")
    phone = models.CharField("telefono di reperibilità", max_length=32, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = ON_CALL_SHIFT_SCOPING

    class Meta:
        verbose_name = "turno di reperibilità"
        verbose_name_plural = "turni di reperibilità"
        ordering = ["starts_at", "role"]
        indexes = [models.Index(fields=["zone", "ends_at", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="oncall_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.starts_at:%d/%m/%Y %H:%M}–{self.ends_at:%d/%m/%Y %H:%M}"


class Shelter(models.Model):
    """A structure for immediate placement (struttura di pronta accoglienza), with its places
    by type. Occupancy is never stored: it is the sum of the open placements."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = models.ForeignKey(
        "territory.Zone", on_delete=models.PROTECT, related_name="+", verbose_name="ambito"
    )
    name = models.CharField("denominazione", max_length=200)
    municipality = models.ForeignKey(
        "territory.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name="comune"
    )
    managed_by = models.ForeignKey(
        "territory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ente gestore",
    )
    address = models.CharField("indirizzo", max_length=200, blank=True)
    phone = models.CharField("telefono", max_length=32, blank=True)
    capacity_adult = models.PositiveSmallIntegerField("posti adulti", default=0)
    capacity_woman_child = models.PositiveSmallIntegerField("posti donne con bambini", default=0)
    capacity_minor = models.PositiveSmallIntegerField("posti minori", default=0)
    is_open = models.BooleanField("aperta", default=True)
    notes = models.TextField("note", blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = SHELTER_SCOPING

    class Meta:
        verbose_name = "struttura di pronta accoglienza"
        verbose_name_plural = "strutture di pronta accoglienza"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def capacity(self, place_type: str) -> int:
        return getattr(self, f"capacity_{place_type}")


class Emergency(models.Model):
    """One report to the emergency service and what was done about it. The three timestamps
    (report, first response, placement) give the response times; the minutes are stored with
    them so that a year's report reads integers instead of computing on every row."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = models.ForeignKey(
        "territory.Zone", on_delete=models.PROTECT, related_name="+", verbose_name="ambito"
    )
    number = models.CharField("numero", max_length=12)
    reported_at = models.DateTimeField("segnalata il")
    # Local (Europe/Rome) hour of the report, for the "by hour of day" report.
    reported_hour = models.PositiveSmallIntegerField("ora", editable=False)
    reporter_kind = models.CharField("chi segnala", max_length=12, choices=ReporterKind.choices)
    reporter_name = models.CharField("nome di chi segnala", max_length=200, blank=True)
    reporter_phone = models.CharField("recapito di chi segnala", max_length=32, blank=True)
    municipality = models.ForeignKey(
        "territory.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name="comune"
    )
    location = models.CharField("luogo", max_length=200)
    situation = models.TextField("situazione")
    criteria = models.ManyToManyField(
        UrgencyCriterion, related_name="emergencies", verbose_name="criteri di urgenza"
    )
    involves_minor = models.BooleanField("coinvolge minori", default=False)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="ricevuta da",
    )
    first_response_at = models.DateTimeField("prima risposta", null=True, blank=True)
    response_minutes = models.PositiveIntegerField(null=True, blank=True, editable=False)
    placed_at = models.DateTimeField("collocamento", null=True, blank=True)
    placement_minutes = models.PositiveIntegerField(null=True, blank=True, editable=False)
    outcome = models.CharField(
        "esito", max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    measures = models.JSONField("interventi immediati", default=list, blank=True)
    response_note = models.TextField("note sulla risposta", blank=True)
    not_emergency_reason = models.TextField("motivo", blank=True)
    referred_to = models.CharField("inviato a", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EmergencyQuerySet.as_manager()
    scoping = EMERGENCY_SCOPING

    class Meta:
        verbose_name = "segnalazione di emergenza"
        verbose_name_plural = "segnalazioni di emergenza"
        ordering = ["-reported_at", "-pk"]
        permissions = [
            ("view_zone_emergencies", "Vede tutte le emergenze dell'ambito"),
            ("view_minor_emergencies", "Vede le emergenze che coinvolgono minori (tutela)"),
            ("view_minor_identity", "Vede i dati che identificano i minori"),
            ("view_emergency_reports", "Vede i report del pronto intervento"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["zone", "number"], name="emergency_number_per_zone"),
            models.CheckConstraint(
                condition=Q(first_response_at__isnull=True)
                | Q(first_response_at__gte=F("reported_at")),
                name="emergency_response_after_report",
            ),
            models.CheckConstraint(
                condition=Q(placed_at__isnull=True) | Q(placed_at__gte=F("reported_at")),
                name="emergency_placement_after_report",
            ),
        ]
        indexes = [
            models.Index(fields=["zone", "reported_at"]),
            models.Index(fields=["zone", "involves_minor", "reported_at"]),
        ]

    def __str__(self) -> str:
        return f"Segnalazione {self.number}"

    def measure_labels(self) -> list[str]:
        labels = dict(ImmediateMeasure.choices)
        return [labels.get(code, code) for code in self.measures]


class EmergencyPerson(models.Model):
    """A person involved: identified (linked to the registry, or named) or not yet identified
    (a description). Minors' identifying fields are shown only to those who need them."""

    emergency = models.ForeignKey(Emergency, on_delete=models.CASCADE, related_name="persons")
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="persona in anagrafe",
    )
    first_name = models.CharField("nome", max_length=100, blank=True)
    last_name = models.CharField("cognome", max_length=100, blank=True)
    fiscal_code = models.CharField("codice fiscale", max_length=16, blank=True)
    age = models.PositiveSmallIntegerField("età (anche stimata)", null=True, blank=True)
    sex = models.CharField(
        "sesso", max_length=1, blank=True, choices=[("F", "Femmina"), ("M", "Maschio")]
    )
    is_minor = models.BooleanField("minore", default=False)
    description = models.CharField("descrizione (se non identificata)", max_length=200, blank=True)

    IDENTIFYING_FIELDS = ("first_name", "last_name", "fiscal_code", "person", "description")

    class Meta:
        verbose_name = "persona coinvolta"
        verbose_name_plural = "persone coinvolte"
        ordering = ["is_minor", "pk"]

    def __str__(self) -> str:
        return "Minore" if self.is_minor else "Adulto"

    @property
    def identified(self) -> bool:
        return bool(self.person_id or (self.first_name and self.last_name))


class Placement(models.Model):
    """Places taken in a shelter by an emergency, from placement to departure. A woman with a
    child takes two places of the "women with children" type."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    emergency = models.ForeignKey(Emergency, on_delete=models.PROTECT, related_name="placements")
    shelter = models.ForeignKey(
        Shelter, on_delete=models.PROTECT, related_name="placements", verbose_name="struttura"
    )
    place_type = models.CharField("tipo di posto", max_length=12, choices=PlaceType.choices)
    places = models.PositiveSmallIntegerField("posti", default=1)
    placed_at = models.DateTimeField("collocato il")
    left_at = models.DateTimeField("uscito il", null=True, blank=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scoping = PLACEMENT_SCOPING

    class Meta:
        verbose_name = "collocamento"
        verbose_name_plural = "collocamenti"
        ordering = ["-placed_at"]
        indexes = [models.Index(fields=["shelter", "left_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=1), name="placement_places_positive"),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(left_at__gte=F("placed_at")),
                name="placement_left_after_placed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shelter} ({self.places} posti)"


class Handover(models.Model):
    """The hand-over of an emergency to the ordinary social service of the competent
    municipality, due on the next working day; acknowledged by a social worker, who may open
    a case or attach the emergency to one."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    emergency = models.OneToOneField(Emergency, on_delete=models.CASCADE, related_name="handover")
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="comune competente",
    )
    due_on = models.DateField("da prendere in carico entro")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="assistente sociale",
    )
    acknowledged_at = models.DateTimeField("presa visione il", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cartella",
    )
    note = models.TextField("note", blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = HANDOVER_SCOPING

    class Meta:
        verbose_name = "passaggio al servizio sociale"
        verbose_name_plural = "passaggi al servizio sociale"
        ordering = ["due_on", "pk"]
        permissions = [
            ("acknowledge_handover", "Prende in carico i passaggi dal pronto intervento")
        ]
        indexes = [models.Index(fields=["municipality", "acknowledged_at", "due_on"])]

    def __str__(self) -> str:
        return f"Passaggio a {self.municipality} entro il {self.due_on:%d/%m/%Y}"
