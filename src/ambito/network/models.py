"""§8 The third-sector network: who adheres to the territorial pact, who applies to its lines,
the working groups and their programmes, what each side spends and returns, the agreements,
the needs questionnaire across the network, and the coordination of the area services.

The pact itself is a `planning.Plan` of kind "pact" and its lines are that plan's
`PlanObjective` rows (docs/decisions.md, "The territorial pact is a plan"): this app adds the
network around them and never copies them. Money is Decimal(14, 2), never < 0.
"""

import uuid

from django.db import models
from django.db.models import F, Q

from ambito.core.fields import money as _money
from ambito.core.fields import user_field, zone_field
from ambito.core.scoping import ScopedQuerySet, Scoping

from .choices import (
    AdhesionRole,
    AgreementKind,
    AreaServiceKind,
    CandidatureState,
    CommitmentSide,
    GroupKind,
    GroupRole,
    ProgrammeActionStatus,
    ProgrammeStatus,
    QuestionKind,
    SharedDocumentKind,
)
from .scoping import (
    ZONE_OR_GROUP_MEMBER,
    ZONE_OR_OWN_ORGANISATION,
    ZONE_OR_QUESTIONNAIRE_SENT,
    ZONE_OR_ROUND_SENT,
    ZONE_OR_VISIBLE_GROUP,
    zone_or_organisation,
)


def _network_file_path(instance, filename: str) -> str:
    # A random name: the stored path never carries an organisation's or a person's name.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"rete/{type(instance).__name__.lower()}/{uuid.uuid4().hex}.{suffix[:5]}"


def _organisation(related_name: str, **kwargs):
    return models.ForeignKey(
        "territory.Organisation",
        on_delete=models.PROTECT,
        related_name=related_name,
        verbose_name="ente",
        **kwargs,
    )


def _line(related_name: str, **kwargs):
    return models.ForeignKey(
        "planning.PlanObjective",
        on_delete=models.PROTECT,
        related_name=related_name,
        verbose_name="linea di intervento",
        **kwargs,
    )


class StoredFile(models.Model):
    """The fields of an uploaded document (signed adhesion, agreement, minutes, version)."""

    file = models.FileField("documento", upload_to=_network_file_path, blank=True)
    file_name = models.CharField("nome del file", max_length=200, blank=True)
    content_type = models.CharField(max_length=80, blank=True)
    size = models.PositiveIntegerField("dimensione (byte)", default=0)

    class Meta:
        abstract = True


# --- adhesions to the pact -------------------------------------------------------------------


