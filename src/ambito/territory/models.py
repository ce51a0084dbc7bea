"""§1 Territory: zones, municipalities and their populations, sub-areas, organisations,
consortium members, access points with opening hours, staff."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from ambito.core.scoping import ScopedQuerySet, Scoping

from .choices import (
    AccessPointKind,
    OrganisationKind,
    RuntsSection,
    StaffArea,
    StaffProfile,
    Weekday,
    ZoneKind,
)

istat_code_validator = RegexValidator(r"^\d{6}$", "Il codice ISTAT è di 6 cifre.")
belfiore_code_validator = RegexValidator(
    r"^[A-Z]\d{3}$", "Il codice catastale è una lettera seguita da 3 cifre (es. G713)."
)


class Zone(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField("codice", max_length=32, unique=True)
    name = models.CharField("nome", max_length=200)
    kind = models.CharField("tipo", max_length=16, choices=ZoneKind.choices)
    region = models.CharField("regione", max_length=64)
    province_code = models.CharField(
        "provincia (sigla)",
        max_length=2,
        help_text="Per i giorni festivi del santo patrono (es. PT).",
    )
    lead_body = models.ForeignKey(
        "Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ente capofila",
    )
    tax_code = models.CharField("codice fiscale dell'ente", max_length=16, blank=True)
    address = models.CharField("sede", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="territory.view_zone", zone="pk")

    class Meta:
        verbose_name = "ambito"
        verbose_name_plural = "ambiti"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SubArea(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, related_name="subareas", verbose_name="ambito"
    )
    code = models.CharField("codice", max_length=16)
    name = models.CharField("nome", max_length=200)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="territory.view_zone")

    class Meta:
        verbose_name = "sub-ambito"
        verbose_name_plural = "sub-ambiti"
        ordering = ["zone", "code"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "code"], name="subarea_code_unique_in_zone")
        ]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, related_name="municipalities", verbose_name="ambito"
    )
    subarea = models.ForeignKey(
        SubArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="municipalities",
        verbose_name="sub-ambito",
    )
    istat_code = models.CharField(
        "codice ISTAT", max_length=6, unique=True, validators=[istat_code_validator]
    )
    belfiore_code = models.CharField(
        "codice catastale", max_length=4, unique=True, validators=[belfiore_code_validator]
    )
    name = models.CharField("nome", max_length=100)
    province_code = models.CharField("provincia (sigla)", max_length=2)
    is_metropolitan_city = models.BooleanField(
        "città metropolitana",
        default=False,
        help_text="Per il LEP dei punti di accesso (1 ogni 70.000 abitanti).",
    )

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="territory.view_municipality")

    class Meta:
        verbose_name = "comune"
        verbose_name_plural = "comuni"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MunicipalityPopulation(models.Model):
    """Resident population at 1 January of a year; every per-inhabitant ratio uses it."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="populations"
    )
    year = models.PositiveSmallIntegerField(
        "anno", validators=[MinValueValidator(1861), MaxValueValidator(2200)]
    )
    population = models.PositiveIntegerField("popolazione residente")
    source = models.CharField("fonte", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="territory.view_municipality", zone="municipality__zone")

    class Meta:
        verbose_name = "popolazione residente"
        verbose_name_plural = "popolazione residente"
        ordering = ["municipality", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="population_one_per_municipality_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}: {self.population}"


# The RUNTS "numero di repertorio" is a number of up to 9 digits; the demo's synthetic bodies
# use numbers from 900000000 up, which the registry has not reached.
runts_number_validator = RegexValidator(
    r"^\d{1,9}$", "Il numero di repertorio RUNTS è fatto di sole cifre (al massimo 9)."
)
tax_code_validator = RegexValidator(
    r"^(\d{11}|[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z])$",
    "Il codice fiscale di un ente è di 11 cifre (o di 16 caratteri per una persona).",
)


class ActivityField(models.Model):
    """A field of activity of general interest (art. 5 D.Lgs. 117/2017): configuration,
    seeded, editable in the admin."""

    code = models.CharField("codice", max_length=8, unique=True)
    name = models.CharField("attività di interesse generale", max_length=200)
    position = models.PositiveSmallIntegerField("ordine", default=0)

    class Meta:
        verbose_name = "settore di attività"
        verbose_name_plural = "settori di attività"
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, related_name="organisations", verbose_name="ambito"
    )
    kind = models.CharField("tipo", max_length=16, choices=OrganisationKind.choices)
    name = models.CharField("denominazione", max_length=200)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name="comune (sede o ente)",
        help_text="Per un Comune: il comune che l'ente rappresenta; per gli altri: la sede.",
    )
    tax_code = models.CharField(
        "codice fiscale / partita IVA",
        max_length=16,
        blank=True,
        validators=[tax_code_validator],
    )
    legal_form = models.CharField("forma giuridica", max_length=100, blank=True)
    runts_number = models.CharField(
        "numero di repertorio RUNTS",
        max_length=32,
        blank=True,
        validators=[runts_number_validator],
        help_text="Registro unico nazionale del Terzo settore.",
    )
    runts_section = models.CharField(
        "sezione RUNTS", max_length=1, choices=RuntsSection.choices, blank=True
    )
    legal_representative = models.CharField("legale rappresentante", max_length=200, blank=True)
    pec = models.EmailField("PEC", blank=True)
    fields_of_activity = models.ManyToManyField(
        ActivityField, blank=True, related_name="organisations", verbose_name="settori di attività"
    )
    address = models.CharField("indirizzo", max_length=200, blank=True)
    email = models.EmailField("email", blank=True)
    phone = models.CharField("telefono", max_length=32, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="territory.view_organisation")

    class Meta:
        verbose_name = "ente"
        verbose_name_plural = "enti"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="organisation_name_unique"),
            models.UniqueConstraint(
                fields=["zone", "runts_number"],
                condition=~Q(runts_number=""),
                name="organisation_runts_number_unique",
            ),
            models.UniqueConstraint(
                fields=["zone", "tax_code"],
                condition=~Q(tax_code=""),
                name="organisation_tax_code_unique",
            ),
            models.CheckConstraint(
                condition=~Q(kind="municipality") | Q(municipality__isnull=False),
                name="municipality_organisation_has_municipality",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ConsortiumMember(models.Model):
    """A member of the zone's consortium or assembly and its share (quota, %)."""

    zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, related_name="members", verbose_name="ambito"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships", verbose_name="ente"
    )
    share = models.DecimalField(
        "quota (%)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    representative = models.CharField("rappresentante", max_length=200, blank=True)
    representative_role = models.CharField("carica", max_length=100, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="territory.view_consortiummember")

    class Meta:
        verbose_name = "socio del consorzio"
        verbose_name_plural = "soci del consorzio"
        ordering = ["zone", "-share"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "organisation"], name="member_once_per_zone"),
            models.CheckConstraint(
                condition=Q(share__gte=0) & Q(share__lte=100), name="member_share_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.share}%)"


class AccessPoint(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, related_name="access_points", verbose_name="ambito"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="access_points", verbose_name="comune"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_points",
        verbose_name="ente gestore",
    )
    kind = models.CharField("tipo", max_length=16, choices=AccessPointKind.choices)
    name = models.CharField("nome", max_length=200)
    address = models.CharField("indirizzo", max_length=200)
    phone = models.CharField("telefono", max_length=32, blank=True)
    email = models.EmailField("email", blank=True)
    active_from = models.DateField("attivo dal", null=True, blank=True)
    active_until = models.DateField("attivo fino al", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="territory.view_accesspoint")

    class Meta:
        verbose_name = "punto di accesso"
        verbose_name_plural = "punti di accesso"
        ordering = ["municipality__name", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="access_point_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class OpeningHours(models.Model):
    access_point = models.ForeignKey(
        AccessPoint, on_delete=models.CASCADE, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField("giorno", choices=Weekday.choices)
    opens = models.TimeField("apre alle")
    closes = models.TimeField("chiude alle")

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="territory.view_accesspoint", zone="access_point__zone")

    class Meta:
        verbose_name = "orario di apertura"
        verbose_name_plural = "orari di apertura"
        ordering = ["access_point", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="opening_closes_after_opens"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"

    @property
    def hours(self) -> float:
        start = self.opens.hour * 60 + self.opens.minute
        end = self.closes.hour * 60 + self.closes.minute
        return (end - start) / 60


class Staff(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, related_name="staff", verbose_name="ambito"
    )
    first_name = models.CharField("nome", max_length=100)
    last_name = models.CharField("cognome", max_length=100)
    profile = models.CharField("profilo", max_length=20, choices=StaffProfile.choices)
    employer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name="datore di lavoro",
    )
    weekly_hours = models.DecimalField(
        "ore settimanali",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
    )
    area = models.CharField("area", max_length=8, choices=StaffArea.choices)
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="staff",
        verbose_name="comuni serviti",
        through="StaffMunicipality",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_profile",
        verbose_name="utente",
    )
    active = models.BooleanField("in servizio", default=True)
    funded_by = models.CharField(
        "finanziato da",
        max_length=100,
        blank=True,
        help_text="Per il personale aggiuntivo (es. Quota servizi Fondo povertà).",
    )
    annual_cost = models.DecimalField(
        "valore economico annuo (€)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Per il personale aggiuntivo: il costo annuo a carico del fondo.",
    )

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="territory.view_staff")

    class Meta:
        verbose_name = "operatore"
        verbose_name_plural = "operatori"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekly_hours__gte=0) & Q(weekly_hours__lte=60),
                name="staff_weekly_hours_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name}"

    FULL_TIME_HOURS = Decimal("36")

    @property
    def fte(self) -> Decimal:
        """Full-time equivalent on a 36-hour public-sector week."""
        return (self.weekly_hours / self.FULL_TIME_HOURS).quantize(Decimal("0.01"))


class StaffMunicipality(models.Model):
    """A municipality an operator serves, with the weekly hours spent there when a split is
    recorded. Without a split (hours null on any of the person's rows) the person's FTE is
    apportioned by the population of the municipalities served (territory/selectors/staff.py).
    The table is the one of the former plain many-to-many (migration 0003)."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, verbose_name="operatore")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, verbose_name="comune")
    weekly_hours = models.DecimalField(
        "ore settimanali nel comune",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
        help_text="Vuoto: nessuna ripartizione registrata (si ripartisce per abitanti).",
    )

    class Meta:
        db_table = "territory_staff_municipalities"
        verbose_name = "comune servito"
        verbose_name_plural = "comuni serviti"
        # As the former automatic many-to-many table had it (same index in the database).
        unique_together = [("staff", "municipality")]

    def __str__(self) -> str:
        return f"{self.staff} · {self.municipality}"
