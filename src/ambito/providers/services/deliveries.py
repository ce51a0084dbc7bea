"""Deliveries, their validation and the payments (§7).

- A provider's operator (or the plan office) **records** what was delivered on an active
  voucher: units over dates, their amount at the accreditation's tariff. The voucher's row is
  locked; the delivery is refused, with nothing written, when the voucher is not in use, the
  provider is not accredited (or is suspended) on the dates, the dates fall outside the
  voucher's validity or in the future, or the amount passes what remains of the value (or the
  units what remains of the authorised units). `spent` grows by the amount: the database's
  check `spent <= value` is the last guard.
- The plan office **validates** recorded deliveries, or **rejects** one with a reason (its
  amount goes back to the voucher).
- The plan office **pays** a provider the validated deliveries of one scheme by an act (one
  payment; each voucher's `paid` grows by its part), or pays a *buono* to its beneficiary.
  Every payment lands on the fund ledger at the PAID stage.

The ledger's commitment of a live voucher is its value, whatever was spent, so recording or
paying does not move it; a rejection on a closed or revoked voucher (whose commitment is what
was spent) does, and moves the scheme's `committed` with it.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import NotAllowed, require_same_zone
from ambito.planning import ledger
from ambito.planning.choices import LedgerOrigin
from ambito.territory.selectors import format_euro as euro

from .. import tallies
from ..choices import ApplicationState, DeliveryState, TariffUnit, VoucherKind, VoucherState
from ..models import AccreditationApplication, Delivery, Payment, Voucher, VoucherScheme
from ..selectors.accreditation import accreditation_on
from .common import NOT_ALLOWED, is_manager, require_manager

ADD = "providers.add_delivery"
VALIDATE = "providers.validate_delivery"
CENT = Decimal("0.01")
ZERO = Decimal("0")

UNIT_PLURALS = {
    TariffUnit.HOUR: "ore",
    TariffUnit.ACCESS: "accessi",
    TariffUnit.DAY: "giornate",
    TariffUnit.MONTH: "mesi",
    TariffUnit.MEAL: "pasti",
    TariffUnit.SERVICE: "prestazioni",
}

NOT_ACTIVE = {
    VoucherState.WAITING: "Il titolo è in lista d'attesa: non si registrano prestazioni.",
    VoucherState.ISSUED: (
        "Il titolo non è ancora in uso (nessun erogatore scelto): non si registrano prestazioni."
    ),
    VoucherState.REVOKED: "Il titolo è revocato: non si registrano prestazioni.",
    VoucherState.CLOSED: "Il titolo è concluso: non si registrano prestazioni.",
    VoucherState.CANCELLED: (
        "Il titolo è uscito dalla lista d'attesa: non si registrano prestazioni."
    ),
}


def unit_plural(unit: str) -> str:
    return UNIT_PLURALS.get(unit, "unità")


def quantity(value: Decimal) -> str:
    value = value.normalize() if value == value.to_integral() else value.quantize(CENT)
    return f"{value:f}".replace(".", ",")


def _decimal(value, field: str, errors: dict, *, label: str) -> Decimal | None:
    if value in (None, ""):
        errors[field] = f"Indica {label}."
        return None
    try:
        number = Decimal(str(value).replace(",", ".")) if isinstance(value, str) else Decimal(value)
    except (InvalidOperation, ValueError, TypeError):
        errors[field] = f"Indica {label} come numero (es. 12,5)."
        return None
    if not number.is_finite() or abs(number) >= Decimal("1e9"):
        errors[field] = f"Indica {label} come numero (es. 12,5)."
        return None
    if number.as_tuple().exponent < -2:
        errors[field] = f"Indica {label} con al più due decimali."
        return None
    if number <= 0:
        errors[field] = f"Indica {label} (un valore maggiore di zero)."
        return None
    return number


def _accredited_error(voucher: Voucher, day: dt.date) -> str | None:
    """Why the voucher's provider may not deliver on `day`, or None."""
    accreditation = voucher.scheme.accreditation
    if accreditation is None:
        return "La misura non indica l'accreditamento degli erogatori."
    if accreditation_on(voucher.provider, accreditation, day) is not None:
        return None
    suspended = AccreditationApplication.objects.filter(
        provider=voucher.provider,
        scheme=accreditation,
        state=ApplicationState.SUSPENDED,
        valid_from__lte=day,
        valid_until__gte=day,
    ).exists()
    if suspended:
        return (
            f"L'accreditamento dell'erogatore è sospeso: non può erogare prestazioni "
            f"(il {day:%d/%m/%Y})."
        )
    return f"L'erogatore non è accreditato per questo servizio il {day:%d/%m/%Y}."


