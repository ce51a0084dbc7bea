"""§4 Cases (*cartelle*): the pathway from entry to closure, the team, the pre-assessment
(card A), the diary and the tasks. Status changes only through services.case_transition
(workflow.py holds the states and transitions); reads through `Case.objects.visible_to(user)`
(scoping.py)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from ambito.core.scoping import ScopedQuerySet

from .scoping import (
    ASSIGNMENT_RULE_SCOPING,
    CASE_SCOPING,
    EEMM_TEAM_SCOPING,
    QUEUE_POLICY_SCOPING,
    TASK_SCOPING,
    CaseQuerySet,
)
from .workflow import CaseStatus, PreAssessmentOutcome


class CaseSource(models.TextChoices):
    CONTACT = "contact", "Accesso a un punto di accesso"
    APPLICATION = "application", "Domanda di misura con esito positivo"
    REFERRAL = "referral", "Segnalazione di un altro servizio"
    EMERGENCY = "emergency", "Pronto intervento sociale"
    DIRECT = "direct", "Apertura diretta"


class ClosureReason(models.TextChoices):
    AUTONOMY = "autonomy", "Autonomia raggiunta"
    MOVED = "moved", "Trasferimento fuori ambito"
    MEASURE_ENDED = "measure_ended", "Misura scaduta o decaduta"
    REFUSED = "refused", "Rifiuto del percorso"
    NO_CONTACT = "no_contact", "Irreperibilità"
    DECEASED = "deceased", "Decesso"
    TRANSFERRED = "transferred", "Presa in carico da altro servizio"
    OTHER = "other", "Altro"


class CaseLine(models.TextChoices):
    """The service line a case belongs to: a household has at most one open case per line."""

    SOCIAL = "social", "Servizio sociale professionale"
    INCOME_SUPPORT = "income_support", "Misura di sostegno al reddito"
    MINORS = "minors", "Tutela minori"
    DISABILITY = "disability", "Disabilità e non autosufficienza"


class Case(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField("numero", max_length=20, editable=False)
    zone = models.ForeignKey(
        "territory.Zone", on_delete=models.PROTECT, related_name="cases", verbose_name="ambito"
    )
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name="comune",
        help_text="Il comune competente: decide chi coordina la cartella.",
    )
    household = models.ForeignKey(
        "registry.Household",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name="nucleo familiare",
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name="persona di riferimento",
    )
    line = models.CharField(
        "linea di servizio", max_length=20, choices=CaseLine.choices, default=CaseLine.SOCIAL
    )
    status = models.CharField(
        "stato", max_length=20, choices=CaseStatus.choices, default=CaseStatus.ENTRY
    )
    source = models.CharField("ingresso da", max_length=12, choices=CaseSource.choices)
    source_contact = models.ForeignKey(
        "access.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name="accesso di provenienza",
    )
    referral_from = models.CharField("segnalato da", max_length=200, blank=True)
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_cases",
        verbose_name="case manager",
    )
    opened_at = models.DateTimeField("aperta il")
    assigned_at = models.DateTimeField("assegnata il", null=True, blank=True)
    closed_at = models.DateTimeField("chiusa il", null=True, blank=True)
    closure_reason = models.CharField(
        "motivo di chiusura", max_length=16, choices=ClosureReason.choices, blank=True
    )
    closure_outcome = models.TextField("esito alla chiusura", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="aperta da",
    )
    updated_at = models.DateTimeField("modificata il", auto_now=True)

    objects = CaseQuerySet.as_manager()
    scoping = CASE_SCOPING

    class Meta:
        verbose_name = "cartella"
        verbose_name_plural = "cartelle"
        permissions = [
            ("assign_case", "Può assegnare le cartelle dei propri comuni (coordinatore)"),
            ("view_zone_cases", "Può consultare tutte le cartelle dell'ambito"),
            ("view_health_sections", "Può leggere le sezioni sanitarie e specialistiche"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["zone", "number"], name="case_number_unique_in_zone"),
            # One open case per household (or single person) and service line.
            models.UniqueConstraint(
                fields=["household", "line"],
                condition=~Q(status=CaseStatus.CLOSED) & Q(household__isnull=False),
                name="case_one_open_per_household_line",
            ),
            models.UniqueConstraint(
                fields=["person", "line"],
                condition=~Q(status=CaseStatus.CLOSED) & Q(household__isnull=True),
                name="case_one_open_per_person_line",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(status=CaseStatus.CLOSED),
                name="case_closed_at_only_when_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["zone", "status"]),
            models.Index(fields=["case_manager", "status"]),
            models.Index(fields=["municipality", "status"]),
        ]

    def __str__(self) -> str:
        return f"Cartella {self.number}"

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED


class CaseRole(models.TextChoices):
    CASE_MANAGER = "case_manager", "Case manager"
    SOCIAL_WORKER = "social_worker", "Assistente sociale"
    CPI = "cpi", "Consulente del Centro per l'Impiego"
    TUTOR = "tutor", "Tutor del Terzo settore"
    SPECIALIST = "specialist", "Specialista (UFSMA, SERD, disabilità, scuola)"


class CaseMember(models.Model):
    """The team of a case: who may read and write it. Specialists' health sections stay
    hidden from members without the health permission."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_memberships"
    )
    role = models.CharField("ruolo", max_length=16, choices=CaseRole.choices)
    added_at = models.DateTimeField("aggiunto il", auto_now_add=True)
    removed_at = models.DateTimeField("uscito il", null=True, blank=True)

    class Meta:
        verbose_name = "componente dell'équipe"
        verbose_name_plural = "équipe della cartella"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=Q(removed_at__isnull=True),
                name="case_member_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class CaseTransition(models.Model):
    """Who moved the case from which state to which, when and why (append-only)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField("passaggio", max_length=32)
    from_status = models.CharField("da", max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField("a", max_length=20, choices=CaseStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField("il")
    reason = models.TextField("motivo", blank=True)

    class Meta:
        verbose_name = "passaggio di stato"
        verbose_name_plural = "passaggi di stato"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


class EmploymentStatus(models.TextChoices):
    """The work situation of the reference person (card A, "situazione lavorativa")."""

    EMPLOYED = "employed", "Occupata/o"
    UNDEREMPLOYED = "underemployed", "Occupata/o con lavoro discontinuo o a basso reddito"
    UNEMPLOYED = "unemployed", "Disoccupata/o (ha perso il lavoro)"
    FIRST_JOB = "first_job", "In cerca di prima occupazione"
    INACTIVE = "inactive", "Non cerca lavoro (studio, cura della famiglia, pensione)"
    UNABLE = "unable", "Non in grado di lavorare (salute, disabilità)"


class PreAssessment(models.Model):
    """Card A (*scheda di presa in carico, sezione A*; the guidelines' *scheda di preanalisi*):
    the mini-équipe's first meeting. The guidelines' parts: the household's composition
    (confirmed against the registry), needs by dimension, resources, the work situation, and
    the outcome with its reason."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="pre_assessment")
    held_on = models.DateField("data dell'incontro")
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="assistente sociale",
    )
    cpi_consultant = models.CharField("consulente del Centro per l'Impiego", max_length=200)
    household_confirmed = models.BooleanField("composizione del nucleo confermata", default=False)
    household_situation = models.TextField("situazione del nucleo")
    # Dimension (AnalysisDimension) -> what the meeting found; the dimensions are the same as
    # card B's, so that the in-depth analysis starts from them.
    needs_by_dimension = models.JSONField("bisogni per dimensione", default=dict, blank=True)
    needs = models.TextField("sintesi dei bisogni", blank=True)
    resources = models.TextField("risorse e punti di forza", blank=True)
    employment_status = models.CharField(
        "situazione lavorativa", max_length=16, choices=EmploymentStatus.choices, blank=True
    )
    employment_notes = models.TextField("situazione lavorativa degli altri componenti", blank=True)
    outcome = models.CharField("esito", max_length=12, choices=PreAssessmentOutcome.choices)
    outcome_reason = models.TextField("motivo dell'esito", blank=True)
    notes = models.TextField("note", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "analisi preliminare (scheda A)"
        verbose_name_plural = "analisi preliminari (scheda A)"

    def __str__(self) -> str:
        return f"Scheda A del {self.held_on:%d/%m/%Y}"


class DiaryKind(models.TextChoices):
    INTERVIEW = "interview", "Colloquio"
    HOME_VISIT = "home_visit", "Visita domiciliare"
    CALL = "call", "Telefonata"
    MEETING = "meeting", "Incontro di rete"
    NOTE = "note", "Nota"


class DiaryEntry(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="diary")
    kind = models.CharField("tipo", max_length=12, choices=DiaryKind.choices)
    happened_at = models.DateTimeField("quando")
    text = models.TextField("resoconto")
    health = models.BooleanField(
        "contenuto sanitario o specialistico",
        default=False,
        help_text="Visibile solo a chi ha il permesso per le sezioni sanitarie.",
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "voce di diario"
        verbose_name_plural = "diario"
        ordering = ["-happened_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} del {self.happened_at:%d/%m/%Y}"


class Task(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField("attività", max_length=200)
    due_on = models.DateField("scadenza")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_tasks",
        verbose_name="assegnata a",
    )
    done_at = models.DateTimeField("fatta il", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = TASK_SCOPING

    class Meta:
        verbose_name = "attività"
        verbose_name_plural = "attività"
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["assignee", "done_at", "due_on"])]

    def __str__(self) -> str:
        return self.title


class AssignmentRule(models.Model):
    """New cases of a municipality (and service line) go straight to this case manager: the
    coordinator sets the rule once instead of assigning every imported case by hand."""

    zone = models.ForeignKey("territory.Zone", on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        "territory.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name="comune"
    )
    line = models.CharField(
        "linea di servizio", max_length=20, choices=CaseLine.choices, default=CaseLine.SOCIAL
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="case manager",
    )

    objects = ScopedQuerySet.as_manager()
    scoping = ASSIGNMENT_RULE_SCOPING

    class Meta:
        verbose_name = "regola di assegnazione"
        verbose_name_plural = "regole di assegnazione"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "line"], name="assignment_rule_one_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} → {self.manager}"


class AnalysisDimension(models.TextChoices):
    WORK = "work", "Lavoro e formazione"
    INCOME = "income", "Reddito e condizione economica"
    HOUSING = "housing", "Casa e abitare"
    HEALTH = "health", "Salute"
    EDUCATION = "education", "Istruzione e percorso scolastico dei figli"
    FAMILY = "family", "Relazioni familiari e cura"
    SOCIAL = "social", "Rete sociale e partecipazione"


class QueuePolicy(models.Model):
    """The zone's targets for the coordinators' queue: how many working days a new case may
    wait for its case manager, and how many open cases a case manager should hold at most.
    Configuration edited in the admin; a zone without a row uses the defaults."""

    DEFAULT_ASSIGNMENT_DAYS = 5
    DEFAULT_CASELOAD_CEILING = 60

    zone = models.OneToOneField(
        "territory.Zone",
        on_delete=models.CASCADE,
        related_name="queue_policy",
        verbose_name="ambito",
    )
    assignment_days = models.PositiveSmallIntegerField(
        "obiettivo di assegnazione (giorni lavorativi)",
        default=DEFAULT_ASSIGNMENT_DAYS,
        help_text="Giorni lavorativi entro cui una nuova cartella riceve il case manager.",
    )
    caseload_ceiling = models.PositiveSmallIntegerField(
        "carico massimo per case manager (cartelle aperte)",
        default=DEFAULT_CASELOAD_CEILING,
    )

    objects = ScopedQuerySet.as_manager()
    scoping = QUEUE_POLICY_SCOPING

    class Meta:
        verbose_name = "obiettivi della coda di assegnazione"
        verbose_name_plural = "obiettivi della coda di assegnazione"
        constraints = [
            models.CheckConstraint(
                condition=Q(assignment_days__gte=1) & Q(caseload_ceiling__gte=1),
                name="queue_policy_positive",
            )
        ]

    def __str__(self) -> str:
        return f"Coda di assegnazione · {self.zone}"

    @classmethod
    def for_zone(cls, zone_id: int) -> QueuePolicy:
        return cls.objects.filter(zone_id=zone_id).first() or cls(zone_id=zone_id)


class InDepthAnalysis(models.Model):
    """Card B (*quadro di analisi approfondito*): the EEMM's needs and resources by dimension,
    the objectives, the actions and their timeline."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="in_depth")
    done_on = models.DateField("data")
    objectives = models.TextField("obiettivi")
    actions = models.TextField("azioni")
    timeline = models.TextField("tempi", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "analisi approfondita (scheda B)"
        verbose_name_plural = "analisi approfondite (scheda B)"

    def __str__(self) -> str:
        return f"Scheda B del {self.done_on:%d/%m/%Y}"


class AnalysisItem(models.Model):
    analysis = models.ForeignKey(InDepthAnalysis, on_delete=models.CASCADE, related_name="items")
    dimension = models.CharField("dimensione", max_length=12, choices=AnalysisDimension.choices)
    needs = models.TextField("bisogni", blank=True)
    resources = models.TextField("risorse", blank=True)

    class Meta:
        verbose_name = "dimensione dell'analisi"
        constraints = [
            models.UniqueConstraint(fields=["analysis", "dimension"], name="analysis_item_once")
        ]

    def __str__(self) -> str:
        return self.get_dimension_display()


class InterventionStatus(models.TextChoices):
    PLANNED = "planned", "Programmato"
    ACTIVE = "active", "Attivo"
    SUSPENDED = "suspended", "Sospeso"
    COMPLETED = "completed", "Concluso"
    CANCELLED = "cancelled", "Annullato"


class InterventionUnit(models.TextChoices):
    HOURS = "hours", "ore"
    DAYS = "days", "giorni"
    MONTHS = "months", "mesi"
    ACCESSES = "accesses", "accessi"
    EUROS = "euros", "euro"
    UNITS = "units", "unità"


class Intervention(models.Model):
    """A service activated for the case (§4 step 6, §7 catalogue)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interventions")
    intervention_type = models.ForeignKey(
        "catalog.InterventionType",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="tipo di intervento",
    )
    service = models.ForeignKey(
        "catalog.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="servizio della carta",
    )
    provider = models.ForeignKey(
        "territory.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ente erogatore",
    )
    start_on = models.DateField("inizio")
    end_on = models.DateField("fine", null=True, blank=True)
    quantity = models.DecimalField(
        "quantità", max_digits=10, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField("unità", max_length=10, choices=InterventionUnit.choices, blank=True)
    cost = models.DecimalField("costo (€)", max_digits=12, decimal_places=2, null=True, blank=True)
    fund = models.ForeignKey(
        "planning.FundSource",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="fonte di finanziamento",
    )
    # The free text of before 0007 that matched no fund source, kept to be re-charged by hand.
    fund_note = models.CharField("fonte (testo libero)", max_length=120, blank=True)
    status = models.CharField(
        "stato",
        max_length=10,
        choices=InterventionStatus.choices,
        default=InterventionStatus.PLANNED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "intervento"
        verbose_name_plural = "interventi"
        ordering = ["start_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="intervention_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0), name="intervention_cost_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intervention_type} dal {self.start_on:%d/%m/%Y}"


def _signed_path(instance, filename: str) -> str:
    # A random name: the stored path never carries the person's name or code.
    return f"cartelle/progetti/{uuid.uuid4().hex}{_extension(filename)}"


def _document_path(instance, filename: str) -> str:
    return f"cartelle/documenti/{uuid.uuid4().hex}{_extension(filename)}"


def _extension(filename: str) -> str:
    lower = filename.lower()
    for ext in (".pdf", ".jpg", ".jpeg", ".png"):
        if lower.endswith(ext):
            return ext
    return ""


class Project(models.Model):
    """The personalised project (*progetto personalizzato* / *patto per l'inclusione*): a
    changed project is a new version; old versions stay readable. Signed on paper: the signature
    date and the scan of the signed copy are recorded on the version."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="projects")
    version = models.PositiveSmallIntegerField("versione")
    summary = models.TextField("sintesi del progetto", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    signed_on = models.DateField("firmato il", null=True, blank=True)
    signed_scan = models.FileField("copia firmata", upload_to=_signed_path, blank=True)
    signed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "progetto personalizzato"
        verbose_name_plural = "progetti personalizzati"
        ordering = ["case", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="project_version_once")
        ]

    def __str__(self) -> str:
        return f"Progetto, versione {self.version}"


class ProjectObjective(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="objectives")
    text = models.CharField("obiettivo", max_length=500)
    indicator = models.CharField("indicatore", max_length=300, blank=True)
    deadline = models.DateField("entro il", null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class ProjectCommitment(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="commitments")
    who = models.CharField("chi", max_length=200)
    text = models.CharField("impegno", max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.who}: {self.text}"


class DocumentKind(models.TextChoices):
    IDENTITY = "identity", "Documento di identità"
    ISEE = "isee", "Attestazione ISEE"
    HEALTH = "health", "Documentazione sanitaria"
    SCHOOL = "school", "Documentazione scolastica"
    COURT = "court", "Provvedimento dell'autorità giudiziaria"
    LETTER = "letter", "Corrispondenza"
    OTHER = "other", "Altro"


class CaseDocument(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("tipo", max_length=10, choices=DocumentKind.choices)
    dated = models.DateField("data del documento")
    title = models.CharField("descrizione", max_length=200)
    file = models.FileField(upload_to=_document_path)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField("dimensione (byte)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "documento"
        verbose_name_plural = "documenti"
        ordering = ["-dated", "-pk"]

    def __str__(self) -> str:
        return self.title


class ReviewKind(models.TextChoices):
    ENTRY = "entry", "In entrata"
    DURING = "during", "In itinere"
    EXIT = "exit", "In uscita"


class ObjectiveOutcome(models.TextChoices):
    ACHIEVED = "achieved", "Raggiunto"
    PARTLY = "partly", "Raggiunto in parte"
    NOT_ACHIEVED = "not_achieved", "Non raggiunto"
    DROPPED = "dropped", "Non più pertinente"


class Review(models.Model):
    """Monitoring at entry, during and at exit: the outcome of each objective of the project."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField("verifica", max_length=8, choices=ReviewKind.choices)
    held_on = models.DateField("data")
    notes = models.TextField("note", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "verifica"
        verbose_name_plural = "verifiche"
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Verifica {self.get_kind_display().lower()} del {self.held_on:%d/%m/%Y}"


class ReviewOutcome(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="outcomes")
    objective = models.ForeignKey(ProjectObjective, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField("esito", max_length=12, choices=ObjectiveOutcome.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "objective"], name="review_outcome_once")
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()


class EemmTeam(models.Model):
    """A multidisciplinary team (*équipe multidisciplinare*, EEMM) of the zone."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = models.ForeignKey("territory.Zone", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("nome", max_length=120)
    active = models.BooleanField("attiva", default=True)
    # The period it works in: the monitoring counts, as of a date, the teams working then.
    started_on = models.DateField("attiva dal", null=True, blank=True)
    ended_on = models.DateField("attiva fino al", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = EEMM_TEAM_SCOPING

    class Meta:
        verbose_name = "équipe multidisciplinare"
        verbose_name_plural = "équipe multidisciplinari"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="eemm_team_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        _check_period(self, "L'équipe")


def _check_period(obj, who: str) -> None:
    """A period ends after it starts; what is no longer active says until when it was."""
    if obj.started_on and obj.ended_on and obj.ended_on < obj.started_on:
        raise ValidationError({"ended_on": "La fine non può precedere l'inizio."})
    if not obj.active and obj.ended_on is None:
        raise ValidationError(
            {"ended_on": f"{who} non è più attivo: indica fino a quando lo è stato."}
        )


def active_on(day):
    """The filter of EEMM teams or members working on `day` (their period holds it)."""
    return (Q(started_on__isnull=True) | Q(started_on__lte=day)) & (
        Q(ended_on__isnull=True) | Q(ended_on__gte=day)
    )


class EemmRole(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Assistente sociale (base)"
    CPI = "cpi", "Consulente del Centro per l'Impiego (base)"
    TUTOR = "tutor", "Tutor del Terzo settore (base)"
    UFSMA = "ufsma", "UFSMA - salute mentale (ampliata)"
    SERD = "serd", "SERD - dipendenze (ampliata)"
    DISABILITY = "disability", "Servizio disabilità e non autosufficienza (ampliata)"
    SCHOOL = "school", "Scuola (ampliata)"


class EemmMember(models.Model):
    team = models.ForeignKey(EemmTeam, on_delete=models.CASCADE, related_name="members")
    name = models.CharField("nome e cognome", max_length=120)
    institution = models.CharField("ente", max_length=200)
    role = models.CharField("ruolo", max_length=16, choices=EemmRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    active = models.BooleanField(default=True)
    started_on = models.DateField("nell'équipe dal", null=True, blank=True)
    ended_on = models.DateField("nell'équipe fino al", null=True, blank=True)
    # seed 002 Tabella 5: "12/18 ore mensili" a regime
    monthly_hours_min = models.PositiveSmallIntegerField("ore mensili (da)", null=True, blank=True)
    monthly_hours_max = models.PositiveSmallIntegerField("ore mensili (a)", null=True, blank=True)

    class Meta:
        ordering = ["role", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="eemm_member_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    def clean(self):
        _check_period(self, "Il componente")
        low, high = self.monthly_hours_min, self.monthly_hours_max
        if low is not None and high is not None and high < low:
            raise ValidationError({"monthly_hours_max": "Le ore massime sono meno delle minime."})

    @property
    def is_base(self) -> bool:
        return self.role in (EemmRole.SOCIAL_WORKER, EemmRole.CPI, EemmRole.TUTOR)


class EemmMeeting(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(EemmTeam, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField("data")
    place = models.CharField("luogo", max_length=200, blank=True)
    attendees = models.ManyToManyField(EemmMember, related_name="meetings", verbose_name="presenti")
    cases = models.ManyToManyField(
        Case, related_name="eemm_meetings", verbose_name="cartelle discusse"
    )
    minutes = models.TextField("verbale")
    decisions = models.TextField("decisioni")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "incontro dell'équipe"
        verbose_name_plural = "incontri dell'équipe"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.team} del {self.held_on:%d/%m/%Y}"


class CaseMilestones(models.Model):
    """The dates of a case's pathway that the monitoring counts (DOMAIN §10), one row per case:
    a read model kept by the case and measure services (`cases/milestones.py`) and rebuilt from
    the records by `python -m ambito rebuild_milestones`. The indicators read this narrow table
    instead of joining six, which is what keeps a region's dashboard within seconds.

    A "first" date is the earliest of its kind: "was there one by the date" is then
    `first <= date`, exact for any as-of date. Working days are counted once, on the zone's
    calendar, when the dates are written; null where one of the two dates is missing or the
    second comes first."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, primary_key=True, related_name="milestones"
    )
    zone = models.ForeignKey("territory.Zone", on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        "territory.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    household = models.ForeignKey(
        "registry.Household", on_delete=models.CASCADE, null=True, related_name="+"
    )
    # The household, or minus the person for a case without one: what the shares count.
    household_key = models.BigIntegerField()
    opened_on = models.DateField()
    pre_assessment_on = models.DateField(null=True)
    pre_assessment_outcome = models.CharField(max_length=20, blank=True)
    in_depth_on = models.DateField(null=True)
    first_intervention_on = models.DateField(null=True)  # activated: active or completed
    first_parenting_support_on = models.DateField(null=True)
    first_meeting_on = models.DateField(null=True)
    first_project_on = models.DateField(null=True)  # created (local date)
    first_signed_on = models.DateField(null=True)
    first_positive_on = models.DateField(null=True)  # positive outcome of a national measure
    days_outcome_to_pre_assessment = models.IntegerField(null=True)
    days_pre_assessment_to_meeting = models.IntegerField(null=True)
    days_signed_to_start = models.IntegerField(null=True)

    class Meta:
        verbose_name = "tappe della cartella"
        verbose_name_plural = "tappe delle cartelle"
        indexes = [models.Index(fields=["zone", "opened_on"])]

    def __str__(self) -> str:
        return f"Tappe della cartella {self.case_id}"
