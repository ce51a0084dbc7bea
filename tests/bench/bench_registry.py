"""Benchmark of the registry search API on a large SQLite registry.

    .venv/bin/python tests/bench/bench_registry.py                  # 1,000,000 persons
    .venv/bin/python tests/bench/bench_registry.py --persons 20000  # quick run

Builds a fresh SQLite file (WAL) in a temporary directory, a zone with its municipalities,
a front-office user with a bearer token and N persons grouped in households (valid, unique
codici fiscali), then times POST /api/v1/persons/search in-process (Django test Client,
middleware included, no network) against the same query in raw SQL on the same file.

Targets: codice fiscale p95 <= 10 ms, surname prefix p95 <= 50 ms, API/raw ratio <= 3.
Not collected by pytest (the file name does not start with test_).
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

TARGETS = {"fiscal_code": 10.0, "prefix": 50.0, "ratio": 3.0}

# (ISTAT, Belfiore, name, share of the zone's residents): the Pistoia zone.
MUNICIPALITIES = [
    ("047014", "G713", "Pistoia", 0.52),
    ("047017", "H109", "Quarrata", 0.15),
    ("047002", "A071", "Agliana", 0.10),
    ("047009", "F384", "Montale", 0.06),
    ("047020", "I660", "Serravalle Pistoiese", 0.07),
    ("047024", "M377", "San Marcello Piteglio", 0.05),
    ("047023", "M376", "Abetone Cutigliano", 0.02),
    ("047007", "E960", "Marliana", 0.02),
    ("047018", "H744", "Sambuca Pistoiese", 0.01),
]
OTHER_ZONE = [("019035", "D142", "Crema", 0.7), ("019036", "D150", "Cremosano", 0.3)]
# Birth places outside the zone: Italian cities and foreign states (Z codes).
OTHER_BIRTH_PLACES = [
    ("F205", "Milano"),
    ("H501", "Roma"),
    ("F839", "Napoli"),
    ("D612", "Firenze"),
    ("G702", "Pisa"),
    ("E715", "Lucca"),
    ("G273", "Palermo"),
    ("Z100", "Albania"),
    ("Z129", "Romania"),
    ("Z330", "Marocco"),
    ("Z210", "Cina"),
]


def words(text: str) -> list[str]:
    """Names one per word; "+" joins the words of a compound surname ("De+Luca")."""
    return [word.replace("+", " ") for word in text.split()]


COMMON_SURNAMES = words(
    """Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno
Gallo Conti De+Luca Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro
Mariani Rinaldi Caruso Ferrara Galli Martini Leone Longo Gentile Martinelli Vitale Lombardo
Serra Coppola De+Santis D'Angelo Marchetti Parisi Villa Conte Ferraro Ferri Fabbri Bianco
Marini Grasso Valentini Messina Sala De+Angelis Gatti Pellegrini Palumbo Sanna Farina Rizzi
Monti Cattaneo Morelli Amato Silvestri Mazza Testa Grassi Pellegrino Carbone Giuliani
Benedetti Barone Rossetti Caputo Montanari Guerra Palmieri Bernardi Martino Fiore De+Rosa
Ferretti Bellini Basile Riva Donati Piras Vitali Battaglia Sartori Neri Costantini Milani
Pagano Ruggiero Sorrentino D'Amico Orlando Negri Bassi Lucchesi Niccolai Gori Bartolini
Innocenti Meoni Vannucci Tesi Bonacchi Michelucci Baldi Bardelli Pacini Fedi Nesti Bartoli
Magni Hoxha Popescu Singh Chen Ionescu Kaur Ahmed El+Amrani Rahman Shehu Niccolò Gelli
Breschi Bresci Capecchi Cappellini Fioravanti Lunardi Mati Paci Petrucci Spinelli Tuci
"""
)
SYLLABLES = [c + v for c in "bcdfglmnprstvz" for v in "aeio"]
ENDINGS = ["ni", "li", "tti", "lli", "cci", "ri", "si", "ti", "no", "na", "ro", "lo", "ai"]
MALE_NAMES = words(
    """
