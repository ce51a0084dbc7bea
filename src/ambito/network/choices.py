from django.db import models


class AdhesionRole(models.TextChoices):
    """Who signs the pact: the institutions that promote it and the third-sector bodies that
    adhere (seed 000: the Conferenza zonale dei Sindaci and the realtà del Terzo Settore)."""

    PROMOTER = "promoter", "Ente promotore"
    ADHERENT = "adherent", "Ente aderente"


class CandidatureState(models.TextChoices):
    SUBMITTED = "submitted", "Presentata"
    UNDER_REVIEW = "under_review", "In istruttoria"
    ACCEPTED = "accepted", "Accolta"
    REJECTED = "rejected", "Respinta"
    ACTIVE = "active", "Attiva"
    ENDED = "ended", "Conclusa"
    WITHDRAWN = "withdrawn", "Ritirata"


class GroupKind(models.TextChoices):
    TABLE = "table", "Tavolo tematico"
    PROJECT_GROUP = "project_group", "Gruppo di progetto"
    WORKING_GROUP = "working_group", "Gruppo di lavoro"


class GroupRole(models.TextChoices):
    COORDINATOR = "coordinator", "Coordinatore"
    MEMBER = "member", "Componente"


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", "In bozza"
    AGREED = "agreed", "Concordato"


class ProgrammeActionStatus(models.TextChoices):
    PLANNED = "planned", "Prevista"
    ONGOING = "ongoing", "In corso"
    DONE = "done", "Realizzata"
    DROPPED = "dropped", "Annullata"


class CommitmentSide(models.TextChoices):
    THIRD_SECTOR = "third_sector", "Terzo settore"
    INSTITUTIONS = "institutions", "Istituzioni"


class AgreementKind(models.TextChoices):
    VOLUNTEER = "volunteer", "Convenzione con associazione di volontariato"
    SOCIAL_COOP = "social_coop", "Convenzione con cooperativa sociale"
    OTHER = "other", "Altro accordo con ente del Terzo settore"


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Una scelta"
    MULTIPLE = "multiple", "Più scelte"
    SCALE = "scale", "Scala da 1 a 5"
    NUMBER = "number", "Numero"
    TEXT = "text", "Testo libero"


class AreaServiceKind(models.TextChoices):
    """Seed 001: the area services whose coordination the zone runs."""

    FOSTER_CARE = "foster_care", "Centro affidi"
    ANTI_VIOLENCE = "anti_violence", "Centro antiviolenza"
    CHILD_PROTECTION = "child_protection", "Servizi integrativi per la tutela dei minori"
    CHILD_PROTECTION_UVM = "child_uvm", "UVM tutela minori"
    OTHER = "other", "Altro servizio di area"


class SharedDocumentKind(models.TextChoices):
    PROTOCOL = "protocol", "Protocollo operativo"
    PROCEDURE = "procedure", "Procedura"
    TRAINING = "training", "Opportunità formativa"
    OTHER = "other", "Altro documento"