class Adhesion(StoredFile):
    """An organisation signs the pact (a Plan of kind "pact"); it may withdraw. The adherents
    at a date d are the rows signed on or before d and not withdrawn by d."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    pact = models.ForeignKey(
        "planning.Plan", on_delete=models.PROTECT, related_name="adhesions", verbose_name="patto"
    )
    organisation = _organisation("adhesions")
    role = models.CharField(
        "ruolo", max_length=12, choices=AdhesionRole.choices, default=AdhesionRole.ADHERENT
    )
    signed_on = models.DateField("sottoscritto il")
    signatory = models.CharField("firmatario", max_length=200)
    signatory_role = models.CharField("in qualità di", max_length=200, blank=True)
    withdrawn_on = models.DateField("recesso il", null=True, blank=True)
    withdrawal_reason = models.TextField("motivo del recesso", blank=True)
    recorded_by = user_field()
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="network.view_adhesion", grants=ZONE_OR_OWN_ORGANISATION)

    class Meta:
        verbose_name = "adesione al patto"
        verbose_name_plural = "adesioni al patto"
        ordering = ["signed_on", "pk"]
        permissions = [
            ("view_zone_network", "Vede la rete del Terzo settore di tutto l'ambito"),
            ("manage_network", "Gestisce il patto e la rete (ufficio di piano)"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["pact", "organisation"],
                condition=Q(withdrawn_on__isnull=True),
                name="adhesion_one_open_per_pact",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("signed_on")),
                name="adhesion_withdrawn_after_signed",
            ),
        ]
        indexes = [models.Index(fields=["zone", "signed_on"])]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.pact}"


# --- candidatures ----------------------------------------------------------------------------


class Candidature(models.Model):
    """An organisation applies to one line of the pact with the resources it puts in (seed
    000: "dati dell'Ente, risorse messe a disposizione, descrizione sintetica del contributo e
    del ruolo"). One line per candidature: acceptance, the working group and the resources are
    per line. States and transitions: network/workflow.py."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    line = _line("candidatures")
    organisation = _organisation("candidatures")
    state = models.CharField(
        "stato",
        max_length=16,
        choices=CandidatureState.choices,
        default=CandidatureState.SUBMITTED,
    )
    people = models.PositiveIntegerField("persone messe a disposizione", default=0)
    hours_per_month = models.DecimalField(
        "ore al mese messe a disposizione", max_digits=8, decimal_places=1, default=0
    )
    premises = models.CharField("locali messi a disposizione", max_length=300, blank=True)
    vehicles = models.PositiveIntegerField("mezzi messi a disposizione", default=0)
    money = _money("risorse economiche (€)", default=0)
    contribution = models.TextField("descrizione del contributo")
    proposed_role = models.CharField("ruolo proposto", max_length=300)
    decision_reason = models.TextField("motivazione della decisione", blank=True)
    submitted_by = user_field()
    submitted_at = models.DateTimeField("presentata il", auto_now_add=True)
    reviewed_by = user_field(null=True, blank=True)
    reviewed_at = models.DateTimeField("decisa il", null=True, blank=True)
    active_from = models.DateField("attiva dal", null=True, blank=True)
    ended_on = models.DateField("conclusa il", null=True, blank=True)
    revision = models.PositiveIntegerField("revisione", default=1)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="network.view_candidature", grants=ZONE_OR_OWN_ORGANISATION)

    class Meta:
        verbose_name = "candidatura"
        verbose_name_plural = "candidature"
        ordering = ["-submitted_at"]
        permissions = [("review_candidature", "Istruisce e decide le candidature")]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "organisation"],
                condition=Q(state__in=["submitted", "under_review", "accepted", "active"]),
                name="candidature_one_open_per_line",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_month__gte=0) & Q(money__gte=0),
                name="candidature_resources_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(active_from__isnull=True)
                | Q(ended_on__gte=F("active_from")),
                name="candidature_dates_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["zone", "state"]),
            models.Index(fields=["organisation", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.line.code}"


class CandidatureTransition(models.Model):
    """Who moved a candidature from one state to another, when and why."""

    candidature = models.ForeignKey(
        Candidature, on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(max_length=16, choices=CandidatureState.choices)
    to_state = models.CharField(max_length=16, choices=CandidatureState.choices)
    reason = models.TextField(blank=True)
    actor = user_field()
    at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(
        read="network.view_candidature",
        zone="candidature__zone",
        grants=zone_or_organisation("candidature__organisation"),
    )

    class Meta:
        verbose_name = "passaggio di stato della candidatura"
        verbose_name_plural = "passaggi di stato delle candidature"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


# --- working groups --------------------------------------------------------------------------


class WorkingGroup(models.Model):
    """A table or project group of a line (seed 000: "gruppi di lavoro" formed from the
    candidatures; seed 003 §F.3-F.4: the third-sector table, the project groups)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    line = _line("working_groups")
    kind = models.CharField(
        "tipo", max_length=16, choices=GroupKind.choices, default=GroupKind.WORKING_GROUP
    )
    name = models.CharField("nome", max_length=200)
    purpose = models.TextField("finalità", blank=True)
    created_on = models.DateField("costituito il")
    closed_on = models.DateField("chiuso il", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="network.view_workinggroup", grants=ZONE_OR_GROUP_MEMBER)

    class Meta:
        verbose_name = "gruppo di lavoro"
        verbose_name_plural = "gruppi di lavoro"
        ordering = ["line__position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="working_group_name_in_zone")
        ]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    """A member of a group: an organisation (through its representatives) or a zone staff
    user. Exactly one of the two."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members")
    organisation = _organisation("group_memberships", null=True, blank=True)
    user = user_field("network_groups", null=True, blank=True, verbose_name="operatore dell'ambito")
    role = models.CharField(
        "ruolo", max_length=12, choices=GroupRole.choices, default=GroupRole.MEMBER
    )
    joined_on = models.DateField("dal")
    left_on = models.DateField("al", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(
        read="network.view_workinggroup", zone="group__zone", grants=ZONE_OR_VISIBLE_GROUP
    )

    class Meta:
        verbose_name = "componente del gruppo"
        verbose_name_plural = "componenti del gruppo"
        ordering = ["group", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organisation__isnull=False) & Q(user__isnull=True))
                | (Q(organisation__isnull=True) & Q(user__isnull=False)),
                name="group_member_organisation_or_user",
            ),
            models.UniqueConstraint(
                fields=["group", "organisation"],
                condition=Q(left_on__isnull=True, organisation__isnull=False),
                name="group_member_organisation_once",
            ),
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(left_on__isnull=True, user__isnull=False),
                name="group_member_user_once",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation or self.user)


