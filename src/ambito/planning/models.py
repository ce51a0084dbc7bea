"""§9 Planning, funds and the assembly: plans with objectives, actions, quarterly schedules and
quantitative targets; fund sources, allocations, spending and the portfolio; the assembly's
meetings, attendance, deliberations and weighted votes. Money is Decimal(14, 2), never < 0."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from ambito.core.fields import money as _money
from ambito.core.scoping import ScopedQuerySet, Scoping

from .choices import (
    ActionKind,
    AttendanceStatus,
    CommitmentSide,
    DeliberationOutcome,
    FundKind,
    ImplementationMode,
    LedgerOrigin,
    LedgerStage,
    ManagementForm,
    PlanKind,
    PlanStatus,
    Progress,
    QuorumRule,
    SpendingKind,
    VoteChoice,
)


class FundSource(models.Model):
    """A source of funding (FNPS, Fondo Povertà, PON Inclusione...): configuration, seeded."""

    code = models.CharField("codice", max_length=20, unique=True)
    name = models.CharField("fondo", max_length=200)
    kind = models.CharField("tipo", max_length=12, choices=FundKind.choices)
    active = models.BooleanField("attivo", default=True)
    position = models.PositiveSmallIntegerField("ordine", default=0)

    class Meta:
        verbose_name = "fonte di finanziamento"
        verbose_name_plural = "fonti di finanziamento"
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class Plan(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = models.ForeignKey(
        "territory.Zone", on_delete=models.PROTECT, related_name="+", verbose_name="ambito"
    )
    kind = models.CharField("tipo di piano", max_length=16, choices=PlanKind.choices)
    title = models.CharField("titolo", max_length=300)
    period_start = models.DateField("dal")
    period_end = models.DateField("al")
    status = models.CharField(
        "stato", max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approval_act = models.CharField("atto di approvazione", max_length=200, blank=True)
    approved_on = models.DateField("approvato il", null=True, blank=True)
    expected_end = models.DateField("conclusione prevista", null=True, blank=True)
    version = models.PositiveSmallIntegerField("versione", default=1)
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="versione precedente",
    )
    notes = models.TextField("note", blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="planning.view_plan")

    class Meta:
        verbose_name = "piano"
        verbose_name_plural = "piani"
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="plan_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def quarters(self) -> list[tuple[int, int]]:
        """(year, quarter) pairs of the plan's period, in order."""
        result, year, quarter = [], self.period_start.year, (self.period_start.month - 1) // 3 + 1
        end = (self.period_end.year, (self.period_end.month - 1) // 3 + 1)
        while (year, quarter) <= end:
            result.append((year, quarter))
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
        return result


class PlanObjective(models.Model):
    """An axis or objective of a plan (or a line of a territorial pact)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField("codice", max_length=20)
    title = models.CharField("titolo", max_length=300)
    priority = models.CharField("priorità", max_length=50, blank=True)
    description = models.TextField("descrizione", blank=True)
    general_objectives = models.TextField("obiettivi generali", blank=True)
    specific_objectives = models.TextField("obiettivi specifici", blank=True)
    expected_results = models.TextField("risultati attesi", blank=True)
    actors = models.TextField("attori coinvolti", blank=True)
    operating_mode = models.TextField("modalità operative", blank=True)
    position = models.PositiveSmallIntegerField("ordine", default=0)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="planning.view_planobjective", zone="plan__zone")

    class Meta:
        verbose_name = "obiettivo"
        verbose_name_plural = "obiettivi"
        ordering = ["plan", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="objective_code_per_plan")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class PlanAction(models.Model):
    """An action of an objective. `revision` grows at every change: an edit made on an older
    revision is refused (two planners cannot silently overwrite each other)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(PlanObjective, on_delete=models.CASCADE, related_name="actions")
    code = models.CharField("codice", max_length=20)
    title = models.CharField("azione", max_length=300)
    description = models.TextField("descrizione", blank=True)
    classification = models.CharField("codice di classificazione", max_length=20, blank=True)
    kind = models.CharField("tipo", max_length=16, choices=ActionKind.choices, blank=True)
    staff_units = models.DecimalField(
        "unità di personale", max_digits=6, decimal_places=2, null=True, blank=True
    )
    staff_profile = models.CharField("profilo del personale", max_length=200, blank=True)
    implementation_mode = models.CharField(
        "modalità di attuazione", max_length=16, choices=ImplementationMode.choices, blank=True
    )
    implementation_note = models.CharField("modalità (testo)", max_length=300, blank=True)
    amount = _money("importo previsto", default=0)
    fund = models.ForeignKey(
        FundSource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="fondo",
    )
    funding_year = models.PositiveSmallIntegerField("annualità del fondo", null=True, blank=True)
    responsible_office = models.CharField("ufficio responsabile", max_length=200, blank=True)
    starts_on = models.DateField("inizio", null=True, blank=True)
    ends_on = models.DateField("fine", null=True, blank=True)
    revision = models.PositiveIntegerField("revisione", default=1)
    position = models.PositiveSmallIntegerField("ordine", default=0)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="planning.view_planaction", zone="plan__zone")

    class Meta:
        verbose_name = "azione"
        verbose_name_plural = "azioni"
        permissions = [("override_allocation", "Supera il residuo di un fondo, con motivazione")]
        ordering = ["plan", "objective__position", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="action_code_per_plan"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="action_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="action_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["fund", "funding_year"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ScheduleQuarter(models.Model):
    """One quarter of an action's schedule (cronoprogramma): planned or not, and progress."""

    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="quarters")
    year = models.PositiveSmallIntegerField("anno")
    quarter = models.PositiveSmallIntegerField("trimestre")
    planned = models.BooleanField("previsto", default=False)
    progress = models.CharField(
        "avanzamento", max_length=12, choices=Progress.choices, blank=True, default=Progress.NONE
    )
    note = models.CharField("nota", max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="planning.view_schedulequarter", zone="action__plan__zone")

    class Meta:
        verbose_name = "trimestre del cronoprogramma"
        verbose_name_plural = "cronoprogramma"
        ordering = ["action", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "year", "quarter"], name="schedule_quarter_once"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="schedule_quarter_1_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} T{self.quarter}"


class QuantitativeTarget(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    objective = models.ForeignKey(PlanObjective, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField("indicatore", max_length=300)
    unit = models.CharField("unità", max_length=50, blank=True)
    baseline = models.DecimalField("valore di partenza", max_digits=14, decimal_places=2)
    current_value = models.DecimalField(
        "valore attuale", max_digits=14, decimal_places=2, null=True, blank=True
    )
    current_on = models.DateField("rilevato il", null=True, blank=True)
    target = models.DecimalField("obiettivo", max_digits=14, decimal_places=2)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="planning.view_quantitativetarget", zone="objective__plan__zone")

    class Meta:
        verbose_name = "obiettivo quantitativo"
        verbose_name_plural = "obiettivi quantitativi"

    def __str__(self) -> str:
        return self.indicator


class PactCommitment(models.Model):
    """What one side commits to on a line of a territorial pact (seed 000)."""

    objective = models.ForeignKey(
        PlanObjective, on_delete=models.CASCADE, related_name="commitments"
    )
    side = models.CharField("parte", max_length=16, choices=CommitmentSide.choices)
    text = models.TextField("impegno")
    position = models.PositiveSmallIntegerField("ordine", default=0)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="planning.view_pactcommitment", zone="objective__plan__zone")

    class Meta:
        verbose_name = "impegno del patto"
        verbose_name_plural = "impegni del patto"
        ordering = ["objective", "side", "position"]

    def __str__(self) -> str:
        return self.text[:60]


class Allocation(models.Model):
    """Money a fund assigns to a zone for a year, by an act."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = models.ForeignKey("territory.Zone", on_delete=models.PROTECT, related_name="+")
    fund = models.ForeignKey(FundSource, on_delete=models.PROTECT, related_name="allocations")
    year = models.PositiveSmallIntegerField("annualità")
    amount = _money("importo assegnato")
    act = models.CharField("atto di assegnazione", max_length=200)
    act_date = models.DateField("data dell'atto", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="planning.view_allocation")

    class Meta:
        verbose_name = "assegnazione"
        verbose_name_plural = "assegnazioni"
        ordering = ["zone", "year", "fund"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="allocation_amount_not_negative"
            ),
            models.UniqueConstraint(
                fields=["zone", "fund", "year", "act"], name="allocation_once_per_act"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.year}: {self.amount}"


class Spending(models.Model):
    """A commitment (impegno) or a payment (liquidazione) on an action."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    action = models.ForeignKey(PlanAction, on_delete=models.PROTECT, related_name="spending")
    kind = models.CharField("tipo", max_length=12, choices=SpendingKind.choices)
    amount = _money("importo")
    date = models.DateField("data")
    act_number = models.CharField("numero dell'atto", max_length=50)
    payee = models.CharField("beneficiario", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="planning.view_spending", zone="action__plan__zone")

    class Meta:
        verbose_name = "impegno o pagamento"
        verbose_name_plural = "impegni e pagamenti"
        ordering = ["action", "date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="spending_amount_positive")
        ]
        indexes = [models.Index(fields=["action", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class BudgetLine(models.Model):
    """A cell of the zone's fund portfolio: what a service area gets from a fund in a year,
    and how it is managed (seed 003 §G.3, §B.3)."""

    zone = models.ForeignKey("territory.Zone", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("anno")
    service_area = models.CharField("area di servizio", max_length=200)
    fund = models.ForeignKey(FundSource, on_delete=models.PROTECT, related_name="budget_lines")
    amount = _money("importo")
    management_form = models.CharField(
        "forma di gestione", max_length=16, choices=ManagementForm.choices, blank=True
    )

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="planning.view_budgetline")

    class Meta:
        verbose_name = "voce del portafoglio"
        verbose_name_plural = "portafoglio dei fondi"
        ordering = ["zone", "year", "service_area", "fund"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_amount_not_negative")
        ]
        indexes = [models.Index(fields=["zone", "year"])]

    def __str__(self) -> str:
        return f"{self.year} {self.service_area} {self.fund}"


class SolidarityRule(models.Model):
    """How the members share a solidarity fund (seed 003 §B.2 note 1): X% per capita, Y% per
    potential users, Z% per actual users; the three add up to 100."""

    zone = models.ForeignKey("territory.Zone", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("anno")
    total = _money("totale del fondo")
    per_capita_pct = models.DecimalField("% per abitante", max_digits=5, decimal_places=2)
    potential_users_pct = models.DecimalField(
        "% per utenti potenziali", max_digits=5, decimal_places=2
    )
    actual_users_pct = models.DecimalField("% per utenti effettivi", max_digits=5, decimal_places=2)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="planning.view_solidarityrule")

    class Meta:
        verbose_name = "regola del fondo di solidarietà"
        verbose_name_plural = "regole del fondo di solidarietà"
        constraints = [
            models.UniqueConstraint(fields=["zone", "year"], name="solidarity_rule_per_year"),
            models.CheckConstraint(condition=Q(total__gte=0), name="solidarity_total_positive"),
        ]

    def __str__(self) -> str:
        return f"Fondo di solidarietà {self.year}"


class SolidarityFigures(models.Model):
    rule = models.ForeignKey(SolidarityRule, on_delete=models.CASCADE, related_name="figures")
    member = models.ForeignKey(
        "territory.ConsortiumMember", on_delete=models.CASCADE, related_name="+"
    )
    population = models.PositiveIntegerField("abitanti")
    potential_users = models.PositiveIntegerField("utenti potenziali")
    actual_users = models.PositiveIntegerField("utenti effettivi")

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="planning.view_solidarityfigures", zone="rule__zone")

    class Meta:
        verbose_name = "dati del socio"
        verbose_name_plural = "dati dei soci"
        constraints = [
            models.UniqueConstraint(fields=["rule", "member"], name="solidarity_member_once")
        ]

    def __str__(self) -> str:
        return str(self.member)


class Meeting(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = models.ForeignKey("territory.Zone", on_delete=models.PROTECT, related_name="+")
    body = models.CharField("organo", max_length=100, default="Assemblea dei soci")
    held_on = models.DateField("data")
    time = models.TimeField("ora", null=True, blank=True)
    place = models.CharField("luogo", max_length=200, blank=True)
    convened_by = models.CharField("convocata da", max_length=200, blank=True)
    quorum_rule = models.CharField(
        "quorum", max_length=8, choices=QuorumRule.choices, default=QuorumRule.BOTH
    )
    notes = models.TextField("note", blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="planning.view_meeting")

    class Meta:
        verbose_name = "seduta"
        verbose_name_plural = "sedute"
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.body} del {self.held_on:%d/%m/%Y}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(
        "territory.ConsortiumMember", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("presenza", max_length=10, choices=AttendanceStatus.choices)
    represented_by = models.CharField("rappresentato da / delegato", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="planning.view_attendance", zone="meeting__zone")

    class Meta:
        verbose_name = "presenza"
        verbose_name_plural = "presenze"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_status_display()}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField("punto")
    title = models.CharField("oggetto", max_length=300)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="planning.view_agendaitem", zone="meeting__zone")

    class Meta:
        verbose_name = "punto all'ordine del giorno"
        verbose_name_plural = "ordine del giorno"
        ordering = ["meeting", "position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Deliberation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = models.ForeignKey("territory.Zone", on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="deliberations", null=True, blank=True
    )
    year = models.PositiveSmallIntegerField("anno")
    number = models.PositiveIntegerField("numero")
    date = models.DateField("data")
    subject = models.CharField("oggetto", max_length=500)
    content = models.TextField("testo", blank=True)
    outcome = models.CharField("esito", max_length=10, choices=DeliberationOutcome.choices)
    immediately_executable = models.BooleanField("immediatamente eseguibile", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="planning.view_deliberation")

    class Meta:
        verbose_name = "deliberazione"
        verbose_name_plural = "deliberazioni"
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "year", "number"], name="deliberation_number_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"Deliberazione n. {self.number}/{self.year}"


class DeliberationAttachment(models.Model):
    deliberation = models.ForeignKey(
        Deliberation, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField("allegato", max_length=300)
    pages = models.PositiveSmallIntegerField("pagine")

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="planning.view_deliberationattachment", zone="deliberation__zone")

    class Meta:
        verbose_name = "allegato"
        verbose_name_plural = "allegati"

    def __str__(self) -> str:
        return f"{self.title} ({self.pages} pagine)"


class Vote(models.Model):
    deliberation = models.ForeignKey(Deliberation, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(
        "territory.ConsortiumMember", on_delete=models.PROTECT, related_name="+"
    )
    choice = models.CharField("voto", max_length=10, choices=VoteChoice.choices)
    share = models.DecimalField("quota al voto (%)", max_digits=5, decimal_places=2)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="planning.view_vote", zone="deliberation__zone")

    class Meta:
        verbose_name = "voto"
        verbose_name_plural = "voti"
        constraints = [models.UniqueConstraint(fields=["deliberation", "member"], name="vote_once")]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_choice_display()}"


