from django.db import models


class Channel(models.TextChoices):
    DESK = "desk", "Sportello"
    PHONE = "phone", "Telefono"
    EMAIL = "email", "Email"
    WEB = "web", "Web"
    HOME_VISIT = "home_visit", "Visita domiciliare"


class Outcome(models.TextChoices):
    INFORMATION = "information", "Informazione data"
    APPLICATION_HELPED = "application", "Aiuto nella domanda"
    APPOINTMENT = "appointment", "Appuntamento fissato"
    CASE_PROPOSAL = "case_proposal", "Proposta di presa in carico"
    REFERRAL = "referral", "Invio ad altro servizio"


class ContactStatus(models.TextChoices):
    DONE = "done", "Concluso"
    TO_CALL_BACK = "to_call_back", "Da richiamare"
    CALLED_BACK = "called_back", "Richiamato"


class ReferralKind(models.TextChoices):
    NONE = "", "Nessuno"
    SERVICE = "service", "Servizio della carta"
    ORGANISATION = "organisation", "Ente"
    OFFICE = "office", "Altro ufficio"
