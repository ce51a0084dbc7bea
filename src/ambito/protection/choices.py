"""The vocabularies of child protection with the court (DOMAIN §7)."""

from django.db import models


class Authority(models.TextChoices):
    JUVENILE_COURT = "tm", "Tribunale per i minorenni"
    JUVENILE_PROSECUTOR = (
        "procura_tm",
        "Procura della Repubblica presso il Tribunale per i minorenni",
    )
    ORDINARY_COURT = "tribunale", "Tribunale ordinario"
    GUARDIANSHIP_JUDGE = "giudice_tutelare", "Giudice tutelare"


class OrderKind(models.TextChoices):
    DECREE = "decreto", "Decreto"
    PROVISIONAL_DECREE = "decreto_provvisorio", "Decreto provvisorio e urgente"
    INQUIRY = "indagine", "Richiesta di indagine socio-familiare"
    REPORT_REQUEST = "relazione", "Richiesta di relazione / aggiornamento"
    CUSTODY = "affidamento", "Affidamento al servizio sociale"
    HEARING = "udienza", "Convocazione in udienza"
    OTHER = "altro", "Altro provvedimento"


class DaysFrom(models.TextChoices):
    ORDER = "order", "dalla data del provvedimento"
    RECEIPT = "receipt", "dalla data di ricezione"


class OrderStatus(models.TextChoices):
    OPEN = "open", "Aperto"
    REPORTED = "reported", "Relazione consegnata"
    CLOSED = "closed", "Chiuso"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "In redazione"
    SIGNED = "signed", "Firmata"
    DELIVERED = "delivered", "Consegnata"


class ProfessionalKind(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Assistente sociale"
    PSYCHOLOGIST = "psychologist", "Psicologo/a ASL"
    NEUROPSYCHIATRIST = "neuropsychiatrist", "Neuropsichiatra infantile"
    EDUCATOR = "educator", "Educatore/educatrice"
    COORDINATOR = "coordinator", "Coordinatore del servizio"
    OTHER = "other", "Altro professionista"