class ManagementSpending(models.Model):
    """The zone's social spending by management form as declared in a plan (seed 003 §B.3),
    when it is known only in total and not cell by cell of the portfolio."""

    zone = models.ForeignKey("territory.Zone", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField("riferimento", max_length=200)
    management_form = models.CharField(
        "forma di gestione", max_length=16, choices=ManagementForm.choices
    )
    amount = _money("importo")

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="planning.view_managementspending")

    class Meta:
        verbose_name = "spesa per forma di gestione"
        verbose_name_plural = "spesa per forma di gestione"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="management_spending_not_negative"
            ),
            models.UniqueConstraint(
                fields=["zone", "reference", "management_form"], name="management_spending_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.get_management_form_display()}"


class FundMovement(models.Model):
    """One line of the fund ledger: how much of a fund's year one source holds at one stage
    (allocated, planned, committed, paid). Every euro the zone plans, commits and pays is one
    of these rows, whatever its source (planning/ledger.py lists the origins); the fund table,
    the residual check and the portfolio read them and nothing else.

    A row is the source's current amount at that stage (one row per origin, source and
    stage), written by the source's service in the same transaction as the source; the
    history of each change is in the event log of the source. `label` names the source for
    the plan office and never carries personal data (a voucher is its number, not its
    beneficiary)."""

    zone = models.ForeignKey("territory.Zone", on_delete=models.PROTECT, related_name="+")
    fund = models.ForeignKey(FundSource, on_delete=models.PROTECT, related_name="movements")
    year = models.PositiveSmallIntegerField("annualità")
    stage = models.CharField("fase", max_length=10, choices=LedgerStage.choices)
    origin = models.CharField("origine", max_length=16, choices=LedgerOrigin.choices)
    origin_id = models.PositiveBigIntegerField("riferimento")
    amount = _money("importo")
    service_area = models.CharField("area di servizio", max_length=200, blank=True)
    label = models.CharField("descrizione", max_length=200, blank=True)
    date = models.DateField("data", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="planning.view_fundmovement")

    class Meta:
        verbose_name = "movimento del fondo"
        verbose_name_plural = "registro dei fondi"
        ordering = ["zone", "year", "fund", "stage", "origin", "origin_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["origin", "origin_id", "stage"], name="fund_movement_once_per_stage"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fund_movement_not_negative"),
        ]
        indexes = [models.Index(fields=["zone", "year", "fund", "stage"])]

    def __str__(self) -> str:
        return f"{self.get_origin_display()} {self.origin_id}: {self.get_stage_display()}"