def _require_party(actor, voucher: Voucher) -> None:
    """The plan office of the voucher's zone, or an operator of the voucher's provider; any
    other provider's operator does not learn the voucher exists."""
    require_same_zone(actor, voucher.zone_id)
    if is_manager(actor):
        return
    provider = voucher.provider
    if provider is None or getattr(actor, "organisation_id", None) != provider.organisation_id:
        raise NotAllowed(hide=True)
    if not actor.has_perm(ADD):
        raise NotAllowed(NOT_ALLOWED)


def _locked_voucher(voucher: Voucher) -> Voucher:
    return (
        Voucher.objects.select_for_update(of=("self",))
        .select_related("scheme__accreditation", "provider")
        .get(pk=voucher.pk)
    )


def _units_used(voucher: Voucher) -> Decimal:
    return (
        voucher.deliveries.exclude(state=DeliveryState.REJECTED).aggregate(total=Sum("units"))[
            "total"
        ]
        or ZERO
    )


@transaction.atomic
def delivery_record(
    *, actor, voucher: Voucher, date_from: dt.date, date_to: dt.date, units, note: str = ""
) -> Delivery:
    _require_party(actor, voucher)
    voucher = _locked_voucher(voucher)
    _require_party(actor, voucher)  # the provider is read again under the lock
    errors: dict[str, str] = {}
    if voucher.scheme.kind == VoucherKind.BUONO:
        errors["__all__"] = (
            "Un buono sociale non ha prestazioni da registrare: si paga al beneficiario."
        )
    elif voucher.state != VoucherState.ACTIVE or voucher.provider_id is None:
        errors["__all__"] = NOT_ACTIVE.get(
            voucher.state, "Il titolo non è in uso: non si registrano prestazioni."
        )
    units = _decimal(units, "units", errors, label="le unità erogate")
    today = timezone.localdate()
    if date_from is None:
        errors["date_from"] = "Indica la data di inizio."
    if date_to is None:
        errors["date_to"] = "Indica la data di fine."
    if date_from and date_to:
        if date_to < date_from:
            errors["date_to"] = "La data di fine non può precedere quella di inizio."
        for field, day in (("date_from", date_from), ("date_to", date_to)):
            if field in errors:
                continue
            if day > today:
                errors[field] = "Non si registrano prestazioni future."
            elif day < voucher.valid_from or day > voucher.valid_until:
                errors[field] = (
                    f"Il titolo è valido dal {voucher.valid_from:%d/%m/%Y} al "
                    f"{voucher.valid_until:%d/%m/%Y}: il {day:%d/%m/%Y} è fuori dalla validità."
                )
        if "__all__" not in errors and not {"date_from", "date_to"} & set(errors):
            for day in dict.fromkeys((date_from, date_to)):
                reason = _accredited_error(voucher, day)
                if reason:
                    errors["provider"] = reason
                    break
    accreditation = voucher.scheme.accreditation
    if units is not None and "__all__" not in errors and accreditation is not None:
        tariff = accreditation.tariff
        plural = unit_plural(accreditation.unit)
        amount = (units * tariff).quantize(CENT, rounding=ROUND_HALF_UP)
        remaining = voucher.value - voucher.spent
        messages = []
        if amount > remaining:
            left = (remaining / tariff).quantize(CENT, rounding=ROUND_DOWN) if tariff else ZERO
            messages.append(
                f"L'importo ({euro(amount)}) supera quanto resta del titolo: "
                f"{euro(remaining)}, cioè {quantity(left)} {plural} a {euro(tariff)}."
            )
        if voucher.units is not None:
            used = _units_used(voucher)
            if used + units > voucher.units:
                messages.append(
                    f"Le {plural} superano quelle autorizzate: ne restano "
                    f"{quantity(max(voucher.units - used, ZERO))} su {quantity(voucher.units)}."
                )
        if messages:
            errors["units"] = " ".join(messages)
    if errors:
        raise ValidationError(errors)
    voucher.spent += amount
    try:
        with transaction.atomic():
            voucher.save(update_fields=["spent"])
    except IntegrityError:
        raise ValidationError({"units": "La prestazione supera il valore del titolo."}) from None
    delivery = Delivery.objects.create(
        zone_id=voucher.zone_id,
        voucher=voucher,
        provider=voucher.provider,
        date_from=date_from,
        date_to=date_to,
        units=units,
        amount=amount,
        note=(note or "").strip()[:300],
        state=DeliveryState.RECORDED,
        recorded_by=actor,
    )
    tallies.moved([delivery], None, DeliveryState.RECORDED)
    log_event(
        user=actor, obj=delivery, action=EventAction.CREATE, fields=["*"], person=voucher.person
    )
    log_event(user=actor, obj=voucher, fields=["spent"])
    return delivery