class GroupMeeting(StoredFile):
    """A meeting of a group with its attendance and minutes (text, or the signed file)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("data")
    place = models.CharField("luogo", max_length=200, blank=True)
    agenda = models.TextField("ordine del giorno", blank=True)
    minutes = models.TextField("verbale", blank=True)
    recorded_by = user_field()

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(
        read="network.view_workinggroup", zone="group__zone", grants=ZONE_OR_VISIBLE_GROUP
    )

    class Meta:
        verbose_name = "incontro del gruppo"
        verbose_name_plural = "incontri del gruppo"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.group} {self.held_on:%d/%m/%Y}"


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(GroupMeeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField("presente", default=True)

    class Meta:
        verbose_name = "presenza"
        verbose_name_plural = "presenze"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="group_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.member}: {'presente' if self.present else 'assente'}"


class OperatingProgramme(models.Model):
    """The operating programme a group agrees for its line (seed 000: "programma operativo
    concordato", taken into the Piano attuativo)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="programmes")
    title = models.CharField("titolo", max_length=300)
    period_start = models.DateField("dal")
    period_end = models.DateField("al")
    status = models.CharField(
        "stato", max_length=8, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    agreed_on = models.DateField("concordato il", null=True, blank=True)
    agreed_at = models.ForeignKey(
        GroupMeeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="nell'incontro",
    )

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(
        read="network.view_workinggroup", zone="group__zone", grants=ZONE_OR_VISIBLE_GROUP
    )

    class Meta:
        verbose_name = "programma operativo"
        verbose_name_plural = "programmi operativi"
        ordering = ["-period_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="programme_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ProgrammeAction(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        OperatingProgramme, on_delete=models.CASCADE, related_name="actions"
    )
    code = models.CharField("codice", max_length=20)
    title = models.CharField("azione", max_length=300)
    description = models.TextField("descrizione", blank=True)
    responsible = _organisation("+", null=True, blank=True)
    due_on = models.DateField("entro il", null=True, blank=True)
    status = models.CharField(
        "stato",
        max_length=8,
        choices=ProgrammeActionStatus.choices,
        default=ProgrammeActionStatus.PLANNED,
    )
    plan_action = models.ForeignKey(
        "planning.PlanAction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_actions",
        verbose_name="azione del piano",
    )

    class Meta:
        verbose_name = "azione del programma operativo"
        verbose_name_plural = "azioni del programma operativo"
        ordering = ["programme", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="programme_action_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


# --- commitments actually spent, and what was returned --------------------------------------


class CommitmentRecord(models.Model):
    """What one organisation actually spent on one line in one month (seed 000: "idonea
    documentazione sui tempi e le risorse dedicate"), the training it attended and the
    results returned to the territory. `month` is the first day of the month; one row per
    organisation, line and month. Institutions record theirs with side="institutions"."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    line = _line("commitment_records")
    organisation = _organisation("commitment_records")
    side = models.CharField(
        "parte",
        max_length=16,
        choices=CommitmentSide.choices,
        default=CommitmentSide.THIRD_SECTOR,
    )
    month = models.DateField("mese")
    hours = models.DecimalField("ore dedicate", max_digits=8, decimal_places=1)
    people = models.PositiveIntegerField("persone impegnate", default=0)
    expenses = _money("spese sostenute (€)", default=0)
    activities = models.TextField("attività svolte", blank=True)
    training_hours = models.DecimalField(
        "ore di formazione frequentate", max_digits=6, decimal_places=1, default=0
    )
    training_note = models.CharField("formazione frequentata", max_length=300, blank=True)
    results = models.TextField("risultati restituiti al territorio", blank=True)
    recorded_by = user_field()
    recorded_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="network.view_commitmentrecord", grants=ZONE_OR_OWN_ORGANISATION)

    class Meta:
        verbose_name = "documentazione dell'impegno"
        verbose_name_plural = "documentazione degli impegni"
        ordering = ["-month", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "line", "month"], name="commitment_record_once_a_month"
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(training_hours__gte=0) & Q(expenses__gte=0),
                name="commitment_record_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["zone", "line", "month"]),
            models.Index(fields=["organisation", "month"]),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.line.code} {self.month:%m/%Y}"


# --- agreements (convenzioni) ----------------------------------------------------------------


class Agreement(StoredFile):
    """An agreement with a volunteer association or a social cooperative (seed 002 §5):
    subject, line, period, amount or reimbursement ceiling, the services it delivers. A
    renewal is a new agreement whose `renews` is the previous one."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    organisation = _organisation("agreements")
    kind = models.CharField("tipo", max_length=12, choices=AgreementKind.choices)
    number = models.CharField("numero / atto", max_length=60)
    subject = models.CharField("oggetto", max_length=300)
    line = _line("agreements", null=True, blank=True)
    starts_on = models.DateField("dal")
    ends_on = models.DateField("al")
    amount = _money("importo (€)", null=True, blank=True)
    reimbursement_ceiling = _money("tetto dei rimborsi (€)", null=True, blank=True)
    # The fund and year the agreement's amount is charged to, on the fund ledger (§9).
    fund = models.ForeignKey(
        "planning.FundSource",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="fondo",
    )
    funding_year = models.PositiveSmallIntegerField("annualità del fondo", null=True, blank=True)
    services = models.ManyToManyField(
        "catalog.Service", blank=True, related_name="agreements", verbose_name="servizi"
    )
    intervention_types = models.ManyToManyField(
        "catalog.InterventionType",
        blank=True,
        related_name="+",
        verbose_name="tipi di intervento",
    )
    renews = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewed_by",
        verbose_name="rinnova",
    )
    terminated_on = models.DateField("cessata il", null=True, blank=True)
    notes = models.TextField("note", blank=True)
    recorded_by = user_field()

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="network.view_agreement", grants=ZONE_OR_OWN_ORGANISATION)

    class Meta:
        verbose_name = "convenzione"
        verbose_name_plural = "convenzioni"
        ordering = ["-starts_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "number"], name="agreement_number_in_zone"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="agreement_period_ordered"
            ),
            models.CheckConstraint(
                condition=(Q(amount__isnull=True) | Q(amount__gte=0))
                & (Q(reimbursement_ceiling__isnull=True) | Q(reimbursement_ceiling__gte=0)),
                name="agreement_amounts_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["zone", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"


# --- the needs questionnaire across the network ----------------------------------------------


class Questionnaire(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    title = models.CharField("titolo", max_length=300)
    introduction = models.TextField("introduzione", blank=True)
    created_by = user_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(
        read="network.view_questionnaire",
        grants=ZONE_OR_QUESTIONNAIRE_SENT,
    )

    class Meta:
        verbose_name = "questionario"
        verbose_name_plural = "questionari"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField("ordine")
    text = models.CharField("domanda", max_length=500)
    kind = models.CharField("tipo", max_length=8, choices=QuestionKind.choices)
    options = models.JSONField("opzioni", default=list, blank=True)
    required = models.BooleanField("obbligatoria", default=True)

    class Meta:
        verbose_name = "domanda"
        verbose_name_plural = "domande"
        ordering = ["questionnaire", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "position"], name="question_position_once"
            )
        ]

    def __str__(self) -> str:
        return self.text


class QuestionnaireRound(models.Model):
    """A round of a questionnaire sent to the adherents of the day it is sent; each
    recipient answers once."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="rounds"
    )
    name = models.CharField("rilevazione", max_length=200)
    opens_on = models.DateField("aperta dal")
    closes_on = models.DateField("chiude il")
    sent_at = models.DateTimeField("inviata il", null=True, blank=True)
    sent_by = user_field(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(
        read="network.view_questionnaire",
        zone="questionnaire__zone",
        grants=ZONE_OR_ROUND_SENT,
    )

    class Meta:
        verbose_name = "rilevazione del questionario"
        verbose_name_plural = "rilevazioni del questionario"
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="round_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.name


class RoundRecipient(models.Model):
    round = models.ForeignKey(
        QuestionnaireRound, on_delete=models.CASCADE, related_name="recipients"
    )
    organisation = _organisation("questionnaire_rounds")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation"], name="recipient_once")
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class QuestionnaireResponse(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    round = models.ForeignKey(
        QuestionnaireRound, on_delete=models.CASCADE, related_name="responses"
    )
    organisation = _organisation("questionnaire_responses")
    submitted_by = user_field()
    submitted_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="network.view_questionnaire", grants=ZONE_OR_OWN_ORGANISATION)

    class Meta:
        verbose_name = "risposta al questionario"
        verbose_name_plural = "risposte al questionario"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"], name="response_once_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.round}"


class Answer(models.Model):
    """One answer: `value` is the option chosen (single, scale), the list of options
    (multiple), a number or a text."""

    response = models.ForeignKey(
        QuestionnaireResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField("risposta")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once")]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"


# --- coordination of the area services (seed 001) ------------------------------------------


class AreaService(models.Model):
    """An area service of the zone (foster care centre, anti-violence centre, integrative
    child-protection services, UVM for child protection) as an organisational unit."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    kind = models.CharField("tipo", max_length=20, choices=AreaServiceKind.choices)
    name = models.CharField("nome", max_length=200)
    description = models.TextField("descrizione", blank=True)
    coordinator = user_field(
        "coordinated_area_services", null=True, blank=True, verbose_name="coordinatore"
    )
    email = models.EmailField("email", blank=True)
    phone = models.CharField("telefono", max_length=32, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="network.view_areaservice")

    class Meta:
        verbose_name = "servizio di area"
        verbose_name_plural = "servizi di area"
        ordering = ["name"]
        permissions = [("coordinate_area_services", "Coordina i servizi di area")]
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="area_service_name_in_zone")
        ]

    def __str__(self) -> str:
        return self.name


