"""Voucher schemes (*titoli sociali*) and the vouchers issued under their budget (§7).

- A **scheme** is configured by the plan office; its budget obeys the over-allocation rule of
  §9: on a portfolio line it must fit in the line's amount less the other schemes on the line,
  otherwise in the fund year's residual on the ledger (`funds.check_residual`). The budget
  never goes below what is committed.
- A **voucher** is issued from a case the actor may see to an eligible person (the scheme's
  charter service decides: age, residence, ISEE). Under the scheme's row lock it is issued
  when the residual covers its value, otherwise it joins the **waiting list**. A new request
  also waits when an entry of the list ranks before it (priority, then the earlier request):
  the order of the list is never jumped.
- **Revoking or closing** a voucher gives the unspent part back to the budget, and the waiting
  list is released in order while its head fits the residual (the first that does not fit
  stops it).

Locks are always taken scheme first, then voucher: two writers of one scheme never deadlock.
Every write refreshes the fund ledger in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from ambito.catalog.eligibility import conditions_met, euro, person_profile
from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import NotAllowed, allowed, require, require_same_zone
from ambito.planning import ledger
from ambito.planning.choices import LedgerOrigin

from ..choices import ApplicationState, SchemeStatus, VoucherKind, VoucherState
from ..models import AccreditationApplication, Voucher, VoucherScheme
from ..selectors.accreditation import accreditation_on
from .common import NOT_ALLOWED, is_manager, require_manager

ISSUE = "providers.issue_voucher"
LIVE = (VoucherState.ISSUED, VoucherState.ACTIVE, VoucherState.WAITING)
HOLDING = (VoucherState.ISSUED, VoucherState.ACTIVE)
WAITING_ORDER = ("-priority", "requested_at", "pk")
SCHEME_FIELDS = (
    "code",
    "title",
    "kind",
    "service",
    "accreditation",
    "value",
    "units",
    "valid_from",
    "valid_until",
    "fund",
    "year",
    "budget",
    "budget_line",
    "decision_act",
    "description",
)
CENT = Decimal("0.01")


def _clean(value) -> str:
    return (value or "").strip()


def _amount(value, field: str, errors: dict, *, label: str, positive: bool) -> Decimal | None:
    if value in (None, ""):
        errors[field] = f"Indica {label}."
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        errors[field] = f"Indica {label} in euro (es. 400,00)."
        return None
    if not amount.is_finite() or amount.as_tuple().exponent < -2 or abs(amount) >= Decimal("1e12"):
        errors[field] = f"Indica {label} in euro con al più due decimali."
        return None
    if amount < 0 or (positive and amount == 0):
        errors[field] = f"{label[0].upper()}{label[1:]} deve essere maggiore di zero."
        return None
    return amount.quantize(CENT)


def _units(value, errors: dict) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        units = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        errors["units"] = "Indica le unità come numero (es. 20)."
        return None
    if not units.is_finite() or units <= 0 or abs(units) >= Decimal("1e8"):
        errors["units"] = "Le unità devono essere maggiori di zero."
        return None
    return units.quantize(CENT)


# --- schemes ---------------------------------------------------------------------------------


def _check_scheme(zone_id: int, data: dict, scheme: VoucherScheme | None) -> dict:
    errors: dict[str, str] = {}
    if not data["code"]:
        errors["code"] = "Indica il codice della misura."
    if not data["title"]:
        errors["title"] = "Indica il titolo della misura."
    kind = data["kind"]
    if kind not in VoucherKind.values:
        errors["kind"] = "Scegli il tipo: buono o voucher."
    service = data["service"]
    if service is None or service.zone_id != zone_id:
        errors["service"] = "Scegli un servizio della carta di questo ambito (ne dà i requisiti)."
    accreditation = data["accreditation"]
    if kind == VoucherKind.VOUCHER:
        if accreditation is None:
            errors["accreditation"] = (
                "Un voucher si spende presso un erogatore accreditato: scegli il sistema di "
                "accreditamento."
            )
        elif accreditation.zone_id != zone_id:
            errors["accreditation"] = "Il sistema di accreditamento non è di questo ambito."
    elif kind == VoucherKind.BUONO and accreditation is not None:
        errors["accreditation"] = (
            "Un buono è un contributo al beneficiario: non ha un sistema di accreditamento."
        )
    valid_from, valid_until = data["valid_from"], data["valid_until"]
    if valid_from is None:
        errors["valid_from"] = "Indica da quando valgono i titoli."
    if valid_until is None:
        errors["valid_until"] = "Indica fino a quando valgono i titoli."
    if valid_from and valid_until and valid_until < valid_from:
        errors["valid_until"] = "La fine della validità non può precedere l'inizio."
    fund, year = data["fund"], data["year"]
    if fund is None:
        errors["fund"] = "Scegli il fondo che paga i titoli."
    elif not fund.active:
        errors["fund"] = f"Il fondo «{fund.name}» non è attivo."
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = "Indica l'annualità del fondo (es. 2026)."
    if data["code"] and isinstance(year, int):
        same = VoucherScheme.objects.filter(zone_id=zone_id, code=data["code"], year=year)
        if scheme is not None:
            same = same.exclude(pk=scheme.pk)
        if same.exists():
            errors["code"] = f"Il codice {data['code']} è già usato da un'altra misura del {year}."
    line = data["budget_line"]
    if line is not None:
        if line.zone_id != zone_id:
            errors["budget_line"] = "La voce del portafoglio non è di questo ambito."
        elif fund is not None and (line.fund_id != fund.pk or line.year != year):
            errors["budget_line"] = (
                f"La voce del portafoglio è del fondo {line.fund.code} {line.year}: la misura "
                "deve avere lo stesso fondo e la stessa annualità."
            )
    return errors


def _check_budget(actor, scheme: VoucherScheme, override_reason: str) -> str:
    """The over-allocation rule (§9) for the scheme's budget; the override note, if any."""
    if scheme.budget_line_id is not None:
        from ambito.planning.models import BudgetLine

        # The line's row lock: two schemes cannot both take the line's last euro.
        line = BudgetLine.objects.select_for_update().get(pk=scheme.budget_line_id)
        others = VoucherScheme.objects.filter(budget_line=line)
        if scheme.pk is not None:
            others = others.exclude(pk=scheme.pk)
        taken = others.aggregate(total=Sum("budget"))["total"] or Decimal("0")
        free = line.amount - taken
        if scheme.budget > free:
            raise ValidationError(
                {
                    "budget": f"La voce del portafoglio «{line.service_area}» ({line.fund.code} "
                    f"{line.year}) vale {euro(line.amount)}, di cui {euro(taken)} già assegnati "
                    f"ad altre misure: restano {euro(max(free, 0))}, la misura ne chiede "
                    f"{euro(scheme.budget)}."
                }
            )
        return ""
    from ambito.planning.services.funds import check_residual

    return check_residual(
        actor=actor,
        zone_id=scheme.zone_id,
        fund=scheme.fund,
        year=scheme.year,
        amount=scheme.budget,
        origin=LedgerOrigin.VOUCHER_SCHEME,
        source_id=scheme.pk,
        override_reason=override_reason,
        what="la misura",
    )