def _state_word(delivery: Delivery) -> str:
    return delivery.get_state_display().lower()


@transaction.atomic
def delivery_validate(*, actor, deliveries) -> list[Delivery]:
    """Validate recorded deliveries together: all or none."""
    ids = [d.pk for d in deliveries]
    if not ids:
        raise ValidationError({"deliveries": "Scegli almeno una prestazione da validare."})
    for zone_id in {d.zone_id for d in deliveries}:
        require_manager(actor, zone_id, VALIDATE)
    rows = list(
        Delivery.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("voucher")
        .order_by("pk")
    )
    wrong = [d for d in rows if d.state != DeliveryState.RECORDED]
    if wrong:
        raise ValidationError(
            {
                "deliveries": [
                    f"La prestazione dal {d.date_from:%d/%m/%Y} del titolo n. "
                    f"{d.voucher.number or '—'} è già {_state_word(d)}: si validano solo "
                    "quelle registrate."
                    for d in wrong
                ]
            }
        )
    now = timezone.now()
    for delivery in rows:
        delivery.state = DeliveryState.VALIDATED
        delivery.validated_by = actor
        delivery.validated_at = now
    Delivery.objects.bulk_update(rows, ["state", "validated_by", "validated_at"])
    tallies.moved(rows, DeliveryState.RECORDED, DeliveryState.VALIDATED)
    for delivery in rows:
        log_event(user=actor, obj=delivery, fields=["state", "validated_by", "validated_at"])
    return rows


def _lock_scheme(scheme_id: int) -> VoucherScheme:
    return VoucherScheme.objects.select_for_update().get(pk=scheme_id)


@transaction.atomic
def delivery_reject(*, actor, delivery: Delivery, reason: str) -> Delivery:
    """Reject a recorded delivery with a reason: its amount goes back to the voucher."""
    require_manager(actor, delivery.zone_id, VALIDATE)
    reason = (reason or "").strip()
    # A closed or revoked voucher holds what was spent of its scheme's budget: the scheme's
    # row is locked first (the order of the issue service), then the voucher's.
    current = Voucher.objects.filter(pk=delivery.voucher_id).values("state", "scheme_id").get()
    holds_spent = current["state"] in (VoucherState.CLOSED, VoucherState.REVOKED)
    scheme = _lock_scheme(current["scheme_id"]) if holds_spent else None
    voucher = _locked_voucher(delivery.voucher)
    delivery = (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("voucher")
        .get(pk=delivery.pk)
    )
    errors = {}
    if delivery.state != DeliveryState.RECORDED:
        errors["__all__"] = (
            f"La prestazione è già {_state_word(delivery)}: si respingono solo quelle registrate."
        )
    if not reason:
        errors["reason"] = "Indica il motivo del rifiuto."
    elif len(reason) > 300:
        errors["reason"] = "Il motivo può avere al più 300 caratteri."
    if errors:
        raise ValidationError(errors)
    before = ledger.voucher_commitment(voucher.state, voucher.value, voucher.spent)
    voucher.spent -= delivery.amount
    voucher.save(update_fields=["spent"])
    after = ledger.voucher_commitment(voucher.state, voucher.value, voucher.spent)
    if scheme is not None and before != after:
        scheme.committed -= before - after
        scheme.save(update_fields=["committed"])
        ledger.refresh(LedgerOrigin.VOUCHER, [voucher.pk])
    delivery.state = DeliveryState.REJECTED
    delivery.rejection_reason = reason
    delivery.validated_by = actor
    delivery.validated_at = timezone.now()
    delivery.save(update_fields=["state", "rejection_reason", "validated_by", "validated_at"])
    tallies.moved([delivery], DeliveryState.RECORDED, DeliveryState.REJECTED)
    log_event(user=actor, obj=delivery, fields=["state", "rejection_reason", "validated_by"])
    log_event(user=actor, obj=voucher, fields=["spent"])
    return delivery


def _payment_errors(act_number: str, paid_on) -> dict:
    errors = {}
    if not act_number:
        errors["act_number"] = "Indica l'atto di liquidazione."
    elif len(act_number) > 60:
        errors["act_number"] = "L'atto di liquidazione può avere al più 60 caratteri."
    if paid_on is None:
        errors["paid_on"] = "Indica la data del pagamento."
    elif paid_on > timezone.localdate():
        errors["paid_on"] = "La data del pagamento non può essere futura."
    return errors


