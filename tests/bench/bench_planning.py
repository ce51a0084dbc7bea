"""Benchmark of planning and funds (§9): the plan page and the fund portfolio of a zone in a
25-zone region with ten years of plans, 20,000 actions and 200,000 commitments and payments.

    .venv/bin/python tests/bench/bench_planning.py                       # SQLite
    .venv/bin/python tests/bench/bench_planning.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python tests/bench/bench_planning.py --scale 0.05 --runs 3   # quick run

The region (bulk_create, no services, random.Random(6)): 25 zones; per zone and year
(2016..2025) one operating plan of the calendar year with 8 objectives of 10 actions (80
actions, 20,000 in all), each with an amount, one of the seeded funds, the plan's year as
funding year and four quarters of schedule; allocations per zone, fund and year (the fund's
planned amount + 10%); 200,000 commitments and payments spread over the actions, dated within
the action's year; the portfolio: per zone and year, 12 service areas × the 11 funds.
--scale multiplies the years (at least one: 2025) and the spending rows; the zones stay 25.
Measured in the same run, p50/p95 (ms):
- the plan page's read (`plan_page`) of the zone 0's 2025 plan, the portfolio (`portfolio`)
  and the fund table (`fund_table`) of zone 0 for 2025 and for all years;
- the plan page and the funds page (portfolio, 2025) through the test client, as a planner of
  zone 0 (skipped with "pagina non disponibile" while the pages do not exist);
- floors: the raw SQL of the plan's spending by action and kind and of the portfolio's cells,
  with the ratios selector/floor.
Target: plan page and portfolio p95 <= 300 ms (the pages if measured, else the selectors).
Not collected by pytest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
from collections import defaultdict
from decimal import Decimal

from benchlib import backend_session, run_backends, timed

SCRATCH_DB = "bench_planning"
ZONES, YEARS, OBJECTIVES, ACTIONS = 25, 10, 8, 10
LAST_YEAR = 2025
SPENDING = 200_000
AREAS = [
    "Segretariato sociale", "Servizio sociale professionale", "Assistenza domiciliare",
    "Centri diurni", "Strutture residenziali", "Contributi economici", "Minori e famiglie",
    "Disabilità", "Anziani", "Povertà ed esclusione", "Dipendenze", "Immigrazione",
]  # fmt: skip
PROGRESS = ("", "in_progress", "done", "late")
FORMS = ("direct", "contributions", "purchases")
TODAY = dt.date(LAST_YEAR, 11, 15)
TARGET_MS = 300
CHUNK = 20_000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--postgres", metavar="URL")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    return parser.parse_args()


def money(rng, low, high):
    """A random amount in euro between low and high, to the cent."""
    return Decimal(rng.randint(low * 100, high * 100)).scaleb(-2)


def build(args):
    from ambito.core.models import User
    from ambito.core.roles import role_group
    from ambito.planning.models import (
        Allocation,
        BudgetLine,
        FundSource,
        Plan,
        PlanAction,
        PlanObjective,
        ScheduleQuarter,
        Spending,
    )
    from ambito.territory.models import Zone

    rng = random.Random(6)
    n_years = max(1, round(YEARS * args.scale))
    years = list(range(LAST_YEAR - n_years + 1, LAST_YEAR + 1))
    funds = list(FundSource.objects.order_by("position", "code"))
    zones = Zone.objects.bulk_create(
        Zone(code=f"z{z:02d}", name=f"Zona {z}", kind="sds", region="Toscana", province_code="PT")
        for z in range(ZONES)
    )
    planner = User.objects.create(username="planner0", zone=zones[0])
    planner.groups.add(role_group("planner"))
    plans = Plan.objects.bulk_create(
        Plan(
            zone=zone, kind="operating_plan", title=f"Programma operativo {year} – {zone.name}",
            period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31),
            status="approved", approval_act=f"Delibera n. {year}/{z + 1}",
        )
        for z, zone in enumerate(zones) for year in years
    )  # fmt: skip
    objectives = PlanObjective.objects.bulk_create(
        (
            PlanObjective(
                plan=plan, code=f"O{o + 1}", title=f"Obiettivo {o + 1}", position=o,
                priority=rng.choice(("alta", "media", "bassa")),
            )
            for plan in plans for o in range(OBJECTIVES)
        ),
        batch_size=5000,
    )  # fmt: skip
    rows = []
    for objective in objectives:
        plan = objective.plan
        for a in range(ACTIONS):
            n = objective.position * ACTIONS + a + 1
            rows.append(
                PlanAction(
                    plan=plan, objective=objective, code=f"a{n}", title=f"Azione {n}",
                    kind=rng.choice(("process", "service", "coordination", "system")),
                    amount=money(rng, 1_000, 200_000), fund=rng.choice(funds),
                    funding_year=plan.period_start.year, starts_on=plan.period_start,
                    ends_on=plan.period_end, position=a,
                )
            )  # fmt: skip
    actions = PlanAction.objects.bulk_create(rows, batch_size=5000)
    ScheduleQuarter.objects.bulk_create(
        (
            ScheduleQuarter(
                action=action, year=action.funding_year, quarter=q,
                planned=rng.random() < 0.6, progress=rng.choice(PROGRESS),
            )
            for action in actions for q in range(1, 5)
        ),
        batch_size=10000,
    )  # fmt: skip
    planned = defaultdict(Decimal)
    for action in actions:
        planned[(action.plan.zone_id, action.fund_id, action.funding_year)] += action.amount
    Allocation.objects.bulk_create(
        (
            Allocation(
                zone_id=zone_id, fund_id=fund_id, year=year, act="Decreto",
                amount=(total * Decimal("1.1")).quantize(Decimal("0.01")),
                act_date=dt.date(year, 1, 15),
            )
            for (zone_id, fund_id, year), total in planned.items()
        ),
        batch_size=5000,
    )  # fmt: skip
    n_spending = round(SPENDING * args.scale)
    for start in range(0, n_spending, CHUNK):
        batch = []
        for i in range(start, min(start + CHUNK, n_spending)):
            action = actions[rng.randrange(len(actions))]
            batch.append(
                Spending(
                    action=action, kind=rng.choice(("commitment", "payment")),
                    amount=money(rng, 10, 20_000), act_number=f"Det. {i + 1}",
                    date=dt.date(action.funding_year, 1, 1)
                    + dt.timedelta(days=rng.randrange(365)),
                )
            )  # fmt: skip
        Spending.objects.bulk_create(batch, batch_size=10000)
    budget = BudgetLine.objects.bulk_create(
        (
            BudgetLine(
                zone=zone, year=year, service_area=area, fund=fund,
                amount=money(rng, 0, 500_000), management_form=rng.choice(FORMS),
            )
            for zone in zones for year in years for area in AREAS for fund in funds
        ),
        batch_size=10000,
    )  # fmt: skip
    plan = next(p for p in plans if p.zone_id == zones[0].pk and p.period_start.year == LAST_YEAR)
    counts = {
        "years": len(years),
        "plans": len(plans),
        "actions": len(actions),
        "spending": n_spending,
        "budget_lines": len(budget),
    }
    return zones, planner, plan, counts


def run_backend(args) -> None:
    with backend_session(backend=args.backend, postgres=args.postgres, scratch_db=SCRATCH_DB):
        from django.db import connection
        from django.test import Client
        from django.urls import NoReverseMatch, reverse

        from ambito.planning import selectors
        from ambito.planning.models import BudgetLine, PlanAction, Spending

        print(
            f"[{args.backend}] {ZONES} ambiti, scala {args.scale:g} "
            f"({round(SPENDING * args.scale):,} impegni e pagamenti)...",
            flush=True,
        )
        t = time.perf_counter()
        zones, planner, plan, counts = build(args)
        build_s = time.perf_counter() - t
        print(
            f"[{args.backend}] dati in {build_s:.0f} s: {counts['plans']:,} piani, "
            f"{counts['actions']:,} azioni, {counts['spending']:,} impegni e pagamenti, "
            f"{counts['budget_lines']:,} voci di portafoglio",
            flush=True,
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        zone_id = zones[0].pk
        # A page that fails answers 500 (reported and skipped) instead of ending the run.
        client = Client(raise_request_exception=False)
        client.force_login(planner)
        results = {}
        missing = []

        def page(name, url_fn):
            """Time a page, or say it is not there (yet) and skip it."""
            try:
                url = url_fn()
            except NoReverseMatch:
                url = None
            status = client.get(url).status_code if url else None
            if status != 200:
                detail = f"HTTP {status}" if status else "URL non definito"
                print(f"[{args.backend}] pagina non disponibile: {name} ({detail})", flush=True)
                missing.append(name)
                return

            def fn():
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            results[name] = timed(args.runs, fn)

        results["Pagina del piano (selettore)"] = timed(
            args.runs, lambda: selectors.plan_page(plan=plan, today=TODAY)
        )
        results["Portafoglio (selettore)"] = timed(
            args.runs, lambda: selectors.portfolio(zone_id=zone_id, year=LAST_YEAR)
        )
        results["Tabella fondi 2025 (selettore)"] = timed(
            args.runs, lambda: selectors.fund_table(zone_id=zone_id, year=LAST_YEAR)
        )
        results["Tabella fondi, tutti gli anni (selettore)"] = timed(
            args.runs, lambda: selectors.fund_table(zone_id=zone_id)
        )
        page("Pagina del piano", lambda: reverse("planning:plan", args=[plan.uuid]))
        page("Pagina fondi e portafoglio", lambda: reverse("planning:funds") + f"?anno={LAST_YEAR}")

        def raw(sql, params):
            def fn():
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    cursor.fetchall()

            return fn

        spending_t, action_t = Spending._meta.db_table, PlanAction._meta.db_table
        budget_t = BudgetLine._meta.db_table
        results["SQL nudo: spesa del piano"] = timed(
            args.runs,
            raw(
                f"SELECT action_id, kind, SUM(amount) FROM {spending_t} WHERE action_id IN "
                f"(SELECT id FROM {action_t} WHERE plan_id = %s) GROUP BY action_id, kind",
                [plan.pk],
            ),
        )
        results["SQL nudo: portafoglio"] = timed(
            args.runs,
            raw(
                f"SELECT service_area, fund_id, SUM(amount) FROM {budget_t} "
                "WHERE zone_id = %s AND year = %s GROUP BY service_area, fund_id",
                [zone_id, LAST_YEAR],
            ),
        )
        connection.close()
        print(
            "RESULT "
            + json.dumps(
                {
                    "backend": args.backend,
                    "scale": args.scale,
                    "counts": counts,
                    "build_s": build_s,
                    "missing": missing,
                    "results": results,
                }
            ),
            flush=True,
        )


def main() -> None:
    args = parse_args()
    if args.backend:
        run_backend(args)
        return
    results = run_backends(__file__, args.postgres)
    print()
    print(f"{'backend':<10}{'misura':<44}{'p50 ms':>9}{'p95 ms':>9}")
    for r in results:
        for name, (p50, p95) in r["results"].items():
            print(f"{r['backend']:<10}{name:<44}{p50:>9.1f}{p95:>9.1f}")
    for r in results:
        res, counts = r["results"], r["counts"]
        plan_sel = res["Pagina del piano (selettore)"][1]
        portfolio_sel = res["Portafoglio (selettore)"][1]
        plan_ratio = plan_sel / res["SQL nudo: spesa del piano"][1]
        portfolio_ratio = portfolio_sel / res["SQL nudo: portafoglio"][1]
        judged = {
            "pagina del piano": res.get("Pagina del piano", (0, plan_sel))[1],
            "portafoglio": res.get("Pagina fondi e portafoglio", (0, portfolio_sel))[1],
        }
        worst_name, worst = max(judged.items(), key=lambda i: i[1])
        source = "pagine" if not r["missing"] else "selettori per le pagine mancanti"
        print(
            f"[{r['backend']}] dati in {r['build_s']:.0f} s ({counts['actions']:,} azioni, "
            f"{counts['spending']:,} impegni e pagamenti); pagina del piano/SQL nudo "
            f"{plan_ratio:.1f}x, portafoglio/SQL nudo {portfolio_ratio:.1f}x"
        )
        if r["missing"]:
            print(f"[{r['backend']}] pagine non misurate: {', '.join(r['missing'])}")
        print(
            f"[{r['backend']}] peggiore: {worst_name} {worst:.1f} ms ({source}); "
            f"obiettivo pagine p95 <= {TARGET_MS} ms: "
            f"{'OK' if worst <= TARGET_MS else 'NON RAGGIUNTO'}"
        )


if __name__ == "__main__":
    main()