def _scheme_data(fields: dict, scheme: VoucherScheme | None = None) -> dict:
    def get(name, default=None):
        if name in fields:
            return fields[name]
        return getattr(scheme, name) if scheme is not None else default

    return {
        "code": _clean(get("code", "")).upper(),
        "title": _clean(get("title", "")),
        "kind": get("kind", ""),
        "service": get("service"),
        "accreditation": get("accreditation"),
        "valid_from": get("valid_from"),
        "valid_until": get("valid_until"),
        "fund": get("fund"),
        "year": get("year"),
        "budget_line": get("budget_line"),
        "decision_act": _clean(get("decision_act", "")),
        "description": (get("description", "") or "").strip(),
    }


@transaction.atomic
def scheme_create(
    *,
    actor,
    code: str,
    title: str,
    kind: str,
    service,
    accreditation=None,
    value,
    units=None,
    valid_from: dt.date,
    valid_until: dt.date,
    fund,
    year: int,
    budget,
    budget_line=None,
    decision_act: str = "",
    description: str = "",
    override_reason: str = "",
) -> VoucherScheme:
    """A new scheme of the actor's zone, in preparation (opened by `scheme_open`)."""
    require_manager(actor, actor.zone_id)
    data = _scheme_data(locals())
    errors = _check_scheme(actor.zone_id, data, None)
    amount = _amount(value, "value", errors, label="il valore di un titolo", positive=True)
    total = _amount(budget, "budget", errors, label="il budget", positive=False)
    units = _units(units, errors)
    if errors:
        raise ValidationError(errors)
    scheme = VoucherScheme(
        zone_id=actor.zone_id, **data, value=amount, units=units, budget=total, committed=0
    )
    note = _check_budget(actor, scheme, override_reason)
    scheme.save()
    ledger.refresh(LedgerOrigin.VOUCHER_SCHEME, [scheme.pk])
    log_event(user=actor, obj=scheme, action=EventAction.CREATE, fields=["*"], note=note)
    return scheme


