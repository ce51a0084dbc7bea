"""Applications for an RSA bed: submission (from a case or a contact) with the evaluation
scored by the sheet valid on the submission date, preferences for structures (ordered), offers
of a bed and their reply (what an unjustified refusal does is the sheet's refusal rule),
admission (the structure's row lock: never more guests than beds; the municipal share of the
fee per the fee rule valid on the admission date), withdrawal and death.

Every write is one transaction: all errors at once (ValidationError {field: Italian message}),
nothing written on bad input; an event with the application's snapshot and the rankings of
the structures touched recomputed; log_event names fields, never values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import NotAllowed, allowed, works_in_zone

from ..choices import CLOSED, RANKED, ApplicationStatus, EventKind, OfferReply, RefusalEffect
from ..models import Admission, Application, FeeRule, Offer, Preference, ScoreSheet, Structure
from . import scoring
from .common import is_manager, record, require_manager, require_manager_or_body, structure_ids

S = ApplicationStatus
MAX_PREFERENCES = 5


def _today():
    return timezone.localdate()


def sheet_for(zone_id: int, day: dt.date) -> ScoreSheet | None:
    return (
        ScoreSheet.objects.filter(zone_id=zone_id, valid_from__lte=day)
        .order_by("-valid_from")
        .first()
    )


def fee_rule_for(zone_id: int, day: dt.date) -> FeeRule | None:
    return (
        FeeRule.objects.filter(zone_id=zone_id, valid_from__lte=day).order_by("-valid_from").first()
    )


def _next_number(zone_id: int, year: int) -> str:
    prefix = f"{year}/"
    last = (
        Application.objects.select_for_update()
        .filter(zone_id=zone_id, number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    n = int(last.split("/")[1]) + 1 if last else 1
    return f"{prefix}{n:05d}"


def _evaluation_errors(data: dict) -> dict:
    errors = {}
    try:
        health = Decimal(str(data.get("health_score")))
        if not health.is_finite() or not 0 <= health <= 100:
            raise ValueError
    except (InvalidOperation, TypeError, ValueError):
        errors["health_score"] = "Il punteggio sanitario/funzionale va da 0 a 100."
    isee = data.get("isee")
    if isee not in (None, ""):
        try:
            value = Decimal(str(isee))
            if not value.is_finite() or value < 0 or value > Decimal("99999999"):
                raise ValueError
        except (InvalidOperation, TypeError, ValueError):
            errors["isee"] = "L'ISEE è un importo in euro, non negativo."
    if data.get("evaluated_on") is None:
        errors["evaluated_on"] = "Indica la data della valutazione multidimensionale."
    elif data["evaluated_on"] > _today():
        errors["evaluated_on"] = "La valutazione non può essere nel futuro."
    return errors


def _score(application: Application) -> None:
    sheet = application.sheet
    application.base_score = scoring.base_score(
        sheet,
        health_score=application.health_score,
        lives_alone=application.lives_alone,
        caregiver=application.caregiver,
        isee=application.isee,
    )
    application.score = application.base_score - application.penalty
    application.priority_class = scoring.priority_class(
        sheet,
        hospital_discharge=application.hospital_discharge,
        urgent_social=application.urgent_social,
    )


def _structures(zone_id: int, structures) -> tuple[list, str | None]:
    structures = list(structures)
    if not structures:
        return [], "Indica almeno una struttura preferita."
    if len(structures) > MAX_PREFERENCES:
        return [], f"Al più {MAX_PREFERENCES} strutture preferite."
    if len({s.pk for s in structures}) != len(structures):
        return [], "Ogni struttura si indica una volta sola."
    if any(s.zone_id != zone_id or not s.active for s in structures):
        return [], "Una struttura indicata non è un'RSA attiva di questo ambito."
    return structures, None


def may_create_for_case(user, case) -> bool:
    from ambito.cases.models import Case

    return allowed(user, "rsa.add_application") and (
        Case.objects.visible_to(user).filter(pk=case.pk).exists()
    )


@transaction.atomic
def application_create(
    *,
    actor,
    person,
    structures,
    submitted_on,
    evaluated_on,
    health_score,
    lives_alone=False,
    caregiver=False,
    isee=None,
    hospital_discharge=False,
    urgent_social=False,
    case=None,
    contact: str = "",
    municipality=None,
) -> Application:
    if not works_in_zone(actor) or not allowed(actor, "rsa.add_application"):
        raise NotAllowed("Non puoi registrare domande RSA.")
    if case is not None:
        if case.zone_id != actor.zone_id or not may_create_for_case(actor, case):
            raise NotAllowed(hide=True)
        person = person or case.person
    elif not is_manager(actor):
        raise NotAllowed("Una domanda senza cartella la registra l'Ufficio di Piano.")
    errors = {}
    if person is None or person.zone_id != actor.zone_id:
        errors["person"] = "Indica la persona (dell'ambito) per cui si presenta la domanda."
    if case is None and not (contact or "").strip():
        errors["contact"] = "Senza cartella, indica chi presenta la domanda (il contatto)."
    municipality = municipality or getattr(person, "residence_municipality", None)
    if municipality is None or municipality.zone_id != actor.zone_id:
        errors["municipality"] = "Il comune di residenza deve essere dell'ambito."
    sheet = None
    if submitted_on is None:
        errors["submitted_on"] = "Indica la data di presentazione."
    elif submitted_on > _today():
        errors["submitted_on"] = "La data di presentazione non può essere nel futuro."
    else:
        sheet = sheet_for(actor.zone_id, submitted_on)
        if sheet is None:
            errors["submitted_on"] = "Nessuna scheda di punteggio è valida a questa data."
    data = {"health_score": health_score, "isee": isee, "evaluated_on": evaluated_on}
    errors.update(_evaluation_errors(data))
    chosen, message = _structures(actor.zone_id, structures)
    if message:
        errors["structures"] = message
    if (
        person is not None
        and Application.objects.filter(
            zone_id=actor.zone_id, person=person, status__in=[*RANKED, S.ACCEPTED]
        ).exists()
    ):
        errors["person"] = "La persona ha già una domanda RSA in lista d'attesa."
    if errors:
        raise ValidationError(errors)
    application = Application(
        zone_id=actor.zone_id,
        number=_next_number(actor.zone_id, submitted_on.year),
        person=person,
        case=case,
        contact=(contact or "").strip()[:200],
        municipality=municipality,
        submitted_on=submitted_on,
        sheet=sheet,
        evaluated_on=evaluated_on,
        health_score=Decimal(str(health_score)),
        lives_alone=bool(lives_alone),
        caregiver=bool(caregiver),
        isee=None if isee in (None, "") else Decimal(str(isee)),
        hospital_discharge=bool(hospital_discharge),
        urgent_social=bool(urgent_social),
        created_by=actor,
    )
    _score(application)
    application.save()
    Preference.objects.bulk_create(
        Preference(application=application, structure=s, rank=i)
        for i, s in enumerate(chosen, start=1)
    )
    record(application, EventKind.SUBMITTED, submitted_on)
    log_event(user=actor, obj=application, action=EventAction.CREATE, fields=["*"])
    return application


def _locked(application) -> Application:
    return Application.objects.select_for_update().select_related("sheet").get(pk=application.pk)


@transaction.atomic
def application_evaluate(
    *,
    actor,
    application,
    evaluated_on,
    health_score,
    lives_alone,
    caregiver,
    isee,
    hospital_discharge,
    urgent_social,
) -> Application:
    """A new evaluation of an application in the list: the score and class recomputed."""
    require_manager(actor, application.zone_id)
    application = _locked(application)
    errors = _evaluation_errors(
        {"health_score": health_score, "isee": isee, "evaluated_on": evaluated_on}
    )
    if application.status not in RANKED:
        errors["__all__"] = "Si rivaluta solo una domanda in lista d'attesa."
    if errors:
        raise ValidationError(errors)
    application.evaluated_on = evaluated_on
    application.health_score = Decimal(str(health_score))
    application.lives_alone, application.caregiver = bool(lives_alone), bool(caregiver)
    application.isee = None if isee in (None, "") else Decimal(str(isee))
    application.hospital_discharge = bool(hospital_discharge)
    application.urgent_social = bool(urgent_social)
    _score(application)
    application.save()
    record(application, EventKind.EVALUATED, evaluated_on)
    log_event(user=actor, obj=application, fields=["evaluation", "score", "priority_class"])
    return application


@transaction.atomic
def preferences_set(*, actor, application, structures, on=None) -> Application:
    require_manager(actor, application.zone_id)
    application = _locked(application)
    chosen, message = _structures(application.zone_id, structures)
    if message:
        raise ValidationError({"structures": message})
    before = structure_ids(application)
    application.preferences.all().delete()
    Preference.objects.bulk_create(
        Preference(application=application, structure=s, rank=i)
        for i, s in enumerate(chosen, start=1)
    )
    record(application, EventKind.PREFERENCES, on or _today(), before=before)
    log_event(user=actor, obj=application, fields=["preferences"])
    return application


def _occupied(structure) -> int:
    return structure.admissions.filter(ended_on__isnull=True).count()


def _committed(structure) -> int:
    """Beds taken or promised: guests present and accepted offers not yet admitted."""
    accepted = structure.offers.filter(
        reply=OfferReply.ACCEPTED, application__status=S.ACCEPTED
    ).count()
    return _occupied(structure) + accepted


@transaction.atomic
def offer_make(*, actor, application, structure, offered_on) -> Offer:
    require_manager(actor, application.zone_id)
    structure = Structure.objects.select_for_update().get(pk=structure.pk)
    application = _locked(application)
    errors = {}
    if application.status != S.ACTIVE:
        errors["__all__"] = (
            "Si offre un posto solo a una domanda in lista d'attesa senza un'offerta aperta."
        )
    if structure.zone_id != application.zone_id or not structure.active:
        errors["structure"] = "La struttura non è un'RSA attiva di questo ambito."
    elif _committed(structure) >= structure.beds:
        errors["structure"] = f"{structure.name} non ha posti liberi da offrire."
    if offered_on is None or offered_on < application.submitted_on:
        errors["offered_on"] = "La data dell'offerta non può precedere la domanda."
    elif offered_on > _today():
        errors["offered_on"] = "La data dell'offerta non può essere nel futuro."
    if errors:
        raise ValidationError(errors)
    offer = Offer.objects.create(
        zone_id=application.zone_id,
        application=application,
        structure=structure,
        offered_on=offered_on,
        created_by=actor,
    )
    application.status = S.OFFERED
    application.save(update_fields=["status"])
    record(application, EventKind.OFFERED, offered_on, structure=structure)
    log_event(user=actor, obj=offer, action=EventAction.CREATE, fields=["*"])
    return offer


def _refusal_effect(application) -> str:
    sheet = application.sheet
    application.refusals += 1
    if application.refusals >= sheet.max_refusals:
        application.status = S.REMOVED
        return (
            f"Esclusa dalla lista: {application.refusals} rifiuti non giustificati "
            f"(la scheda ne ammette al più {sheet.max_refusals - 1})."
        )
    application.status = S.ACTIVE
    if sheet.refusal_effect == RefusalEffect.END_OF_CLASS:
        application.bumps += 1
        return "In coda alla propria classe per rifiuto non giustificato."
    application.penalty += sheet.refusal_penalty
    application.score = application.base_score - application.penalty
    return f"Penalità di {sheet.refusal_penalty} punti: punteggio {application.score}."


@transaction.atomic
def offer_reply(*, actor, offer, reply: str, replied_on, justified=False, reason="") -> Offer:
    offer = Offer.objects.select_for_update().select_related("structure").get(pk=offer.pk)
    require_manager_or_body(actor, offer.structure)
    application = _locked(offer.application)
    errors = {}
    if offer.reply:
        errors["__all__"] = "L'offerta ha già una risposta."
    if reply not in (OfferReply.ACCEPTED, OfferReply.REFUSED):
        errors["reply"] = "Indica se il posto è stato accettato o rifiutato."
    if replied_on is None or replied_on < offer.offered_on:
        errors["replied_on"] = "La risposta non può precedere l'offerta."
    elif replied_on > _today():
        errors["replied_on"] = "La data della risposta non può essere nel futuro."
    reason = (reason or "").strip()
    if reply == OfferReply.REFUSED and justified and not reason:
        errors["reason"] = "Un rifiuto giustificato ne indica il motivo."
    if errors:
        raise ValidationError(errors)
    offer.reply, offer.replied_on = reply, replied_on
    if reply == OfferReply.ACCEPTED:
        application.status = S.ACCEPTED
        offer.effect = "Posto accettato: la domanda esce dalle graduatorie in attesa dell'ingresso."
        kind = EventKind.ACCEPTED
    elif justified:
        application.status = S.ACTIVE
        offer.justified, offer.reason = True, reason[:300]
        offer.effect = "Rifiuto giustificato: nessun effetto sulla posizione."
        kind = EventKind.REFUSED
    else:
        offer.reason = reason[:300]
        offer.effect = _refusal_effect(application)
        kind = EventKind.REFUSED if application.status != S.REMOVED else EventKind.REMOVED
    offer.save()
    application.save()
    record(application, kind, replied_on, structure=offer.structure, note=offer.effect)
    log_event(user=actor, obj=offer, fields=["reply", "replied_on", "justified", "reason"])
    return offer


@transaction.atomic
def admission_record(*, actor, application, structure, admitted_on, monthly_fee) -> Admission:
    """The admission: refused when the structure is full (its row lock: two admissions at the
    same instant cannot both take the last bed)."""
    require_manager_or_body(actor, structure)
    structure = Structure.objects.select_for_update().get(pk=structure.pk)
    application = _locked(application)
    errors = {}
    if application.status not in (S.ACTIVE, S.OFFERED, S.ACCEPTED):
        errors["__all__"] = "La domanda non è in lista d'attesa: non si registra un ingresso."
    if not is_manager(actor):
        pending = application.offers.filter(structure=structure).exclude(reply=OfferReply.REFUSED)
        if application.status not in (S.OFFERED, S.ACCEPTED) or not pending.exists():
            errors["__all__"] = "L'ente registra l'ingresso solo di chi ha avuto un posto offerto."
    if structure.zone_id != application.zone_id:
        errors["structure"] = "La struttura non è di questo ambito."
    accepted_here = (
        application.status == S.ACCEPTED
        and application.offers.filter(structure=structure, reply=OfferReply.ACCEPTED).exists()
    )
    taken = _committed(structure) - (1 if accepted_here else 0)
    if taken >= structure.beds:
        errors["structure"] = (
            f"{structure.name} è al completo ({structure.beds} posti, {taken} occupati o "
            "promessi): l'ingresso non è registrato."
        )
    try:
        fee = Decimal(str(monthly_fee))
        if not fee.is_finite() or fee < 0 or fee > Decimal("100000"):
            raise ValueError
    except (InvalidOperation, TypeError, ValueError):
        errors["monthly_fee"] = "La retta mensile è un importo in euro, non negativo."
        fee = None
    if admitted_on is None or admitted_on < application.submitted_on:
        errors["admitted_on"] = "L'ingresso non può precedere la domanda."
    elif admitted_on > _today():
        errors["admitted_on"] = "La data di ingresso non può essere nel futuro."
    if errors:
        raise ValidationError(errors)
    rule = fee_rule_for(application.zone_id, admitted_on)
    percent, share = scoring.municipal_share(rule, monthly_fee=fee, isee=application.isee)
    admission = Admission.objects.create(
        zone_id=application.zone_id,
        application=application,
        structure=structure,
        admitted_on=admitted_on,
        monthly_fee=fee,
        fee_rule=rule,
        municipal_percent=percent,
        municipal_share=share,
        created_by=actor,
    )
    open_offer = application.offers.filter(structure=structure, reply=OfferReply.PENDING).first()
    if open_offer is not None:
        open_offer.reply, open_offer.replied_on = OfferReply.ACCEPTED, admitted_on
        open_offer.effect = "Posto accettato con l'ingresso."
        open_offer.save()
    application.status = S.ADMITTED
    application.save(update_fields=["status"])
    record(application, EventKind.ADMITTED, admitted_on, structure=structure)
    log_event(user=actor, obj=admission, action=EventAction.CREATE, fields=["*"])
    return admission


@transaction.atomic
def application_close(*, actor, application, kind: str, on, reason: str = "") -> Application:
    """Withdrawal (`withdrawn`) or death (`deceased`); a death ends the admission."""
    require_manager(actor, application.zone_id)
    application = _locked(application)
    errors = {}
    if kind not in (S.WITHDRAWN, S.DECEASED):
        errors["kind"] = "Indica ritiro o decesso."
    if application.status in CLOSED:
        errors["__all__"] = "La domanda è già chiusa."
    elif kind == S.WITHDRAWN and application.status == S.ADMITTED:
        errors["kind"] = "La persona è già accolta: si registra la dimissione o il decesso."
    if on is None or on < application.submitted_on:
        errors["on"] = "La data non può precedere la domanda."
    elif on > _today():
        errors["on"] = "La data non può essere nel futuro."
    if errors:
        raise ValidationError(errors)
    application.status, application.closed_on = kind, on
    application.closed_reason = (reason or "").strip()[:300]
    application.save()
    Admission.objects.filter(application=application, ended_on__isnull=True).update(ended_on=on)
    application.offers.filter(reply=OfferReply.PENDING).update(
        effect="Offerta chiusa con la domanda."
    )
    event = EventKind.WITHDRAWN if kind == S.WITHDRAWN else EventKind.DECEASED
    record(application, event, on, note=application.closed_reason)
    log_event(user=actor, obj=application, fields=["status", "closed_on", "closed_reason"])
    return application
