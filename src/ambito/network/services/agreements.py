"""Agreements (convenzioni) with volunteer associations and social cooperatives (seed 002 §5):
recorded, corrected, renewed and terminated by the plan office.

A renewal is a new agreement whose `renews` is the previous one; its period starts after the
previous one ends (the day after at the earliest): two agreements of one chain never overlap.
A terminated agreement is not renewed nor edited any more. The model has no field for the
reason of a termination: it is kept in the notes, with the date.

An agreement charged to a fund (`fund` and `funding_year`, both or neither; the year within
the agreement's period) is a source of the fund ledger (planning/ledger.py): its amount, or
else its reimbursement ceiling, is planned and committed on the fund's year, and must fit the
fund year's residual (the over-allocation rule of §9, `planning.services.funds.check_residual`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.planning import ledger
from ambito.planning.choices import LedgerOrigin
from ambito.planning.services.funds import check_residual
from ambito.territory.choices import OrganisationKind

from ..choices import AgreementKind
from ..models import Agreement
from .common import attach_upload, require_manager

AGREEMENT_ORGANISATION_KINDS = (OrganisationKind.THIRD_SECTOR, OrganisationKind.PROVIDER)
ENDS_BEFORE_START = "La convenzione non può terminare prima di iniziare."
EDITABLE_FIELDS = (
    "kind",
    "number",
    "subject",
    "line",
    "starts_on",
    "ends_on",
    "amount",
    "reimbursement_ceiling",
    "fund",
    "funding_year",
    "notes",
)


def _amount(value, field: str, errors: dict) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[field] = "Indica un importo in euro (es. 1234,50)."
        return None
    if not amount.is_finite():
        errors[field] = "Indica un importo in euro (es. 1234,50)."
        return None
    if amount < 0:
        label = "L'importo" if field == "amount" else "Il tetto dei rimborsi"
        errors[field] = f"{label} non può essere negativo."
        return None
    if amount.as_tuple().exponent < -2 or abs(amount) >= Decimal("1e12"):
        errors[field] = "Indica un importo in euro con al più due decimali."
        return None
    return amount


def _check_fund(data: dict, errors: dict, *, changed: bool = True) -> None:
    """Fund and year: both or neither, the year within the agreement's period, the fund
    active (when it is being chosen: an agreement already on a closed fund keeps it)."""
    fund, year = data["fund"], data["funding_year"]
    if (fund is None and year is None) or "funding_year" in errors:
        return
    if fund is None:
        errors["fund"] = "Indica il fondo a cui è imputata la convenzione, o togli l'annualità."
        return
    if year is None:
        errors["funding_year"] = "Indica l'annualità del fondo a cui è imputata la convenzione."
        return
    if changed and not fund.active:
        errors["fund"] = f"La fonte di finanziamento «{fund.name}» non è attiva."
    starts_on, ends_on = data["starts_on"], data["ends_on"]
    if starts_on and ends_on and not starts_on.year <= year <= ends_on.year:
        span = (
            str(starts_on.year)
            if starts_on.year == ends_on.year
            else f"tra il {starts_on.year} e il {ends_on.year}"
        )
        errors["funding_year"] = (
            f"L'annualità del fondo deve cadere nel periodo della convenzione ({span})."
        )


def _check_residual(*, actor, zone_id: int, data: dict, amount, ceiling, source_id) -> None:
    """The agreement's charge (its amount, or else its ceiling) fits the fund year's residual,
    this agreement's own movements left out. Call inside the writing transaction."""
    charge = ledger.agreement_amount(amount, ceiling)
    if data["fund"] is None or not charge:
        return
    check_residual(
        actor=actor,
        zone_id=zone_id,
        fund=data["fund"],
        year=data["funding_year"],
        amount=charge,
        origin=LedgerOrigin.AGREEMENT,
        source_id=source_id,
        what="la convenzione",
    )