def _locked_scheme(scheme: VoucherScheme) -> VoucherScheme:
    return (
        VoucherScheme.objects.select_for_update(of=("self",))
        .select_related("fund", "service", "accreditation")
        .get(pk=scheme.pk)
    )


@transaction.atomic
def scheme_update(
    *, actor, scheme: VoucherScheme, override_reason: str = "", **fields
) -> VoucherScheme:
    """Correct a scheme: only the fields given change. The budget never goes below what the
    scheme's vouchers commit; a raised budget releases the waiting list."""
    require_manager(actor, scheme.zone_id)
    unknown = set(fields) - set(SCHEME_FIELDS)
    if unknown:
        raise ValidationError({"__all__": "Campi non modificabili: " + ", ".join(sorted(unknown))})
    scheme = _locked_scheme(scheme)
    data = _scheme_data(fields, scheme)
    errors = _check_scheme(scheme.zone_id, data, scheme)
    amount = _amount(
        fields.get("value", scheme.value),
        "value",
        errors,
        label="il valore di un titolo",
        positive=True,
    )
    total = _amount(
        fields.get("budget", scheme.budget), "budget", errors, label="il budget", positive=False
    )
    units = _units(fields.get("units", scheme.units), errors)
    if total is not None and total < scheme.committed:
        errors["budget"] = (
            f"Il budget non può scendere sotto quanto già impegnato dai titoli emessi "
            f"({euro(scheme.committed)})."
        )
    used = scheme.vouchers.exclude(state__in=[VoucherState.CANCELLED]).exists()
    if used:
        for name in ("kind", "fund", "year", "service", "accreditation"):
            if data[name] != getattr(scheme, name):
                errors[name] = "La misura ha già titoli: questo dato non si cambia più."
    if errors:
        raise ValidationError(errors)
    values = {**data, "value": amount, "units": units, "budget": total}
    changed = [name for name, v in values.items() if getattr(scheme, name) != v]
    if not changed:
        return scheme
    raised = total > scheme.budget
    for name, v in values.items():
        setattr(scheme, name, v)
    note = _check_budget(actor, scheme, override_reason)
    scheme.save()
    ledger.refresh(LedgerOrigin.VOUCHER_SCHEME, [scheme.pk])
    log_event(user=actor, obj=scheme, fields=changed, note=note)
    if raised:
        _release(scheme, actor)
    return scheme


