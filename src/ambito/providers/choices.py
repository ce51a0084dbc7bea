from django.db import models


class ProviderMode(models.TextChoices):
    """How the zone buys a provider's services (seed 002: tender, CONSIP, third-sector
    agreement; seed 003 §E.1: accreditation)."""

    IN_HOUSE = "in_house", "Gestione diretta"
    TENDER = "tender", "Appalto (gara)"
    CONSIP = "consip", "Convenzione CONSIP"
    AGREEMENT = "agreement", "Convenzione con il Terzo settore"
    ACCREDITED = "accredited", "Accreditamento"


class TariffUnit(models.TextChoices):
    HOUR = "hour", "ora"
    ACCESS = "access", "accesso"
    DAY = "day", "giornata"
    MONTH = "month", "mese"
    MEAL = "meal", "pasto"
    SERVICE = "service", "prestazione"


class ApplicationState(models.TextChoices):
    DRAFT = "draft", "In compilazione"
    SUBMITTED = "submitted", "Presentata"
    UNDER_REVIEW = "under_review", "In istruttoria"
    ACCREDITED = "accredited", "Accreditato"
    REJECTED = "rejected", "Respinta"
    SUSPENDED = "suspended", "Sospeso"
    REVOKED = "revoked", "Revocato"
    EXPIRED = "expired", "Scaduto"
    WITHDRAWN = "withdrawn", "Ritirata"


class RequirementOutcome(models.TextChoices):
    PENDING = "", "Da valutare"
    MET = "met", "Soddisfatto"
    NOT_MET = "not_met", "Non soddisfatto"


class VoucherKind(models.TextChoices):
    """Seed 003 §C.5, §E.1: a *buono* is money to the beneficiary (a cash benefit, e.g. for a
    family caregiver); a *voucher* buys a service from an accredited provider of the
    beneficiary's choice."""

    BUONO = "buono", "Buono sociale (contributo economico)"
    VOUCHER = "voucher", "Voucher (acquisto di un servizio accreditato)"


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", "In preparazione"
    OPEN = "open", "Aperta"
    CLOSED = "closed", "Chiusa"


class VoucherState(models.TextChoices):
    WAITING = "waiting", "In lista d'attesa"
    ISSUED = "issued", "Emesso"
    ACTIVE = "active", "In uso"
    CLOSED = "closed", "Concluso"
    REVOKED = "revoked", "Revocato"
    CANCELLED = "cancelled", "Uscito dalla lista d'attesa"


class DeliveryState(models.TextChoices):
    RECORDED = "recorded", "Registrata"
    VALIDATED = "validated", "Validata"
    REJECTED = "rejected", "Respinta"
    PAID = "paid", "Pagata"
