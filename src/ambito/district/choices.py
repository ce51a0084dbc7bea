from django.db import models


class LineKind(models.TextChoices):
    """The district services the plan office runs (seed 003 §C.6, §G.1, social housing)."""

    ADM = "adm", "Assistenza domiciliare minori (ADM)"
    SIL = "sil", "Servizio inserimento lavorativo (SIL)"
    HOUSING = "housing", "Housing sociale"


class IntakeState(models.TextChoices):
    WAITING = "waiting", "In lista d'attesa"
    ACTIVE = "active", "In carico"
    SUSPENDED = "suspended", "Sospesa"
    CLOSED = "closed", "Chiusa"
    REFUSED = "refused", "Non accolta"


class Priority(models.IntegerChoices):
    """Lower comes first in the intake list."""

    URGENT = 1, "Urgente"
    HIGH = 2, "Alta"
    ORDINARY = 3, "Ordinaria"


class HoursPeriod(models.TextChoices):
    DAY = "day", "Giorno"
    MONTH = "month", "Mese"