Marco Andrea Luca Giuseppe Francesco Alessandro Giovanni Roberto Stefano Paolo Lorenzo
Matteo Antonio Mario Simone Davide Riccardo Fabio Massimo Daniele Federico Leonardo
Tommaso Gabriele Edoardo Pietro Filippo Niccolò Jacopo Emanuele Claudio Sergio Bruno
Franco Giorgio Enrico Vittorio Alberto Luigi Carlo Mohamed Ahmed Arben Ion Wei Gurpreet
"""
)
FEMALE_NAMES = words(
    """
Giulia Francesca Chiara Sara Laura Valentina Elena Alessia Martina Federica Anna Maria
Paola Silvia Elisa Roberta Sofia Aurora Ginevra Alice Emma Giorgia Beatrice Irene Camilla
Lucia Marta Cristina Barbara Monica Daniela Simona Rita Rosa Teresa Angela Carla Giovanna
Fatima Elira Ioana Mei Harpreet Amina
"""
)
HOUSEHOLD_SIZES = [(1, 0.33), (2, 0.27), (3, 0.19), (4, 0.15), (5, 0.05), (6, 0.01)]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=1_000_000, help="persone da generare")
    parser.add_argument("--queries", type=int, default=300, help="ricerche per tipo")
    parser.add_argument("--seed", type=int, default=20260301)
    parser.add_argument("--batch", type=int, default=20_000, help="persone per bulk_create")
    parser.add_argument("--keep", action="store_true", help="non cancellare il database")
    parser.add_argument(
        "--reuse",
        metavar="DIR",
        help="usa (o crea e conserva) il database in DIR: per ripetere le misure senza rigenerare",
    )
    parser.add_argument("--analyze", action="store_true", help="esegui ANALYZE prima di misurare")
    return parser.parse_args()


def setup_django(var_dir: Path) -> None:
    os.environ["AMBITO_VAR_DIR"] = str(var_dir)
    os.environ["AMBITO_TESTING"] = "1"
    os.environ["DEBUG"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "ambito.settings"
    os.environ.pop("DATABASE_URL", None)  # always a fresh SQLite file in var_dir
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --- data ----------------------------------------------------------------------------------


class Generator:
    """Persons in households, with codici fiscali that are valid and unique per zone."""

    def __init__(self, rng: random.Random):
        from ambito.core import fiscal_code

        self.rng = rng
        self.fc = fiscal_code
        self.common = COMMON_SURNAMES
        self.common_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.common))]
        tail = set()
        while len(tail) < 25_000:
            parts = rng.choices(SYLLABLES, k=rng.choice((1, 2, 2, 3))) + [rng.choice(ENDINGS)]
            tail.add("".join(parts).capitalize())
        self.tail = sorted(tail)
        self.codes: dict[int, set[str]] = {}
        self.keys: dict[str, str] = {}
        self.omocodes = 0
        self.today = date.today()

    def key(self, name: str) -> str:
        key = self.keys.get(name)
        if key is None:
            key = self.keys[name] = self.fc.name_key(name)
        return key

    def surname(self) -> str:
        if self.rng.random() < 0.55:
            return self.rng.choices(self.common, self.common_weights)[0]
        return self.rng.choice(self.tail)

    def first_name(self, sex: str) -> str:
        return self.rng.choice(MALE_NAMES if sex == "M" else FEMALE_NAMES)

    def birth_date(self, age_from: int, age_to: int) -> date:
        days = self.rng.randint(age_from * 365, age_to * 365 + 364)
        return self.today - timedelta(days=days)

    def birth_place(self, local_codes) -> tuple[str, str]:
        if self.rng.random() < 0.8:
            return self.rng.choice(local_codes)
        return self.rng.choice(OTHER_BIRTH_PLACES)

    def unique_code(self, zone_id: int, **fields) -> str:
        codes = self.codes.setdefault(zone_id, set())
        code = self.fc.encode(**fields)
        if code in codes:
            for level in range(1, 8):
                variant = self.fc.omocode_variant(code, level)
                if variant not in codes:
                    code = variant
                    self.omocodes += 1
                    break
            else:
                return ""
        codes.add(code)
        return code

    def household(self, zone_id: int, municipality, local_codes) -> list[dict]:
        """One household's persons as dicts, head first."""
        size = self.rng.choices(*zip(*HOUSEHOLD_SIZES, strict=True))[0]
        surname = self.surname()
        head_sex = self.rng.choice("MF")
        head_age = self.rng.randint(20, 95) if size == 1 else self.rng.randint(24, 70)
        people = [("head", surname, head_sex, self.birth_date(head_age, head_age))]
        if size >= 2 and self.rng.random() < 0.8:
            partner_age = max(20, head_age + self.rng.randint(-6, 6))
            partner_surname = self.surname() if self.rng.random() < 0.9 else surname
            people.append(
                (
                    "partner",
                    partner_surname,
                    "F" if head_sex == "M" else "M",
                    self.birth_date(partner_age, partner_age),
                )
            )
        while len(people) < size:
            oldest = max(0, min(head_age - 18, 30))
            people.append(("child", surname, self.rng.choice("MF"), self.birth_date(0, oldest)))
        persons = []
        for relationship, last_name, sex, birth in people:
            first_name = self.first_name(sex)
            place_code, place = self.birth_place(local_codes)
            code = ""
            while not code:  # all 8 omocodia variants taken: move the birth date a day
                code = self.unique_code(
                    zone_id,
                    last_name=last_name,
                    first_name=first_name,
                    sex=sex,
                    birth_date=birth,
                    birth_place_code=place_code,
                )
                if not code:
                    birth -= timedelta(days=1)
            persons.append(
                {
                    "relationship": relationship,
                    "fiscal_code": code,
                    "last_name": last_name,
                    "first_name": first_name,
                    "last_name_key": self.key(last_name),
                    "first_name_key": self.key(first_name),
                    "birth_date": birth,
                    "sex": sex,
                    "birth_place": place,
                    "birth_place_code": place_code,
                    "municipality": municipality,
                }
            )
        return persons


