"""Benchmark of the RSA waiting lists (§7): recomputing and reading one structure's ranking in
a 25-zone region with 200,000 applications, each with 1-3 preferences among the zone's 8
structures.

    .venv/bin/python tests/bench/bench_rsa.py                       # SQLite
    .venv/bin/python tests/bench/bench_rsa.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python tests/bench/bench_rsa.py --scale 0.1 --runs 10    # quick run

The region (bulk inserts, random.Random(19)): 25 zones, each with 8 structures (one body
each), a score sheet, 8,000 persons and one application each (every status, scores 0-100,
one application in ten of a higher class), 1-3 preferences per application; the rankings of
all structures computed. --scale multiplies persons and applications.

Measured, p50/p95 (ms), on zone 0's structure with the longest list:
- recompute: `rsa.services.ranking.recompute` (SELECT ROW_NUMBER(), compared with the stored
  rows: nothing changed), and after the last application jumps to the top of its class and
  back (every row between moves: the list rebuilt by DELETE + INSERT … SELECT);
- read: `rsa.selectors.ranking_for` first page (50 positions with their reasons and names, as
  the page shows them), and the whole ranking with reasons (`ranking.current`);
- floor: the raw SQL read of 50 ranking rows by position; ratio read/floor.
Target: recompute and read p95 <= 200 ms. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
import uuid
from decimal import Decimal

from benchlib import backend_session, print_figures, run_backends, timed

SCRATCH_DB = "rsa_bench"
ZONES, STRUCTURES = 25, 8
APPLICATIONS = 200_000
STATUSES = ("active",) * 7 + ("offered", "admitted", "withdrawn", "deceased", "removed")
TARGET = 200


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--postgres", metavar="URL")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    return parser.parse_args()


def build(args):
    from bench_providers import _people
    from django.db import transaction

    from ambito.core.models import User
    from ambito.core.roles import role_group
    from ambito.rsa.models import Application, Preference, ScoreSheet, Structure
    from ambito.rsa.services import ranking
    from ambito.territory.models import Municipality, Organisation, Zone

    rng = random.Random(19)
    per_zone = max(100, round(APPLICATIONS * args.scale / ZONES))
    planner, counts = None, {"applications": 0, "preferences": 0}
    for z in range(ZONES):
        with transaction.atomic():
            zone = Zone.objects.create(code=f"z{z:02d}", name=f"Zona {z}", kind="sds", region="T")
            munis = [
                Municipality.objects.create(
                    zone=zone, istat_code=f"{z:02d}{i:04d}", belfiore_code=f"Y{z:02d}{i}",
                    name=f"Comune {z}-{i}", province_code="CR",
                )
                for i in range(5)
            ]  # fmt: skip
            user = User.objects.create(username=f"piano{z}", zone=zone)
            user.groups.add(role_group("planner"))
            planner = planner or user
            structures = []
            for s in range(STRUCTURES):
                body = Organisation.objects.create(
                    zone=zone, kind="structure", name=f"Ente {z}-{s}"
                )
                structures.append(
                    Structure.objects.create(
                        zone=zone,
                        name=f"RSA {z}-{s}",
                        municipality=munis[s % 5],
                        beds=80,
                        body=body,
                    )
                )
            sheet = ScoreSheet.objects.create(
                zone=zone, title="Scheda", valid_from=dt.date(2020, 1, 1), isee_bands=[[None, 0]]
            )
            persons = _people(zone, munis, per_zone, z * per_zone)
            apps = []
            for i, person in enumerate(persons):
                score = Decimal(rng.randint(0, 100))
                apps.append(
                    Application(
                        uuid=uuid.uuid4(), zone=zone, number=f"2025/{i + 1:06d}", person=person,
                        municipality_id=person.residence_municipality_id,
                        submitted_on=dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 900)),
                        sheet=sheet, evaluated_on=dt.date(2023, 1, 1), health_score=score,
                        base_score=score, score=score,
                        priority_class=rng.choice((1, 2)) if rng.random() < 0.1 else 3,
                        status=rng.choice(STATUSES), created_by=user,
                    )
                )  # fmt: skip
            apps = Application.objects.bulk_create(apps, batch_size=5000)
            prefs = [
                Preference(application=a, structure=s, rank=r)
                for a in apps
                for r, s in enumerate(rng.sample(structures, rng.randint(1, 3)), start=1)
            ]
            Preference.objects.bulk_create(prefs, batch_size=10000)
            ranking.recompute([s.pk for s in structures])
            counts["applications"] += len(apps)
            counts["preferences"] += len(prefs)
        print(f"  zona {z}: {len(apps)} domande", flush=True)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"planner": planner, "counts": counts}


def measure(args, built) -> dict:
    from django.db import connection
    from django.db.models import Count

    from ambito.rsa import selectors
    from ambito.rsa.models import Structure
    from ambito.rsa.services import ranking

    planner = built["planner"]
    structure = (
        Structure.objects.filter(zone_id=planner.zone_id)
        .annotate(n=Count("ranking"))
        .order_by("-n")
        .first()
    )
    built["counts"]["ranking_length"] = structure.n
    floor_sql = (
        "SELECT position, application_id, priority_class, score, submitted_on, number "
        f"FROM rsa_rankingrow WHERE structure_id = {structure.pk} ORDER BY position LIMIT 50"  # noqa: S608
    )

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(floor_sql)
            cursor.fetchall()

    from ambito.rsa.models import Application, RankingRow

    last = RankingRow.objects.filter(structure=structure).order_by("-position").first()
    scores = [Decimal(999), Decimal(last.score)]

    def moved():
        # The last application jumps to the top of its class and back: every row between moves.
        scores.reverse()
        Application.objects.filter(pk=last.application_id).update(score=scores[0])
        ranking.recompute([structure.pk])

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + ranking.SELECT_SQL, [structure.pk])
            print("\n".join(r[0] for r in cursor.fetchall()), flush=True)

    return {
        "ricalcolo della graduatoria": timed(args.runs, lambda: ranking.recompute([structure.pk])),
        "ricalcolo dopo uno spostamento in testa": timed(args.runs, moved),
        "lettura: prima pagina (50)": timed(
            args.runs, lambda: selectors.ranking_for(planner, structure, start=1, stop=50)
        ),
        "lettura: graduatoria intera": timed(args.runs, lambda: ranking.current(structure)),
        "floor: 50 righe SQL": timed(args.runs, floor),
    }


def child(args):
    with backend_session(backend=args.backend, postgres=args.postgres, scratch_db=SCRATCH_DB):
        import ambito.rsa.selectors  # noqa: F401

        started = time.monotonic()
        built = build(args)
        built_s = time.monotonic() - started
        results = measure(args, built)
        print(
            "RESULT "
            + json.dumps(
                {
                    "backend": args.backend,
                    "build_s": round(built_s, 1),
                    "counts": built["counts"],
                    "results": results,
                }
            ),
            flush=True,
        )


def main():
    args = parse_args()
    if args.backend:
        child(args)
        return
    results = run_backends(__file__, args.postgres)
    for r in results:
        print(f"{r['backend']}: costruito in {r['build_s']} s, {r['counts']}")
    print_figures(results)
    for r in results:
        f = r["results"]
        recompute, page = f["ricalcolo della graduatoria"][1], f["lettura: prima pagina (50)"][1]
        floor = f["floor: 50 righe SQL"][1]
        print(
            f"{r['backend']}: ricalcolo p95 {recompute:.1f} ms, lettura p95 {page:.1f} ms "
            f"(obiettivo {TARGET}), lettura/floor {page / floor if floor else float('nan'):.1f}"
        )


if __name__ == "__main__":
    main()
