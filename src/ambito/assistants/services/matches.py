"""Matches (§7): an access point puts a family in touch with a listable worker and records it;
later the outcome (contract started, not started, ended) and the hours agreed.

The family is a person of the registry the operator may see, or a free-text reference when the
family is not in the registry (never a fiscal code). The worker must be listable at the moment
of the match (enrolled, consent in force): a withdrawn or suspended worker is not matched.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import NotAllowed, require

from ..choices import MatchOutcome
from ..models import Match, Worker
from ..scoping import SEARCH
from .common import NOT_ALLOWED, require_searcher


def _outcome_errors(
    *, outcome: str, hours_agreed, started_on, ended_on, matched_on: date
) -> dict[str, str]:
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if outcome not in MatchOutcome.values:
        errors["outcome"] = "Scegli l'esito dell'abbinamento."
        return errors
    if hours_agreed is not None and not (1 <= hours_agreed <= 168):
        errors["hours_agreed"] = "Le ore settimanali concordate vanno da 1 a 168."
    if outcome in (MatchOutcome.STARTED, MatchOutcome.ENDED):
        if started_on is None:
            errors["started_on"] = "Indica quando è stato avviato il contratto."
        if hours_agreed is None and "hours_agreed" not in errors:
            errors["hours_agreed"] = "Indica le ore settimanali concordate."
    elif started_on is not None:
        errors["started_on"] = "Un contratto non avviato non ha una data di avvio."
    if outcome == MatchOutcome.ENDED and ended_on is None:
        errors["ended_on"] = "Indica quando si è concluso il contratto."
    if outcome != MatchOutcome.ENDED and ended_on is not None:
        errors["ended_on"] = "La data di conclusione è solo dei contratti conclusi."
    if started_on is not None and "started_on" not in errors:
        if started_on < matched_on:
            errors["started_on"] = "L'avvio non può precedere l'abbinamento."
        elif started_on > today:
            errors["started_on"] = "La data di avvio non può essere futura."
    if ended_on is not None and "ended_on" not in errors:
        if started_on is not None and ended_on < started_on:
            errors["ended_on"] = "La conclusione non può precedere l'avvio."
        elif ended_on > today:
            errors["ended_on"] = "La data di conclusione non può essere futura."
    return errors


@transaction.atomic
def match_create(
    *,
    actor,
    worker: Worker,
    access_point,
    person=None,
    family_reference: str = "",
    matched_on: date | None = None,
    outcome: str = MatchOutcome.PROPOSED,
    hours_agreed: int | None = None,
    started_on: date | None = None,
    ended_on: date | None = None,
    notes: str = "",
) -> Match:
    require_searcher(actor, worker.zone_id)
    require(actor, "assistants.add_match", message=NOT_ALLOWED)
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    if not Worker.objects.visible_to(actor).filter(pk=worker.pk).exists():
        raise NotAllowed(hide=True)
    family_reference = (family_reference or "").strip()
    matched_on = matched_on or timezone.localdate()
    errors: dict[str, str] = {}
    if not worker.listable:
        errors["worker"] = (
            "L'assistente non è disponibile: non è iscritto o non ha dato il consenso all'elenco."
        )
    if person is None and not family_reference:
        errors["family_reference"] = (
            "Indica la persona richiedente dall'anagrafe oppure un riferimento della famiglia."
        )
    if person is not None and family_reference:
        errors["family_reference"] = (
            "Indica la persona dall'anagrafe oppure il riferimento, non entrambi."
        )
    if len(family_reference) > 200:
        errors["family_reference"] = "Il riferimento ha al più 200 caratteri."
    if person is not None:
        from ambito.registry.models import Person

        if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
            errors["person"] = "Persona non trovata nell'anagrafe che puoi consultare."
    if access_point is None or access_point.zone_id != worker.zone_id:
        errors["access_point"] = "Scegli un punto di accesso di questo ambito."
    if matched_on > timezone.localdate():
        errors["matched_on"] = "La data dell'abbinamento non può essere futura."
    errors.update(
        {
            key: value
            for key, value in _outcome_errors(
                outcome=outcome,
                hours_agreed=hours_agreed,
                started_on=started_on,
                ended_on=ended_on,
                matched_on=matched_on,
            ).items()
            if key not in errors
        }
    )
    if errors:
        raise ValidationError(errors)
    match = Match.objects.create(
        zone_id=worker.zone_id,
        worker=worker,
        person=person,
        family_reference=family_reference,
        access_point=access_point,
        matched_on=matched_on,
        outcome=outcome,
        hours_agreed=hours_agreed,
        started_on=started_on,
        ended_on=ended_on,
        notes=(notes or "").strip(),
        recorded_by=actor,
    )
    log_event(user=actor, obj=match, action=EventAction.CREATE, fields=["*"])
    return match


@transaction.atomic
def match_set_outcome(
    *,
    actor,
    match: Match,
    outcome: str,
    hours_agreed: int | None = None,
    started_on: date | None = None,
    ended_on: date | None = None,
    notes: str | None = None,
) -> Match:
    require_searcher(actor, match.zone_id, perm="assistants.change_match")
    if not Match.objects.visible_to(actor).filter(pk=match.pk).exists():
        raise NotAllowed(hide=True)
    require(actor, SEARCH, message=NOT_ALLOWED)
    match = Match.objects.select_for_update().get(pk=match.pk)
    errors = _outcome_errors(
        outcome=outcome,
        hours_agreed=hours_agreed,
        started_on=started_on,
        ended_on=ended_on,
        matched_on=match.matched_on,
    )
    if errors:
        raise ValidationError(errors)
    data = {
        "outcome": outcome,
        "hours_agreed": hours_agreed,
        "started_on": started_on,
        "ended_on": ended_on,
    }
    if notes is not None:
        data["notes"] = notes.strip()
    changed = [name for name, value in data.items() if getattr(match, name) != value]
    for name, value in data.items():
        setattr(match, name, value)
    match.save()
    if changed:
        log_event(user=actor, obj=match, fields=changed)
    return match
