"""Benchmark of the emergency service (issue 5): shelters' availability for a 25-zone region
and the service's report over 100,000 emergencies.

    .venv/bin/python tests/bench/bench_emergency.py                       # SQLite
    .venv/bin/python tests/bench/bench_emergency.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python tests/bench/bench_emergency.py --emergencies 20000 --runs 10   # quick run

The region: 25 zones of 4 municipalities, 8 shelters each (200 shelters, 2,000 places), N
emergencies over one year spread over the zones, each with one criterion; about 45% placed,
the placements of the past closed and the last ones still open, so that the open placements
fill about half the places. Measured in the same run, p50/p95 (ms):
- availability of every shelter of the region (the selector the operator's page uses), and the
  availability API of one zone through the test client (auth, audit, JSON);
- the report (criteria, municipalities, hours, outcomes, response-time percentiles, monthly
  occupancy) for one zone and for the whole region, and the report page of one zone;
- floors: the raw SQL of the open places by shelter and type, and the very SQL statements the
  region's report runs (captured once, then executed raw), with the ratios.
Target: availability p95 <= 100 ms. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time

from benchlib import backend_session, print_figures, run_backends, timed

SCRATCH_DB = "bench_emergency"
ZONES, MUNICIPALITIES, SHELTERS = 25, 4, 8
YEAR = 2025


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--emergencies", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--postgres", metavar="URL")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    return parser.parse_args()


def build(args):
    from zoneinfo import ZoneInfo

    from ambito.core.models import User
    from ambito.core.roles import role_group
    from ambito.emergency.models import Emergency, Placement, Shelter, UrgencyCriterion
    from ambito.territory.models import Municipality, Zone

    rng = random.Random(5)
    rome = ZoneInfo("Europe/Rome")
    group = role_group("emergency")
    zones, operators, munis, shelters = [], [], {}, {}
    for z in range(ZONES):
        zone = Zone.objects.create(code=f"z{z:02d}", name=f"Zona {z}", kind="sds", region="Toscana")
        zones.append(zone)
        munis[zone.pk] = [
            Municipality.objects.create(
                zone=zone, istat_code=f"{z:03d}{m:03d}", belfiore_code=f"Z{z:02d}{m}",
                name=f"Comune {z}-{m}", province_code="PT",
            )
            for m in range(MUNICIPALITIES)
        ]  # fmt: skip
        user = User.objects.create(username=f"seus{z}", zone=zone)
        user.groups.add(group)
        user.municipalities.set(munis[zone.pk])
        operators.append(user)
        shelters[zone.pk] = Shelter.objects.bulk_create(
            Shelter(
                zone=zone, municipality=munis[zone.pk][s % MUNICIPALITIES],
                name=f"Struttura {z}-{s}",
                capacity_adult=rng.choice((0, 6, 10)), capacity_woman_child=rng.choice((0, 4, 8)),
                capacity_minor=rng.choice((0, 2, 4)), is_open=s != 7,
            )
            for s in range(SHELTERS)
        )  # fmt: skip
    criteria = list(UrgencyCriterion.objects.filter(parent__isnull=False))
    start = dt.datetime(YEAR, 1, 1, tzinfo=rome)
    rows, plans = [], []
    numbers = {}
    for i in range(args.emergencies):
        z = i % ZONES
        zone = zones[z]
        # In UTC: minutes added to a Europe/Rome wall time are wrong across DST.
        reported = (start + dt.timedelta(minutes=rng.randrange(365 * 24 * 60))).astimezone(dt.UTC)
        response = max(int(rng.lognormvariate(3.3, 0.6)), 1)
        placed = rng.random() < 0.45
        numbers[z] = numbers.get(z, 0) + 1
        rows.append(
            Emergency(
                zone=zone, number=f"{YEAR}/{numbers[z]:06d}", reported_at=reported,
                reported_hour=reported.astimezone(rome).hour, reporter_kind="police",
                municipality=munis[zone.pk][i % MUNICIPALITIES], location="Via", situation="Bench",
                received_by=operators[z],
                first_response_at=reported + dt.timedelta(minutes=response),
                response_minutes=response,
                placed_at=reported + dt.timedelta(minutes=response * 2) if placed else None,
                placement_minutes=response * 2 if placed else None,
                outcome="placement" if placed else rng.choice(("other_measure", "not_emergency")),
                involves_minor=i % 7 == 0,
            )
        )  # fmt: skip
        plans.append((z, placed))
    emergencies = Emergency.objects.bulk_create(rows, batch_size=5000)
    through = Emergency.criteria.through
    through.objects.bulk_create(
        (through(emergency_id=e.pk, urgencycriterion_id=criteria[n % len(criteria)].pk)
         for n, e in enumerate(emergencies)),
        batch_size=10000,
    )  # fmt: skip
    # Past placements closed after a few days; those of the last weeks of the year stay open,
    # about half the region's places (open placements never exceed a shelter's capacity).
    free = {
        (s.pk, t): s.capacity(t) // 2
        for ss in shelters.values() for s in ss
        for t in ("adult", "woman_child", "minor")
    }  # fmt: skip
    placements = []
    for e, (z, placed) in sorted(
        zip(emergencies, plans, strict=True), key=lambda x: x[0].reported_at, reverse=True
    ):
        if not placed:
            continue
        shelter = shelters[zones[z].pk][e.pk % (SHELTERS - 1)]
        place_type = ("adult", "woman_child", "minor")[e.pk % 3]
        if not shelter.capacity(place_type):
            place_type = "adult" if shelter.capacity_adult else "woman_child"
        open_ = free.get((shelter.pk, place_type), 0) > 0
        if open_:
            free[(shelter.pk, place_type)] -= 1
        placements.append(
            Placement(
                emergency=e, shelter=shelter, place_type=place_type, places=1,
                placed_at=e.placed_at, placed_by=operators[z],
                left_at=None if open_ else e.placed_at + dt.timedelta(days=1 + e.pk % 10),
            )
        )  # fmt: skip
    Placement.objects.bulk_create(placements, batch_size=10000)
    return zones, operators, len(placements)


def run_backend(args) -> None:
    with backend_session(backend=args.backend, postgres=args.postgres, scratch_db=SCRATCH_DB):
        from django.db import connection
        from django.test import Client

        from ambito.emergency import reports, selectors

        print(f"[{args.backend}] {args.emergencies:,} segnalazioni, {ZONES} ambiti...", flush=True)
        t = time.perf_counter()
        zones, operators, placements = build(args)
        build_s = time.perf_counter() - t
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        region = [z.pk for z in zones]
        first, last = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
        client = Client()
        client.force_login(operators[0])
        results = {}

        def get(url):
            def fn():
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            return fn

        results["Disponibilità regione (selettore)"] = timed(
            args.runs, lambda: selectors.availability(zone_ids=region)
        )
        results["Disponibilità ambito (API)"] = timed(
            args.runs, get("/api/v1/emergency/availability")
        )
        results["Report ambito (selettore)"] = timed(
            args.runs,
            lambda: reports.emergency_report(zone_ids=[zones[0].pk], start=first, end=last),
        )
        results["Report regione (selettore)"] = timed(
            max(args.runs // 3, 3),
            lambda: reports.emergency_report(zone_ids=region, start=first, end=last),
        )
        results["Pagina report ambito"] = timed(
            args.runs, get(f"/emergenze/report/?start={first}&end={last}")
        )
        table_p = "emergency_placement"

        def raw(sql, params=()):
            def fn():
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    cursor.fetchall()

            return fn

        results["SQL nudo: posti occupati"] = timed(
            args.runs,
            raw(
                f"SELECT shelter_id, place_type, SUM(places) FROM {table_p} "
                "WHERE left_at IS NULL GROUP BY shelter_id, place_type"
            ),
        )
        # The floor of the report: the very SQL statements the report runs, executed raw (no
        # ORM, no Python work on the rows), so the ratio is the cost of everything else.
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            reports.emergency_report(zone_ids=region, start=first, end=last)
        statements = [q["sql"] for q in captured.captured_queries]

        def report_sql():
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()

        results["SQL nudo: le query del report regione"] = timed(max(args.runs // 3, 3), report_sql)
        connection.close()
        print(
            "RESULT "
            + json.dumps(
                {
                    "backend": args.backend,
                    "emergencies": args.emergencies,
                    "placements": placements,
                    "build_s": build_s,
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
    print_figures(results)
    for r in results:
        res = r["results"]
        avail = res["Disponibilità regione (selettore)"][1]
        floor_avail = res["SQL nudo: posti occupati"][1]
        report = res["Report regione (selettore)"][1]
        floor_report = res["SQL nudo: le query del report regione"][1]
        print(
            f"[{r['backend']}] dati in {r['build_s']:.0f} s ({r['emergencies']:,} segnalazioni, "
            f"{r['placements']:,} collocamenti); disponibilità/SQL nudo "
            f"{avail / floor_avail:.1f}x, report regione/SQL nudo {report / floor_report:.1f}x; "
            f"obiettivo disponibilità p95 <= 100 ms: {'OK' if avail <= 100 else 'NON RAGGIUNTO'}"
        )


if __name__ == "__main__":
    main()
