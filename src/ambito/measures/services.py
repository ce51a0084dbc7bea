"""Writes of applications other than the import: the follow-up of a lapsed, suspended or
rejected application."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import NotAllowed, require

from .models import FOLLOW_UP_STATUSES, Application


@transaction.atomic
def follow_up_record(*, actor, application: Application, note: str) -> Application:
    """Record the follow-up of an application the actor sees (rules.py); another
    municipality's application does not exist for them."""
    if not Application.objects.visible_to(actor).filter(pk=application.pk).exists():
        raise NotAllowed(hide=True)
    require(
        actor,
        "measures.record_follow_up",
        application,
        message="Non puoi registrare la verifica di questa domanda.",
    )
    note = (note or "").strip()
    if application.status not in FOLLOW_UP_STATUSES:
        raise ValidationError("Solo le domande decadute, sospese o respinte si verificano.")
    if not note:
        raise ValidationError({"note": "Scrivi l'esito della verifica."})
    if len(note) > 2000:
        raise ValidationError({"note": "Al massimo 2000 caratteri."})
    application.follow_up_done_at = timezone.now()
    application.follow_up_note = note
    application.save(update_fields=["follow_up_done_at", "follow_up_note", "updated_at"])
    log_event(
        user=actor,
        obj=application,
        action=EventAction.UPDATE,
        fields=["follow_up_done_at", "follow_up_note"],
        person=application.applicant,
    )
    return application