class AreaServiceMember(models.Model):
    service = models.ForeignKey(AreaService, on_delete=models.CASCADE, related_name="members")
    user = user_field("area_services", verbose_name="operatore")
    role = models.CharField("ruolo", max_length=100, blank=True)
    joined_on = models.DateField("dal")
    left_on = models.DateField("al", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="network.view_areaservice", zone="service__zone")

    class Meta:
        verbose_name = "operatore del servizio di area"
        verbose_name_plural = "operatori del servizio di area"
        constraints = [
            models.UniqueConstraint(
                fields=["service", "user"],
                condition=Q(left_on__isnull=True),
                name="area_service_member_once",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class SharedDocument(models.Model):
    """A document for all the zone's social workers (operating protocols, procedures,
    training opportunities), in versions; who read which version is recorded."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    kind = models.CharField("tipo", max_length=12, choices=SharedDocumentKind.choices)
    title = models.CharField("titolo", max_length=300)
    description = models.TextField("descrizione", blank=True)
    area_service = models.ForeignKey(
        AreaService,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="servizio di area",
    )
    created_by = user_field()
    created_at = models.DateTimeField(auto_now_add=True)
    archived_on = models.DateField("archiviato il", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="network.view_shareddocument")

    class Meta:
        verbose_name = "documento condiviso"
        verbose_name_plural = "documenti condivisi"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(StoredFile):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(SharedDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("versione")
    note = models.CharField("cosa cambia", max_length=300, blank=True)
    uploaded_by = user_field()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="network.view_shareddocument", zone="document__zone")

    class Meta:
        verbose_name = "versione del documento"
        verbose_name_plural = "versioni del documento"
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class ReadReceipt(models.Model):
    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="receipts")
    user = user_field("read_receipts")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "conferma di lettura"
        verbose_name_plural = "conferme di lettura"
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="read_receipt_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.version}"
