"""§7 Affido familiare (seed 003 §C.7, the district foster-care service).

- A **foster family** (`FosterFamily`) of the zone's register (*albo*): the reference adults,
  municipality and contacts (personal data: every read is logged). Its path: application ->
  training attended (`FamilyTraining`, sessions and courses with their dates) -> assessment by
  the foster-care centre (`FamilyAssessment`: date, outcome, by whom) -> registered (or not
  suitable); later withdrawn. Its availability: the kinds of placement it accepts
  (`FamilyAvailability`), the age range, siblings, how many children at once; suspensions
  (`FamilySuspension`, from/to, reason) take it out of matching for their period.
- A **placement** (`Placement`, *affido*) of one or more minors (siblings) of a case with one
  family: its kind (full-time residential, daytime, weekend, summer, emergency), start, planned
  and actual end with the reason, the basis (court decree, free-text reference; or consensual,
  ratified by the judge tutelare), the family's monthly contribution, and the meetings with the
  family of origin (`OriginMeeting`).
- **Support groups** (`SupportGroup`) of foster families and their meetings (`GroupMeeting`).

A placement is checked against the family under the family's row lock (services/placements.py):
registered, not suspended on the start date, available for the kind, every child's age in the
range, siblings accepted when more than one, capacity not full.
"""

import uuid

from django.db import models
from django.db.models import F, Q

from ambito.core.fields import money, user_field, zone_field
from ambito.core.scoping import ScopedQuerySet, Scoping

from .choices import (
    AssessmentOutcome,
    EndReason,
    FamilyStatus,
    FosterKind,
    MeetingKind,
    PlacementBasis,
)
from .scoping import FAMILY_READERS, MEETING_READERS, PLACEMENT_READERS


class FosterFamily(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    reference_adults = models.CharField("adulti di riferimento", max_length=300)
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="comune di residenza",
    )
    address = models.CharField("indirizzo", max_length=300, blank=True)
    phone = models.CharField("telefono", max_length=32, blank=True)
    email = models.EmailField("email", blank=True)
    status = models.CharField(
        "stato", max_length=14, choices=FamilyStatus.choices, default=FamilyStatus.APPLIED
    )
    applied_on = models.DateField("domanda del")
    registered_on = models.DateField("iscritta all'albo il", null=True, blank=True)
    withdrawn_on = models.DateField("ritirata il", null=True, blank=True)
    withdrawal_reason = models.CharField("motivo del ritiro", max_length=300, blank=True)
    age_min = models.PositiveSmallIntegerField("età minima del minore", default=0)
    age_max = models.PositiveSmallIntegerField("età massima del minore", default=17)
    siblings_accepted = models.BooleanField("accoglie fratelli", default=False)
    capacity = models.PositiveSmallIntegerField("minori accolti al più", default=1)
    notes = models.TextField("note", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="fostering.view_fosterfamily", grants=FAMILY_READERS)

    class Meta:
        verbose_name = "famiglia affidataria"
        verbose_name_plural = "famiglie affidatarie"
        ordering = ["reference_adults", "pk"]
        permissions = [
            ("view_zone_fostering", "Vede l'albo, gli affidi e i gruppi di sostegno dell'ambito"),
            ("manage_fostering", "Gestisce l'albo delle famiglie affidatarie e i gruppi"),
            ("view_fostering_reports", "Vede le cifre dell'affido familiare"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_max__gte=F("age_min")) & Q(age_max__lte=21),
                name="foster_family_age_range",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="foster_family_capacity"),
        ]
        indexes = [models.Index(fields=["zone", "status"])]

    def __str__(self) -> str:
        return self.reference_adults

    @property
    def kinds(self) -> list[str]:
        return [a.kind for a in self.availability.all()]


class FamilyAvailability(models.Model):
    family = models.ForeignKey(FosterFamily, on_delete=models.CASCADE, related_name="availability")
    kind = models.CharField("tipo di affido", max_length=12, choices=FosterKind.choices)

    class Meta:
        verbose_name = "disponibilità"
        verbose_name_plural = "disponibilità"
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["family", "kind"], name="foster_availability_once")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class FamilyTraining(models.Model):
    family = models.ForeignKey(FosterFamily, on_delete=models.CASCADE, related_name="trainings")
    course = models.CharField("corso / incontro", max_length=200)
    held_on = models.DateField("data")
    hours = models.DecimalField("ore", max_digits=5, decimal_places=1, null=True, blank=True)
    recorded_by = user_field(null=True, blank=True)

    class Meta:
        verbose_name = "formazione frequentata"
        verbose_name_plural = "formazione frequentata"
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return self.course


