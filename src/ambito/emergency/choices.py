from django.db import models


class ReporterKind(models.TextChoices):
    POLICE = "police", "Forze dell'ordine"
    HOSPITAL = "hospital", "Ospedale / pronto soccorso"
    CITIZEN = "citizen", "Cittadino"
    SCHOOL = "school", "Scuola"
    SERVICE = "service", "Altro servizio"
    OTHER = "other", "Altro"


class PlaceType(models.TextChoices):
    ADULT = "adult", "Adulti"
    WOMAN_CHILD = "woman_child", "Donne con bambini"
    MINOR = "minor", "Minori"


class Outcome(models.TextChoices):
    PENDING = "pending", "In corso"
    PLACEMENT = "placement", "Collocamento in struttura"
    OTHER_MEASURE = "other_measure", "Altri interventi immediati"
    NOT_EMERGENCY = "not_emergency", "Non è un'emergenza"


class ImmediateMeasure(models.TextChoices):
    MEAL = "meal", "Pasto"
    TRANSPORT = "transport", "Trasporto"
    PHONE_SUPPORT = "phone_support", "Supporto telefonico"
    CLOTHING = "clothing", "Vestiario e beni di prima necessità"
    ESCORT = "escort", "Accompagnamento"
    OTHER = "other", "Altro"


class ShiftRole(models.TextChoices):
    OPERATOR = "operator", "Operatore di pronto intervento"
    SOCIAL_WORKER = "social_worker", "Assistente sociale reperibile"