def build_territory():
    from ambito.core.services import api_token_create, user_create
    from ambito.territory.models import Municipality, Zone

    zone = Zone.objects.create(
        code="zona-bench", name="Zona Pistoiese", kind="sds", region="Toscana", province_code="PT"
    )
    other = Zone.objects.create(
        code="zona-altra",
        name="Ambito Cremasco",
        kind="ats",
        region="Lombardia",
        province_code="CR",
    )
    municipalities = {}
    for target, rows in ((zone, MUNICIPALITIES), (other, OTHER_ZONE)):
        municipalities[target.pk] = [
            (
                Municipality.objects.create(
                    zone=target,
                    istat_code=istat,
                    belfiore_code=code,
                    name=name,
                    province_code=target.province_code,
                ),
                share,
            )
            for istat, code, name, share in rows
        ]
    user = user_create(
        username="front_bench",
        password="password-di-prova-bench",  # noqa: S106
        roles=["front_office"],
        zone=zone,
    )
    _, key = api_token_create(user=user, name="benchmark")
    return zone, other, municipalities, user, key


def reuse_territory():
    from ambito.core.models import User
    from ambito.core.services import api_token_create
    from ambito.territory.models import Zone

    zone = Zone.objects.get(code="zona-bench")
    user = User.objects.get(username="front_bench")
    _, key = api_token_create(user=user, name="benchmark")
    return zone, user, key


