"""§7 Providers, accreditation and vouchers (*titoli sociali*).

- A **provider** is an organisation of the zone's register that delivers services, in-house,
  by tender, by agreement or accredited, with its services from the charter and its
  structures.
- An **accreditation scheme** is the zone's call for a kind of service: a checklist of
  requirements, the validity and the tariff per unit. A provider **applies** with a document
  per requirement; the plan office reviews each requirement, decides, and later suspends,
  revokes or renews (a renewal is a new application whose `renews` is the previous one).
- A **voucher scheme** is configuration: a *buono* (money) or a *voucher* (a service bought
  from a provider accredited under the scheme's accreditation), its value or units, the
  charter service whose conditions decide who is eligible, the fund and year that pay, and a
  budget. `committed` is the value of the scheme's live vouchers, kept under the scheme's row
  lock and checked by the database (`committed <= budget`): the budget cannot be exceeded
  even by two issues at the same instant.
- A **voucher** is issued from a case to a person (and the household) with the decision act;
  when the budget is short it waits in the scheme's list by priority. The beneficiary
  chooses an accredited provider; the provider records **deliveries** (units, dates, their
  amount at the scheme's tariff), the plan office validates them and **pays** them in a
  payment to the provider. `spent` (recorded and validated) never passes `value`: a
  database check and the voucher's row lock.

Every euro of these lands on the fund ledger (planning/ledger.py). Money is Decimal(14, 2),
never < 0.
"""

import uuid

from django.db import models
from django.db.models import F, Q

from ambito.core.fields import money, user_field, zone_field
from ambito.core.scoping import ScopedQuerySet, Scoping

from .choices import (
    ApplicationState,
    DeliveryState,
    ProviderMode,
    RequirementOutcome,
    SchemeStatus,
    TariffUnit,
    VoucherKind,
    VoucherState,
)
from .scoping import (
    APPLICATION_CHILD_READERS,
    DELIVERY_READERS,
    PAYMENT_READERS,
    VOUCHER_READERS,
    ZONE_OR_OWN_APPLICATION,
    ZONE_OR_OWN_PROVIDER,
)


def _provider_file_path(instance, filename: str) -> str:
    # A random name: the stored path never carries an organisation's or a person's name.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"erogatori/{type(instance).__name__.lower()}/{uuid.uuid4().hex}.{suffix[:5]}"


def _units(label: str, **kwargs):
    return models.DecimalField(label, max_digits=10, decimal_places=2, **kwargs)


# --- providers -------------------------------------------------------------------------------


class Provider(models.Model):
    """An organisation of the zone's register as a provider of services."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    organisation = models.ForeignKey(
        "territory.Organisation",
        on_delete=models.PROTECT,
        related_name="provider_profiles",
        verbose_name="ente",
    )
    mode = models.CharField("modalità di affidamento", max_length=12, choices=ProviderMode.choices)
    services = models.ManyToManyField(
        "catalog.Service", blank=True, related_name="providers", verbose_name="servizi erogati"
    )
    contract_reference = models.CharField("contratto / atto", max_length=200, blank=True)
    contact_email = models.EmailField("email per i titoli sociali", blank=True)
    active = models.BooleanField("attivo", default=True)
    notes = models.TextField("note", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="providers.view_provider", grants=ZONE_OR_OWN_PROVIDER)

    class Meta:
        verbose_name = "erogatore"
        verbose_name_plural = "erogatori"
        ordering = ["organisation__name"]
        permissions = [
            ("view_zone_providers", "Vede erogatori, titoli sociali e pagamenti dell'ambito"),
            ("manage_providers", "Gestisce erogatori, accreditamenti e misure di titoli sociali"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "organisation", "mode"], name="provider_once_per_mode"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class ProviderStructure(models.Model):
    """A place where a provider delivers (a day centre, a residence) with its capacity."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="structures")
    name = models.CharField("struttura", max_length=200)
    kind = models.CharField("tipo", max_length=100, blank=True)
    address = models.CharField("indirizzo", max_length=300, blank=True)
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="comune",
    )
    capacity = models.PositiveIntegerField("posti", null=True, blank=True)
    authorisation = models.CharField("autorizzazione al funzionamento", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="providers.view_provider", zone="provider__zone")

    class Meta:
        verbose_name = "struttura"
        verbose_name_plural = "strutture"
        ordering = ["provider", "name"]

    def __str__(self) -> str:
        return self.name


# --- accreditation ---------------------------------------------------------------------------


