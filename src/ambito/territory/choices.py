from django.db import models


class ZoneKind(models.TextChoices):
    AMBITO = "ambito", "Ambito territoriale sociale"
    SDS = "sds", "Società della Salute"
    DISTRETTO = "distretto", "Distretto / Zona-distretto"


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", "Comune"
    HEALTH_AUTHORITY = "asl", "Azienda sanitaria (ASL/USL)"
    CONSORTIUM = "consortium", "Consorzio / ente gestore"
    EMPLOYMENT_CENTRE = "cpi", "Centro per l'Impiego"
    SCHOOL = "school", "Scuola"
    THIRD_SECTOR = "third_sector", "Ente del Terzo settore"
    PROVIDER = "provider", "Soggetto erogatore"
    STRUCTURE = "structure", "Struttura residenziale o semiresidenziale"
    OTHER = "other", "Altro ente"


class AccessPointKind(models.TextChoices):
    URP = "urp", "URP"
    SEGRETARIATO = "segretariato", "Segretariato sociale"
    PUA_CENTRAL = "pua_central", "PUA - presidio centrale"
    PUA_DESK = "pua_desk", "PUA - sportello decentrato"
    PUNTO_INSIEME = "punto_insieme", "Punto Insieme"
    OTHER = "other", "Altro"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "lunedì"
    TUESDAY = 1, "martedì"
    WEDNESDAY = 2, "mercoledì"
    THURSDAY = 3, "giovedì"
    FRIDAY = 4, "venerdì"
    SATURDAY = 5, "sabato"
    SUNDAY = 6, "domenica"


class StaffProfile(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Assistente sociale"
    EDUCATOR = "educator", "Educatore professionale"
    ADMINISTRATIVE = "administrative", "Amministrativo"
    CPI_CONSULTANT = "cpi_consultant", "Consulente Centro per l'Impiego"
    THIRD_SECTOR_TUTOR = "tutor", "Tutor del Terzo settore"
    PSYCHOLOGIST = "psychologist", "Psicologo"
    NURSE = "nurse", "Infermiere"
    CULTURAL_MEDIATOR = "mediator", "Mediatore culturale"
    COORDINATOR = "coordinator", "Coordinatore"
    OTHER = "other", "Altro"


class StaffArea(models.TextChoices):
    """Seed 002 §5.1 counts social workers by the function they serve."""

    SOCIAL = "social", "Funzioni sociali e socio-assistenziali"
    HEALTH = "health", "Funzioni sanitarie e socio-sanitarie"


class RuntsSection(models.TextChoices):
    """The sections of the Registro unico nazionale del Terzo settore (art. 46 D.Lgs.
    117/2017)."""

    ODV = "a", "a) Organizzazioni di volontariato"
    APS = "b", "b) Associazioni di promozione sociale"
    PHILANTHROPIC = "c", "c) Enti filantropici"
    SOCIAL_ENTERPRISE = "d", "d) Imprese sociali, incluse le cooperative sociali"
    NETWORK = "e", "e) Reti associative"
    MUTUAL_AID = "f", "f) Società di mutuo soccorso"
    OTHER = "g", "g) Altri enti del Terzo settore"