def generate(n_persons: int, batch: int, rng: random.Random, zone, other, municipalities):
    from django.db import connection, transaction

    from ambito.registry.models import Household, HouseholdMember, Person

    gen = Generator(rng)
    with connection.cursor() as cursor:  # a bulk load: durability is not the point here
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-262144")  # 256 MiB
    other_share = 0.02
    targets = {zone.pk: int(n_persons * (1 - other_share))}
    targets[other.pk] = n_persons - targets[zone.pk]
    local_codes = {
        zone_pk: [(m.belfiore_code, m.name) for m, _ in rows]
        for zone_pk, rows in municipalities.items()
    }
    start_date = date(2020, 1, 1)
    created = households_created = 0
    started = time.perf_counter()
    next_report = 100_000
    for zone_pk, target in targets.items():
        rows = municipalities[zone_pk]
        choices, weights = [m for m, _ in rows], [share for _, share in rows]
        done = 0
        while done < target:
            groups = []
            count = 0
            while count < min(batch, target - done):
                municipality = rng.choices(choices, weights)[0]
                people = gen.household(zone_pk, municipality, local_codes[zone_pk])
                people = people[: target - done - count]
                groups.append((municipality, people))
                count += len(people)
            with transaction.atomic():
                households = Household.objects.bulk_create(
                    [
                        Household(
                            zone_id=zone_pk,
                            municipality=municipality,
                            address=f"Via {rng.choice(gen.common)} {rng.randint(1, 200)}",
                        )
                        for municipality, _ in groups
                    ]
                )
                persons = Person.objects.bulk_create(
                    [
                        Person(
                            zone_id=zone_pk,
                            residence_municipality=p["municipality"],
                            residence_address=household.address,
                            fiscal_code=p["fiscal_code"],
                            last_name=p["last_name"],
                            first_name=p["first_name"],
                            last_name_key=p["last_name_key"],
                            first_name_key=p["first_name_key"],
                            birth_date=p["birth_date"],
                            sex=p["sex"],
                            birth_place=p["birth_place"],
                            birth_place_code=p["birth_place_code"],
                            citizenship="italiana",
                        )
                        for household, (_, people) in zip(households, groups, strict=True)
                        for p in people
                    ]
                )
                relationships = [p["relationship"] for _, people in groups for p in people]
                owners = [
                    h for h, (_, people) in zip(households, groups, strict=True) for _ in people
                ]
                HouseholdMember.objects.bulk_create(
                    [
                        HouseholdMember(
                            household=household,
                            person=person,
                            relationship=relationship,
                            start_date=start_date,
                        )
                        for household, person, relationship in zip(
                            owners, persons, relationships, strict=True
                        )
                    ]
                )
            done += count
            created += count
            households_created += len(groups)
            if created >= next_report:
                elapsed = time.perf_counter() - started
                print(
                    f"  {created:>9,} persone  {created / elapsed:>8,.0f}/s  "
                    f"RSS max {peak_rss_mb():,.0f} MiB",
                    flush=True,
                )
                next_report += 100_000
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return created, households_created, elapsed, gen.omocodes


# --- measurements --------------------------------------------------------------------------


def percentile(values: list[float], p: int) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "p50": statistics.median(values),
        "p95": percentile(values, 95),
        "max": max(values),
    }


class SqlTimer:
    """Django execute_wrapper: time spent in each kind of statement during API calls."""

    KINDS = [
        ("core_apitoken", "UPDATE", "token: last_used_at"),
        ("core_apitoken", "SELECT", "token + utente"),
        ("auth_permission", "SELECT", "permessi (utente, gruppi)"),
        ("core_accesslog", "INSERT", "INSERT AccessLog"),
        ("registry_person", "SELECT", "query di ricerca"),
    ]

    def __init__(self):
        self.seconds: Counter = Counter()
        self.count: Counter = Counter()

    def kind(self, sql: str) -> str:
        head = sql.lstrip().split(" ", 1)[0].upper()
        for table, verb, label in self.KINDS:
            if table in sql and head == verb:
                return label
        return f"altro ({head})"

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            label = self.kind(sql)
            self.seconds[label] += time.perf_counter() - started
            self.count[label] += 1