def _set_status(actor, scheme: VoucherScheme, status: str, allowed_from, refusal: str):
    require_manager(actor, scheme.zone_id)
    scheme = _locked_scheme(scheme)
    if scheme.status not in allowed_from:
        raise ValidationError({"status": refusal})
    scheme.status = status
    scheme.save(update_fields=["status"])
    ledger.refresh(LedgerOrigin.VOUCHER_SCHEME, [scheme.pk])
    log_event(user=actor, obj=scheme, fields=["status"])
    return scheme


@transaction.atomic
def scheme_open(*, actor, scheme: VoucherScheme) -> VoucherScheme:
    return _set_status(
        actor,
        scheme,
        SchemeStatus.OPEN,
        (SchemeStatus.DRAFT, SchemeStatus.CLOSED),
        "La misura è già aperta.",
    )


@transaction.atomic
def scheme_close(*, actor, scheme: VoucherScheme) -> VoucherScheme:
    """No new vouchers; those issued stay valid, the waiting list still frees in order."""
    return _set_status(
        actor, scheme, SchemeStatus.CLOSED, (SchemeStatus.OPEN,), "La misura non è aperta."
    )


# --- issuing ---------------------------------------------------------------------------------


def _visible_case(actor, case):
    from ambito.cases.models import Case

    found = Case.objects.visible_to(actor).filter(pk=case.pk).select_related("person").first()
    if found is None:
        raise NotAllowed(hide=True)
    return found


def _require_issuer(actor, voucher: Voucher) -> None:
    """The plan office of the zone, or who may issue vouchers and sees the voucher's case."""
    require_same_zone(actor, voucher.zone_id)
    if is_manager(actor):
        return
    if not allowed(actor, ISSUE):
        raise NotAllowed(hide=not Voucher.objects.visible_to(actor).filter(pk=voucher.pk).exists())
    _visible_case(actor, voucher.case)


def _next_number(scheme: VoucherScheme) -> int:
    return (scheme.vouchers.aggregate(last=Max("number"))["last"] or 0) + 1


def _grant(scheme: VoucherScheme, voucher: Voucher, now) -> None:
    """Issue `voucher` on the locked `scheme`: number, value, state; committed grows."""
    voucher.number = _next_number(scheme)
    voucher.value = voucher.requested_value
    voucher.state = VoucherState.ACTIVE if scheme.kind == VoucherKind.BUONO else VoucherState.ISSUED
    voucher.issued_at = now
    scheme.committed += voucher.value
    scheme.save(update_fields=["committed"])


def _check_issue(
    *, case, scheme, requested_value, units, decision_act, decision_date, valid_from, valid_until
):
    errors: dict[str, str] = {}
    if scheme is None or scheme.zone_id != case.zone_id:
        errors["scheme"] = "Scegli una misura di questo ambito."
        return errors, None, None
    if scheme.status != SchemeStatus.OPEN:
        errors["scheme"] = f"La misura «{scheme.title}» non è aperta: non emette titoli."
    if not case.is_open:
        errors["case"] = "La cartella è chiusa: non si emettono titoli."
    if not decision_act:
        errors["decision_act"] = "Indica l'atto di concessione."
    if decision_date is None:
        errors["decision_date"] = "Indica la data dell'atto."
    period = f"{scheme.valid_from:%d/%m/%Y} – {scheme.valid_until:%d/%m/%Y}"
    if valid_from is None:
        errors["valid_from"] = "Indica da quando vale il titolo."
    elif not scheme.valid_from <= valid_from <= scheme.valid_until:
        errors["valid_from"] = f"Il titolo deve valere nel periodo della misura ({period})."
    if valid_until is None:
        errors["valid_until"] = "Indica fino a quando vale il titolo."
    elif not scheme.valid_from <= valid_until <= scheme.valid_until:
        errors["valid_until"] = f"Il titolo deve valere nel periodo della misura ({period})."
    if valid_from and valid_until and valid_until < valid_from:
        errors["valid_until"] = "La fine della validità non può precedere l'inizio."
    value = _amount(
        scheme.value if requested_value in (None, "") else requested_value,
        "requested_value",
        errors,
        label="il valore richiesto",
        positive=True,
    )
    if value is not None and value > scheme.value:
        errors["requested_value"] = (
            f"Il valore richiesto ({euro(value)}) supera il valore di un titolo della misura "
            f"({euro(scheme.value)})."
        )
    units = _units(scheme.units if units in (None, "") else units, errors)
    if units is not None and scheme.units is not None and units > scheme.units:
        errors["units"] = f"Le unità superano quelle di un titolo della misura ({scheme.units})."
    person = case.person
    profile = person_profile(person, decision_date or timezone.localdate())
    result = conditions_met(scheme.service, profile)
    failures = list(result.failures)
    if scheme.service.isee_max is not None and profile.isee is None:
        failures.append(f"ISEE da presentare (soglia {euro(scheme.service.isee_max)})")
    if failures:
        errors["person"] = f"{person.full_name} non ha i requisiti: " + "; ".join(failures) + "."
    return errors, value, units


