"""The demo's planning (DOMAIN §9), loaded from the seeds' figures as printed
(planning_pistoia.py, planning_crema.py, planning_lucca.py hold the transcriptions):

- Pistoia: the 2019 poverty programme document (objectives 1-4, actions a1 ... h4 with their
  amounts, which add up to the Fondo Povertà allocation of € 593.945,52, and implementation
  modes; the quarterly schedule of Tabella 7), the funds of §7.1 as allocations, and the
  assembly meeting of 30-01-2019 with its attendance and deliberation n. 2.
- Crema: the Piano di Zona 2006-2008 with its axes and actions, the portfolio of 2006, 2007
  and 2008 by service and fund, and the spending by management form of §B.3.
- Piana di Lucca: the territorial pact's four lines with both sides' commitments.

Synthetic, and said so in the data: the progress of the Pistoia schedule (the seed plans the
quarters, it does not say what happened): planned quarters up to 2019 are done, except two
actions marked late; the funding year of §7.1 funds other than the Fondo Povertà (the seed
gives amounts, not years: 2019 is assumed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ambito.core.models import User
from ambito.planning.choices import (
    AttendanceStatus,
    CommitmentSide,
    DeliberationOutcome,
    ManagementForm,
    PlanStatus,
    Progress,
    VoteChoice,
)
from ambito.planning.models import (
    AgendaItem,
    Allocation,
    Attendance,
    BudgetLine,
    Deliberation,
    DeliberationAttachment,
    FundSource,
    ManagementSpending,
    Meeting,
    PactCommitment,
    Plan,
    PlanAction,
    PlanObjective,
    ScheduleQuarter,
    Vote,
)
from ambito.territory.models import ConsortiumMember

from . import planning_crema as crema
from . import planning_lucca as lucca
from . import planning_pistoia as pistoia

LATE_DEMO_ACTIONS = ("c2", "d3")  # synthetic: two actions of the poverty plan are late
SEED_FUNDS = {  # §7.1 fund names → configured fund sources
    "Pon Inclusione- AV3 Reddito di Inclusione": "PON-INC",
    "Fondo Povertà": "FP-QS",
    "POR ARRIVO": "POR",
    "POR ORACOLO": "POR",
    "PON Inclusione/PO I FEAD": "FEAD",
}
PORTFOLIO_FUNDS = {"FNPS": "FNPS", "Solidarietà": "SOLID", "FSR": "FSR", "Comuni": "COM-BIL"}
SPENDING_FORMS = {
    "Gestione diretta reale di servizi": ManagementForm.DIRECT,
    "Trasferimenti per contributi": ManagementForm.CONTRIBUTIONS,
    "Trasferimenti per acquisti": ManagementForm.PURCHASES,
}


def _mode(text: str) -> str:
    lowered = text.lower()
    for needle, mode in (
        ("non finanziabile", "not_fundable"),
        ("consip", "consip"),
        ("cpia", "cpia"),
        ("gara", "tender"),
        ("terzo settore", "third_sector"),
        ("convenzion", "third_sector"),
        ("a carico dei comuni", "municipalities"),
    ):
        if needle in lowered:
            return mode
    return "other" if text else ""


def _funds() -> dict[str, FundSource]:
    return {f.code: f for f in FundSource.objects.all()}


def build_pistoia(zone, planner: User | None) -> dict:
    funds = _funds()
    plan = Plan.objects.create(
        zone=zone,
        kind="programme",
        title="Documento programmatico di zona per il contrasto alla povertà",
        period_start=dt.date(2018, 10, 1),
        period_end=dt.date(2020, 10, 31),  # seed: "Presumibilmente ... il 31 ottobre 2020"
        status=PlanStatus.APPROVED,
        approval_act="Deliberazione dell'Assemblea dei Soci n. 2 del 30/01/2019",
        approved_on=dt.date(2019, 1, 30),
        expected_end=dt.date(2020, 10, 31),
    )
    actions = []
    for position, seed in enumerate(pistoia.OBJECTIVES, start=1):
        objective = PlanObjective.objects.create(
            plan=plan,
            code=str(seed.number),
            title=seed.title[:300],
            priority=seed.title.split("(")[-1].split("-")[0].strip()[:50]
            if "PRIORITA" in seed.title
            else "",
            description=seed.description,
            position=position,
        )
        for order, a in enumerate(seed.actions, start=1):
            # The document spends the Fondo Povertà (quota servizi) of 2018: its amounts add up
            # to the allocation, including the five actions whose fund the seed leaves blank.
            charged = bool(a.amount)
            actions.append(
                PlanAction(
                    plan=plan,
                    objective=objective,
                    code=a.code,
                    title=a.title[:300],
                    description=a.description,
                    classification=a.classification,
                    staff_profile=a.staff[:200],
                    implementation_mode=_mode(a.implementation_mode),
                    implementation_note=a.implementation_mode[:300],
                    amount=Decimal(a.amount or "0"),
                    fund=funds["FP-QS"] if charged else None,
                    funding_year=pistoia.POVERTY_FUND_YEAR if charged else None,
                    position=order,
                )
            )
    actions = {a.code: a for a in PlanAction.objects.bulk_create(actions)}
    quarters = []
    for schedule in pistoia.SCHEDULES:
        if schedule.table != "Tabella 7":
            continue
        labels = [(int(q[:4]), int(q[-1])) for q in schedule.quarters]
        for code, marks in schedule.rows:
            action = actions.get(code)
            if action is None:
                continue
            last_planned = max((yq for yq, m in zip(labels, marks, strict=True) if m), default=None)
            for (year, quarter), planned in zip(labels, marks, strict=True):
                progress = Progress.NONE
                if planned:
                    progress = Progress.DONE
                    if code in LATE_DEMO_ACTIONS and (year, quarter) == last_planned:
                        progress = Progress.LATE
                quarters.append(
                    ScheduleQuarter(
                        action=action,
                        year=year,
                        quarter=quarter,
                        planned=planned,
                        progress=progress,
                    )
                )
    ScheduleQuarter.objects.bulk_create(quarters)
    allocations = []
    for seed in pistoia.FUNDS:
        code = SEED_FUNDS.get(seed.name, "COM-PROG")
        is_poverty = code == "FP-QS"
        allocations.append(
            Allocation(
                zone=zone,
                fund=funds[code],
                year=pistoia.POVERTY_FUND_YEAR if is_poverty else 2019,
                amount=Decimal(seed.amount),
                act="D.M. 18 maggio 2018 (G.U. n. 55 del 6 luglio 2018)"
                if is_poverty
                else f"{seed.name[:120]} ({seed.note[:60]})",
            )
        )
    Allocation.objects.bulk_create(allocations)
    meeting = _pistoia_meeting(zone, planner) if planner else None
    return {"plans": 1, "actions": len(actions), "meetings": 1 if meeting else 0}


def _member_named(members: dict[str, ConsortiumMember], printed: str) -> ConsortiumMember | None:
    name = printed.replace("Comune ", "Comune di ", 1) if printed.startswith("Comune ") else printed
    return members.get(name)


def _pistoia_meeting(zone, planner: User) -> Meeting:
    meeting = Meeting.objects.create(
        zone=zone,
        body=pistoia.MEETING_BODY,
        held_on=dt.date.fromisoformat(pistoia.MEETING_DATE),
        time=dt.time.fromisoformat(pistoia.MEETING_TIME) if pistoia.MEETING_TIME else None,
        place=pistoia.MEETING_PLACE[:200],
        convened_by=pistoia.MEETING_CONVENED_BY,
    )
    AgendaItem.objects.create(meeting=meeting, position=1, title=pistoia.DELIBERATION.subject[:300])
    members = {
        m.organisation.name: m
        for m in ConsortiumMember.objects.filter(zone=zone).select_related("organisation")
    }
    present = []
    for seed in pistoia.ATTENDANCE:
        member = _member_named(members, seed.member)
        if member is None:  # the participation bodies are not members of the consortium
            continue
        delegated = seed.represented_by.startswith("p. ")
        status = (
            AttendanceStatus.DELEGATE
            if seed.present and delegated
            else AttendanceStatus.PRESENT
            if seed.present
            else AttendanceStatus.ABSENT
        )
        Attendance.objects.create(
            meeting=meeting, member=member, status=status, represented_by=seed.represented_by
        )
        if seed.present:
            present.append(member)
    seed = pistoia.DELIBERATION
    deliberation = Deliberation.objects.create(
        zone=zone,
        meeting=meeting,
        year=int(seed.date[:4]),
        number=seed.number,
        date=dt.date.fromisoformat(seed.date),
        subject=seed.subject[:500],
        content=seed.body,
        outcome=DeliberationOutcome.APPROVED,  # seed: "Con votazione unanime"
        immediately_executable=seed.immediately_executable,
        recorded_by=planner,
    )
    Vote.objects.bulk_create(
        Vote(deliberation=deliberation, member=m, choice=VoteChoice.FAVOUR, share=m.share)
        for m in present
    )
    DeliberationAttachment.objects.create(
        deliberation=deliberation, title="Documento programmatico di zona", pages=0
    )
    return meeting


def build_crema(zone) -> dict:
    funds = _funds()
    plan = Plan.objects.create(
        zone=zone,
        kind="zone_plan",
        title=crema.PLAN_TITLE,
        period_start=dt.date(crema.PLAN_START_YEAR, 1, 1),
        period_end=dt.date(crema.PLAN_END_YEAR, 12, 31),
        status=PlanStatus.APPROVED,
        approval_act=crema.APPROVAL[:200],
        notes=crema.PLAN_SUBTITLE,
    )
    actions = []
    for position, axis in enumerate(crema.AXES, start=1):
        objective = PlanObjective.objects.create(
            plan=plan,
            code=axis.code,
            title=axis.title[:300],
            priority=axis.priority[:50],
            description=axis.objective,
            expected_results="\n".join(axis.expected_results),
            actors=axis.actors,
            operating_mode=axis.operating_mode,
            position=position,
        )
        actions += [
            PlanAction(
                plan=plan,
                objective=objective,
                code=a.code,
                title=a.title[:300],
                kind=a.kind,
                description=a.description,
                position=order,
            )
            for order, a in enumerate(axis.actions, start=1)
        ]
    PlanAction.objects.bulk_create(actions)
    # What each fund gives the district a year is the portfolio's printed column total (seed
    # 003 §G.3): the allocations the portfolio lines plan, so the residual is nil.
    Allocation.objects.bulk_create(
        Allocation(
            zone=zone,
            fund=funds[PORTFOLIO_FUNDS[fund]],
            year=year,
            amount=Decimal(amount),
            act=f"Piano di Zona 2006-2008, portafoglio {year} (§G.3)",
        )
        for year, totals in crema.PORTFOLIO_FUND_TOTALS.items()
        for fund, amount in totals.items()
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(
            zone=zone,
            year=year,
            service_area=area,
            fund=funds[PORTFOLIO_FUNDS[fund]],
            amount=Decimal(amount),
        )
        for year, cells in crema.PORTFOLIO.items()
        for area, fund, amount in cells
    )
    ManagementSpending.objects.bulk_create(
        ManagementSpending(
            zone=zone,
            reference="Spesa sociale del distretto per forma di gestione (PdZ 2006-2008, §B.3)",
            management_form=SPENDING_FORMS[form],
            amount=Decimal(amount),
        )
        for form, amount in crema.SPENDING_SPLIT_AMOUNTS
    )
    return {"plans": 1, "actions": len(actions)}


def build_lucca(zone) -> dict:
    plan = Plan.objects.create(
        zone=zone,
        kind="pact",
        title=lucca.PACT_TITLE,
        period_start=dt.date(2009, 1, 1),  # seed 000 (~2009): the first three years
        period_end=dt.date(2011, 12, 31),
        status=PlanStatus.IN_EXECUTION,
        notes=lucca.PACT_PARTIES,
    )
    commitments = []
    for line in lucca.LINES:
        objective = PlanObjective.objects.create(
            plan=plan,
            code=f"Linea {line.number}",
            title=line.title[:300],
            description=line.definition,
            position=line.number,
        )
        for side, texts in (
            (CommitmentSide.MAYORS, line.mayors_commitments),
            (CommitmentSide.THIRD_SECTOR, line.third_sector_commitments),
        ):
            commitments += [
                PactCommitment(objective=objective, side=side, text=text, position=n)
                for n, text in enumerate(texts, start=1)
            ]
    PactCommitment.objects.bulk_create(commitments)
    return {"plans": 1, "commitments": len(commitments)}