def measure(args, db_path: Path, user, key: str, zone) -> None:
    from django.db import connection
    from django.db.models import Q
    from django.test import Client

    from ambito.registry.models import Person
    from ambito.registry.selectors import PersonQuery, key_startswith, person_search

    rng = random.Random(args.seed + 1)
    raw = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    if args.analyze:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    max_id = raw.execute("SELECT max(id) FROM registry_person").fetchone()[0]
    samples = []
    while len(samples) < args.queries + 20:
        row = raw.execute(
            "SELECT fiscal_code, last_name_key FROM registry_person WHERE id = ? AND zone_id = ?",
            (rng.randint(1, max_id), zone.pk),
        ).fetchone()
        if row and len(row[1]) >= 3:
            samples.append(row)
    codes = [code for code, _ in samples]
    prefixes = [last[:3] for _, last in samples]

    # The ORM's own SQL for a prefix search by a zone-wide user (the selector's condition,
    # and the plain LIKE it used before), run raw with each prefix in place of "QQQ".
    def orm_sql(condition):
        qs = (
            Person.objects.visible_to(user)
            .select_related("residence_municipality")
            .filter(condition)
            .order_by("last_name_key", "first_name_key", "birth_date")[:50]
        )
        sql, params = qs.query.sql_with_params()
        return sql.replace("%s", "?"), list(params)

    templates = {
        "prefix": orm_sql(key_startswith("last_name_key", "QQQ")),
        "prefix_like": orm_sql(Q(last_name_key__startswith="QQQ")),
    }
    raw_sql = {
        "fiscal_code": "SELECT * FROM registry_person WHERE zone_id = ? AND fiscal_code = ?",
        **{kind: sql for kind, (sql, _) in templates.items()},
    }

    def raw_params(kind: str, value: str):
        if kind == "fiscal_code":
            return (zone.pk, value)
        stem = value.rstrip("Z")
        upper = stem[:-1] + chr(ord(stem[-1]) + 1) if stem else None
        substitute = {"QQQ%": value + "%", "QQQ": value, "QQR": upper}
        return [substitute.get(param, param) for param in templates[kind][1]]

    for kind in templates:
        plan = raw.execute("EXPLAIN QUERY PLAN " + raw_sql[kind], raw_params(kind, "ROS"))
        print(f"  piano SQLite ({kind}): " + " | ".join(row[-1] for row in plan.fetchall()))

    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_HOST="localhost")
    anonymous = Client(HTTP_HOST="localhost")

    def api(body) -> tuple[float, int]:
        started = time.perf_counter()
        response = client.post("/api/v1/persons/search", body, content_type="application/json")
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.content[:300]
        return elapsed * 1000, len(response.json()["items"])

    def api_refused(body) -> tuple[float, int]:
        started = time.perf_counter()
        response = anonymous.post("/api/v1/persons/search", body, content_type="application/json")
        elapsed = time.perf_counter() - started
        assert response.status_code == 401
        return elapsed * 1000, 0

    def selector(text: str) -> tuple[float, int]:
        started = time.perf_counter()
        found = person_search(user=selector_user, query=PersonQuery.parse(text))
        return (time.perf_counter() - started) * 1000, len(found)

    def run_raw(kind: str, value: str) -> tuple[float, int]:
        started = time.perf_counter()
        rows = raw.execute(raw_sql[kind], raw_params(kind, value)).fetchall()
        return (time.perf_counter() - started) * 1000, len(rows)

    # The selector alone, as a page would call it (a fresh user object, as per request).
    selector_user = type(user).objects.get(pk=user.pk)
    load_before = os.getloadavg()
    results: dict[str, list[float]] = {name: [] for name in ROWS}
    found = Counter()
    for index, (code, prefix) in enumerate(zip(codes, prefixes, strict=True)):
        warm = index < 20  # warm-up: caches, first-call imports
        selector_user = type(user).objects.get(pk=user.pk)
        timings = {
            "api_cf": api({"q": code}),
            "sel_cf": selector(code),
            "raw_cf": run_raw("fiscal_code", code),
            "api_prefix": api({"q": prefix.lower()}),
            "sel_prefix": selector(prefix.lower()),
            "raw_prefix": run_raw("prefix", prefix),
            "raw_like": run_raw("prefix_like", prefix),
            "api_401": api_refused({"q": code}),
        }
        assert timings["api_cf"][1] == timings["raw_cf"][1] == 1, code
        counts = {timings[name][1] for name in ("api_prefix", "raw_prefix", "raw_like")}
        assert len(counts) == 1, counts
        if not warm:
            for name, (ms, rows) in timings.items():
                results[name].append(ms)
                found[name] += rows
    load_after = os.getloadavg()

    # Where the API's time goes: a separate pass with every SQL statement timed.
    breakdown = {}
    for kind, bodies in (
        ("api_cf", [{"q": code} for code in codes[:100]]),
        ("api_prefix", [{"q": prefix.lower()} for prefix in prefixes[:100]]),
    ):
        timer = SqlTimer()
        total = 0.0
        with connection.execute_wrapper(timer):
            for body in bodies:
                total += api(body)[0]
        breakdown[kind] = (len(bodies), total, timer)
    components = measure_components(user, key, codes)
    raw.close()
    report(results, found, breakdown, (load_before, load_after), components)