@transaction.atomic
def payment_create(
    *, actor, provider, scheme, act_number: str, paid_on: dt.date, deliveries
) -> Payment:
    """Pay a provider the validated, not yet paid deliveries of one scheme, by one act."""
    require_manager(actor, provider.zone_id, VALIDATE)
    require_same_zone(actor, scheme.zone_id)
    act_number = (act_number or "").strip()
    errors = _payment_errors(act_number, paid_on)
    ids = [d.pk for d in deliveries]
    rows = list(
        Delivery.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("voucher")
        .order_by("pk")
    )
    if not rows:
        errors["deliveries"] = "Scegli almeno una prestazione validata da pagare."
    wrong = [
        d
        for d in rows
        if d.state != DeliveryState.VALIDATED
        or d.payment_id is not None
        or d.provider_id != provider.pk
        or d.voucher.scheme_id != scheme.pk
    ]
    if wrong:
        errors["deliveries"] = [
            f"La prestazione dal {d.date_from:%d/%m/%Y} del titolo n. {d.voucher.number or '—'} "
            + (
                f"è {_state_word(d)}: si pagano solo quelle validate e non ancora pagate."
                if d.state != DeliveryState.VALIDATED or d.payment_id
                else "non è di questo erogatore e di questa misura."
            )
            for d in wrong
        ]
    if errors:
        raise ValidationError(errors)
    payment = Payment.objects.create(
        zone_id=provider.zone_id,
        provider=provider,
        scheme=scheme,
        act_number=act_number,
        paid_on=paid_on,
        amount=sum((d.amount for d in rows), ZERO),
        recorded_by=actor,
    )
    parts: dict[int, Decimal] = {}
    for delivery in rows:
        parts[delivery.voucher_id] = parts.get(delivery.voucher_id, ZERO) + delivery.amount
        delivery.state = DeliveryState.PAID
        delivery.payment = payment
    Delivery.objects.bulk_update(rows, ["state", "payment"])
    tallies.moved(rows, DeliveryState.VALIDATED, DeliveryState.PAID)
    vouchers = Voucher.objects.select_for_update().filter(pk__in=parts).order_by("pk")
    for voucher in vouchers:
        voucher.paid += parts[voucher.pk]
        voucher.save(update_fields=["paid"])
        log_event(user=actor, obj=voucher, fields=["paid"])
    ledger.refresh(LedgerOrigin.VOUCHER_PAYMENT, [payment.pk])
    log_event(user=actor, obj=payment, action=EventAction.CREATE, fields=["*"])
    for delivery in rows:
        log_event(user=actor, obj=delivery, fields=["payment", "state"])
    return payment


@transaction.atomic
def buono_pay(*, actor, voucher: Voucher, amount, act_number: str, paid_on: dt.date) -> Payment:
    """Pay (part of) a *buono* to its beneficiary: never beyond its value."""
    require_manager(actor, voucher.zone_id, VALIDATE)
    voucher = _locked_voucher(voucher)
    act_number = (act_number or "").strip()
    errors = _payment_errors(act_number, paid_on)
    if voucher.scheme.kind != VoucherKind.BUONO:
        errors["__all__"] = (
            "Solo un buono sociale si paga al beneficiario: un voucher paga le prestazioni "
            "dell'erogatore."
        )
    elif voucher.state != VoucherState.ACTIVE:
        errors["__all__"] = (
            f"Il buono è {voucher.get_state_display().lower()}: si pagano solo i buoni in uso."
        )
    amount = _decimal(amount, "amount", errors, label="l'importo")
    if amount is not None and "__all__" not in errors:
        remaining = voucher.value - voucher.spent
        if amount > remaining:
            errors["amount"] = (
                f"L'importo ({euro(amount)}) supera quanto resta del buono: {euro(remaining)}."
            )
    if errors:
        raise ValidationError(errors)
    voucher.spent += amount
    voucher.paid += amount
    try:
        with transaction.atomic():
            voucher.save(update_fields=["spent", "paid"])
    except IntegrityError:
        raise ValidationError({"amount": "L'importo supera il valore del buono."}) from None
    payment = Payment.objects.create(
        zone_id=voucher.zone_id,
        voucher=voucher,
        scheme=voucher.scheme,
        act_number=act_number,
        paid_on=paid_on,
        amount=amount,
        recorded_by=actor,
    )
    ledger.refresh(LedgerOrigin.VOUCHER_PAYMENT, [payment.pk])
    log_event(
        user=actor, obj=payment, action=EventAction.CREATE, fields=["*"], person=voucher.person
    )
    log_event(user=actor, obj=voucher, fields=["paid", "spent"])
    return payment