class AccreditationScheme(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    title = models.CharField("titolo", max_length=300)
    service = models.ForeignKey(
        "catalog.Service",
        on_delete=models.PROTECT,
        related_name="accreditation_schemes",
        verbose_name="servizio della carta",
    )
    description = models.TextField("descrizione", blank=True)
    act = models.CharField("atto di approvazione", max_length=200, blank=True)
    validity_months = models.PositiveSmallIntegerField("validità (mesi)", default=36)
    tariff = money("tariffa per unità (€)")
    unit = models.CharField("unità", max_length=10, choices=TariffUnit.choices)
    opens_on = models.DateField("domande dal")
    closes_on = models.DateField("domande fino al", null=True, blank=True)
    active = models.BooleanField("attivo", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="providers.view_accreditationscheme")

    class Meta:
        verbose_name = "sistema di accreditamento"
        verbose_name_plural = "sistemi di accreditamento"
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(tariff__gte=0), name="accreditation_tariff_gte_0"),
            models.CheckConstraint(
                condition=Q(validity_months__gte=1), name="accreditation_validity_positive"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=F("opens_on")),
                name="accreditation_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AccreditationRequirement(models.Model):
    scheme = models.ForeignKey(
        AccreditationScheme, on_delete=models.CASCADE, related_name="requirements"
    )
    position = models.PositiveSmallIntegerField("ordine")
    text = models.CharField("requisito", max_length=500)
    document_required = models.BooleanField("richiede un documento", default=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="providers.view_accreditationscheme", zone="scheme__zone")

    class Meta:
        verbose_name = "requisito"
        verbose_name_plural = "requisiti"
        ordering = ["scheme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "position"], name="requirement_position_once")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class AccreditationApplication(models.Model):
    """A provider's application to a scheme, and the accreditation it becomes: state, the
    decision, the validity, the reason of a rejection, suspension or revocation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    scheme = models.ForeignKey(
        AccreditationScheme, on_delete=models.PROTECT, related_name="applications"
    )
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="applications")
    state = models.CharField(
        "stato", max_length=14, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    submitted_at = models.DateTimeField("presentata il", null=True, blank=True)
    decided_at = models.DateTimeField("decisa il", null=True, blank=True)
    decision_act = models.CharField("atto di accreditamento", max_length=200, blank=True)
    valid_from = models.DateField("accreditato dal", null=True, blank=True)
    valid_until = models.DateField("accreditato fino al", null=True, blank=True)
    reason = models.TextField("motivazione", blank=True)
    renews = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewed_by",
        verbose_name="rinnova",
    )
    created_by = user_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(
        read="providers.view_accreditationapplication", grants=ZONE_OR_OWN_APPLICATION
    )

    class Meta:
        verbose_name = "domanda di accreditamento"
        verbose_name_plural = "domande di accreditamento"
        ordering = ["-created_at"]
        permissions = [("review_accreditation", "Istruisce e decide gli accreditamenti")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="accreditation_validity_ordered",
            )
        ]
        indexes = [
            models.Index(fields=["zone", "state", "valid_until"]),
            models.Index(fields=["scheme", "provider", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.provider} – {self.scheme}"


class ApplicationTransition(models.Model):
    """The application's history: every change of state, who and why."""

    application = models.ForeignKey(
        AccreditationApplication, on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(max_length=14, choices=ApplicationState.choices, blank=True)
    to_state = models.CharField(max_length=14, choices=ApplicationState.choices)
    reason = models.TextField("motivazione", blank=True)
    actor = user_field(null=True, blank=True)  # None: the nightly job (an expiry)
    at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(
        read="providers.view_accreditationapplication",
        zone="application__zone",
        grants=APPLICATION_CHILD_READERS,
    )

    class Meta:
        verbose_name = "passaggio di stato"
        verbose_name_plural = "passaggi di stato"
        ordering = ["application", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class RequirementEvidence(models.Model):
    """A requirement of an application: the provider's document and note, the reviewer's
    outcome and note."""

    application = models.ForeignKey(
        AccreditationApplication, on_delete=models.CASCADE, related_name="evidence"
    )
    requirement = models.ForeignKey(
        AccreditationRequirement, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField("documento", upload_to=_provider_file_path, blank=True)
    file_name = models.CharField("nome del file", max_length=200, blank=True)
    content_type = models.CharField(max_length=80, blank=True)
    size = models.PositiveIntegerField("dimensione (byte)", default=0)
    provider_note = models.TextField("nota dell'ente", blank=True)
    outcome = models.CharField(
        "esito", max_length=8, choices=RequirementOutcome.choices, blank=True, default=""
    )
    review_note = models.TextField("nota dell'istruttoria", blank=True)
    reviewed_by = user_field(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(
        read="providers.view_accreditationapplication",
        zone="application__zone",
        grants=APPLICATION_CHILD_READERS,
    )

    class Meta:
        verbose_name = "requisito della domanda"
        verbose_name_plural = "requisiti della domanda"
        ordering = ["application", "requirement__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "requirement"], name="evidence_once_per_requirement"
            )
        ]

    def __str__(self) -> str:
        return str(self.requirement)


# --- vouchers (titoli sociali) ---------------------------------------------------------------


class VoucherScheme(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    code = models.CharField("codice", max_length=20)
    title = models.CharField("titolo", max_length=300)
    kind = models.CharField("tipo", max_length=8, choices=VoucherKind.choices)
    description = models.TextField("descrizione", blank=True)
    # The charter service whose conditions (ISEE ceiling, age, residence) decide eligibility.
    service = models.ForeignKey(
        "catalog.Service",
        on_delete=models.PROTECT,
        related_name="voucher_schemes",
        verbose_name="servizio della carta (requisiti)",
    )
    accreditation = models.ForeignKey(
        AccreditationScheme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voucher_schemes",
        verbose_name="accreditamento degli erogatori",
        help_text="Per i voucher: gli erogatori accreditati tra cui il beneficiario sceglie.",
    )
    value = money("valore di un titolo (€)")
    units = _units("unità per titolo", null=True, blank=True)
    valid_from = models.DateField("titoli validi dal")
    valid_until = models.DateField("titoli validi fino al")
    fund = models.ForeignKey(
        "planning.FundSource", on_delete=models.PROTECT, related_name="+", verbose_name="fondo"
    )
    year = models.PositiveSmallIntegerField("annualità del fondo")
    budget_line = models.ForeignKey(
        "planning.BudgetLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voucher_schemes",
        verbose_name="voce del portafoglio",
        help_text="La voce del portafoglio che la misura attua: il budget vi è compreso.",
    )
    budget = money("budget (€)")
    committed = money("impegnato (€)", default=0)
    status = models.CharField(
        "stato", max_length=8, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT
    )
    decision_act = models.CharField("atto istitutivo", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="providers.view_voucherscheme")

    class Meta:
        verbose_name = "misura di titoli sociali"
        verbose_name_plural = "misure di titoli sociali"
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "code", "year"], name="voucher_scheme_code"),
            models.CheckConstraint(
                condition=Q(value__gt=0) & Q(budget__gte=0) & Q(committed__gte=0),
                name="voucher_scheme_amounts",
            ),
            # The budget is never exceeded: the last guard, under the service's row lock.
            models.CheckConstraint(
                condition=Q(committed__lte=F("budget")), name="voucher_scheme_within_budget"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")), name="voucher_scheme_period"
            ),
            models.CheckConstraint(
                condition=Q(units__isnull=True) | Q(units__gt=0), name="voucher_scheme_units"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year}"

    @property
    def residual(self):
        return self.budget - self.committed


class Voucher(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    scheme = models.ForeignKey(VoucherScheme, on_delete=models.PROTECT, related_name="vouchers")
    number = models.PositiveIntegerField("numero", null=True, blank=True)
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name="beneficiario"
    )
    household = models.ForeignKey(
        "registry.Household",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="nucleo",
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="vouchers", verbose_name="cartella"
    )
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="comune di residenza",
    )
    state = models.CharField(
        "stato", max_length=10, choices=VoucherState.choices, default=VoucherState.ISSUED
    )
    # The waiting list: higher priority first, then the earlier request.
    priority = models.PositiveSmallIntegerField("priorità", default=0)
    requested_at = models.DateTimeField("richiesto il")
    requested_value = money("valore richiesto (€)")
    decision_act = models.CharField("atto di concessione", max_length=200)
    decision_date = models.DateField("data dell'atto")
    value = money("valore concesso (€)", default=0)
    units = _units("unità concesse", null=True, blank=True)
    valid_from = models.DateField("valido dal")
    valid_until = models.DateField("valido fino al")
    issued_at = models.DateTimeField("emesso il", null=True, blank=True)
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vouchers",
        verbose_name="erogatore scelto",
    )
    chosen_at = models.DateTimeField("scelto il", null=True, blank=True)
    spent = money("speso (€)", default=0)
    paid = money("pagato (€)", default=0)
    closed_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField("motivazione (revoca o chiusura)", blank=True)
    issued_by = user_field()

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="providers.view_voucher", grants=VOUCHER_READERS)

    class Meta:
        verbose_name = "titolo sociale"
        verbose_name_plural = "titoli sociali"
        ordering = ["-requested_at"]
        permissions = [("issue_voucher", "Emette titoli sociali da una cartella")]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "number"], name="voucher_number_once"),
            models.CheckConstraint(
                condition=Q(value__gte=0)
                & Q(spent__gte=0)
                & Q(paid__gte=0)
                & Q(requested_value__gt=0),
                name="voucher_amounts",
            ),
            # A voucher is never spent beyond its value, nor paid beyond what was spent.
            models.CheckConstraint(condition=Q(spent__lte=F("value")), name="voucher_within_value"),
            models.CheckConstraint(condition=Q(paid__lte=F("spent")), name="voucher_paid_le_spent"),
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")), name="voucher_period"
            ),
        ]
        indexes = [
            models.Index(fields=["scheme", "state", "priority", "requested_at"]),
            models.Index(fields=["zone", "state"]),
            models.Index(fields=["provider", "state"]),
        ]

    def __str__(self) -> str:
        return f"Titolo n. {self.number or '—'} ({self.scheme.code})"

    @property
    def remaining(self):
        return self.value - self.spent


