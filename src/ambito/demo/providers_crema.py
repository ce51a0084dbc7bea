"""The demo's titoli sociali of the Distretto di Crema (seed 003 §C.5, §E.1, §G.3), reproducibly.

- The four kinds of titolo sociale of the portfolio, one scheme per year that the portfolio
  funds, each on its portfolio line (so its budget is the line's amount, seed 003 §G.3):
  buoni sociali mirati 2006-2008 (€ 300.000, € 250.000, € 200.000), voucher domiciliarità
  2007-2008 (€ 50.000, € 100.000), voucher sperimentali 2006-2008 (€ 50.000 a year), fondo
  natalità 2006-2008 (€ 180.000 a year), all on the FNPS.
- The accreditation of home care (seed 003 §E.1: "accreditamento ... funzionale alla
  creazione di un sistema di voucherizzazione"), with three home-care providers: two accredited
  since 2007 and renewed to this day, one suspended (it never appears on the public list).
- 2008, the plan's last year: buoni, natalità and voucher sperimentali issued to Crema's
  (synthetic) households, and the voucher domiciliarità spent over the year with their hours
  delivered month by month, validated and paid each quarter; every voucher of 2008 is closed
  at the end of the year (what was not spent went back to the budget).
- The live year, 2026: a voucher domiciliarità scheme of € 100.000 (the 2008 line's amount,
  on an FNPS 2026 allocation marked demo) exhausted, with its waiting list by priority; the
  demo's provider login ("erogatore.crema") records the hours of its vouchers.

The seed gives the budgets, not the beneficiaries: persons, values and hours are synthetic
and drawn from the zone's generator. Rows are created directly, like the rest of the demo,
and the builder rebuilds the fund ledger from them (planning/ledger.py).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from ambito.catalog.models import NeedArea, Service
from ambito.core.models import User
from ambito.planning.models import Allocation, BudgetLine, FundSource
from ambito.providers.models import (
    AccreditationApplication,
    AccreditationRequirement,
    AccreditationScheme,
    ApplicationTransition,
    Delivery,
    Payment,
    Provider,
    ProviderStructure,
    RequirementEvidence,
    Voucher,
    VoucherScheme,
)
from ambito.registry.models import HouseholdMember
from ambito.territory.models import AccessPoint

from . import planning_crema as crema

CENT = Decimal("0.01")
TARIFF = Decimal("19.50")  # € per hour of home care (synthetic)
HOME_CARE_HOURS = Decimal("120")  # hours of one voucher domiciliarità
LIVE_YEAR = 2026
LIVE_BUDGET = Decimal("100000.00")
BENEFICIARIES = 200  # households with a case and titoli sociali (fewer in a small demo)
WAITING = 6

# (code, portfolio area, kind, title, value of one titolo, charter ISEE ceiling)
SCHEMES = (
    ("BSM", crema._BSM, "buono", "Buoni sociali mirati", Decimal("1500.00"), Decimal("15000")),
    ("VDO", crema._VDO, "voucher", "Voucher domiciliarità", TARIFF * HOME_CARE_HOURS, None),
    ("VSP", crema._VSP, "voucher", "Voucher sperimentali", Decimal("2000.00"), Decimal("20000")),
    ("NAT", crema._NAT, "buono", "Fondo natalità", Decimal("1000.00"), Decimal("25000")),
)
NEED_AREAS = {
    "BSM": ("poverty", "family_minors"),
    "VDO": ("elderly", "disability"),
    "VSP": ("elderly", "disability"),
    "NAT": ("family_minors",),
}
REQUIREMENTS = (
    "Autorizzazione al funzionamento o iscrizione all'albo dei soggetti erogatori",
    "Personale qualificato (ASA/OSS) in numero adeguato e un coordinatore del servizio",
    "Carta dei servizi e modalità di gestione dei reclami",
    "Copertura assicurativa per responsabilità civile verso terzi",
)
PROVIDERS = (  # (organisation name, state of the current accreditation)
    ("Cooperativa sociale Il Girasole (demo)", "accredited"),
    ("Cooperativa sociale Casa Amica (demo)", "accredited"),
    ("Domicilio Sereno S.r.l. (demo)", "suspended"),
)


def _charter_services(zone) -> dict[str, Service]:
    services = {}
    for code, _, kind, title, _, isee in SCHEMES:
        services[code] = Service.objects.create(
            zone=zone,
            slug=f"titoli-sociali-{code.lower()}",
            name=title,
            short_description=(
                "Contributo economico alla famiglia (buono sociale)."
                if kind == "buono"
                else "Titolo per acquistare il servizio da un ente accreditato a scelta."
            ),
            target_groups="Residenti nei comuni del distretto",
            isee_max=isee,
            residence_required=True,
            how_to_apply="Presso il servizio sociale del proprio Comune.",
            legal_reference="Legge 328/2000 art. 17; Piano di Zona 2006-2008, §C.5",
            status="published",
            published_at=timezone.now(),
        )
        services[code].access_points.set(AccessPoint.objects.filter(zone=zone, kind="segretariato"))
        services[code].need_areas.set(NeedArea.objects.filter(code__in=NEED_AREAS[code]))
    return services


def _accreditation(zone, service, planner) -> tuple[AccreditationScheme, list[Provider]]:
    scheme = AccreditationScheme.objects.create(
        zone=zone,
        title="Accreditamento dei servizi di assistenza domiciliare per i voucher",
        service=service,
        description="Seed 003 §E.1: l'accreditamento funzionale alla voucherizzazione.",
        act="Accordo distrettuale 2006 (demo)",
        validity_months=36,
        tariff=TARIFF,
        unit="hour",
        opens_on=dt.date(2006, 9, 1),
    )
    requirements = [
        AccreditationRequirement.objects.create(scheme=scheme, position=n, text=text)
        for n, text in enumerate(REQUIREMENTS, start=1)
    ]
    organisations = {o.name: o for o in _organisations(zone)}
    providers = []
    for name, current in PROVIDERS:
        provider = Provider.objects.create(
            zone=zone,
            organisation=organisations[name],
            mode="accredited",
            contract_reference="Patto di accreditamento (demo)",
        )
        provider.services.set([service])
        ProviderStructure.objects.create(
            provider=provider,
            name=f"Sede operativa {organisations[name].name.split(' (')[0]}",
            kind="Servizio di assistenza domiciliare",
            municipality=organisations[name].municipality,
        )
        previous = None
        # Accredited in 2007, renewed every three years to a validity that covers today.
        for start in range(2007, LIVE_YEAR + 1, 3):
            last = start + 3 > LIVE_YEAR
            state = current if last else "expired"
            application = AccreditationApplication.objects.create(
                zone=zone,
                scheme=scheme,
                provider=provider,
                state=state,
                submitted_at=_at(dt.date(start - 1, 11, 15)),
                decided_at=_at(dt.date(start - 1, 12, 20)),
                decision_act=f"Determina {start - 1}/{len(providers) + 40} (demo)",
                valid_from=dt.date(start, 1, 1),
                valid_until=dt.date(start + 2, 12, 31),
                reason="Verifica: personale non adeguato (demo)" if state == "suspended" else "",
                renews=previous,
                created_by=planner,
            )
            RequirementEvidence.objects.bulk_create(
                RequirementEvidence(
                    application=application,
                    requirement=r,
                    outcome="met",
                    reviewed_by=planner,
                    reviewed_at=_at(dt.date(start - 1, 12, 10)),
                )
                for r in requirements
            )
            ApplicationTransition.objects.bulk_create(
                ApplicationTransition(
                    application=application, from_state=a, to_state=b, actor=planner
                )
                for a, b in (("draft", "submitted"), ("submitted", "under_review"),
                             ("under_review", "accredited"))
            )  # fmt: skip
            if state == "suspended":
                ApplicationTransition.objects.create(
                    application=application,
                    from_state="accredited",
                    to_state="suspended",
                    reason=application.reason,
                    actor=planner,
                )
            previous = application
        providers.append(provider)
    return scheme, providers


def _organisations(zone):
    from ambito.territory.models import Organisation

    return Organisation.objects.filter(zone=zone, name__in=[name for name, _ in PROVIDERS])


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _beneficiaries(zone, worker, rng: random.Random, count: int) -> list:
    """`count` households of the zone with one case each, opened on 10 January 2008 and
    managed by the demo social worker (rows created directly, as the rest of the demo; the
    cases' open and assign records with them): (case, person, household)."""
    from ambito.cases.models import Case, CaseMember, CaseTransition
    from ambito.cases.services import reserve_numbers

    members = list(
        HouseholdMember.objects.filter(household__zone=zone)
        .select_related("person", "household")
        .order_by("household_id", "pk")
    )
    first_by_household = {}
    for member in members:
        first_by_household.setdefault(member.household_id, member)
    chosen = rng.sample(sorted(first_by_household), min(count, len(first_by_household)))
    picked = [first_by_household[h] for h in chosen]
    at = _at(dt.date(2008, 1, 10))
    numbers = reserve_numbers(zone.pk, 2008, len(picked))
    cases = Case.objects.bulk_create(
        Case(
            zone=zone, number=number, municipality_id=m.household.municipality_id,
            household_id=m.household_id, person_id=m.person_id, line="social",
            source="direct", status="assigned", case_manager=worker, assigned_at=at,
            opened_at=at, created_by=worker,
        )
        for m, number in zip(picked, numbers, strict=True)
    )  # fmt: skip
    CaseMember.objects.bulk_create(
        CaseMember(case=c, user=worker, role="case_manager") for c in cases
    )
    CaseTransition.objects.bulk_create(
        CaseTransition(case=c, name=name, from_status=a, to_status=b, actor=worker, at=at,
                       reason="Titoli sociali (demo)")
        for c in cases
        for name, a, b in (("open", "", "entry"), ("assign", "entry", "assigned"))
    )  # fmt: skip
    return [(case, m.person, m.household) for case, m in zip(cases, picked, strict=True)]


def _voucher(scheme, number, beneficiary, *, value, state, issued_on, worker, **fields):
    case, person, household = beneficiary
    return Voucher(
        zone_id=scheme.zone_id,
        scheme=scheme,
        number=number,
        person=person,
        household=household,
        case=case,
        municipality_id=household.municipality_id,
        state=state,
        requested_at=_at(issued_on),
        requested_value=scheme.value,
        decision_act=f"Determina {issued_on.year}/{scheme.code}-{number or 'LA'} (demo)",
        decision_date=issued_on,
        value=value,
        units=HOME_CARE_HOURS if scheme.code == "VDO" else None,
        valid_from=issued_on,
        valid_until=scheme.valid_until,
        issued_at=_at(issued_on) if value else None,
        issued_by=worker,
        **fields,
    )


def _hours(voucher, provider, rng, months, planner, operator, paid_through: int):
    """Monthly hours on a home-care voucher, never beyond its hours; validated, and paid up to
    month `paid_through`."""
    rows = []
    left = voucher.units if voucher.units is not None else (voucher.value / TARIFF) // 1
    for month in months:
        hours = min(Decimal(rng.randint(6, 12)), left)
        if hours <= 0:
            break
        left -= hours
        start = dt.date(voucher.valid_from.year, month, 1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        paid = month <= paid_through
        rows.append(
            Delivery(
                zone_id=voucher.zone_id,
                voucher=voucher,
                provider=provider,
                date_from=max(start, voucher.valid_from),
                date_to=end,
                units=hours,
                amount=(hours * TARIFF).quantize(CENT, ROUND_HALF_UP),
                state="paid" if paid else "validated",
                recorded_by=operator,
                validated_by=planner,
                validated_at=_at(end + dt.timedelta(days=5)),
            )
        )
    return rows


def _pay_quarters(scheme, deliveries, planner) -> None:
    """One payment per provider and quarter of the paid deliveries."""
    groups: dict = {}
    for d in deliveries:
        if d.state == "paid":
            groups.setdefault((d.provider_id, (d.date_from.month - 1) // 3 + 1), []).append(d)
    for (provider_id, quarter), rows in sorted(groups.items()):
        year = rows[0].date_from.year
        payment = Payment.objects.create(
            zone_id=scheme.zone_id,
            provider_id=provider_id,
            scheme=scheme,
            act_number=f"Liquidazione {year}/{scheme.code}-T{quarter}-{provider_id} (demo)",
            paid_on=dt.date(year, quarter * 3, 28) + dt.timedelta(days=20),
            amount=sum((d.amount for d in rows), Decimal(0)),
            recorded_by=planner,
        )
        Delivery.objects.filter(pk__in=[d.pk for d in rows]).update(payment=payment)


def _spend(vouchers, deliveries) -> None:
    spent: dict[int, Decimal] = {}
    paid: dict[int, Decimal] = {}
    for d in deliveries:
        spent[d.voucher_id] = spent.get(d.voucher_id, Decimal(0)) + d.amount
        if d.state == "paid":
            paid[d.voucher_id] = paid.get(d.voucher_id, Decimal(0)) + d.amount
    for v in vouchers:
        v.spent = spent.get(v.pk, v.spent)
        v.paid = paid.get(v.pk, v.paid)
    Voucher.objects.bulk_update(vouchers, ["spent", "paid"])


def _schemes(zone, services, accreditation, fnps) -> dict[tuple[str, int], VoucherScheme]:
    lines = {
        (line.service_area, line.year): line
        for line in BudgetLine.objects.filter(zone=zone, fund=fnps)
    }
    schemes = {}
    for code, area, kind, title, value, _ in SCHEMES:
        for year in (2006, 2007, 2008):
            line = lines.get((area, year))
            if line is None:  # the portfolio funds no voucher domiciliarità in 2006
                continue
            schemes[(code, year)] = VoucherScheme.objects.create(
                zone=zone,
                code=code,
                title=title,
                kind=kind,
                service=services[code],
                accreditation=accreditation if kind == "voucher" else None,
                value=value,
                units=HOME_CARE_HOURS if code == "VDO" else None,
                valid_from=dt.date(year, 1, 1),
                valid_until=dt.date(year, 12, 31),
                fund=fnps,
                year=year,
                budget_line=line,
                budget=line.amount,
                status="closed",
                decision_act=f"Piano di Zona 2006-2008, portafoglio {year} (§G.3)",
            )
    return schemes


def build_crema_vouchers(context, rng: random.Random) -> dict:
    zone = context.zone
    planner = User.objects.get(username="ufficio.crema")
    worker = User.objects.get(username="assistente.crema")
    operator = User.objects.get(username="erogatore.crema")
    fnps = FundSource.objects.get(code="FNPS")
    services = _charter_services(zone)
    accreditation, providers = _accreditation(zone, services["VDO"], planner)
    active_providers = [p for p in providers if p.organisation.name != PROVIDERS[2][0]]
    schemes = _schemes(zone, services, accreditation, fnps)

    # One case per household drawn; a household may hold titoli of several schemes, never two
    # of one scheme. A small demo (the tests' ten households) issues fewer than the budgets
    # pay; the default demo issues what they pay.
    people = _beneficiaries(zone, worker, rng, BENEFICIARIES)
    vouchers, home_care = [], []
    for code, *_ in SCHEMES:
        scheme = schemes[(code, 2008)]
        holders = rng.sample(people, min(int(scheme.budget // scheme.value), len(people)))
        for number, holder in enumerate(holders, start=1):
            issued_on = dt.date(2008, rng.randint(1, 5), rng.randint(1, 28))
            provider = rng.choice(active_providers) if scheme.kind == "voucher" else None
            voucher = _voucher(
                scheme, number, holder, value=scheme.value, state="closed",
                issued_on=issued_on, worker=worker, provider=provider,
                chosen_at=_at(issued_on) if provider else None,
                closed_at=_at(dt.date(2009, 1, 15)), reason="Fine del periodo di validità",
            )  # fmt: skip
            if scheme.kind == "buono":  # paid in full to the beneficiary
                voucher.spent = voucher.paid = scheme.value
            vouchers.append(voucher)
            if code == "VDO":
                home_care.append(voucher)
    Voucher.objects.bulk_create(vouchers)
    buoni = [v for v in vouchers if v.scheme.kind == "buono"]
    Payment.objects.bulk_create(
        Payment(
            zone=zone, voucher=v, scheme=v.scheme, amount=v.value, recorded_by=planner,
            act_number=f"Liquidazione buono {v.scheme.code}-{v.number} (demo)",
            paid_on=v.decision_date + dt.timedelta(days=30),
        )
        for v in buoni
    )  # fmt: skip
    deliveries = []
    for voucher in [v for v in vouchers if v.scheme.kind == "voucher"]:
        months = range(voucher.valid_from.month, 13)
        deliveries += _hours(voucher, voucher.provider, rng, months, planner, operator, 12)
    Delivery.objects.bulk_create(deliveries)
    for code in ("VDO", "VSP"):
        of_scheme = [d for d in deliveries if d.voucher.scheme.code == code]
        _pay_quarters(schemes[(code, 2008)], of_scheme, planner)
    _spend([v for v in vouchers if v.scheme.kind == "voucher"], deliveries)
    # What a closed voucher holds of its budget is what was spent.
    for scheme in schemes.values():
        held = sum((v.spent for v in vouchers if v.scheme_id == scheme.pk), Decimal(0))
        VoucherScheme.objects.filter(pk=scheme.pk).update(committed=held)

    # The live year: an allocation (demo) and a scheme of the 2008 line's budget, exhausted:
    # every voucher it pays is issued and a waiting list by priority formed behind them.
    value = TARIFF * HOME_CARE_HOURS
    waiting = min(WAITING, len(people) // 4)
    issued = min(int(LIVE_BUDGET // value), len(people) - waiting)
    budget = min(LIVE_BUDGET, value * issued + value / 2)
    Allocation.objects.create(
        zone=zone, fund=fnps, year=LIVE_YEAR, amount=LIVE_BUDGET,
        act=f"Riparto FNPS {LIVE_YEAR} al distretto (demo)", act_date=dt.date(LIVE_YEAR, 2, 1),
    )  # fmt: skip
    live = VoucherScheme.objects.create(
        zone=zone, code="VDO", title="Voucher domiciliarità", kind="voucher",
        service=services["VDO"], accreditation=accreditation, value=value,
        units=HOME_CARE_HOURS, valid_from=dt.date(LIVE_YEAR, 1, 1),
        valid_until=dt.date(LIVE_YEAR + 1, 6, 30), fund=fnps, year=LIVE_YEAR,
        budget=budget, status="open",
        decision_act=f"Determina {LIVE_YEAR}/18 (demo): voucher domiciliarità",
    )  # fmt: skip
    girasole = next(p for p in providers if p.organisation_id == operator.organisation_id)
    holders = rng.sample(people, issued + waiting)
    current = []
    for number, holder in enumerate(holders[:issued], start=1):
        issued_on = dt.date(LIVE_YEAR, rng.randint(1, 9), rng.randint(1, 28))
        provider = girasole if number % 2 else rng.choice(active_providers)
        current.append(
            _voucher(
                live,
                number,
                holder,
                value=value,
                state="active",
                issued_on=issued_on,
                worker=worker,
                provider=provider,
                chosen_at=_at(issued_on + dt.timedelta(days=3)),
            )  # fmt: skip
        )
    for position, holder in enumerate(holders[issued:]):
        asked = dt.date(LIVE_YEAR, 10, 1) + dt.timedelta(days=7 * position)
        current.append(
            _voucher(
                live,
                None,
                holder,
                value=Decimal(0),
                state="waiting",
                issued_on=asked,
                worker=worker,
                priority=rng.choice((1, 2, 3)),
            )  # fmt: skip
        )
    Voucher.objects.bulk_create(current)
    live_deliveries = []
    for voucher in [v for v in current if v.state == "active"]:
        months = range(voucher.valid_from.month, 12)  # up to November
        live_deliveries += _hours(voucher, voucher.provider, rng, months, planner, operator, 9)
    Delivery.objects.bulk_create(live_deliveries)
    _pay_quarters(live, live_deliveries, planner)
    _spend([v for v in current if v.state == "active"], live_deliveries)
    VoucherScheme.objects.filter(pk=live.pk).update(committed=value * issued)
    return {
        "voucher_schemes": len(schemes) + 1,
        "vouchers": len(vouchers) + len(current),
        "deliveries": len(deliveries) + len(live_deliveries),
        "providers": len(providers),
    }
