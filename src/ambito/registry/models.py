"""§3 Registry: persons, households and their members, ISEE declarations.

Personal data are read through `Person.objects.visible_to(user)` only (see selectors)."""

import uuid
from decimal import Decimal

from django.db import models
from django.db.models import Q

from .choices import IseeKind, LegalBasis, Relationship, Sex
from .scoping import HOUSEHOLD_SCOPING, PERSON_SCOPING, HouseholdQuerySet, PersonQuerySet


class Person(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = models.ForeignKey(
        "territory.Zone", on_delete=models.PROTECT, related_name="persons", verbose_name="ambito"
    )
    fiscal_code = models.CharField("codice fiscale", max_length=16)
    first_name = models.CharField("nome", max_length=100)
    last_name = models.CharField("cognome", max_length=100)
    # Upper-case, accent-free copies for prefix search with a plain B-tree index.
    first_name_key = models.CharField(max_length=100, editable=False)
    last_name_key = models.CharField(max_length=100, editable=False)
    birth_date = models.DateField("data di nascita")
    sex = models.CharField("sesso", max_length=1, choices=Sex.choices)
    birth_place = models.CharField("luogo di nascita", max_length=100)
    birth_place_code = models.CharField("codice catastale del luogo di nascita", max_length=4)
    citizenship = models.CharField("cittadinanza", max_length=100, blank=True)
    residence_municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        related_name="residents",
        verbose_name="comune di residenza",
    )
    residence_address = models.CharField("indirizzo di residenza", max_length=200, blank=True)
    domicile_address = models.CharField("domicilio (se diverso)", max_length=200, blank=True)
    phone = models.CharField("telefono", max_length=32, blank=True)
    email = models.EmailField("email", blank=True)
    language = models.CharField("lingua", max_length=50, blank=True)
    legal_guardian = models.CharField(
        "tutore / amministratore di sostegno", max_length=200, blank=True
    )
    privacy_notice_date = models.DateField(
        "informativa privacy consegnata il", null=True, blank=True
    )
    legal_basis = models.CharField(
        "base giuridica del trattamento",
        max_length=16,
        choices=LegalBasis.choices,
        default=LegalBasis.SOCIAL_CARE,
    )
    created_at = models.DateTimeField("creato il", auto_now_add=True)
    updated_at = models.DateTimeField("modificato il", auto_now=True)

    objects = PersonQuerySet.as_manager()
    scoping = PERSON_SCOPING

    class Meta:
        verbose_name = "persona"
        verbose_name_plural = "persone"
        permissions = [
            ("view_zone_persons", "Può consultare le persone di tutti i comuni dell'ambito"),
        ]
        ordering = ["last_name_key", "first_name_key", "birth_date"]
        constraints = [
            # One person, one record in a zone's registry.
            models.UniqueConstraint(fields=["zone", "fiscal_code"], name="person_cf_unique"),
            models.CheckConstraint(
                condition=Q(fiscal_code__regex=r"^[A-Z0-9]{16}$"), name="person_cf_shape"
            ),
        ]
        indexes = [
            models.Index(fields=["zone", "last_name_key", "first_name_key"]),
            models.Index(fields=["zone", "birth_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Household(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = models.ForeignKey(
        "territory.Zone",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name="ambito",
    )
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name="comune",
    )
    address = models.CharField("indirizzo", max_length=200, blank=True)
    created_at = models.DateTimeField("creato il", auto_now_add=True)
    updated_at = models.DateTimeField("modificato il", auto_now=True)

    objects = HouseholdQuerySet.as_manager()
    scoping = HOUSEHOLD_SCOPING

    class Meta:
        verbose_name = "nucleo familiare"
        verbose_name_plural = "nuclei familiari"

    def __str__(self) -> str:
        return f"Nucleo {str(self.uuid)[:8]}"


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relationship = models.CharField(
        "relazione con l'intestatario", max_length=16, choices=Relationship.choices
    )
    start_date = models.DateField("dal")
    end_date = models.DateField("al", null=True, blank=True)

    class Meta:
        verbose_name = "componente"
        verbose_name_plural = "componenti"
        constraints = [
            # A person belongs to one household at a time.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(end_date__isnull=True),
                name="person_in_one_current_household",
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(end_date__isnull=True, relationship="head"),
                name="household_one_current_head",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["household", "end_date"])]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relationship_display()})"


class IseeRecord(models.Model):
    """An ISEE attestation: the value the household's declarant obtained, and its validity."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="isee_records", verbose_name="dichiarante"
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="isee_records",
        verbose_name="nucleo",
    )
    kind = models.CharField("tipo", max_length=16, choices=IseeKind.choices, default="ordinario")
    value = models.DecimalField("valore ISEE (€)", max_digits=10, decimal_places=2)
    valid_from = models.DateField("valido dal")
    valid_until = models.DateField("valido fino al")
    dsu_protocol = models.CharField("protocollo DSU", max_length=40, blank=True)
    created_at = models.DateTimeField("registrato il", auto_now_add=True)

    class Meta:
        verbose_name = "attestazione ISEE"
        verbose_name_plural = "attestazioni ISEE"
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=Decimal("0")), name="isee_value_gte_0"),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")), name="isee_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.valid_from:%d/%m/%Y}"