def _check(
    *,
    zone_id: int,
    data: dict,
    services,
    agreement: Agreement | None = None,
    previous: Agreement | None = None,
) -> dict:
    """Every error of the data at once (the dict of messages per field)."""
    errors: dict[str, str] = {}
    if data["kind"] not in AgreementKind.values:
        errors["kind"] = "Scegli il tipo di convenzione."
    number = data["number"]
    if not number:
        errors["number"] = "Indica il numero o l'atto della convenzione."
    else:
        same = Agreement.objects.filter(zone_id=zone_id, number=number)
        if agreement is not None:
            same = same.exclude(pk=agreement.pk)
        if same.exists():
            errors["number"] = f"Il numero {number} è già usato da un'altra convenzione."
    if not data["subject"]:
        errors["subject"] = "Indica l'oggetto della convenzione."
    organisation = data["organisation"]
    if organisation is None or organisation.zone_id != zone_id:
        errors["organisation"] = "L'ente non è di questo ambito."
    elif organisation.kind not in AGREEMENT_ORGANISATION_KINDS:
        errors["organisation"] = (
            "La convenzione si stipula con un ente del Terzo settore o un soggetto erogatore."
        )
    line = data["line"]
    if line is not None and (line.plan.zone_id != zone_id or line.plan.kind != "pact"):
        errors["line"] = "La linea di intervento non è del patto di questo ambito."
    starts_on, ends_on = data["starts_on"], data["ends_on"]
    if starts_on is None:
        errors["starts_on"] = "Indica la data di inizio."
    if ends_on is None:
        errors["ends_on"] = "Indica la data di fine."
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = ENDS_BEFORE_START
    if previous is not None and starts_on and starts_on <= previous.ends_on:
        errors["starts_on"] = (
            f"Il rinnovo deve iniziare dopo la fine della convenzione {previous.number} "
            f"({previous.ends_on:%d/%m/%Y}): al più presto il "
            f"{previous.ends_on + dt.timedelta(days=1):%d/%m/%Y}."
        )
    if agreement is not None and ends_on:
        renewal = Agreement.objects.filter(renews=agreement).first()
        if renewal is not None and ends_on >= renewal.starts_on:
            errors["ends_on"] = (
                f"La convenzione è rinnovata dalla {renewal.number}, che inizia il "
                f"{renewal.starts_on:%d/%m/%Y}: deve terminare prima."
            )
    other_zone = [s for s in services if s.zone_id != zone_id]
    if other_zone:
        errors["services"] = "Uno o più servizi scelti non sono della carta di questo ambito."
    return errors


def _save(agreement: Agreement, *, services, intervention_types, document) -> None:
    if document is not None:
        attach_upload(agreement, document, field="document")
    agreement.full_clean(exclude=["file"])
    try:
        with transaction.atomic():
            agreement.save()
    except IntegrityError:
        # Two saves of the same number (or two renewals of one agreement) at the same time.
        raise ValidationError(
            {"number": "Il numero è già usato, o la convenzione è già stata rinnovata."}
        ) from None
    agreement.services.set(services)
    agreement.intervention_types.set(intervention_types)


def _clean(value) -> str:
    return (value or "").strip()


def _year(value, errors: dict) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        errors["funding_year"] = "Annualità del fondo non valida."
        return None
    return year


@transaction.atomic
def agreement_create(
    *,
    actor,
    organisation,
    kind: str,
    number: str,
    subject: str,
    line=None,
    starts_on: dt.date,
    ends_on: dt.date,
    amount=None,
    reimbursement_ceiling=None,
    fund=None,
    funding_year=None,
    services=(),
    intervention_types=(),
    notes: str = "",
    document=None,
) -> Agreement:
    require_manager(actor, actor.zone_id)
    services, intervention_types = list(services), list(intervention_types)
    data = {
        "organisation": organisation,
        "kind": kind,
        "number": _clean(number),
        "subject": _clean(subject),
        "line": line,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    errors = _check(zone_id=actor.zone_id, data=data, services=services)
    amount = _amount(amount, "amount", errors)
    ceiling = _amount(reimbursement_ceiling, "reimbursement_ceiling", errors)
    charge = {"fund": fund, "funding_year": _year(funding_year, errors)}
    _check_fund({**data, **charge}, errors)
    if errors:
        raise ValidationError(errors)
    _check_residual(
        actor=actor,
        zone_id=actor.zone_id,
        data=charge,
        amount=amount,
        ceiling=ceiling,
        source_id=None,
    )
    agreement = Agreement(
        zone_id=actor.zone_id,
        **data,
        **charge,
        amount=amount,
        reimbursement_ceiling=ceiling,
        notes=notes or "",
        recorded_by=actor,
    )
    _save(agreement, services=services, intervention_types=intervention_types, document=document)
    ledger.refresh(LedgerOrigin.AGREEMENT, [agreement.pk])
    log_event(user=actor, obj=agreement, action=EventAction.CREATE, fields=["*"])
    return agreement


def _locked(agreement: Agreement) -> Agreement:
    # Only the agreement's row is locked (its line is on the nullable side of a join).
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("organisation", "line__plan")
        .get(pk=agreement.pk)
    )


