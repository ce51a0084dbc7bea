"""The values of the RSA waiting lists (DOMAIN §7)."""

from django.db import models


class ApplicationStatus(models.TextChoices):
    ACTIVE = "active", "In lista d'attesa"
    OFFERED = "offered", "Posto offerto"
    ACCEPTED = "accepted", "Posto accettato"
    ADMITTED = "admitted", "Accolta in RSA"
    WITHDRAWN = "withdrawn", "Ritirata"
    DECEASED = "deceased", "Deceduta"
    REMOVED = "removed", "Esclusa dalla lista"


# The statuses whose application stands in a ranking (an offered one keeps its place while
# the reply is awaited).
RANKED = (ApplicationStatus.ACTIVE, ApplicationStatus.OFFERED)
CLOSED = (ApplicationStatus.WITHDRAWN, ApplicationStatus.DECEASED, ApplicationStatus.REMOVED)


class PriorityClass(models.IntegerChoices):
    HOSPITAL_DISCHARGE = 1, "dimissione protetta"
    URGENT_SOCIAL = 2, "urgenza sociale"
    ORDINARY = 3, "ordinaria"


class RefusalEffect(models.TextChoices):
    PENALTY = "penalty", "Punti di penalità"
    END_OF_CLASS = "end_of_class", "In coda alla propria classe"


class OfferReply(models.TextChoices):
    PENDING = "", "In attesa di risposta"
    ACCEPTED = "accepted", "Accettato"
    REFUSED = "refused", "Rifiutato"


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", "Domanda presentata"
    EVALUATED = "evaluated", "Valutazione aggiornata"
    PREFERENCES = "preferences", "Preferenze aggiornate"
    OFFERED = "offered", "Posto offerto"
    ACCEPTED = "accepted", "Offerta accettata"
    REFUSED = "refused", "Offerta rifiutata"
    ADMITTED = "admitted", "Ingresso in RSA"
    WITHDRAWN = "withdrawn", "Domanda ritirata"
    DECEASED = "deceased", "Decesso"
    REMOVED = "removed", "Esclusione dalla lista"
