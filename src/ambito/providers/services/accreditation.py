"""Accreditation (§7, seed 003 §E.1): the zone's schemes (a checklist of requirements, the
validity, the tariff per unit), the providers' applications with a document per requirement,
the review, the decision, suspension, reinstatement, revocation, expiry and renewal.

Every change of an application's state goes through `_move`, which looks the transition up in
`accreditation_workflow.TRANSITIONS`, holds the application's row lock, writes an
`ApplicationTransition` (from, to, reason, actor) and a log_event (field names only).
Every error at once, in Italian; nothing is written on bad input.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.files import delete_stored_on_commit
from ambito.core.permissions import NotAllowed
from ambito.core.uploads import checked_upload, stored_name

from .. import accreditation_workflow as workflow
from ..choices import ApplicationState, RequirementOutcome, TariffUnit
from ..models import (
    AccreditationApplication,
    AccreditationRequirement,
    AccreditationScheme,
    ApplicationTransition,
    RequirementEvidence,
)
from .common import require_manager, require_provider_party

S = ApplicationState
REVIEW = "providers.review_accreditation"
ADD = "providers.add_accreditationapplication"
CHANGE = "providers.change_accreditationapplication"
SCHEME_FIELDS = (
    "title",
    "description",
    "act",
    "validity_months",
    "tariff",
    "unit",
    "opens_on",
    "closes_on",
    "active",
)
REASON_MISSING = {
    "reject": "Indica il motivo del rigetto.",
    "suspend": "Indica il motivo della sospensione.",
    "reinstate": "Indica il motivo della riattivazione.",
    "revoke": "Indica il motivo della revoca.",
}


def _clean(value) -> str:
    return (value or "").strip()


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved on by `months` calendar months (the 31st becomes the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def validity_end(valid_from: dt.date, months: int) -> dt.date:
    """The last day of an accreditation of `months` months starting on `valid_from`."""
    return add_months(valid_from, months) - dt.timedelta(days=1)


# --- schemes ---------------------------------------------------------------------------------


def _tariff(value, errors: dict) -> Decimal | None:
    if value in (None, ""):
        errors["tariff"] = "Indica la tariffa per unità in euro."
        return None
    try:
        amount = Decimal(str(value).replace(",", ".") if isinstance(value, str) else str(value))
    except (InvalidOperation, ValueError):
        errors["tariff"] = "Indica la tariffa in euro (es. 20,00)."
        return None
    if not amount.is_finite():
        errors["tariff"] = "Indica la tariffa in euro (es. 20,00)."
    elif amount < 0:
        errors["tariff"] = "La tariffa non può essere negativa."
    elif amount.as_tuple().exponent < -2 or amount >= Decimal("1e12"):
        errors["tariff"] = "Indica la tariffa in euro con al più due decimali."
    else:
        return amount
    return None


def _check_scheme(data: dict, errors: dict) -> None:
    if not data["title"]:
        errors["title"] = "Indica il titolo del sistema di accreditamento."
    elif len(data["title"]) > 300:
        errors["title"] = "Il titolo è troppo lungo (al più 300 caratteri)."
    months = data["validity_months"]
    try:
        months = int(months)
    except (TypeError, ValueError):
        months = 0
    if months < 1 or months > 240:
        errors["validity_months"] = "Indica la validità in mesi (da 1 a 240)."
    else:
        data["validity_months"] = months
    if data["unit"] not in TariffUnit.values:
        errors["unit"] = "Scegli l'unità della tariffa."
    if data["opens_on"] is None:
        errors["opens_on"] = "Indica da quando si presentano le domande."
    elif data["closes_on"] is not None and data["closes_on"] < data["opens_on"]:
        errors["closes_on"] = "Il termine delle domande non può precedere l'apertura."
    if len(data["act"]) > 200:
        errors["act"] = "L'atto è troppo lungo (al più 200 caratteri)."


def _requirement_texts(requirements, errors: dict) -> list[str]:
    texts = [_clean(text) for text in requirements or ()]
    texts = [text for text in texts if text]
    if any(len(text) > 500 for text in texts):
        errors["requirements"] = "Un requisito è troppo lungo (al più 500 caratteri)."
    return texts


@transaction.atomic
def accreditation_scheme_create(
    *,
    actor,
    service,
    title: str,
    description: str = "",
    act: str = "",
    validity_months=36,
    tariff,
    unit: str,
    opens_on: dt.date,
    closes_on: dt.date | None = None,
    requirements=(),
) -> AccreditationScheme:
    """A scheme for a charter service with its checklist (`requirements`: the texts, in
    order; each requires a document)."""
    require_manager(actor, actor.zone_id)
    errors: dict[str, str] = {}
    if service is None or service.zone_id != actor.zone_id:
        errors["service"] = "Il servizio non è della carta di questo ambito."
    data = {
        "title": _clean(title),
        "act": _clean(act),
        "validity_months": validity_months,
        "unit": unit,
        "opens_on": opens_on,
        "closes_on": closes_on,
    }
    _check_scheme(data, errors)
    amount = _tariff(tariff, errors)
    texts = _requirement_texts(requirements, errors)
    if errors:
        raise ValidationError(errors)
    scheme = AccreditationScheme.objects.create(
        zone_id=actor.zone_id,
        service=service,
        description=description or "",
        tariff=amount,
        **data,
    )
    AccreditationRequirement.objects.bulk_create(
        AccreditationRequirement(scheme=scheme, position=position, text=text)
        for position, text in enumerate(texts, start=1)
    )
    log_event(user=actor, obj=scheme, action=EventAction.CREATE, fields=["*"])
    return scheme


@transaction.atomic
def accreditation_scheme_update(*, actor, scheme: AccreditationScheme, **fields):
    """Correct a scheme: only the fields given change. The service does not change."""
    require_manager(actor, scheme.zone_id)
    unknown = set(fields) - set(SCHEME_FIELDS)
    if unknown:
        raise ValidationError({"__all__": "Campi non modificabili: " + ", ".join(sorted(unknown))})
    scheme = AccreditationScheme.objects.select_for_update().get(pk=scheme.pk)
    errors: dict[str, str] = {}
    data = {
        "title": _clean(fields.get("title", scheme.title)),
        "act": _clean(fields.get("act", scheme.act)),
        "validity_months": fields.get("validity_months", scheme.validity_months),
        "unit": fields.get("unit", scheme.unit),
        "opens_on": fields.get("opens_on", scheme.opens_on),
        "closes_on": fields.get("closes_on", scheme.closes_on),
    }
    _check_scheme(data, errors)
    amount = _tariff(fields.get("tariff", scheme.tariff), errors)
    if errors:
        raise ValidationError(errors)
    values = {
        **data,
        "tariff": amount,
        "description": fields.get("description", scheme.description) or "",
        "active": bool(fields.get("active", scheme.active)),
    }
    changed = [name for name, value in values.items() if getattr(scheme, name) != value]
    for name, value in values.items():
        setattr(scheme, name, value)
    scheme.save()
    if changed:
        log_event(user=actor, obj=scheme, fields=changed)
    return scheme


@transaction.atomic
def requirement_add(
    *, actor, scheme: AccreditationScheme, text: str, document_required: bool = True
) -> AccreditationRequirement:
    """A requirement at the end of the checklist. Applications still in draft get it on their
    checklist; those already submitted are reviewed on the checklist they were submitted with."""
    require_manager(actor, scheme.zone_id)
    scheme = AccreditationScheme.objects.select_for_update().get(pk=scheme.pk)
    text = _clean(text)
    if not text:
        raise ValidationError({"text": "Indica il testo del requisito."})
    if len(text) > 500:
        raise ValidationError({"text": "Il requisito è troppo lungo (al più 500 caratteri)."})
    last = scheme.requirements.aggregate(last=Max("position"))["last"] or 0
    requirement = AccreditationRequirement.objects.create(
        scheme=scheme, position=last + 1, text=text, document_required=bool(document_required)
    )
    RequirementEvidence.objects.bulk_create(
        RequirementEvidence(application=application, requirement=requirement)
        for application in scheme.applications.filter(state=S.DRAFT)
    )
    log_event(user=actor, obj=scheme, action=EventAction.LINK, fields=["requirements"])
    return requirement


# --- applications ----------------------------------------------------------------------------


def _locked(application: AccreditationApplication) -> AccreditationApplication:
    return (
        AccreditationApplication.objects.select_for_update(of=("self",))
        .select_related("scheme", "provider__organisation")
        .get(pk=application.pk)
    )


def _move(
    actor,
    application: AccreditationApplication,
    name: str,
    *,
    reason: str = "",
    fields=(),
    transition_actor=None,
) -> AccreditationApplication:
    """Take the transition `name` (the application is locked by the caller): the state, the
    history row and the event."""
    transition = workflow.get(name)
    if application.state not in transition.sources:
        raise ValidationError(
            {
                "__all__": f"Non si può «{transition.label.lower()}»: la domanda è "
                f"«{S(application.state).label.lower()}»."
            }
        )
    previous = application.state
    application.state = transition.target
    application.save(update_fields=["state", *fields])
    ApplicationTransition.objects.create(
        application=application,
        from_state=previous,
        to_state=transition.target,
        reason=reason,
        actor=transition_actor or actor,
    )
    log_event(
        user=actor,
        obj=application,
        fields=["state", *fields],
        note=name,
        zone_id=application.zone_id,
    )
    return application


def _require_reviewer(actor, application) -> None:
    require_manager(actor, application.zone_id, REVIEW)


def _ensure_checklist(application) -> None:
    have = set(application.evidence.values_list("requirement_id", flat=True))
    RequirementEvidence.objects.bulk_create(
        RequirementEvidence(application=application, requirement=requirement)
        for requirement in application.scheme.requirements.exclude(pk__in=have)
    )


def _open_or_in_force(scheme, provider, *, exclude=None):
    rows = AccreditationApplication.objects.filter(
        scheme=scheme,
        provider=provider,
        state__in=(*workflow.OPEN_STATES, S.ACCREDITED, S.SUSPENDED),
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    return rows.first()


def _new_application(actor, scheme, provider, renews=None) -> AccreditationApplication:
    application = AccreditationApplication.objects.create(
        zone_id=provider.zone_id,
        scheme=scheme,
        provider=provider,
        state=S.DRAFT,
        renews=renews,
        created_by=actor,
    )
    RequirementEvidence.objects.bulk_create(
        RequirementEvidence(application=application, requirement=requirement)
        for requirement in scheme.requirements.all()
    )
    ApplicationTransition.objects.create(
        application=application,
        from_state="",
        to_state=S.DRAFT,
        reason="Rinnovo" if renews else "",
        actor=actor,
    )
    return application


@transaction.atomic
def application_create(*, actor, scheme: AccreditationScheme, provider) -> AccreditationApplication:
    """A draft application of `provider` to `scheme`: by an operator for their own provider,
    or by the plan office. One application in progress (or accreditation in force) at a time
    per provider and scheme."""
    require_provider_party(actor, provider, ADD)
    if scheme.zone_id != provider.zone_id:
        raise NotAllowed(hide=True)
    errors: dict[str, str] = {}
    if not scheme.active:
        errors["scheme"] = "Il sistema di accreditamento non è attivo."
    if not provider.active:
        errors["provider"] = "L'erogatore non è attivo nel registro."
    existing = _open_or_in_force(scheme, provider)
    if existing is not None:
        if existing.state in workflow.OPEN_STATES:
            errors["scheme"] = (
                "C'è già una domanda in corso per questo sistema di accreditamento "
                f"(«{S(existing.state).label.lower()}»)."
            )
        else:
            errors["scheme"] = (
                "L'erogatore è già accreditato per questo sistema: si presenta il rinnovo "
                "dalla pagina dell'accreditamento."
            )
    if errors:
        raise ValidationError(errors)
    # The provider's row lock: two drafts of the same provider at the same instant.
    type(provider).objects.select_for_update().filter(pk=provider.pk).first()
    if _open_or_in_force(scheme, provider) is not None:
        raise ValidationError({"scheme": "C'è già una domanda in corso per questo sistema."})
    application = _new_application(actor, scheme, provider)
    log_event(user=actor, obj=application, action=EventAction.CREATE, fields=["*"])
    return application


@transaction.atomic
def application_renew(*, actor, application: AccreditationApplication):
    """The renewal of an accreditation (in force or expired): a new draft application to the
    same scheme whose `renews` is it; the evidence is uploaded again. One renewal each."""
    require_provider_party(actor, application.provider, ADD)
    previous = _locked(application)
    errors: dict[str, str] = {}
    if previous.state not in workflow.RENEWABLE_STATES:
        errors["__all__"] = (
            "Si rinnova solo un accreditamento in vigore o scaduto: questa domanda è "
            f"«{S(previous.state).label.lower()}»."
        )
    elif AccreditationApplication.objects.filter(renews=previous).exists():
        errors["__all__"] = "L'accreditamento è già stato rinnovato (o il rinnovo è in corso)."
    else:
        other = AccreditationApplication.objects.filter(
            scheme=previous.scheme, provider=previous.provider, state__in=workflow.OPEN_STATES
        ).first()
        if other is not None:
            errors["__all__"] = "C'è già una domanda in corso per questo sistema."
    if not errors and not previous.scheme.active:
        errors["__all__"] = "Il sistema di accreditamento non è più attivo: non si rinnova."
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            renewal = _new_application(actor, previous.scheme, previous.provider, renews=previous)
    except IntegrityError:
        raise ValidationError(
            {"__all__": "L'accreditamento è già stato rinnovato (o il rinnovo è in corso)."}
        ) from None
    log_event(user=actor, obj=renewal, action=EventAction.CREATE, fields=["*"], note="rinnovo")
    log_event(user=actor, obj=previous, action=EventAction.LINK, fields=["renewed_by"])
    return renewal


@transaction.atomic
def evidence_upload(
    *,
    actor,
    application: AccreditationApplication,
    requirement: AccreditationRequirement,
    upload=None,
    note: str | None = None,
) -> RequirementEvidence:
    """The provider's document (PDF, JPEG or PNG) and note for one requirement of a draft
    application. A new document replaces the previous one."""
    require_provider_party(actor, application.provider, CHANGE)
    application = _locked(application)
    if application.state not in workflow.EDITABLE_STATES:
        raise ValidationError(
            {"__all__": "La domanda è già stata presentata: i documenti non si cambiano più."}
        )
    if requirement is None or requirement.scheme_id != application.scheme_id:
        raise ValidationError({"requirement": "Il requisito non è di questo sistema."})
    if upload is None and note is None:
        raise ValidationError({"upload": "Scegli il file da caricare o scrivi una nota."})
    content_type = checked_upload(upload, "upload") if upload is not None else None
    if note is not None and len(note) > 5000:
        raise ValidationError({"note": "La nota è troppo lunga (al più 5000 caratteri)."})
    evidence, _ = RequirementEvidence.objects.select_for_update().get_or_create(
        application=application, requirement=requirement
    )
    fields = []
    if content_type is not None:
        old = evidence.file.name if evidence.file else ""
        evidence.file.save(stored_name(content_type), upload, save=False)
        evidence.file_name = (upload.name or "")[-200:]
        evidence.content_type = content_type
        evidence.size = upload.size
        fields += ["file", "file_name", "content_type", "size"]
        delete_stored_on_commit([old])
    if note is not None:
        evidence.provider_note = note.strip()
        fields.append("provider_note")
    evidence.save()
    log_event(user=actor, obj=application, fields=[f"evidence.{f}" for f in fields])
    return evidence


def window_open(scheme: AccreditationScheme, on: dt.date) -> bool:
    return scheme.opens_on <= on and (scheme.closes_on is None or on <= scheme.closes_on)


@transaction.atomic
def application_submit(*, actor, application: AccreditationApplication):
    """Present a draft: every requirement that needs a document has one, the window is open."""
    require_provider_party(actor, application.provider, CHANGE)
    application = _locked(application)
    if application.state != S.DRAFT:
        return _move(actor, application, "submit")  # the Italian refusal of the table
    _ensure_checklist(application)
    errors: list[str] = []
    today = timezone.localdate()
    scheme = application.scheme
    if not scheme.active:
        errors.append("Il sistema di accreditamento non è attivo.")
    elif not window_open(scheme, today):
        if today < scheme.opens_on:
            errors.append(f"Le domande si presentano dal {scheme.opens_on:%d/%m/%Y}.")
        else:
            errors.append(f"Il termine per le domande è scaduto il {scheme.closes_on:%d/%m/%Y}.")
    missing = [
        e.requirement
        for e in application.evidence.select_related("requirement")
        if e.requirement.document_required and not e.file
    ]
    if missing:
        names = "; ".join(f"{r.position}. {r.text[:80]}" for r in missing)
        errors.append(f"Manca il documento per: {names}.")
    if errors:
        raise ValidationError({"__all__": errors})
    application.submitted_at = timezone.now()
    return _move(actor, application, "submit", fields=["submitted_at"])


@transaction.atomic
def application_start_review(*, actor, application: AccreditationApplication):
    _require_reviewer(actor, application)
    application = _locked(application)
    return _move(actor, application, "start_review")


@transaction.atomic
def requirement_review(
    *, actor, evidence: RequirementEvidence, outcome: str, note: str = ""
) -> RequirementEvidence:
    """The reviewer's outcome (met / not met) and note on one requirement of an application in
    review. A requirement not met needs the note."""
    application = evidence.application
    _require_reviewer(actor, application)
    application = _locked(application)
    if application.state != S.UNDER_REVIEW:
        raise ValidationError(
            {"__all__": "Si valutano i requisiti solo di una domanda in istruttoria."}
        )
    note = _clean(note)
    errors: dict[str, str] = {}
    if outcome not in (RequirementOutcome.MET, RequirementOutcome.NOT_MET):
        errors["outcome"] = "Scegli l'esito: soddisfatto o non soddisfatto."
    elif outcome == RequirementOutcome.NOT_MET and not note:
        errors["note"] = "Indica perché il requisito non è soddisfatto."
    if errors:
        raise ValidationError(errors)
    evidence = RequirementEvidence.objects.select_for_update().get(pk=evidence.pk)
    evidence.outcome = outcome
    evidence.review_note = note
    evidence.reviewed_by = actor
    evidence.reviewed_at = timezone.now()
    evidence.save(update_fields=["outcome", "review_note", "reviewed_by", "reviewed_at"])
    log_event(
        user=actor,
        obj=application,
        fields=["evidence.outcome", "evidence.review_note"],
        zone_id=application.zone_id,
    )
    return evidence


@transaction.atomic
def application_decide(
    *,
    actor,
    application: AccreditationApplication,
    accredit: bool,
    decision_act: str = "",
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    reason: str = "",
):
    """Accredit (every requirement met, the act, the validity) or reject (the reason). A
    requirement not met forces the rejection."""
    _require_reviewer(actor, application)
    application = _locked(application)
    if application.state != S.UNDER_REVIEW:
        return _move(actor, application, "accredit" if accredit else "reject")
    decision_act, reason = _clean(decision_act), _clean(reason)
    errors: dict[str, str] = {}
    if len(decision_act) > 200:
        errors["decision_act"] = "L'atto è troppo lungo (al più 200 caratteri)."
    outcomes = list(application.evidence.values_list("outcome", flat=True))
    if application.scheme.requirements.count() > len(outcomes):
        outcomes.append(RequirementOutcome.PENDING)
    if not accredit:
        if not reason:
            errors["reason"] = REASON_MISSING["reject"]
        if errors:
            raise ValidationError(errors)
        application.decision_act = decision_act
        application.reason = reason
        application.decided_at = timezone.now()
        return _move(
            actor,
            application,
            "reject",
            reason=reason,
            fields=["decision_act", "reason", "decided_at"],
        )
    if RequirementOutcome.NOT_MET in outcomes:
        errors["__all__"] = (
            "Un requisito non è soddisfatto: la domanda non si accredita, si respinge."
        )
    elif RequirementOutcome.PENDING in outcomes:
        errors["__all__"] = "Valuta ogni requisito prima di decidere."
    if not decision_act:
        errors["decision_act"] = "Indica l'atto di accreditamento."
    if valid_from is None:
        errors["valid_from"] = "Indica la data di inizio dell'accreditamento."
    elif valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = "La fine della validità non può precedere l'inizio."
    if errors:
        raise ValidationError(errors)
    application.decision_act = decision_act
    application.valid_from = valid_from
    application.valid_until = valid_until or validity_end(
        valid_from, application.scheme.validity_months
    )
    application.reason = reason
    application.decided_at = timezone.now()
    return _move(
        actor,
        application,
        "accredit",
        reason=reason,
        fields=["decision_act", "valid_from", "valid_until", "reason", "decided_at"],
    )


def _with_reason(actor, application, name: str, reason: str):
    require_manager(actor, application.zone_id)
    application = _locked(application)
    reason = _clean(reason)
    if application.state not in workflow.get(name).sources:
        return _move(actor, application, name)
    if not reason:
        raise ValidationError({"reason": REASON_MISSING[name]})
    application.reason = reason
    return _move(actor, application, name, reason=reason, fields=["reason"])


@transaction.atomic
def application_suspend(*, actor, application, reason: str):
    """Suspend an accreditation: from now the provider is not accredited (no new vouchers nor
    deliveries with it) until it is reinstated."""
    return _with_reason(actor, application, "suspend", reason)


@transaction.atomic
def application_reinstate(*, actor, application, reason: str):
    return _with_reason(actor, application, "reinstate", reason)


@transaction.atomic
def application_revoke(*, actor, application, reason: str):
    return _with_reason(actor, application, "revoke", reason)


@transaction.atomic
def application_withdraw(*, actor, application, reason: str = ""):
    """The provider withdraws a draft or a submitted application."""
    require_provider_party(actor, application.provider, CHANGE)
    application = _locked(application)
    return _move(actor, application, "withdraw", reason=_clean(reason))


def expire_accreditations(today: dt.date | None = None) -> int:
    """The nightly job: accreditations whose validity ended before `today` become expired.
    Returns how many."""
    today = today or timezone.localdate()
    count = 0
    candidates = AccreditationApplication.objects.filter(
        state=S.ACCREDITED, valid_until__lt=today
    ).values_list("pk", flat=True)
    for pk in list(candidates):
        with transaction.atomic():
            application = (
                AccreditationApplication.objects.select_for_update()
                .filter(pk=pk, state=S.ACCREDITED, valid_until__lt=today)
                .first()
            )
            if application is None:
                continue
            application.state = S.EXPIRED
            application.save(update_fields=["state"])
            ApplicationTransition.objects.create(
                application=application,
                from_state=S.ACCREDITED,
                to_state=S.EXPIRED,
                reason=f"Validità terminata il {application.valid_until:%d/%m/%Y} "
                "(procedura automatica).",
                actor=None,  # the nightly job, nobody's decision
            )
            log_event(
                user=None,
                obj=application,
                fields=["state"],
                note="expire",
                zone_id=application.zone_id,
            )
            count += 1
    return count