def measure_components(user, key: str, codes: list[str]) -> list[tuple[str, float]]:
    """p50 of each piece of an API search by codice fiscale, timed on its own (ORM included)."""
    from ambito.core.api_auth import user_for_token
    from ambito.core.audit import log_access
    from ambito.registry.selectors import PersonQuery, person_search

    User = type(user)
    cached = User.objects.get(pk=user.pk)
    cached.has_perm("registry.view_person")
    pieces = [
        ("token -> utente (user_for_token)", lambda code: user_for_token(key)),
        (
            "permessi di un utente nuovo (has_perm)",
            lambda code: User.objects.get(pk=user.pk).has_perm("registry.view_person"),
        ),
        ("  di cui: caricare l'utente", lambda code: User.objects.get(pk=user.pk)),
        (
            "person_search (ORM + AccessLog), permessi in cache",
            lambda code: person_search(user=cached, query=PersonQuery.parse(code)),
        ),
        (
            "  di cui: log_access (INSERT AccessLog)",
            lambda code: log_access(
                user=cached,
                action="search",
                object_type="registry.person",
                detail={"kind": "fiscal_code", "results": 1, "uuids": [code]},
            ),
        ),
    ]
    results = []
    for label, piece in pieces:
        timings = []
        for index, code in enumerate(codes[:120]):
            started = time.perf_counter()
            piece(code)
            if index >= 20:
                timings.append((time.perf_counter() - started) * 1000)
        results.append((label, statistics.median(timings)))
    return results


ROWS = {
    "api_cf": ("API  ricerca per codice fiscale", TARGETS["fiscal_code"]),
    "sel_cf": ("     selettore person_search da solo (ORM + AccessLog)", None),
    "raw_cf": ("SQL  WHERE zone_id=? AND fiscal_code=?", None),
    "api_prefix": ("API  ricerca per prefisso del cognome (3 lettere)", TARGETS["prefix"]),
    "sel_prefix": ("     selettore person_search da solo (ORM + AccessLog)", None),
    "raw_prefix": ("SQL  prefisso come l'ORM (intervallo+LIKE, ORDER BY, LIMIT 50)", None),
    "raw_like": ("SQL  prefisso con solo LIKE (prima della correzione)", None),
    "api_401": ("API  richiesta senza credenziali (401): costo fisso", None),
}