class Payment(models.Model):
    """The zone pays, by an act, a provider the validated deliveries of a scheme's vouchers,
    or a *buono* to its beneficiary (`voucher`, no provider)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    voucher = models.ForeignKey(
        "Voucher",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name="buono pagato al beneficiario",
    )
    scheme = models.ForeignKey(VoucherScheme, on_delete=models.PROTECT, related_name="payments")
    act_number = models.CharField("atto di liquidazione", max_length=60)
    paid_on = models.DateField("pagato il")
    amount = money("importo (€)")
    recorded_by = user_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="providers.view_payment", grants=PAYMENT_READERS)

    class Meta:
        verbose_name = "pagamento"
        verbose_name_plural = "pagamenti"
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(provider__isnull=False) | Q(voucher__isnull=False),
                name="payment_to_provider_or_beneficiary",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.act_number} {self.amount}"


class Delivery(models.Model):
    """What a provider delivered on a voucher: units over dates, their amount at the tariff."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="deliveries")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="deliveries")
    date_from = models.DateField("dal")
    date_to = models.DateField("al")
    units = _units("unità erogate")
    amount = money("importo (€)")
    note = models.CharField("nota", max_length=300, blank=True)
    state = models.CharField(
        "stato", max_length=10, choices=DeliveryState.choices, default=DeliveryState.RECORDED
    )
    recorded_by = user_field()
    recorded_at = models.DateTimeField(auto_now_add=True)
    validated_by = user_field(null=True, blank=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField("motivo del rifiuto", max_length=300, blank=True)
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="deliveries"
    )

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="providers.view_delivery", grants=DELIVERY_READERS)

    class Meta:
        verbose_name = "prestazione erogata"
        verbose_name_plural = "prestazioni erogate"
        ordering = ["-date_from", "-pk"]
        permissions = [("validate_delivery", "Valida e paga le prestazioni dei titoli sociali")]
        constraints = [
            models.CheckConstraint(
                condition=Q(units__gt=0) & Q(amount__gte=0), name="delivery_amounts"
            ),
            models.CheckConstraint(
                condition=Q(date_to__gte=F("date_from")), name="delivery_period"
            ),
        ]
        indexes = [
            models.Index(fields=["voucher", "state"]),
            models.Index(fields=["provider", "state"]),
            models.Index(fields=["zone", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.units} dal {self.date_from:%d/%m/%Y}"


class DeliveryTally(models.Model):
    """The deliveries of a zone counted by scheme, provider, month (of `date_from`) and state:
    a read model kept by the delivery services (providers/tallies.py) so that the report of a
    zone with hundreds of thousands of deliveries reads a few hundred rows. Figures only."""

    zone = zone_field()
    scheme = models.ForeignKey(VoucherScheme, on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    month = models.DateField("mese")
    state = models.CharField("stato", max_length=10, choices=DeliveryState.choices)
    deliveries = models.PositiveIntegerField("prestazioni", default=0)
    units = _units("unità", default=0)
    amount = money("importo (€)", default=0)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="providers.view_zone_providers")

    class Meta:
        verbose_name = "conteggio delle prestazioni"
        verbose_name_plural = "conteggi delle prestazioni"
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "provider", "month", "state"], name="delivery_tally_once"
            )
        ]
        indexes = [models.Index(fields=["zone", "month"])]

    def __str__(self) -> str:
        return f"{self.scheme_id} {self.provider_id} {self.month:%m/%Y} {self.state}"
