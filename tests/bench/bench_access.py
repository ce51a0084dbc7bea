"""Benchmark of the needs observatory (and the public charter search) on a million contacts.

    .venv/bin/python tests/bench/bench_access.py                                # SQLite
    .venv/bin/python tests/bench/bench_access.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python tests/bench/bench_access.py --contacts 50000 --runs 5      # quick run

SQLite: a fresh file (WAL) in a temporary directory. PostgreSQL: a scratch database
(`bench_access`, created and dropped on the server given by --postgres). Each backend runs in
its own process. The data: one zone with 9 municipalities and 6 access points, 5,000 persons,
a charter of ~200 published services, and N contacts over three years (demo.contacts, so the
same distributions as the demo), need areas inserted in bulk through the M2M table.

Measured in the same run: the observatory report for a zone-year by month (three aggregate
queries) against the raw SQL aggregate of its main figure (contacts by need area × month of
the year), p50/p95 and the ratio, and against the same figure read from the monthly tallies the
report sums (access/tally.py); the full rebuild of the tallies; the cost of recording one
contact through the service (validation, tallies, audit) against a bare ORM insert; then the
public charter search p95 over ~200 queries.
Targets: observatory <= 500 ms on PostgreSQL, charter search p95 <= 50 ms.
Not collected by pytest (the file name does not start with test_).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[2]
TARGETS = {"observatory_pg_ms": 500.0, "charter_p95_ms": 50.0}
YEARS = (2024, 2025, 2026)
REPORT_YEAR = 2025
SCRATCH_DB = "bench_access"
MUNICIPALITIES = [
    ("047014", "G713", "Pistoia"),
    ("047017", "H109", "Quarrata"),
    ("047002", "A071", "Agliana"),
    ("047009", "F384", "Montale"),
    ("047020", "I660", "Serravalle Pistoiese"),
    ("047024", "M377", "San Marcello Piteglio"),
    ("047023", "M376", "Abetone Cutigliano"),
    ("047007", "E960", "Marliana"),
    ("047018", "H744", "Sambuca Pistoiese"),
]
SERVICE_WORDS = [
    ("Assistenza domiciliare", "aiuto a casa per anziani e persone con disabilità"),
    ("Segretariato sociale", "informazione e orientamento sui servizi"),
    ("Mediazione familiare", "sostegno ai genitori che si separano"),
    ("Tirocinio di inclusione", "percorso di lavoro per persone fragili"),
    ("Voucher asilo nido", "contributo per la retta del nido"),
    ("Pronto intervento sociale", "emergenze sociali notte e festivi"),
    ("Alfabetizzazione", "corsi di italiano per stranieri"),
    ("Contributo affitto", "sostegno al pagamento del canone di locazione"),
    ("Trasporto sociale", "accompagnamento a visite e terapie"),
    ("Centro diurno anziani", "attività e socialità per anziani"),
]
QUERIES = [
    "anziani",
    "anziano",
    "casa",
    "affitto",
    "lavoro",
    "tirocinio",
    "nido",
    "bambini",
    "disabilità",
    "trasporto",
    "italiano",
    "stranieri",
    "emergenza",
    "separazione",
    "genitori",
    "contributo",
    "domiciliare",
    "assistenza",
    "orientamento",
    "visite",
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20, help="misure del report")
    parser.add_argument("--queries", type=int, default=200, help="ricerche nella carta")
    parser.add_argument("--services", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20260303)
    parser.add_argument("--postgres", metavar="URL", help="server PostgreSQL per il database")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="non cancellare il database")
    return parser.parse_args()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def scratch_url(url: str) -> str:
    parts = urlparse(url)
    return urlunparse(parts._replace(path=f"/{SCRATCH_DB}"))


def admin_sql(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


# --- one backend, in its own process -------------------------------------------------------


def setup_django(args, var_dir: Path) -> None:
    os.environ["AMBITO_VAR_DIR"] = str(var_dir)
    os.environ["AMBITO_TESTING"] = "1"
    os.environ["DEBUG"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "ambito.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if args.backend == "postgres":
        os.environ["DATABASE_URL"] = scratch_url(args.postgres)
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def build(args, rng: random.Random):
    from ambito.catalog.models import NeedArea, Service
    from ambito.core import fiscal_code
    from ambito.core.models import User
    from ambito.core.roles import role_group, roles_sync
    from ambito.demo.contacts import build_contacts
    from ambito.registry.models import Person
    from ambito.territory.models import AccessPoint, Municipality, Organisation, Zone

    roles_sync()
    zone = Zone.objects.create(code="bench", name="Zona bench", kind="sds", region="Toscana")
    munis = [
        Municipality.objects.create(
            zone=zone, istat_code=istat, belfiore_code=code, name=name, province_code="PT"
        )
        for istat, code, name in MUNICIPALITIES
    ]
    for i, kind in enumerate(["urp", "urp", "pua", "urp", "urp", "pua"]):
        AccessPoint.objects.create(
            zone=zone, municipality=munis[i], kind=kind, name=f"Punto {i}", address="Piazza 1"
        )
    orgs = [
        Organisation.objects.create(zone=zone, kind="other", name=f"Ente del terzo settore {i}")
        for i in range(12)
    ]
    people, start = [], 18_000
    for i in range(5000):
        birth = __import__("datetime").date(1930, 1, 1) + __import__("datetime").timedelta(
            days=start + i * 3
        )
        last, first, sex = f"Cognome{i % 400}", ["Mario", "Giulia"][i % 2], "MF"[i % 2]
        people.append(
            Person(
                zone=zone,
                residence_municipality=rng.choice(munis),
                last_name=last,
                first_name=first,
                sex=sex,
                birth_date=birth,
                birth_place="Pistoia",
                birth_place_code="G713",
                first_name_key=fiscal_code.name_key(first),
                last_name_key=fiscal_code.name_key(last),
                fiscal_code=fiscal_code.encode(
                    last_name=last,
                    first_name=first,
                    sex=sex,
                    birth_date=birth,
                    birth_place_code="G713",
                ),
            )
        )
    Person.objects.bulk_create(people, batch_size=1000)
    areas = list(NeedArea.objects.all())
    services = []
    for i in range(args.services):
        name, text = SERVICE_WORDS[i % len(SERVICE_WORDS)]
        services.append(
            Service(
                zone=zone,
                slug=f"servizio-{i}",
                name=f"{name} {i // len(SERVICE_WORDS) + 1}",
                short_description=text,
                description=f"{text}. Servizio numero {i} della carta dell'ambito.",
                status="published",
                provider=rng.choice(orgs),
            )
        )
    Service.objects.bulk_create(services)
    through = Service.need_areas.through
    through.objects.bulk_create(
        [through(service_id=s.pk, needarea_id=rng.choice(areas).pk) for s in services]
    )
    planner = User.objects.create(username="bench_planner", zone=zone)
    planner.groups.add(role_group("planner"))
    started = time.perf_counter()
    per_year = args.contacts // len(YEARS)
    total = 0
    for index, year in enumerate(YEARS):
        count = per_year if index < len(YEARS) - 1 else args.contacts - total
        total += build_contacts(zone=zone, rng=rng, count=count, year=year, rebuild_tallies=False)
        print(f"  {total:,} accessi ({time.perf_counter() - started:.0f} s)", flush=True)
    front = User.objects.create(username="bench_front", zone=zone)
    front.groups.add(role_group("front_office"))
    return zone, planner, front


def raw_sql(zone):
    """Contacts by need area × month of the report year, in one hand-written query."""
    from django.db import connection

    from ambito.access.observatory import period_bounds

    bounds = period_bounds(REPORT_YEAR, "month")
    adapt = connection.ops.adapt_datetimefield_value
    cases = " ".join(f"WHEN c.started_at < %s THEN {i}" for i in range(len(bounds)))
    sql = (
        f"SELECT na.needarea_id, CASE {cases} END AS month, COUNT(*) "
        "FROM access_contact c JOIN access_contact_need_areas na ON na.contact_id = c.id "
        "WHERE c.zone_id = %s AND c.started_at >= %s AND c.started_at < %s "
        "GROUP BY na.needarea_id, month"
    )
    params = [adapt(end) for _, _, end in bounds] + [
        zone.pk,
        adapt(bounds[0][1]),
        adapt(bounds[-1][2]),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def raw_sql_tallies(zone):
    """The same figure from the monthly tallies the report reads."""
    from django.db import connection

    sql = (
        "SELECT CAST(value AS INTEGER), month, SUM(count) FROM access_contacttally "
        "WHERE zone_id = %s AND month >= %s AND month < %s AND dimension = 'need_area' "
        "AND value <> '0' GROUP BY value, month"
    )
    adapt = connection.ops.adapt_datefield_value
    first, end = dt.date(REPORT_YEAR, 1, 1), dt.date(REPORT_YEAR + 1, 1, 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, [zone.pk, adapt(first), adapt(end)])
        return cursor.fetchall()


def write_times(zone, front, runs: int) -> tuple[list[float], list[float]]:
    """Recording a contact through the service (validation, tallies, audit) against a bare
    ORM insert of the same contact, in ms."""
    from ambito.access.models import Contact
    from ambito.access.services import contact_record
    from ambito.catalog.models import NeedArea, Service
    from ambito.territory.models import AccessPoint

    point = AccessPoint.objects.filter(zone=zone).first()
    areas = list(NeedArea.objects.all()[:2])
    service = Service.objects.filter(zone=zone).first()

    def service_write():
        contact_record(
            actor=front,
            data={
                "access_point": point,
                "municipality": point.municipality,
                "need_areas": areas,
                "referral_service": service,
                "outcome": "referral",
            },
        )

    def bare_write():
        contact = Contact.objects.create(
            zone=zone,
            access_point=point,
            municipality=point.municipality,
            started_at=dt.datetime.now(dt.UTC),
            channel="desk",
            outcome="referral",
            referral_kind="service",
            referral_service=service,
        )
        contact.need_areas.set(areas)

    return timed(service_write, runs), timed(bare_write, runs)


def timed(fn, runs: int) -> list[float]:
    fn()  # warm up (caches, prepared plans)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return times


def run_backend(args) -> None:
    from importlib import import_module

    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="bench_access_"))
    if args.backend == "postgres":
        admin_sql(args.postgres, f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
        admin_sql(args.postgres, f"CREATE DATABASE {SCRATCH_DB}")
    try:
        setup_django(args, tmp)
        from django.db import connection

        print(f"[{args.backend}] costruzione dei dati ({args.contacts:,} accessi)...", flush=True)
        t = time.perf_counter()
        zone, planner, front = build(args, rng)
        build_s = time.perf_counter() - t
        from ambito.access import tally

        t = time.perf_counter()
        tally_rows = tally.rebuild(zone)
        rebuild_s = time.perf_counter() - t
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        from ambito.access.models import Contact
        from ambito.access.observatory import observatory_report

        year_contacts = Contact.objects.filter(zone=zone, started_at__year=REPORT_YEAR).count()
        report = observatory_report(user=planner, year=REPORT_YEAR, period="month")
        raw = raw_sql(zone)
        orm_cells = sum(sum(a.by_period) for a in report.areas if a.name != "Area non indicata")
        assert orm_cells == sum(row[2] for row in raw), "report e SQL grezzo non coincidono"
        obs = timed(lambda: observatory_report(user=planner, year=REPORT_YEAR), args.runs)
        raw_t = timed(lambda: raw_sql(zone), args.runs)
        assert sorted(raw) == sorted((a, m.month - 1, n) for a, m, n in raw_sql_tallies(zone)), (
            "conteggi mensili e accessi non coincidono"
        )
        tally_t = timed(lambda: raw_sql_tallies(zone), args.runs)
        service_w, bare_w = write_times(zone, front, args.runs * 5)
        result = {
            "backend": args.backend,
            "contacts": Contact.objects.count(),
            "year_contacts": year_contacts,
            "build_s": round(build_s, 1),
            "rebuild_s": round(rebuild_s, 1),
            "tally_rows": tally_rows,
            "tally_p50": statistics.median(tally_t),
            "tally_p95": percentile(tally_t, 95),
            "write_p50": statistics.median(service_w),
            "write_p95": percentile(service_w, 95),
            "bare_write_p50": statistics.median(bare_w),
            "bare_write_p95": percentile(bare_w, 95),
            "obs_p50": statistics.median(obs),
            "obs_p95": percentile(obs, 95),
            "raw_p50": statistics.median(raw_t),
            "raw_p95": percentile(raw_t, 95),
        }
        result["ratio_p50"] = result["obs_p50"] / result["raw_p50"]
        result["ratio_p95"] = result["obs_p95"] / result["raw_p95"]
        try:
            charter_search = import_module("ambito.catalog.selectors").charter_search
        except (ImportError, AttributeError):
            charter_search = None
        if charter_search is None:
            result["charter"] = "saltata: ambito.catalog.selectors.charter_search non esiste"
        else:
            queries = [rng.choice(QUERIES) for _ in range(args.queries)]
            qi = iter(queries * 2)
            times = timed(lambda: list(charter_search(zone=zone, text=next(qi))), len(queries))
            result["charter_p50"] = statistics.median(times)
            result["charter_p95"] = percentile(times, 95)
            result["charter_hits"] = len(list(charter_search(zone=zone, text="anziani")))
        connection.close()
        print("RESULT " + json.dumps(result), flush=True)
    finally:
        if not args.keep:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
            if args.backend == "postgres":
                from django.db import connections

                connections.close_all()
                admin_sql(args.postgres, f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)")


# --- the parent: one child per backend, one table --------------------------------------------


def main() -> None:
    args = parse_args()
    if args.backend:
        run_backend(args)
        return
    backends = ["sqlite"] + (["postgres"] if args.postgres else [])
    results = []
    for backend in backends:
        cmd = [sys.executable, __file__, "--backend", backend, *sys.argv[1:]]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        for line in proc.stdout:
            if line.startswith("RESULT "):
                results.append(json.loads(line[7:]))
            else:
                print(line, end="", flush=True)
        if proc.wait() != 0:
            print(f"[{backend}] fallito (codice {proc.returncode})", flush=True)
    print()
    print(
        f"Osservatorio: report {REPORT_YEAR} per mese (sui conteggi mensili) e SQL grezzo "
        "(accessi per area × mese), ms"
    )
    print(
        f"{'backend':<10}{'accessi':>11}{'nell anno':>11}{'report p50':>12}{'p95':>9}"
        f"{'SQL p50':>10}{'p95':>9}{'ratio p50':>11}{'p95':>7}{'carta p95':>11}"
    )
    for r in results:
        charter = f"{r['charter_p95']:.1f}" if "charter_p95" in r else "saltata"
        print(
            f"{r['backend']:<10}{r['contacts']:>11,}{r['year_contacts']:>11,}"
            f"{r['obs_p50']:>12.1f}{r['obs_p95']:>9.1f}{r['raw_p50']:>10.1f}{r['raw_p95']:>9.1f}"
            f"{r['ratio_p50']:>11.2f}{r['ratio_p95']:>7.2f}{charter:>11}"
        )
    for r in results:
        if "charter" in r:
            print(f"[{r['backend']}] ricerca nella carta {r['charter']}")
        else:
            print(
                f"[{r['backend']}] carta: p50 {r['charter_p50']:.1f} ms, p95 "
                f"{r['charter_p95']:.1f} ms ({args.services} servizi, {args.queries} ricerche)"
            )
        print(f"[{r['backend']}] dati costruiti in {r['build_s']} s")
        print(
            f"[{r['backend']}] conteggi mensili: {r['tally_rows']:,} righe ricalcolate in "
            f"{r['rebuild_s']} s; SQL grezzo sui conteggi p50 {r['tally_p50']:.1f} / p95 "
            f"{r['tally_p95']:.1f} ms (rapporto report/conteggi p95 "
            f"{r['obs_p95'] / r['tally_p95']:.1f})"
        )
        print(
            f"[{r['backend']}] registrare un accesso (servizio, con conteggi e audit) p50 "
            f"{r['write_p50']:.2f} / p95 {r['write_p95']:.2f} ms; inserimento ORM nudo p50 "
            f"{r['bare_write_p50']:.2f} / p95 {r['bare_write_p95']:.2f} ms"
        )
    pg = [r for r in results if r["backend"] == "postgres"]
    if pg:
        ok = pg[0]["obs_p95"] <= TARGETS["observatory_pg_ms"]
        print(f"Obiettivo osservatorio <= 500 ms su PostgreSQL: {'OK' if ok else 'NON RAGGIUNTO'}")
    for r in results:
        if "charter_p95" in r:
            ok = r["charter_p95"] <= TARGETS["charter_p95_ms"]
            print(
                f"Obiettivo carta p95 <= 50 ms ({r['backend']}): {'OK' if ok else 'NON RAGGIUNTO'}"
            )


if __name__ == "__main__":
    main()
