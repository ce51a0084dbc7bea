from django.db import models


class PlanKind(models.TextChoices):
    ZONE_PLAN = "zone_plan", "Piano di Zona"
    HEALTH_PLAN = "health_plan", "Piano Integrato di Salute"
    OPERATING_PLAN = "operating_plan", "Programma operativo annuale / piano attuativo"
    PROGRAMME = "programme", "Documento di programmazione (es. povertà)"
    PACT = "pact", "Patto territoriale"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Bozza"
    APPROVED = "approved", "Approvato"
    IN_EXECUTION = "in_execution", "In attuazione"
    CLOSED = "closed", "Chiuso"


class ActionKind(models.TextChoices):
    PROCESS = "process", "Azione di processo"
    SERVICE = "service", "Servizio o intervento"
    COORDINATION = "coordination", "Coordinamento"
    SYSTEM = "system", "Azione di sistema"


class ImplementationMode(models.TextChoices):
    TENDER = "tender", "Procedura di gara"
    CONSIP = "consip", "Convenzione CONSIP"
    THIRD_SECTOR = "third_sector", "Convenzione con il Terzo settore"
    CPIA = "cpia", "Accordo con il CPIA"
    MUNICIPALITIES = "municipalities", "A carico dei comuni"
    DIRECT = "direct", "Gestione diretta"
    NOT_FUNDABLE = "not_fundable", "Non finanziabile"
    OTHER = "other", "Altro"


class Progress(models.TextChoices):
    """What happened in a quarter of an action's schedule."""

    NONE = "", "Nessun avanzamento registrato"
    IN_PROGRESS = "in_progress", "In corso"
    DONE = "done", "Completato"
    LATE = "late", "In ritardo"


class ScheduleStatus(models.TextChoices):
    """An action's status against its schedule (computed, see planning/schedule.py)."""

    NOT_STARTED = "not_started", "Non avviata"
    ON_TIME = "on_time", "In linea"
    LATE = "late", "In ritardo"
    DONE = "done", "Conclusa"


class FundKind(models.TextChoices):
    NATIONAL = "national", "Nazionale"
    REGIONAL = "regional", "Regionale"
    EU = "eu", "Europeo"
    MUNICIPAL = "municipal", "Comunale"
    OTHER = "other", "Altro"


class SpendingKind(models.TextChoices):
    COMMITMENT = "commitment", "Impegno"
    PAYMENT = "payment", "Liquidazione / pagamento"


class ManagementForm(models.TextChoices):
    DIRECT = "direct", "Produzione diretta di servizi"
    CONTRIBUTIONS = "contributions", "Contributi economici"
    PURCHASES = "purchases", "Acquisto di servizi e appalti"


class CommitmentSide(models.TextChoices):
    MAYORS = "mayors", "Conferenza zonale dei Sindaci"
    THIRD_SECTOR = "third_sector", "Terzo settore aderente"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Presente"
    ABSENT = "absent", "Assente"
    DELEGATE = "delegate", "Presente per delega"


class QuorumRule(models.TextChoices):
    MEMBERS = "members", "Maggioranza dei soci"
    SHARES = "shares", "Maggioranza delle quote"
    BOTH = "both", "Maggioranza dei soci e delle quote"


class VoteChoice(models.TextChoices):
    FAVOUR = "favour", "Favorevole"
    AGAINST = "against", "Contrario"
    ABSTAINED = "abstained", "Astenuto"


class DeliberationOutcome(models.TextChoices):
    APPROVED = "approved", "Approvata"
    REJECTED = "rejected", "Respinta"


class LedgerStage(models.TextChoices):
    """The life of a euro on the fund ledger (§9): a fund allocates it to the zone, a plan
    action, a portfolio line, a voucher scheme, an intervention or an agreement plans it, an
    act commits it, a payment pays it."""

    ALLOCATED = "allocated", "Assegnato"
    PLANNED = "planned", "Programmato"
    COMMITTED = "committed", "Impegnato"
    PAID = "paid", "Pagato"


class LedgerOrigin(models.TextChoices):
    """What a movement of the ledger comes from (planning/ledger.py: the table of origins)."""

    ALLOCATION = "allocation", "Assegnazione del fondo"
    ACTION = "action", "Azione del piano"
    SPENDING = "spending", "Impegno o pagamento di un'azione"
    PORTFOLIO = "portfolio", "Voce del portafoglio"
    VOUCHER_SCHEME = "voucher_scheme", "Misura di titoli sociali"
    VOUCHER = "voucher", "Titolo sociale"
    VOUCHER_PAYMENT = "voucher_payment", "Pagamento di titoli sociali"
    INTERVENTION = "intervention", "Intervento di una cartella"
    AGREEMENT = "agreement", "Convenzione"
    DISTRICT_HOURS = "district_hours", "Ore di un servizio distrettuale"
