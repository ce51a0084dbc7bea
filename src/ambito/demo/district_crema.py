"""The demo's district services of the Distretto di Crema (issue 19; seed 003 §C.6, §G.1).

The plan's portfolio names the district services the plan office manages: "Servizio
Assistenza Domiciliare Minori" (€ 120.000 in 2006) and "Servizio Inserimento Lavorativo"
(€ 43.500 of FNPS), and §C.6 the reorganisation of ADM as a district service; social housing
is among the answers to the housing need (§D). For the live year, 2026, three lines on the
FNPS, paid from an FNPS 2026 allocation marked demo (the titoli sociali use up the other):

- ADM outsourced to the Cooperativa Il Girasole (whose demo login, "erogatore.crema", records
  the hours), SIL run directly, social housing with the Cooperativa Casa Amica;
- on each, intakes of Crema's existing open cases (the demo social worker's first): some
  active since the spring with monthly hours up to last month, one closed, and a waiting list
  with mixed priorities referred in the autumn.

Hourly costs, hours and persons are synthetic; rows are created directly and the builder
rebuilds the fund ledger after this function (planning/ledger.py, origin district_hours).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from ambito.core.models import User
from ambito.planning.models import Allocation, FundSource
from ambito.territory.models import Organisation

CENT = Decimal("0.01")
YEAR = 2026
ALLOCATION = Decimal("180000.00")
# (kind, name, provider organisation or None, € an hour, hours a month (min, max), per week)
LINES = (
    ("adm", "Servizio distrettuale Assistenza Domiciliare Minori (demo)",
     "Cooperativa sociale Il Girasole (demo)", Decimal("21.50"), (12, 32), Decimal("6")),
    ("sil", "Servizio distrettuale Inserimento Lavorativo (demo)", None, Decimal("24.00"),
     (6, 16), Decimal("3")),
    ("housing", "Housing sociale (demo)", "Cooperativa sociale Casa Amica (demo)",
     Decimal("18.00"), (8, 20), Decimal("4")),
)  # fmt: skip
ACTIVE = 8
WAITING = 5
REASONS = {
    "adm": "Sostegno educativo domiciliare al minore e alla famiglia (demo)",
    "sil": "Percorso di inserimento lavorativo con tirocinio (demo)",
    "housing": "Soluzione abitativa temporanea dopo uno sfratto (demo)",
}


def _cases(zone, worker) -> list:
    from ambito.cases.models import Case

    rows = Case.objects.filter(zone=zone).exclude(status="closed").select_related("person")
    own = [c for c in rows.order_by("pk") if c.case_manager_id == worker.pk]
    return own or list(rows.order_by("pk"))


def _day(rng, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def build_crema_district(context, rng: random.Random) -> dict:
    from ambito.district.models import DistrictHours, DistrictIntake, DistrictLine, IntakeTransition

    zone = context.zone
    planner = User.objects.get(username="ufficio.crema")
    worker = User.objects.get(username="assistente.crema")
    fnps = FundSource.objects.get(code="FNPS")
    today = min(timezone.localdate(), dt.date(YEAR, 12, 31))
    last_month = 12 if timezone.localdate().year > YEAR else today.month - 1
    Allocation.objects.create(
        zone=zone, fund=fnps, year=YEAR, amount=ALLOCATION,
        act=f"Riparto FNPS {YEAR}: servizi distrettuali (demo)", act_date=dt.date(YEAR, 1, 20),
    )  # fmt: skip
    cases = _cases(zone, worker)
    organisations = {o.name: o for o in Organisation.objects.filter(zone=zone)}
    counts = {"district_lines": 0, "district_intakes": 0, "district_hours": 0}
    for kind, name, provider, rate, (low, high), per_week in LINES:
        line = DistrictLine.objects.create(
            zone=zone, kind=kind, name=name, provider=organisations.get(provider or ""),
            hourly_cost=rate, fund=fnps, year=YEAR,
            description="Servizio gestito dall'Ufficio di Piano per il distretto (demo).",
        )  # fmt: skip
        counts["district_lines"] += 1
        if not cases:
            continue
        active = max(1, min(ACTIVE, len(cases) // 6))
        waiting = max(1, min(WAITING, len(cases) // 10))
        chosen = rng.sample(cases, min(len(cases), active + waiting + 1))
        intakes, hours, transitions = [], [], []
        for index, case in enumerate(chosen):
            is_active, is_closed = index < active, index == active
            if is_active or is_closed:
                referred = _day(rng, dt.date(YEAR, 1, 10), min(today, dt.date(YEAR, 5, 31)))
                admitted = min(today, referred + dt.timedelta(days=rng.randint(7, 60)))
            else:
                referred = _day(rng, min(today, dt.date(YEAR, 9, 1)), today)
                admitted = None
            intake = DistrictIntake(
                zone=zone, line=line, case=case, person=case.person,
                state="active" if is_active else "closed" if is_closed else "waiting",
                priority=rng.choice((1, 2, 3, 3)), referred_on=referred, referred_by=worker,
                reason=REASONS[kind], hours_per_week=per_week, admitted_on=admitted,
                ended_on=(min(today, admitted + dt.timedelta(days=90)) if is_closed else None),
            )  # fmt: skip
            months = []
            if admitted:
                stop = last_month if is_active else min(last_month, intake.ended_on.month)
                months = range(admitted.month, stop + 1) if admitted.year == YEAR else []
            total_hours, total_cost = Decimal(0), Decimal(0)
            for month in months:
                value = Decimal(rng.randint(low, high))
                cost = (value * rate).quantize(CENT, ROUND_HALF_UP)
                total_hours, total_cost = total_hours + value, total_cost + cost
                hours.append(
                    DistrictHours(
                        zone=zone, intake=intake, period="month", date=dt.date(YEAR, month, 1),
                        operator=f"Operatore {rng.randint(1, 4)} (demo)", hours=value,
                        hourly_cost=rate, cost=cost, recorded_by=planner,
                    )
                )  # fmt: skip
            intake.hours, intake.cost = total_hours, total_cost
            intakes.append(intake)
        DistrictIntake.objects.bulk_create(intakes)
        for record in hours:
            record.intake_id = record.intake.pk
        DistrictHours.objects.bulk_create(hours)
        for intake in intakes:
            transitions.append(
                IntakeTransition(intake=intake, name="referral", to_state="waiting",
                                 on=intake.referred_on, actor=worker)
            )  # fmt: skip
            if intake.admitted_on:
                transitions.append(
                    IntakeTransition(intake=intake, name="admit", from_state="waiting",
                                     to_state="active", on=intake.admitted_on, actor=planner)
                )  # fmt: skip
            if intake.state == "closed":
                transitions.append(
                    IntakeTransition(intake=intake, name="close", from_state="active",
                                     to_state="closed", on=intake.ended_on, actor=planner,
                                     reason="Obiettivi del progetto raggiunti (demo)")
                )  # fmt: skip
        IntakeTransition.objects.bulk_create(transitions)
        counts["district_intakes"] += len(intakes)
        counts["district_hours"] += len(hours)
    return counts
