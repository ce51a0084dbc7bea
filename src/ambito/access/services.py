"""Writes of contacts at access points (§2). Every function is atomic, validates everything
before saving anything and writes its EventLog row (field names only, never values).

The public request form (`callback_request_create`) is the only write without a user: it is
rate-limited per client and zone through core.ratelimit, in the shared cache (the database or
Redis, so every worker counts the same requests); the client address is kept there only as a
hash and only for the window of the limit."""

from __future__ import annotations

import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ambito.catalog.choices import ServiceStatus
from ambito.core import ratelimit
from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import require, require_same_zone
from ambito.registry.models import Person

from . import selectors, tally
from .choices import Channel, ContactStatus, Outcome, ReferralKind
from .models import Contact, ContactCorrection

FUTURE_TOLERANCE = timedelta(minutes=5)

# Public request form limits.
NAME_MAX = 120
CONTACT_MAX = 120
REQUEST_TEXT_MAX = 2000
RATE_LIMIT = 5  # requests accepted ...
RATE_WINDOW_SECONDS = 3600  # ... per client address and zone in this window

# Markup is refused, not escaped and stored: '<' followed by a letter, '/', '!' or '?' opens a
# tag, a comment or a processing instruction; script URLs are refused wherever they appear.
MARKUP = re.compile(r"<\s*[a-zA-Z/!?]|(?:java|vb)script\s*:|data\s*:\s*text/html", re.IGNORECASE)
MARKUP_MESSAGE = (
    "Il testo non può contenere codice HTML o script (ad esempio i caratteri «<» seguiti da una "
    "lettera): riscrivilo come testo semplice."
)
POINT_OF_ANOTHER_MUNICIPALITY = (
    "Scegli un punto di accesso del tuo comune ({name}): quello scelto è di un altro comune."
)
RATE_MESSAGE = (
    "Troppe richieste inviate da questa connessione: riprova tra un'ora o telefona al punto "
    "di accesso."
)

CONTACT_FIELDS = (
    "access_point",
    "started_at",
    "ended_at",
    "minutes_spent",
    "channel",
    "person",
    "municipality",
    "request_text",
    "answer_text",
    "outcome",
    "referral_kind",
    "referral_service",
    "referral_organisation",
    "referral_office",
)

NOT_ALLOWED = "Non hai il permesso di registrare accessi."
# An operator's contact always says what the need was: the observatory counts it by area, and
# an empty contact is what a stray Enter used to save (issue 15).
NEED_AREA_MISSING = "Indica almeno un'area di bisogno: senza, l'accesso non si registra."
AMEND_REFUSED = (
    "Un accesso si corregge o si annulla solo da chi l'ha registrato, nel giorno stesso, "
    "e se non è già annullato."
)
NOTHING_CHANGED = "Non hai cambiato nulla: non c'è niente da correggere."
REASON_MAX = 500


def contains_markup(text: str) -> bool:
    return bool(MARKUP.search(text or ""))


def _clean_referral(data: dict, zone_id: int, errors: dict) -> dict:
    """The referral fields consistent with the kind chosen; the others emptied."""
    service = data.get("referral_service")
    organisation = data.get("referral_organisation")
    office = (data.get("referral_office") or "").strip()
    kind = data.get("referral_kind") or ""
    if not kind:
        kind = (
            ReferralKind.SERVICE
            if service
            else ReferralKind.ORGANISATION
            if organisation
            else ReferralKind.OFFICE
            if office
            else ""
        )
    result = {
        "referral_kind": kind,
        "referral_service": None,
        "referral_organisation": None,
        "referral_office": "",
    }
    if kind == ReferralKind.SERVICE:
        if service is None:
            errors["referral_service"] = "Scegli il servizio verso cui orienti la persona."
        elif service.zone_id != zone_id or service.status != ServiceStatus.PUBLISHED:
            errors["referral_service"] = "Si può orientare solo verso servizi pubblicati."
        else:
            result["referral_service"] = service
    elif kind == ReferralKind.ORGANISATION:
        if organisation is None:
            errors["referral_organisation"] = "Scegli l'ente verso cui orienti la persona."
        elif organisation.zone_id != zone_id:
            errors["referral_organisation"] = "L'ente deve appartenere all'ambito."
        else:
            result["referral_organisation"] = organisation
    elif kind == ReferralKind.OFFICE:
        if not office:
            errors["referral_office"] = "Scrivi a quale ufficio hai inviato la persona."
        result["referral_office"] = office
    return result


