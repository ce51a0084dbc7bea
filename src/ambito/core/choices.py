from django.db import models


class Role(models.TextChoices):
    """The seeded roles. Each is a Django group whose permissions are editable in the admin."""

    FRONT_OFFICE = "front_office", "Operatore di front-office"
    SOCIAL_WORKER = "social_worker", "Assistente sociale"
    COORDINATOR = "coordinator", "Coordinatore del servizio sociale"
    CPI_CONSULTANT = "cpi_consultant", "Consulente Centro per l'Impiego"
    THIRD_SECTOR = "third_sector", "Operatore del Terzo settore"
    SPECIALIST = "specialist", "Specialista (UFSMA, SERD, disabilità, scuola)"
    EMERGENCY = "emergency", "Operatore di pronto intervento sociale"
    CHILD_PROTECTION = "child_protection", "Servizio tutela minori"
    PLANNER = "planner", "Ufficio di Piano"
    ASSEMBLY = "assembly", "Assemblea / revisore (sola lettura)"
    ZONE_ADMIN = "zone_admin", "Amministratore di ambito"
    SYSTEM_ADMIN = "system_admin", "Amministratore di sistema"


class AccessAction(models.TextChoices):
    VIEW = "view", "Consultazione"
    SEARCH = "search", "Ricerca"
    EXPORT = "export", "Esportazione"


class EventAction(models.TextChoices):
    CREATE = "create", "Creazione"
    UPDATE = "update", "Modifica"
    DELETE = "delete", "Cancellazione"
    LINK = "link", "Collegamento"
    UNLINK = "unlink", "Scollegamento"
    LOGIN = "login", "Accesso"
    TOKEN = "token", "Token API"
