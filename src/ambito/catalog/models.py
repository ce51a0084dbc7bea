"""§2 §7 The service charter (Carta dei servizi): need areas, intervention types, services.

Need areas and intervention types are configuration (admin-editable, seeded by migration)."""

import uuid
from decimal import Decimal

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ambito.core.scoping import ScopedQuerySet, Scoping

from .choices import ServiceStatus


class NeedArea(models.Model):
    code = models.SlugField("codice", max_length=32, unique=True)
    name = models.CharField("nome", max_length=100)
    position = models.PositiveSmallIntegerField("ordine", default=0)

    class Meta:
        verbose_name = "area di bisogno"
        verbose_name_plural = "aree di bisogno"
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class InterventionType(models.Model):
    """A type of intervention coded as in the national plans (e.g. A.1.c.2)."""

    code = models.CharField("codice", max_length=20, unique=True)
    name = models.CharField("denominazione", max_length=200)
    description = models.TextField("descrizione", blank=True)
    need_areas = models.ManyToManyField(NeedArea, blank=True, verbose_name="aree di bisogno")
    source = models.CharField("fonte", max_length=100, blank=True)

    class Meta:
        verbose_name = "tipo di intervento"
        verbose_name_plural = "tipi di intervento"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Service(models.Model):
    """One service of the charter: what it is, for whom, requirements, cost, how to apply."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = models.ForeignKey(
        "territory.Zone", on_delete=models.PROTECT, related_name="services", verbose_name="ambito"
    )
    slug = models.SlugField("indirizzo della pagina", max_length=120)
    name = models.CharField("nome", max_length=200)
    short_description = models.CharField("descrizione breve", max_length=300)
    description = models.TextField("descrizione completa", blank=True)
    target_groups = models.CharField("destinatari", max_length=300, blank=True)
    need_areas = models.ManyToManyField(
        NeedArea, blank=True, related_name="services", verbose_name="aree di bisogno"
    )
    intervention_type = models.ForeignKey(
        InterventionType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
        verbose_name="tipo di intervento",
    )
    # Eligibility: every condition left empty does not restrict.
    min_age = models.PositiveSmallIntegerField("età minima", null=True, blank=True)
    max_age = models.PositiveSmallIntegerField("età massima", null=True, blank=True)
    residence_required = models.BooleanField(
        "riservato ai residenti nei comuni dell'ambito", default=True
    )
    municipalities = models.ManyToManyField(
        "territory.Municipality",
        blank=True,
        related_name="services",
        verbose_name="solo per i residenti di",
        help_text="Vuoto: tutti i comuni dell'ambito.",
    )
    isee_max = models.DecimalField(
        "soglia ISEE massima (€)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    other_conditions = models.TextField("altri requisiti", blank=True)
    cost = models.CharField(
        "costo / compartecipazione", max_length=300, blank=True, help_text="Es. «gratuito»."
    )
    is_free = models.BooleanField("gratuito", default=False)
    how_to_apply = models.TextField("come richiederlo", blank=True)
    documents = models.TextField("documenti necessari", blank=True)
    provider = models.ForeignKey(
        "territory.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
        verbose_name="ente erogatore",
    )
    access_points = models.ManyToManyField(
        "territory.AccessPoint",
        blank=True,
        related_name="services",
        verbose_name="dove si richiede",
    )
    phone = models.CharField("telefono", max_length=32, blank=True)
    email = models.EmailField("email", blank=True)
    legal_reference = models.CharField("riferimento normativo", max_length=300, blank=True)
    status = models.CharField(
        "stato", max_length=10, choices=ServiceStatus.choices, default=ServiceStatus.DRAFT
    )
    published_at = models.DateTimeField("pubblicato il", null=True, blank=True)
    created_at = models.DateTimeField("creato il", auto_now_add=True)
    updated_at = models.DateTimeField("modificato il", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ScopedQuerySet.as_manager()
    # Operators read their zone's charter in every state; the public reads take a zone.
    scoping = Scoping(read="catalog.view_service")

    class Meta:
        verbose_name = "servizio"
        verbose_name_plural = "servizi"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "slug"], name="service_slug_unique_in_zone"),
            models.CheckConstraint(
                condition=Q(isee_max__isnull=True) | Q(isee_max__gte=Decimal("0")),
                name="service_isee_max_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gte=models.F("min_age")),
                name="service_ages_ordered",
            ),
        ]
        indexes = [models.Index(fields=["zone", "status", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def cost_text(self) -> str:
        """The cost as the charter says it: "Gratuito" once, even when the cost written also
        says so ("Gratuito", "gratuito con ISEE fino a ..."); "" when nothing is known."""
        cost = " ".join(self.cost.split())
        if not self.is_free:
            return cost
        if not cost or cost.rstrip(".").lower() == "gratuito":
            return "Gratuito"
        if cost.lower().startswith("gratuit"):
            return cost[0].upper() + cost[1:]
        return f"Gratuito. {cost[0].upper()}{cost[1:]}"