def _validated(*, actor, data: dict) -> tuple[dict, list]:
    """The contact's fields and need areas from `data`, checked as a whole; raises
    ValidationError with every error at once. Shared by recording and correcting."""
    errors: dict[str, str] = {}
    now = timezone.now()

    access_point = data.get("access_point")
    if access_point is None or access_point.zone_id != actor.zone_id:
        errors["access_point"] = "Scegli un punto di accesso del tuo ambito."

    started_at = data.get("started_at") or now
    if started_at > now + FUTURE_TOLERANCE:
        errors["started_at"] = "La data e l'ora dell'accesso non possono essere nel futuro."
    ended_at = data.get("ended_at")
    if ended_at is not None and ended_at < started_at:
        errors["ended_at"] = "La fine non può precedere l'inizio."

    person = data.get("person")
    if person is not None and not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        errors["person"] = "Nessuna persona con questo identificativo tra quelle che puoi vedere."

    municipality = data.get("municipality")
    if municipality is None and person is not None:
        municipality = person.residence_municipality
    if municipality is not None and municipality.zone_id != actor.zone_id:
        errors["municipality"] = "Il comune deve appartenere all'ambito."

    channel = data.get("channel") or Channel.DESK
    if channel not in Channel.values:
        errors["channel"] = "Canale non valido."
    outcome = data.get("outcome") or ""
    if outcome and outcome not in Outcome.values:
        errors["outcome"] = "Esito non valido."

    minutes = data.get("minutes_spent")
    if minutes is None and ended_at is not None and ended_at >= started_at:
        minutes = int((ended_at - started_at).total_seconds() // 60)
    if minutes is not None and not 0 <= minutes <= 600:
        errors["minutes_spent"] = "Indica i minuti dedicati (da 0 a 600)."

    need_areas = list(data.get("need_areas") or [])
    if not need_areas:
        errors["need_areas"] = NEED_AREA_MISSING

    referral = _clean_referral(data, actor.zone_id, errors)
    if errors:
        raise ValidationError(errors)
    fields = {
        "access_point": access_point,
        "municipality": municipality,
        "started_at": started_at,
        "ended_at": ended_at,
        "minutes_spent": minutes,
        "channel": channel,
        "person": person,
        "request_text": (data.get("request_text") or "").strip(),
        "answer_text": (data.get("answer_text") or "").strip(),
        "outcome": outcome,
        **referral,
    }
    return fields, need_areas


@transaction.atomic
def contact_record(*, actor, data: dict) -> Contact:
    """Record a contact at an access point of the actor's zone (desk, phone, ...).

    `data` holds model instances (access_point, person, municipality, referral_service,
    referral_organisation), a list of need areas and plain values."""
    require(actor, "access.add_contact", message=NOT_ALLOWED)
    fields, need_areas = _validated(actor=actor, data=data)
    contact = Contact(zone_id=actor.zone_id, status=ContactStatus.DONE, operator=actor, **fields)
    contact.full_clean()
    contact.save()
    contact.need_areas.set(need_areas)
    tally.count_contact(contact)
    log_event(
        user=actor,
        obj=contact,
        action=EventAction.CREATE,
        fields=[*CONTACT_FIELDS, "need_areas"],
        person=fields["person"],
    )
    return contact


def _reason(reason: str, message: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise ValidationError({"reason": message})
    if len(text) > REASON_MAX:
        raise ValidationError(
            {"reason": f"Motivo: al massimo {REASON_MAX} caratteri (ne hai scritti {len(text)})."}
        )
    return text


@transaction.atomic
def contact_correct(*, actor, contact: Contact, data: dict, reason: str) -> Contact:
    """Correct a contact its author recorded today, saying why. The person stays the one
    recorded (a contact for the wrong person is cancelled and recorded again). The tallies
    move: the contact leaves those of its old values and joins those of the new ones."""
    require(actor, "access.amend_contact", contact, message=AMEND_REFUSED)
    errors: dict[str, list[str]] = {}
    try:
        reason = _reason(reason, "Scrivi il motivo della correzione.")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        fields, need_areas = _validated(actor=actor, data={**data, "person": contact.person})
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    fields.pop("person")
    changed = [name for name, value in fields.items() if getattr(contact, name) != value]
    areas_before = set(contact.need_areas.values_list("pk", flat=True))
    if areas_before != {area.pk for area in need_areas}:
        changed.append("need_areas")
    if not changed:
        raise ValidationError(NOTHING_CHANGED)
    tally.count_contact(contact, -1)  # counted again below with its corrected values
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.full_clean()
    contact.save()
    contact.need_areas.set(need_areas)
    tally.count_contact(contact)
    ContactCorrection.objects.create(
        contact=contact, corrected_by=actor, reason=reason, fields=sorted(changed)
    )
    log_event(user=actor, obj=contact, action=EventAction.UPDATE, fields=changed, note="correzione")
    return contact


@transaction.atomic
def contact_cancel(*, actor, contact: Contact, reason: str) -> Contact:
    """Cancel a contact its author recorded today, saying why: it stays, marked cancelled,
    and leaves the observatory's tallies. Never deleted."""
    require(actor, "access.amend_contact", contact, message=AMEND_REFUSED)
    reason = _reason(reason, "Scrivi il motivo dell'annullamento.")
    tally.count_contact(contact, -1)
    contact.cancelled_at = timezone.now()
    contact.cancelled_by = actor
    contact.cancel_reason = reason
    contact.full_clean()
    contact.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    log_event(
        user=actor,
        obj=contact,
        action=EventAction.UPDATE,
        fields=["cancelled_at", "cancelled_by", "cancel_reason"],
        note="annullamento",
    )
    return contact


def _rate_key(zone, client_ip: str) -> str:
    return ratelimit.key("access:callback", zone.pk, client_ip)


def _plain(value: str, *, field: str, limit: int, label: str, errors: dict) -> str:
    text = " ".join((value or "").split()) if field != "request_text" else (value or "").strip()
    if contains_markup(text):
        errors[field] = MARKUP_MESSAGE
    elif len(text) > limit:
        errors[field] = f"{label}: al massimo {limit} caratteri (ne hai scritti {len(text)})."
    return text


@transaction.atomic
def callback_request_create(
    *,
    zone,
    access_point,
    name: str,
    contact: str,
    municipality,
    request_text: str,
    consent: bool,
    client_ip: str,
) -> Contact:
    """A citizen's request from the public charter: a web contact waiting to be called back."""
    key = _rate_key(zone, client_ip)
    if ratelimit.count(key) >= RATE_LIMIT:
        raise ValidationError(RATE_MESSAGE, code="rate_limited")

    errors: dict[str, str] = {}
    name = _plain(name, field="name", limit=NAME_MAX, label="Nome", errors=errors)
    contact_text = _plain(
        contact, field="contact", limit=CONTACT_MAX, label="Recapito", errors=errors
    )
    request_text = _plain(
        request_text,
        field="request_text",
        limit=REQUEST_TEXT_MAX,
        label="Richiesta",
        errors=errors,
    )
    if not name and "name" not in errors:
        errors["name"] = "Scrivi il tuo nome."
    if not contact_text and "contact" not in errors:
        errors["contact"] = "Scrivi un numero di telefono o un indirizzo email."
    if not request_text and "request_text" not in errors:
        errors["request_text"] = "Scrivi in breve la tua richiesta."
    if municipality is None or municipality.zone_id != zone.pk:
        errors["municipality"] = "Scegli il tuo comune tra quelli dell'elenco."
    if access_point is None or access_point.zone_id != zone.pk:
        errors["access_point"] = "Scegli un punto di accesso tra quelli dell'elenco."
    elif "municipality" not in errors:
        points, _ = selectors.public_access_points_of(zone, municipality)
        if not points.filter(pk=access_point.pk).exists():
            errors["access_point"] = POINT_OF_ANOTHER_MUNICIPALITY.format(name=municipality.name)
    if not consent:
        errors["consent"] = "Per inviare la richiesta devi acconsentire al trattamento dei dati."
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    record = Contact(
        zone=zone,
        access_point=access_point,
        municipality=municipality,
        started_at=now,
        channel=Channel.WEB,
        request_text=request_text,
        status=ContactStatus.TO_CALL_BACK,
        requester_name=name,
        requester_contact=contact_text,
        consent_at=now,
    )
    record.full_clean()
    record.save()
    tally.count_contact(record)
    log_event(
        user=None,
        obj=record,
        action=EventAction.CREATE,
        fields=["requester_name", "requester_contact", "request_text", "municipality"],
        note="richiesta dal sito pubblico",
        zone_id=zone.pk,
    )
    # Counted once accepted: typing mistakes do not use up a citizen's requests.
    ratelimit.add(key, window=RATE_WINDOW_SECONDS)
    return record


@transaction.atomic
def callback_complete(
    *, actor, contact: Contact, answer_text: str, outcome: str, person=None
) -> Contact:
    """The operator called the citizen back: what was answered and how it ended."""
    require(actor, "access.change_contact", message=NOT_ALLOWED)
    require_same_zone(actor, contact.zone_id)
    errors: dict[str, str] = {}
    if contact.status != ContactStatus.TO_CALL_BACK:
        errors["__all__"] = "Questa richiesta è già stata richiamata."
    if outcome not in Outcome.values:
        errors["outcome"] = "Scegli l'esito della telefonata."
    if person is not None and not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        errors["person"] = "Nessuna persona con questo identificativo tra quelle che puoi vedere."
    if errors:
        raise ValidationError(errors)
    tally.count_contact(contact, -1)  # counted again below with its outcome and person
    contact.answer_text = (answer_text or "").strip()
    contact.outcome = outcome
    contact.status = ContactStatus.CALLED_BACK
    contact.called_back_at = timezone.now()
    contact.operator = actor
    fields = ["answer_text", "outcome", "status", "called_back_at", "operator"]
    if person is not None:
        contact.person = person
        fields.append("person")
    contact.full_clean()
    contact.save()
    tally.count_contact(contact)
    log_event(user=actor, obj=contact, action=EventAction.UPDATE, fields=fields, person=person)
    return contact
