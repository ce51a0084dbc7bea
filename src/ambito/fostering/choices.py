"""The choices of the foster-care service (seed 003 §C.7)."""

from django.db import models


class FamilyStatus(models.TextChoices):
    APPLIED = "applied", "Domanda presentata"
    TRAINING = "training", "In formazione"
    ASSESSED = "assessed", "In valutazione"
    REGISTERED = "registered", "Iscritta all'albo"
    NOT_SUITABLE = "not_suitable", "Non idonea"
    WITHDRAWN = "withdrawn", "Ritirata"


class FosterKind(models.TextChoices):
    RESIDENTIAL = "residential", "Residenziale (a tempo pieno)"
    DAYTIME = "daytime", "Diurno (parziale)"
    WEEKEND = "weekend", "Fine settimana"
    SUMMER = "summer", "Estivo"
    EMERGENCY = "emergency", "Pronta accoglienza"


class AssessmentOutcome(models.TextChoices):
    SUITABLE = "suitable", "Idonea"
    NOT_SUITABLE = "not_suitable", "Non idonea"


class PlacementBasis(models.TextChoices):
    COURT = "court", "Giudiziale (decreto del Tribunale per i minorenni)"
    CONSENSUAL = "consensual", "Consensuale (reso esecutivo dal giudice tutelare)"


class EndReason(models.TextChoices):
    RETURN_HOME = "return_home", "Rientro nella famiglia d'origine"
    ADOPTION = "adoption", "Adozione"
    COMMUNITY = "community", "Inserimento in comunità"
    ANOTHER_FAMILY = "another_family", "Altra famiglia affidataria"
    ADULTHOOD = "adulthood", "Raggiunta autonomia / maggiore età"
    PLANNED_END = "planned_end", "Conclusione prevista del progetto"
    OTHER = "other", "Altro"


class MeetingKind(models.TextChoices):
    PROTECTED = "protected", "Protetto"
    FREE = "free", "Libero"
