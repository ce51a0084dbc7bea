"""Benchmark of the pathway's pages (issue 4): 200,000 cases with their history.

    .venv/bin/python tests/bench/bench_cases.py                       # SQLite
    .venv/bin/python tests/bench/bench_cases.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python tests/bench/bench_cases.py --cases 20000 --runs 10   # quick run

One zone, 9 municipalities, N persons each with a case (history: 3 transitions, 2 diary
entries, a task); social workers with caseloads of 20, 200 and 2,000 open cases. Measured
through the Django test client (middleware, templates, audit rows included): "my work" for each
caseload and the case page, p50/p95 and the number of SQL queries (the same whatever the
caseload). Floor: a bare `SELECT` of the manager's open cases in the same run.
Targets: pages p95 <= 150 ms. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time

from benchlib import backend_session, percentile, run_backends

SCRATCH_DB = "bench_cases"
CASELOADS = (20, 200, 2000)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--postgres", metavar="URL")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    return parser.parse_args()


def build(args):
    from django.utils import timezone

    from ambito.cases.models import Case, CaseMember, CaseTransition, DiaryEntry, Task
    from ambito.core import fiscal_code
    from ambito.core.models import User
    from ambito.core.roles import role_group
    from ambito.registry.models import Person
    from ambito.territory.models import Municipality, Zone

    zone = Zone.objects.create(code="bench", name="Zona bench", kind="sds", region="Toscana")
    munis = [
        Municipality.objects.create(
            zone=zone, istat_code=f"0470{i:02d}", belfiore_code=f"Z{i:03d}",
            name=f"Comune {i}", province_code="PT",
        )
        for i in range(1, 10)
    ]  # fmt: skip
    places = ["G713", "H109", "A071", "F384", "E715", "D969", "F205", "H501", "L219", "A944"]
    persons = []
    for i in range(args.cases):
        last, first, sex = f"Cognome{i % 997}", ["Mario", "Giulia"][i % 2], "MF"[i % 2]
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=(i * 7) % 25000)
        code = fiscal_code.encode(
            last_name=last, first_name=first, sex=sex, birth_date=birth,
            birth_place_code=places[(i // 25000) % len(places)],
        )  # fmt: skip
        persons.append(
            Person(
                zone=zone, fiscal_code=code, last_name=last, first_name=first, sex=sex,
                birth_date=birth, birth_place="Pistoia", birth_place_code="G713",
                residence_municipality=munis[i % 9], last_name_key=last.upper(),
                first_name_key=first.upper(),
            )
        )  # fmt: skip
    Person.objects.bulk_create(persons, batch_size=5000)
    workers = []
    for load in CASELOADS:
        user = User.objects.create(
            username=f"as{load}", zone=zone, first_name="AS", last_name=str(load)
        )
        user.groups.add(role_group("social_worker"))
        user.municipalities.set(munis)
        workers.append(user)
    others = []
    for n in range(40):
        user = User.objects.create(username=f"altro{n}", zone=zone)
        user.groups.add(role_group("social_worker"))
        others.append(user)
    now = timezone.now()
    managers = []
    for load, worker in zip(CASELOADS, workers, strict=True):
        managers += [worker] * load
    managers += [others[i % len(others)] for i in range(args.cases - len(managers))]
    cases = [
        Case(
            zone=zone, municipality=p.residence_municipality, person=p, line="social",
            status="in_progress" if i % 5 else "closed", source="direct",
            case_manager=managers[i], opened_at=now - dt.timedelta(days=i % 700),
            assigned_at=now, closed_at=None if i % 5 else now,
            number=f"2026/{i + 1:06d}",
        )
        for i, p in enumerate(persons)
    ]  # fmt: skip
    measured = {worker.pk for worker in workers}  # their whole caseload is open
    for case in cases:
        if case.case_manager_id in measured:
            case.status, case.closed_at = "in_progress", None
    Case.objects.bulk_create(cases, batch_size=5000)
    CaseMember.objects.bulk_create(
        [CaseMember(case=c, user_id=c.case_manager_id, role="case_manager") for c in cases],
        batch_size=5000,
    )
    steps = [
        ("open", "", "entry"),
        ("assign", "entry", "assigned"),
        ("start", "project_signed", "in_progress"),
    ]
    CaseTransition.objects.bulk_create(
        [
            CaseTransition(
                case=c, name=n, from_status=f, to_status=t, actor_id=c.case_manager_id, at=now
            )
            for c in cases
            for n, f, t in steps
        ],
        batch_size=10000,
    )  # fmt: skip
    DiaryEntry.objects.bulk_create(
        [
            DiaryEntry(
                case=c, kind="interview", happened_at=now, text="Colloquio",
                author_id=c.case_manager_id,
            )
            for c in cases
            for _ in range(2)
        ],
        batch_size=10000,
    )  # fmt: skip
    Task.objects.bulk_create(
        [
            Task(case=c, title="Verifica", due_on=(now + dt.timedelta(days=i % 30 - 10)).date(),
                 assignee_id=c.case_manager_id, created_by_id=c.case_manager_id)
            for i, c in enumerate(cases)
        ],
        batch_size=10000,
    )  # fmt: skip
    return workers, cases


def run_backend(args) -> None:
    with backend_session(backend=args.backend, postgres=args.postgres, scratch_db=SCRATCH_DB):
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from ambito.cases.models import Case

        print(f"[{args.backend}] {args.cases:,} cartelle...", flush=True)
        t = time.perf_counter()
        workers, cases = build(args)
        build_s = time.perf_counter() - t
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        def timed(client, url):
            client.get(url)
            times = []
            for _ in range(args.runs):
                t = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200, response.status_code
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            return statistics.median(times), percentile(times, 95), len(queries)

        result = {"backend": args.backend, "cases": args.cases, "build_s": build_s, "pages": []}
        for load, worker in zip(CASELOADS, workers, strict=True):
            client = Client()
            client.force_login(worker)
            p50, p95, queries = timed(client, "/cartelle/")
            result["pages"].append(("Il mio lavoro", load, p50, p95, queries))
            case = Case.objects.filter(case_manager=worker).first()
            p50, p95, queries = timed(client, f"/cartelle/{case.uuid}/")
            result["pages"].append(("Cartella", load, p50, p95, queries))

        def floor():
            list(
                Case.objects.filter(case_manager=workers[-1])
                .exclude(status="closed")
                .values_list("pk", "number")
            )

        floor()
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            floor()
            times.append((time.perf_counter() - t) * 1000)
        result["floor_p95"] = percentile(times, 95)
        connection.close()
        print("RESULT " + json.dumps(result), flush=True)


def main() -> None:
    args = parse_args()
    if args.backend:
        run_backend(args)
        return
    results = run_backends(__file__, args.postgres)
    print()
    print(f"{'backend':<10}{'pagina':<16}{'carico':>8}{'p50 ms':>9}{'p95 ms':>9}{'query':>7}")
    for r in results:
        for name, load, p50, p95, queries in r["pages"]:
            print(f"{r['backend']:<10}{name:<16}{load:>8,}{p50:>9.1f}{p95:>9.1f}{queries:>7}")
        worst = max(p95 for _, _, _, p95, _ in r["pages"])
        print(
            f"[{r['backend']}] dati in {r['build_s']:.0f} s; SQL nudo delle 2.000 cartelle p95 "
            f"{r['floor_p95']:.1f} ms; obiettivo pagine p95 <= 150 ms: "
            f"{'OK' if worst <= 150 else 'NON RAGGIUNTO'} (peggiore {worst:.1f} ms)"
        )


if __name__ == "__main__":
    main()
