"""Benchmark of the third-sector network (§8): a zone's network report and an organisation's
page in a 25-zone region with 5,000 organisations, 20,000 candidatures and 200,000 monthly
commitment records.

    .venv/bin/python tests/bench/bench_network.py                       # SQLite
    .venv/bin/python tests/bench/bench_network.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python tests/bench/bench_network.py --scale 0.05 --runs 3   # quick run

The region (bulk_create, no services, random.Random(17)): 25 zones, each with a pact of six
lines (the four base levels of seed 000 and two more), 200 third-sector bodies with two fields
of activity each, adhering to the pact; 800 candidatures per zone on distinct (body, line)
pairs in every state; for the accepted and active ones (about half), monthly commitment records
back from November 2025 until 200,000 rows are written (8,000 per zone); 20 agreements per
zone. --scale multiplies the bodies, candidatures and records; the zones stay 25.
Measured in the same run, p50/p95 (ms):
- the report's read (`network_report`) of zone 0 for 2025, and the report page through the
  test client as zone 0's plan office;
- the organisation page (`network:organisation`) of the body of zone 0 with the most records,
  as the plan office and as that body's own operator (skipped with "pagina non disponibile"
  while the page does not exist);
- floor: the raw SQL of the report's heaviest table (records per body and line in the year),
  with the ratio report/floor.
Target: both pages p95 <= 200 ms. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
from decimal import Decimal

from benchlib import backend_session, run_backends, timed

SCRATCH_DB = "bench_network"
ZONES, LINES, BODIES, CANDIDATURES, RECORDS, AGREEMENTS = 25, 6, 5_000, 20_000, 200_000, 20
YEAR = 2025
LAST_MONTH = dt.date(YEAR, 11, 1)
TARGET_MS = 200
STATES = ("submitted", "under_review", "accepted", "rejected", "active", "ended", "withdrawn")
WEIGHTS = (1, 1, 2, 1, 4, 1, 1)  # about half accepted or active: they carry the records


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--postgres", metavar="URL")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    return parser.parse_args()


def _months_back(n: int) -> list[dt.date]:
    months, month = [], LAST_MONTH
    for _ in range(n):
        months.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return months


def build(args):
    from ambito.core.models import User
    from ambito.core.roles import role_group
    from ambito.network.models import Adhesion, Agreement, Candidature, CommitmentRecord
    from ambito.planning.models import Plan, PlanObjective
    from ambito.territory.models import ActivityField, Organisation, Zone

    rng = random.Random(17)
    per_zone = max(4, round(BODIES * args.scale / ZONES))
    candidatures_per_zone = min(per_zone * LINES, max(4, round(CANDIDATURES * args.scale / ZONES)))
    records_target = round(RECORDS * args.scale)
    zones = Zone.objects.bulk_create(
        Zone(code=f"z{z:02d}", name=f"Zona {z}", kind="sds", region="Toscana", province_code="LU")
        for z in range(ZONES)
    )
    planner = User.objects.create(username="planner0", zone=zones[0])
    planner.groups.add(role_group("planner"))
    pacts = Plan.objects.bulk_create(
        Plan(
            zone=zone, kind="pact", title=f"Patto territoriale – {zone.name}",
            period_start=dt.date(2020, 1, 1), period_end=dt.date(2027, 12, 31),
            status="in_execution",
        )
        for zone in zones
    )  # fmt: skip
    lines = PlanObjective.objects.bulk_create(
        PlanObjective(plan=pact, code=f"Linea {n + 1}", title=f"Linea {n + 1}", position=n)
        for pact in pacts
        for n in range(LINES)
    )
    lines_of = {pact.zone_id: [line for line in lines if line.plan_id == pact.pk] for pact in pacts}
    bodies = Organisation.objects.bulk_create(
        (
            Organisation(
                zone=zone, kind="third_sector", name=f"Ente {z}-{b}",
                legal_form="Organizzazione di volontariato (ODV)",
                runts_number=str(100_000_000 + z * 10_000 + b), runts_section="a",
            )
            for z, zone in enumerate(zones) for b in range(per_zone)
        ),
        batch_size=5000,
    )  # fmt: skip
    fields = list(ActivityField.objects.all())
    through = Organisation.fields_of_activity.through
    through.objects.bulk_create(
        (
            through(organisation_id=body.pk, activityfield_id=field.pk)
            for body in bodies
            for field in rng.sample(fields, 2)
        ),
        batch_size=10000,
    )
    Adhesion.objects.bulk_create(
        (
            Adhesion(
                zone_id=body.zone_id, pact=pact, organisation=body,
                signed_on=dt.date(2020, 3, 1) + dt.timedelta(days=rng.randrange(900)),
                signatory="Legale rappresentante", recorded_by=planner,
            )
            for pact in pacts for body in bodies if body.zone_id == pact.zone_id
        ),
        batch_size=5000,
    )  # fmt: skip
    rows = []
    for zone in zones:
        zone_bodies = [b for b in bodies if b.zone_id == zone.pk]
        pairs = [(b, line) for b in zone_bodies for line in lines_of[zone.pk]]
        for body, line in rng.sample(pairs, candidatures_per_zone):
            state = rng.choices(STATES, WEIGHTS)[0]
            rows.append(
                Candidature(
                    zone=zone, line=line, organisation=body, state=state,
                    people=rng.randint(1, 10), hours_per_month=Decimal(rng.randint(4, 60)),
                    money=Decimal(rng.choice((0, 0, 500, 2000))),
                    contribution="Contributo", proposed_role="Ruolo", submitted_by=planner,
                    active_from=dt.date(2021, 1, 1) if state in ("active", "ended") else None,
                )
            )  # fmt: skip
    candidatures = Candidature.objects.bulk_create(rows, batch_size=5000)
    engaged = [c for c in candidatures if c.state in ("accepted", "active")]
    months = _months_back(max(1, -(-records_target // max(1, len(engaged)))))
    written, batch = 0, []
    for month in months:
        for c in engaged:
            if written >= records_target:
                break
            batch.append(
                CommitmentRecord(
                    zone_id=c.zone_id, line_id=c.line_id, organisation_id=c.organisation_id,
                    month=month, hours=c.hours_per_month + rng.randint(-3, 3),
                    people=c.people, expenses=Decimal(rng.choice((0, 0, 50))),
                    training_hours=Decimal(rng.choice((0, 0, 0, 4))), recorded_by=planner,
                )
            )  # fmt: skip
            written += 1
            if len(batch) == 20_000:
                CommitmentRecord.objects.bulk_create(batch, batch_size=10000)
                batch = []
    CommitmentRecord.objects.bulk_create(batch, batch_size=10000)
    Agreement.objects.bulk_create(
        (
            Agreement(
                zone=zone, organisation=rng.choice([b for b in bodies if b.zone_id == zone.pk]),
                kind="volunteer", number=f"CONV {a + 1}", subject="Servizi di prossimità",
                line=rng.choice(lines_of[zone.pk]),
                starts_on=dt.date(2024, 1, 1),
                ends_on=dt.date(2025, 12, 1) + dt.timedelta(days=30 * a),
                reimbursement_ceiling=Decimal("10000.00"), recorded_by=planner,
            )
            for zone in zones for a in range(AGREEMENTS)
        ),
        batch_size=5000,
    )  # fmt: skip
    from django.db.models import Count

    busiest = (
        CommitmentRecord.objects.filter(zone=zones[0])
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    body = Organisation.objects.get(pk=busiest["organisation_id"])
    operator = User.objects.create(username="operator0", zone=zones[0], organisation=body)
    operator.groups.add(role_group("third_sector"))
    counts = {
        "bodies": len(bodies),
        "candidatures": len(candidatures),
        "records": written,
        "records_of_body": busiest["n"],
    }
    return zones, planner, operator, body, counts


def run_backend(args) -> None:
    with backend_session(backend=args.backend, postgres=args.postgres, scratch_db=SCRATCH_DB):
        from django.db import connection
        from django.test import Client
        from django.urls import NoReverseMatch, reverse

        from ambito.network.models import CommitmentRecord
        from ambito.network.selectors.reports import network_report

        print(f"[{args.backend}] {ZONES} ambiti, scala {args.scale:g}...", flush=True)
        t = time.perf_counter()
        zones, planner, operator, body, counts = build(args)
        build_s = time.perf_counter() - t
        print(
            f"[{args.backend}] dati in {build_s:.0f} s: {counts['bodies']:,} enti, "
            f"{counts['candidatures']:,} candidature, {counts['records']:,} impegni mensili",
            flush=True,
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        results, missing = {}, []

        def page(name, user, url_fn):
            """Time a page, or say it is not there (yet) and skip it."""
            client = Client(raise_request_exception=False)
            client.force_login(user)
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

        on = dt.date(YEAR, 12, 31)
        results["Report della rete (selettore)"] = timed(
            args.runs, lambda: network_report(user=planner, year=YEAR, on=on)
        )
        page("Report della rete", planner, lambda: reverse("network:report") + f"?anno={YEAR}")
        page(
            "Pagina dell'ente (ufficio di piano)",
            planner,
            lambda: reverse("network:organisation", args=[body.uuid]),
        )
        page(
            "Pagina dell'ente (operatore dell'ente)",
            operator,
            lambda: reverse("network:organisation", args=[body.uuid]),
        )
        table = CommitmentRecord._meta.db_table

        def floor():
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT organisation_id, line_id, COUNT(*), SUM(hours) FROM {table} "
                    "WHERE zone_id = %s AND month >= %s AND month <= %s "
                    "GROUP BY organisation_id, line_id",
                    [zones[0].pk, dt.date(YEAR, 1, 1), on],
                )
                cursor.fetchall()

        results["SQL nudo: impegni per ente e linea"] = timed(args.runs, floor)
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
        ratio = (
            res["Report della rete (selettore)"][1] / res["SQL nudo: impegni per ente e linea"][1]
        )
        pages = {k: v[1] for k, v in res.items() if "selettore" not in k and "SQL" not in k}
        worst_name, worst = max(pages.items(), key=lambda i: i[1]) if pages else ("—", 0.0)
        print(
            f"[{r['backend']}] dati in {r['build_s']:.0f} s ({counts['records']:,} impegni, "
            f"{counts['records_of_body']} dell'ente misurato); report/SQL nudo {ratio:.1f}x"
        )
        if r["missing"]:
            print(f"[{r['backend']}] pagine non misurate: {', '.join(r['missing'])}")
        print(
            f"[{r['backend']}] peggiore: {worst_name} {worst:.1f} ms; obiettivo p95 <= "
            f"{TARGET_MS} ms: {'OK' if worst <= TARGET_MS else 'NON RAGGIUNTO'}"
        )


if __name__ == "__main__":
    main()