@transaction.atomic
def voucher_issue(
    *,
    actor,
    case,
    scheme: VoucherScheme,
    requested_value=None,
    units=None,
    decision_act: str = "",
    decision_date: dt.date | None = None,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    priority: int = 0,
    household=None,
    wait_if_short: bool = True,
) -> Voucher:
    """A voucher of `scheme` from `case` to its person: issued when the budget covers it,
    otherwise in the waiting list (state WAITING, no number, value 0) — or, with
    `wait_if_short=False`, refused with the residual and nothing written."""
    require_same_zone(actor, case.zone_id)
    require(actor, ISSUE, message=NOT_ALLOWED)
    case = _visible_case(actor, case)
    decision_act = _clean(decision_act)
    errors, value, units = _check_issue(
        case=case,
        scheme=scheme,
        requested_value=requested_value,
        units=units,
        decision_act=decision_act,
        decision_date=decision_date,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    try:
        priority = int(priority or 0)
    except (TypeError, ValueError):
        priority = -1
    if not 0 <= priority <= 100:
        errors["priority"] = "La priorità è un numero da 0 a 100."
    if household is None:
        household = case.household
    elif household.pk != case.household_id:
        errors["household"] = "Il nucleo non è quello della cartella."
    if errors:
        raise ValidationError(errors)
    scheme = _locked_scheme(scheme)
    if scheme.status != SchemeStatus.OPEN:
        raise ValidationError({"scheme": f"La misura «{scheme.title}» non è aperta."})
    person = case.person
    if Voucher.objects.filter(scheme=scheme, person=person, state__in=LIVE).exists():
        raise ValidationError(
            {
                "person": f"{person.full_name} ha già un titolo della misura «{scheme.title}» "
                "emesso o in lista d'attesa."
            }
        )
    now = timezone.now()
    voucher = Voucher(
        zone_id=scheme.zone_id,
        scheme=scheme,
        person=person,
        household=household,
        case=case,
        municipality_id=person.residence_municipality_id,
        state=VoucherState.WAITING,
        priority=priority,
        requested_at=now,
        requested_value=value,
        decision_act=decision_act,
        decision_date=decision_date,
        value=0,
        units=units,
        valid_from=valid_from,
        valid_until=valid_until,
        issued_by=actor,
    )
    ahead = Voucher.objects.filter(
        scheme=scheme, state=VoucherState.WAITING, priority__gte=priority
    ).exists()
    if not ahead and scheme.residual >= value:
        _grant(scheme, voucher, now)
    elif not wait_if_short:
        why = (
            "altre richieste la precedono in lista d'attesa"
            if ahead
            else f"il residuo è {euro(max(scheme.residual, 0))}"
        )
        raise ValidationError(
            {
                "requested_value": f"Il budget della misura «{scheme.title}» non copre "
                f"{euro(value)}: {why}. Il titolo non è stato emesso."
            }
        )
    voucher.save()
    ledger.refresh(LedgerOrigin.VOUCHER, [voucher.pk])
    log_event(
        user=actor,
        obj=voucher,
        action=EventAction.CREATE,
        fields=["*"],
        note="in lista d'attesa" if voucher.state == VoucherState.WAITING else "",
    )
    return voucher


# --- freeing the budget, the waiting list ----------------------------------------------------


def _release(scheme: VoucherScheme, actor=None) -> list[Voucher]:
    """Issue the locked scheme's waiting entries in order while the head fits the residual.
    An entry whose validity has already ended leaves the list (it could never be used)."""
    today = timezone.localdate()
    issued, cancelled = [], []
    now = timezone.now()
    waiting = Voucher.objects.select_for_update().filter(scheme=scheme, state=VoucherState.WAITING)
    for voucher in waiting.order_by(*WAITING_ORDER):
        if voucher.valid_until < today:
            voucher.state = VoucherState.CANCELLED
            voucher.closed_at = now
            voucher.reason = "Validità terminata in lista d'attesa."
            voucher.save(update_fields=["state", "closed_at", "reason"])
            cancelled.append(voucher)
            continue
        if voucher.requested_value > scheme.residual:
            break
        _grant(scheme, voucher, now)
        voucher.save(update_fields=["number", "value", "state", "issued_at"])
        issued.append(voucher)
    if issued or cancelled:
        ledger.refresh(LedgerOrigin.VOUCHER, [v.pk for v in issued + cancelled])
    for voucher in issued:
        log_event(
            user=actor,
            obj=voucher,
            fields=["number", "value", "state", "issued_at"],
            note="dalla lista d'attesa",
        )
    for voucher in cancelled:
        log_event(user=actor, obj=voucher, fields=["state", "closed_at", "reason"])
    return issued


@transaction.atomic
def release_waiting_list(scheme: VoucherScheme, actor=None) -> list[Voucher]:
    """The waiting entries issued now that the budget has room, in order."""
    return _release(_locked_scheme(scheme), actor)


def _end(actor, voucher: Voucher, state: str, reason: str) -> Voucher:
    scheme = _locked_scheme(voucher.scheme)
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    if voucher.state not in HOLDING:
        label = VoucherState(voucher.state).label.lower()
        raise ValidationError({"__all__": f"Il titolo è {label}: non si può chiudere né revocare."})
    freed = voucher.value - voucher.spent
    voucher.state = state
    voucher.closed_at = timezone.now()
    voucher.reason = reason
    voucher.save(update_fields=["state", "closed_at", "reason"])
    scheme.committed -= freed
    scheme.save(update_fields=["committed"])
    ledger.refresh(LedgerOrigin.VOUCHER, [voucher.pk])
    log_event(user=actor, obj=voucher, fields=["state", "closed_at", "reason"])
    _release(scheme, actor)
    return voucher


@transaction.atomic
def voucher_revoke(*, actor, voucher: Voucher, reason: str) -> Voucher:
    """Revoke an issued voucher: what was not spent goes back to the budget."""
    _require_issuer(actor, voucher)
    reason = _clean(reason)
    if not reason:
        raise ValidationError({"reason": "Indica il motivo della revoca."})
    return _end(actor, voucher, VoucherState.REVOKED, reason)


@transaction.atomic
def voucher_close(*, actor, voucher: Voucher, reason: str = "") -> Voucher:
    """Close a voucher (its use is over): what was not spent goes back to the budget."""
    _require_issuer(actor, voucher)
    return _end(actor, voucher, VoucherState.CLOSED, _clean(reason))


def close_expired_vouchers(today: dt.date | None = None) -> int:
    """Close the vouchers whose validity ended before `today` (a daily job); their count."""
    today = today or timezone.localdate()
    count = 0
    expired = Voucher.objects.filter(state__in=HOLDING, valid_until__lt=today)
    for pk, valid_until in expired.order_by("scheme_id", "pk").values_list("pk", "valid_until"):
        with transaction.atomic():
            voucher = Voucher.objects.select_related("scheme").get(pk=pk)
            if voucher.state not in HOLDING:
                continue
            _end(
                None, voucher, VoucherState.CLOSED, f"Validità terminata il {valid_until:%d/%m/%Y}."
            )
            count += 1
    return count


@transaction.atomic
def waiting_cancel(*, actor, voucher: Voucher, reason: str) -> Voucher:
    """Take a request off the waiting list (the family gave up, the need changed)."""
    _require_issuer(actor, voucher)
    reason = _clean(reason)
    if not reason:
        raise ValidationError({"reason": "Indica il motivo dell'uscita dalla lista d'attesa."})
    scheme = _locked_scheme(voucher.scheme)
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    if voucher.state != VoucherState.WAITING:
        raise ValidationError({"__all__": "Il titolo non è in lista d'attesa."})
    voucher.state = VoucherState.CANCELLED
    voucher.closed_at = timezone.now()
    voucher.reason = reason
    voucher.save(update_fields=["state", "closed_at", "reason"])
    ledger.refresh(LedgerOrigin.VOUCHER, [voucher.pk])
    log_event(user=actor, obj=voucher, fields=["state", "closed_at", "reason"])
    _release(scheme, actor)  # the next entries may fit now that the head left
    return voucher


# --- the beneficiary's choice of provider ----------------------------------------------------


def _not_accredited(provider, accreditation) -> str:
    name = provider.organisation.name
    suspended = AccreditationApplication.objects.filter(
        provider=provider, scheme=accreditation, state=ApplicationState.SUSPENDED
    ).exists()
    if suspended:
        return f"L'accreditamento dell'ente {name} per «{accreditation.title}» è sospeso."
    return f"L'ente {name} non è accreditato per «{accreditation.title}»."


@transaction.atomic
def voucher_choose_provider(*, actor, voucher: Voucher, provider) -> Voucher:
    """The beneficiary's choice of an accredited provider, recorded by the social worker or
    the plan office: the voucher becomes active. Changed later only while nothing was
    delivered."""
    _require_issuer(actor, voucher)
    voucher = (
        Voucher.objects.select_for_update(of=("self",))
        .select_related("scheme__accreditation", "provider__organisation")
        .get(pk=voucher.pk)
    )
    scheme = voucher.scheme
    if scheme.kind != VoucherKind.VOUCHER:
        raise ValidationError(
            {"provider": "Un buono è un contributo al beneficiario: non si sceglie un erogatore."}
        )
    if voucher.state not in HOLDING:
        label = VoucherState(voucher.state).label.lower()
        raise ValidationError({"provider": f"Il titolo è {label}: non si sceglie l'erogatore."})
    if provider is None or provider.zone_id != voucher.zone_id:
        raise ValidationError({"provider": "Scegli un erogatore di questo ambito."})
    if voucher.provider_id == provider.pk:
        raise ValidationError({"provider": "L'ente è già l'erogatore scelto."})
    if voucher.provider_id is not None and (
        voucher.spent > 0 or voucher.deliveries.exclude(state="rejected").exists()
    ):
        raise ValidationError(
            {
                "provider": f"L'ente {voucher.provider.organisation.name} ha già registrato "
                "prestazioni sul titolo: l'erogatore non si cambia più."
            }
        )
    if (
        not provider.active
        or accreditation_on(provider, scheme.accreditation, timezone.localdate()) is None
    ):
        raise ValidationError({"provider": _not_accredited(provider, scheme.accreditation)})
    voucher.provider = provider
    voucher.chosen_at = timezone.now()
    voucher.state = VoucherState.ACTIVE
    voucher.save(update_fields=["provider", "chosen_at", "state"])
    ledger.refresh(LedgerOrigin.VOUCHER, [voucher.pk])
    log_event(user=actor, obj=voucher, fields=["provider", "chosen_at", "state"])
    return voucher