@transaction.atomic
def agreement_update(
    *,
    actor,
    agreement: Agreement,
    services=None,
    intervention_types=None,
    document=None,
    **fields,
) -> Agreement:
    """Correct an agreement: only the fields given change (`services` and
    `intervention_types` when given replace the lists; `document` replaces the file)."""
    require_manager(actor, agreement.zone_id)
    unknown = set(fields) - set(EDITABLE_FIELDS) - {"organisation"}
    if unknown:
        raise ValidationError({"__all__": "Campi non modificabili: " + ", ".join(sorted(unknown))})
    agreement = _locked(agreement)
    if agreement.terminated_on is not None:
        raise ValidationError({"__all__": "La convenzione è cessata: non si modifica più."})
    data = {
        "organisation": fields.get("organisation", agreement.organisation),
        "kind": fields.get("kind", agreement.kind),
        "number": _clean(fields.get("number", agreement.number)),
        "subject": _clean(fields.get("subject", agreement.subject)),
        "line": fields.get("line", agreement.line),
        "starts_on": fields.get("starts_on", agreement.starts_on),
        "ends_on": fields.get("ends_on", agreement.ends_on),
    }
    new_services = list(agreement.services.all()) if services is None else list(services)
    new_types = (
        list(agreement.intervention_types.all())
        if intervention_types is None
        else list(intervention_types)
    )
    errors = _check(
        zone_id=agreement.zone_id,
        data=data,
        services=new_services,
        agreement=agreement,
        previous=agreement.renews,
    )
    amount = _amount(fields.get("amount", agreement.amount), "amount", errors)
    ceiling = _amount(
        fields.get("reimbursement_ceiling", agreement.reimbursement_ceiling),
        "reimbursement_ceiling",
        errors,
    )
    charge = {
        "fund": fields.get("fund", agreement.fund),
        "funding_year": _year(fields.get("funding_year", agreement.funding_year), errors),
    }
    _check_fund(
        {**data, **charge},
        errors,
        changed=getattr(charge["fund"], "pk", None) != agreement.fund_id,
    )
    if errors:
        raise ValidationError(errors)
    before = ledger.agreement_amount(agreement.amount, agreement.reimbursement_ceiling)
    after = ledger.agreement_amount(amount, ceiling)
    same_year = (getattr(charge["fund"], "pk", None), charge["funding_year"]) == (
        agreement.fund_id,
        agreement.funding_year,
    )
    if not (same_year and (after or 0) <= (before or 0)):
        # Only a charge that grows or moves is checked: correcting the notes of an agreement
        # on a fund spent past its residual by an override is not refused.
        _check_residual(
            actor=actor,
            zone_id=agreement.zone_id,
            data=charge,
            amount=amount,
            ceiling=ceiling,
            source_id=agreement.pk,
        )
    values = {**data, **charge, "amount": amount, "reimbursement_ceiling": ceiling}
    values["notes"] = fields.get("notes", agreement.notes) or ""
    changed = [name for name, value in values.items() if getattr(agreement, name) != value]
    for name, value in values.items():
        setattr(agreement, name, value)
    if services is not None and {s.pk for s in new_services} != set(
        agreement.services.values_list("pk", flat=True)
    ):
        changed.append("services")
    if intervention_types is not None and {t.pk for t in new_types} != set(
        agreement.intervention_types.values_list("pk", flat=True)
    ):
        changed.append("intervention_types")
    if document is not None:
        changed += ["file", "file_name", "content_type", "size"]
    _save(agreement, services=new_services, intervention_types=new_types, document=document)
    ledger.refresh(LedgerOrigin.AGREEMENT, [agreement.pk])
    if changed:
        log_event(user=actor, obj=agreement, fields=changed)
    return agreement


