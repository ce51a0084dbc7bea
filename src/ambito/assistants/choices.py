from django.db import models


class WorkerKind(models.TextChoices):
    CARE = "care", "Assistente familiare (badante)"
    BABYSITTER = "babysitter", "Baby-sitter"
    BOTH = "both", "Assistente familiare e baby-sitter"


class WorkerState(models.TextChoices):
    APPLICATION = "application", "Domanda presentata"
    CHECKS = "checks", "In verifica"
    ENROLLED = "enrolled", "Iscritta/o"
    SUSPENDED = "suspended", "Sospesa/o"
    REMOVED = "removed", "Cancellata/o"


class CheckKind(models.TextChoices):
    DOCUMENT = "document", "Documento d'identità"
    RESIDENCE_PERMIT = "residence_permit", "Permesso di soggiorno"
    CRIMINAL_RECORD = "criminal_record", "Certificato del casellario giudiziale"
    REFERENCES = "references", "Referenze"


class CheckOutcome(models.TextChoices):
    PENDING = "pending", "Da verificare"
    PASSED = "passed", "Positivo"
    FAILED = "failed", "Negativo"


class MatchOutcome(models.TextChoices):
    PROPOSED = "proposed", "Proposto, in attesa di esito"
    STARTED = "started", "Contratto avviato"
    NOT_STARTED = "not_started", "Contratto non avviato"
    ENDED = "ended", "Contratto concluso"


class Language(models.TextChoices):
    IT = "it", "Italiano"
    EN = "en", "Inglese"
    FR = "fr", "Francese"
    ES = "es", "Spagnolo"
    PT = "pt", "Portoghese"
    DE = "de", "Tedesco"
    RO = "ro", "Rumeno"
    UK = "uk", "Ucraino"
    RU = "ru", "Russo"
    PL = "pl", "Polacco"
    SQ = "sq", "Albanese"
    AR = "ar", "Arabo"
    ZH = "zh", "Cinese"
    TL = "tl", "Tagalog"
    SI = "si", "Singalese"
    OTHER = "other", "Altra lingua"