def report(results, found, breakdown, loads, components) -> None:
    stats = {name: summary(values) for name, values in results.items()}
    print()
    print(f"{'misura':<58} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  obiettivo")
    print("-" * 108)
    for name, (label, target) in ROWS.items():
        s = stats[name]
        verdict = ""
        if target is not None:
            verdict = f"p95 <= {target:g} ms: " + ("OK" if s["p95"] <= target else "MANCATO")
        print(
            f"{label:<58} {s['n']:>4} {s['p50']:>8.2f} {s['p95']:>8.2f} {s['max']:>8.2f}  {verdict}"
        )
    print("-" * 108)
    print(f"{'rapporti':<58} {'':>4} {'p50':>8} {'p95':>8}")
    for label, api_name, raw_name in (
        ("API/SQL codice fiscale", "api_cf", "raw_cf"),
        ("API/SQL prefisso del cognome", "api_prefix", "raw_prefix"),
    ):
        p50 = stats[api_name]["p50"] / stats[raw_name]["p50"]
        p95 = stats[api_name]["p95"] / stats[raw_name]["p95"]
        ok = "OK" if p95 <= TARGETS["ratio"] else "MANCATO"
        print(f"{label:<58} {'':>4} {p50:>8.1f} {p95:>8.1f}  <= {TARGETS['ratio']:g}: {ok}")
    n = stats["api_prefix"]["n"]
    print(f"risultati medi per ricerca per prefisso: {found['api_prefix'] / n:.1f} (massimo 50)")
    print(
        "carico della macchina (loadavg 1 min) prima/dopo: "
        f"{loads[0][0]:.2f} / {loads[1][0]:.2f} su {os.cpu_count()} CPU"
    )
    print()
    print("Dove va il tempo di una chiamata API (media per chiamata, ms):")
    for kind, (calls, total, timer) in breakdown.items():
        title = "codice fiscale" if kind == "api_cf" else "prefisso del cognome"
        print(f"  {title}: totale {total / calls:.2f}")
        sql_total = 0.0
        for label, seconds in timer.seconds.most_common():
            ms = seconds * 1000 / calls
            sql_total += ms
            print(f"    SQL {label:<40} {ms:>7.3f}  ({timer.count[label] / calls:.1f} query)")
        rest = total / calls - sql_total
        print(f"    {'Python (middleware, ninja, ORM, pydantic)':<44} {rest:>7.3f}")
    print()
    print("Componenti misurati da soli (p50, ms; ORM compreso):")
    print(f"  {'richiesta rifiutata (401): middleware + ninja':<52} {results_p50(results):>7.3f}")
    for label, ms in components:
        print(f"  {label:<52} {ms:>7.3f}")


def results_p50(results) -> float:
    return statistics.median(results["api_401"])


def main() -> None:
    args = parse_args()
    reuse = bool(args.reuse and (Path(args.reuse) / "ambito.sqlite3").exists())
    var_dir = Path(args.reuse) if args.reuse else Path(tempfile.mkdtemp(prefix="ambito-bench-"))
    var_dir.mkdir(parents=True, exist_ok=True)
    try:
        print(f"Database SQLite (WAL) in {var_dir}", flush=True)
        setup_django(var_dir)
        logging.getLogger("django.request").setLevel(logging.ERROR)  # the expected 401s
        if reuse:
            zone, user, key = reuse_territory()
            print("Database esistente riusato: nessuna generazione.", flush=True)
        else:
            rng = random.Random(args.seed)
            zone, other, municipalities, user, key = build_territory()
            print(f"Generazione di {args.persons:,} persone in nuclei familiari…", flush=True)
            persons, households, elapsed, omocodes = generate(
                args.persons, args.batch, rng, zone, other, municipalities
            )
            size = sum(p.stat().st_size for p in var_dir.glob("ambito.sqlite3*")) / 2**20
            print(
                f"Generate {persons:,} persone in {households:,} nuclei in {elapsed:,.1f} s: "
                f"{persons / elapsed:,.0f} persone/s; omocodie {omocodes:,}; "
                f"RSS massimo {peak_rss_mb():,.0f} MiB; database {size:,.0f} MiB",
                flush=True,
            )
        print(f"Misura: {args.queries} ricerche per tipo (+20 di riscaldamento)…", flush=True)
        measure(args, var_dir / "ambito.sqlite3", user, key, zone)
        print(f"\nRSS massimo del processo: {peak_rss_mb():,.0f} MiB")
    finally:
        if args.keep or args.reuse:
            print(f"Database conservato in {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