@transaction.atomic
def agreement_renew(
    *,
    actor,
    agreement: Agreement,
    number: str,
    starts_on: dt.date,
    ends_on: dt.date,
    amount=None,
    reimbursement_ceiling=None,
    fund=None,
    funding_year=None,
    subject: str = "",
    services=None,
    intervention_types=None,
    notes: str = "",
    document=None,
) -> Agreement:
    """The renewal of `agreement`: a new agreement with the same organisation, kind and line
    (subject, amounts, services and types of the previous one unless given) whose period
    starts after the previous one ends. Its fund and year are its own (none unless given):
    a renewal is charged to the year of its own period."""
    require_manager(actor, agreement.zone_id)
    previous = _locked(agreement)
    if previous.terminated_on is not None:
        raise ValidationError(
            {"__all__": "La convenzione è cessata: non si rinnova. Registrane una nuova."}
        )
    renewal = Agreement.objects.filter(renews=previous).first()
    if renewal is not None:
        raise ValidationError(
            {"__all__": f"La convenzione è già stata rinnovata con la {renewal.number}."}
        )
    services = list(previous.services.all()) if services is None else list(services)
    types = (
        list(previous.intervention_types.all())
        if intervention_types is None
        else list(intervention_types)
    )
    data = {
        "organisation": previous.organisation,
        "kind": previous.kind,
        "number": _clean(number),
        "subject": _clean(subject) or previous.subject,
        "line": previous.line,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    errors = _check(zone_id=previous.zone_id, data=data, services=services, previous=previous)
    errors.pop("line", None)  # the line is the previous agreement's: it was checked then
    amount = _amount(previous.amount if amount is None else amount, "amount", errors)
    ceiling = _amount(
        previous.reimbursement_ceiling if reimbursement_ceiling is None else reimbursement_ceiling,
        "reimbursement_ceiling",
        errors,
    )
    charge = {"fund": fund, "funding_year": _year(funding_year, errors)}
    _check_fund({**data, **charge}, errors)
    if errors:
        raise ValidationError(errors)
    _check_residual(
        actor=actor,
        zone_id=previous.zone_id,
        data=charge,
        amount=amount,
        ceiling=ceiling,
        source_id=None,
    )
    new = Agreement(
        zone_id=previous.zone_id,
        **data,
        **charge,
        amount=amount,
        reimbursement_ceiling=ceiling,
        renews=previous,
        notes=notes or "",
        recorded_by=actor,
    )
    _save(new, services=services, intervention_types=types, document=document)
    ledger.refresh(LedgerOrigin.AGREEMENT, [new.pk])
    log_event(user=actor, obj=new, action=EventAction.CREATE, fields=["*"], note="rinnovo")
    log_event(user=actor, obj=previous, action=EventAction.LINK, fields=["renewed_by"])
    return new


@transaction.atomic
def agreement_terminate(*, actor, agreement: Agreement, on: dt.date, reason: str) -> Agreement:
    """End an agreement early (or on its last day) with the reason, kept in the notes."""
    require_manager(actor, agreement.zone_id)
    agreement = _locked(agreement)
    errors: dict[str, str] = {}
    if agreement.terminated_on is not None:
        raise ValidationError(
            {"__all__": f"La convenzione è già cessata il {agreement.terminated_on:%d/%m/%Y}."}
        )
    renewal = Agreement.objects.filter(renews=agreement).first()
    if renewal is not None:
        raise ValidationError(
            {
                "__all__": f"La convenzione è stata rinnovata con la {renewal.number}: fai "
                "cessare il rinnovo."
            }
        )
    if on is None:
        errors["on"] = "Indica la data di cessazione."
    elif on < agreement.starts_on or on > agreement.ends_on:
        errors["on"] = (
            "La cessazione deve cadere nel periodo della convenzione "
            f"({agreement.starts_on:%d/%m/%Y} – {agreement.ends_on:%d/%m/%Y})."
        )
    reason = _clean(reason)
    if not reason:
        errors["reason"] = "Indica il motivo della cessazione."
    if errors:
        raise ValidationError(errors)
    agreement.terminated_on = on
    note = f"Cessata il {on:%d/%m/%Y} (registrato il {timezone.localdate():%d/%m/%Y}): {reason}"
    agreement.notes = f"{agreement.notes}\n\n{note}".strip()
    agreement.save(update_fields=["terminated_on", "notes"])
    ledger.refresh(LedgerOrigin.AGREEMENT, [agreement.pk])
    log_event(user=actor, obj=agreement, fields=["terminated_on", "notes"])
    return agreement