class FamilyAssessment(models.Model):
    family = models.ForeignKey(FosterFamily, on_delete=models.CASCADE, related_name="assessments")
    held_on = models.DateField("data della valutazione")
    outcome = models.CharField("esito", max_length=14, choices=AssessmentOutcome.choices)
    assessed_by = models.CharField("valutata da", max_length=200)
    notes = models.TextField("note", blank=True)
    recorded_by = user_field(null=True, blank=True)

    class Meta:
        verbose_name = "valutazione"
        verbose_name_plural = "valutazioni"
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return self.get_outcome_display()


class FamilySuspension(models.Model):
    family = models.ForeignKey(FosterFamily, on_delete=models.CASCADE, related_name="suspensions")
    starts_on = models.DateField("sospesa dal")
    ends_on = models.DateField("sospesa fino al", null=True, blank=True)
    reason = models.CharField("motivo", max_length=300)
    recorded_by = user_field(null=True, blank=True)

    class Meta:
        verbose_name = "sospensione"
        verbose_name_plural = "sospensioni"
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="foster_suspension_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"Sospensione dal {self.starts_on:%d/%m/%Y}"


class Placement(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="foster_placements"
    )
    family = models.ForeignKey(
        FosterFamily,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name="famiglia affidataria",
    )
    children = models.ManyToManyField(
        "registry.Person", related_name="foster_placements", verbose_name="minori"
    )
    kind = models.CharField("tipo di affido", max_length=12, choices=FosterKind.choices)
    basis = models.CharField("titolo", max_length=12, choices=PlacementBasis.choices)
    court_reference = models.CharField("decreto / provvedimento", max_length=200, blank=True)
    consent_on = models.DateField("consenso dei genitori del", null=True, blank=True)
    ratified_on = models.DateField("reso esecutivo dal giudice tutelare il", null=True, blank=True)
    starts_on = models.DateField("inizio")
    planned_end_on = models.DateField("fine prevista", null=True, blank=True)
    ended_on = models.DateField("fine effettiva", null=True, blank=True)
    end_reason = models.CharField(
        "motivo della conclusione", max_length=16, choices=EndReason.choices, blank=True
    )
    monthly_contribution = money("contributo mensile alla famiglia (€)", default=0)
    notes = models.TextField("note", blank=True)
    created_by = user_field(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="fostering.view_placement", grants=PLACEMENT_READERS)

    class Meta:
        verbose_name = "affido"
        verbose_name_plural = "affidi"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_contribution__gte=0), name="foster_contribution_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("starts_on")),
                name="foster_placement_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(planned_end_on__isnull=True) | Q(planned_end_on__gte=F("starts_on")),
                name="foster_placement_planned_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["zone", "kind"]),
            models.Index(fields=["family", "ended_on"]),
        ]

    def __str__(self) -> str:
        return f"Affido {self.get_kind_display().lower()} dal {self.starts_on:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class OriginMeeting(models.Model):
    """A meeting of the child with the family of origin."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("data")
    kind = models.CharField("modalità", max_length=10, choices=MeetingKind.choices)
    place = models.CharField("luogo", max_length=200)
    notes = models.TextField("note", blank=True)
    recorded_by = user_field(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(
        read="fostering.view_originmeeting", zone="placement__zone", grants=MEETING_READERS
    )

    class Meta:
        verbose_name = "incontro con la famiglia d'origine"
        verbose_name_plural = "incontri con la famiglia d'origine"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Incontro del {self.held_on:%d/%m/%Y}"


class SupportGroup(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    name = models.CharField("nome del gruppo", max_length=200)
    facilitator = models.CharField("conduttore", max_length=200, blank=True)
    place = models.CharField("luogo", max_length=200, blank=True)
    started_on = models.DateField("avviato il")
    active = models.BooleanField("attivo", default=True)
    families = models.ManyToManyField(
        FosterFamily, blank=True, related_name="support_groups", verbose_name="famiglie"
    )

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="fostering.view_zone_fostering")

    class Meta:
        verbose_name = "gruppo di sostegno"
        verbose_name_plural = "gruppi di sostegno"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GroupMeeting(models.Model):
    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("data")
    topic = models.CharField("tema", max_length=200, blank=True)
    families = models.ManyToManyField(
        FosterFamily, blank=True, related_name="+", verbose_name="famiglie presenti"
    )
    recorded_by = user_field(null=True, blank=True)

    class Meta:
        verbose_name = "incontro del gruppo"
        verbose_name_plural = "incontri del gruppo"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Incontro del {self.held_on:%d/%m/%Y}"
