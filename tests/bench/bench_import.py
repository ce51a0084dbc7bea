"""Benchmark of the INPS import (issue 4): rows per second for the check (plan) and the commit.

    .venv/bin/python tests/bench/bench_import.py                      # SQLite, 100,000 rows
    .venv/bin/python tests/bench/bench_import.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python tests/bench/bench_import.py --rows 10000          # quick run

One zone, 9 municipalities, N/2 persons already in the registry (in households), a CSV of N
rows: 90% applicants already registered, 10% new (their codes decoded in full and registered),
40% positive (cases opened), the rest spread over the other statuses. Measured in the same run:
the plan (read + check), the commit, a second plan of the same file (all unchanged) and, as a
floor, reading the CSV with the csv module alone. Target: >= 2,000 rows/s.

The commit's phases are printed (wall and CPU seconds of this process; on a loaded machine
the CPU seconds are the steadier figure): the persons registered by the registry's bulk
service, the cases opened by the cases' bulk service, the milestones refreshed and the audit
rows written, each measured where the importer calls it. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
from collections import defaultdict
from contextlib import contextmanager, suppress

from benchlib import backend_session, run_backends

SCRATCH_DB = "bench_import"
STATUSES = ["Accolta"] * 4 + ["Respinta"] * 3 + ["Decaduta", "Sospesa", "In lavorazione"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--postgres", metavar="URL")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=4)
    return parser.parse_args()


PHASES = [
    # (label, module, attribute): the functions the commit calls, timed where they are looked up
    ("persone (persons_register_bulk)", "ambito.measures.importer", "persons_register_bulk"),
    ("cartelle (cases_open_bulk)", "ambito.measures.cases_bridge", "cases_open_bulk"),
    ("tappe (milestones.refresh)", "ambito.cases.milestones", "refresh"),
    ("registro modifiche (log_events_bulk)", "ambito.core.audit", "log_events_bulk"),
    ("domande nuove (insert)", "ambito.measures.importer", "_insert_new"),
    ("lettura persone per codice", "ambito.measures.importer", "persons_by_code"),
    ("lettura nuclei", "ambito.measures.importer", "current_households_of"),
    ("lettura domande per protocollo", "ambito.measures.importer", "_applications_by_protocol"),
]  # fmt: skip


@contextmanager
def timed_phases():
    """Wrap the PHASES' functions; yields {label: [wall s, cpu s, calls]} (nested calls of a
    phase inside another count in both)."""
    import importlib

    figures = defaultdict(lambda: [0.0, 0.0, 0])
    undo = []
    for label, module_name, name in PHASES:
        modules = [importlib.import_module(module_name)]
        if name == "log_events_bulk":  # imported by name into the callers' modules
            for other in ("ambito.measures.importer", "ambito.registry.bulk", "ambito.cases.bulk"):
                with suppress(ImportError):
                    modules.append(importlib.import_module(other))
        original = getattr(modules[0], name, None)
        if original is None:  # an older importer, without that service
            continue

        def wrapper(*a, _original=original, _label=label, **kw):
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return _original(*a, **kw)
            finally:
                entry = figures[_label]
                entry[0] += time.perf_counter() - wall
                entry[1] += time.process_time() - cpu
                entry[2] += 1

        for module in modules:
            if getattr(module, name, None) is original:
                setattr(module, name, wrapper)
                undo.append((module, name, original))
    try:
        yield figures
    finally:
        for module, name, original in undo:
            setattr(module, name, original)


def build(args, rng):
    from ambito.core import fiscal_code
    from ambito.core.models import User
    from ambito.core.roles import role_group
    from ambito.registry.models import Household, HouseholdMember, Person
    from ambito.territory.models import Municipality, Zone

    zone = Zone.objects.create(code="bench", name="Zona bench", kind="sds", region="Toscana")
    munis = [
        Municipality.objects.create(
            zone=zone, istat_code=f"0470{i:02d}", belfiore_code=f"Z{i:03d}", name=f"Comune {i}",
            province_code="PT",
        )
        for i in range(1, 10)
    ]  # fmt: skip
    user = User.objects.create(username="bench", zone=zone)
    user.groups.add(role_group("coordinator"))
    user.municipalities.set(munis)

    places = ["G713", "H109", "A071", "F384", "E715", "D969", "F205", "H501", "L219", "A944"]

    def person(i):
        # Codes differ by birth date, sex and place (the surname's letters are all "CGN").
        last, first, sex = f"Cognome{i % 997}", ["Mario", "Giulia"][i % 2], "MF"[i % 2]
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=(i * 7) % 25000)
        place = places[(i // 25000) % len(places)]
        code = fiscal_code.encode(
            last_name=last, first_name=first, sex=sex, birth_date=birth, birth_place_code=place
        )
        return last, first, sex, birth, code

    known, seen = [], set()
    i = 0
    while len(known) < args.rows // 2:
        data = person(i)
        i += 1
        if data[4] in seen:
            continue
        seen.add(data[4])
        known.append(data)
    persons = [
        Person(
            zone=zone, fiscal_code=code, last_name=last, first_name=first, sex=sex,
            birth_date=birth, birth_place="Pistoia", birth_place_code="G713",
            residence_municipality=munis[n % 9], last_name_key=fiscal_code.name_key(last),
            first_name_key=fiscal_code.name_key(first),
        )
        for n, (last, first, sex, birth, code) in enumerate(known)
    ]  # fmt: skip
    Person.objects.bulk_create(persons, batch_size=2000)
    households = Household.objects.bulk_create(
        [Household(zone=zone, municipality=p.residence_municipality) for p in persons],
        batch_size=2000,
    )
    HouseholdMember.objects.bulk_create(
        [
            HouseholdMember(
                household=h, person=p, relationship="head", start_date=dt.date(2020, 1, 1)
            )
            for h, p in zip(households, persons, strict=True)
        ],
        batch_size=2000,
    )
    new = []
    while len(new) < args.rows // 10:
        data = person(i)
        i += 1
        if data[4] not in seen:
            seen.add(data[4])
            new.append(data)
    lines = ["Protocollo;Codice fiscale;Cognome;Nome;Comune;Data domanda;Stato;Data esito;Motivo"]
    for row in range(args.rows):
        last, first, _, _, code = new[row % len(new)] if row % 10 == 9 else known[row % len(known)]
        lines.append(
            f"INPS-{row:07d};{code};{last};{first};Comune {row % 9 + 1};10/01/2025;"
            f"{STATUSES[row % len(STATUSES)]};20/01/2025;"
        )
    return zone, user, ("\n".join(lines) + "\n").encode()


def run_backend(args) -> None:
    rng = random.Random(args.seed)
    with backend_session(backend=args.backend, postgres=args.postgres, scratch_db=SCRATCH_DB):
        import csv
        import io

        from django.db import connections

        from ambito.measures.importer import commit_import, plan_import
        from ambito.measures.models import Application, Measure

        print(f"[{args.backend}] dati e file ({args.rows:,} righe)...", flush=True)
        zone, user, content = build(args, rng)
        adi = Measure.objects.get(code="ADI")
        t = time.perf_counter()
        rows = list(csv.reader(io.StringIO(content.decode()), delimiter=";"))
        floor = time.perf_counter() - t
        t = time.perf_counter()
        plan = plan_import(zone=zone, measure=adi, file_name="elenco.csv", content=content)
        plan_s = time.perf_counter() - t
        assert plan.ok, plan.errors[:3]
        t, cpu = time.perf_counter(), time.process_time()
        with timed_phases() as phases:
            outcome = commit_import(actor=user, plan=plan)
        commit_s = time.perf_counter() - t
        commit_cpu_s = time.process_time() - cpu
        print(f"[{args.backend}] import: {commit_s:.1f} s ({commit_cpu_s:.1f} s CPU)")
        for label, (wall, cpu_s, calls) in phases.items():
            print(f"  {label:<42}{wall:>7.1f} s{cpu_s:>7.1f} s CPU  ({calls} chiamate)")
        t = time.perf_counter()
        again = plan_import(zone=zone, measure=adi, file_name="elenco.csv", content=content)
        again_s = time.perf_counter() - t
        assert again.counts["unchanged"] == args.rows
        result = {
            "backend": args.backend,
            "rows": args.rows,
            "csv_rows": len(rows) - 1,
            "floor_s": floor,
            "plan_s": plan_s,
            "commit_s": commit_s,
            "commit_cpu_s": commit_cpu_s,
            "phases": {label: figures[:2] for label, figures in phases.items()},
            "again_s": again_s,
            "applications": Application.objects.count(),
            "cases": outcome.cases_opened,
            "persons_created": outcome.persons_created,
        }
        connections.close_all()
        print("RESULT " + json.dumps(result), flush=True)


def main() -> None:
    args = parse_args()
    if args.backend:
        run_backend(args)
        return
    results = run_backends(__file__, args.postgres)
    print()
    print(f"{'backend':<10}{'righe':>9}{'verifica s':>12}{'import s':>10}{'totale righe/s':>16}"
          f"{'reimport s':>12}{'csv nudo s':>12}{'cartelle':>10}")  # fmt: skip
    for r in results:
        total = r["plan_s"] + r["commit_s"]
        print(
            f"{r['backend']:<10}{r['rows']:>9,}{r['plan_s']:>12.1f}{r['commit_s']:>10.1f}"
            f"{r['rows'] / total:>16,.0f}{r['again_s']:>12.1f}{r['floor_s']:>12.2f}"
            f"{r['cases']:>10,}"
        )
        ok = r["rows"] / total >= 2000
        print(f"Obiettivo >= 2.000 righe/s ({r['backend']}): {'OK' if ok else 'NON RAGGIUNTO'}")


if __name__ == "__main__":
    main()
