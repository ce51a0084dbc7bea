"""Benchmark of vouchers under a budget (§7, §9): issuing a voucher with the budget check, and a
zone's budget report, in a 25-zone region with 200 schemes, 500,000 vouchers and 5,000,000
delivery rows.

    .venv/bin/python tests/bench/bench_providers.py                       # SQLite
    .venv/bin/python tests/bench/bench_providers.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python tests/bench/bench_providers.py --scale 0.02 --runs 5   # quick run

The region (core.bulk_insert: COPY on PostgreSQL, executemany on SQLite; random.Random(18)):
25 zones, each with one charter service, an accreditation scheme, 4 accredited providers, an
FNPS allocation and 8 voucher schemes (200 in all) of budgets large enough; 2,000 persons with
a case per zone; 20,000 vouchers per zone (2,500 per scheme, every state), each with 10
deliveries (5,000,000 rows) in every state, and the payments of the paid ones; the fund ledger
rebuilt from them. --scale multiplies persons, vouchers and deliveries; zones and schemes stay.

Measured in the same run, p50/p95 (ms):
- issuing a voucher (`providers.services.vouchers.voucher_issue`, the eligibility, the scheme's
  row lock and budget check, the ledger) by zone 0's social worker on a scheme holding
  2,500 vouchers, a new case each time;
- zone 0's budget report (`providers.selectors.reports.providers_report`: budgets used and
  residual, vouchers by scheme/state/municipality, providers, deliveries and payments by month,
  portfolio lines) for the year, and the fund table of the zone (`planning.selectors.fund_table`);
- floor: the raw SQL sum of the vouchers' committed value by scheme of zone 0, with the ratio
  report/floor.
Targets: issue p95 <= 50 ms, budget report p95 <= 300 ms. Not collected by pytest.
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

SCRATCH_DB = "bench_providers"
ZONES, SCHEMES_PER_ZONE, PROVIDERS_PER_ZONE = 25, 8, 4
PERSONS, VOUCHERS, DELIVERIES_PER_VOUCHER = 50_000, 500_000, 10
YEAR = 2026
TARIFF = Decimal("20.00")
VOUCHER_STATES = ("issued", "active", "active", "active", "closed", "revoked", "waiting")
DELIVERY_STATES = ("recorded", "validated", "paid", "paid", "rejected")
ISSUE_TARGET, REPORT_TARGET = 50, 300


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--postgres", metavar="URL")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    return parser.parse_args()


def _insert(model, objs):
    from django.db import connection

    from ambito.core.bulk_insert import insert_rows, prepared_rows

    fields = [f for f in model._meta.concrete_fields if f is not model._meta.pk]
    insert_rows(model, fields, prepared_rows(objs, fields, connection))


def _insert_values(model, rows: list[dict]) -> int:
    """Rows given as {attname: value}, each value prepared for the database once per distinct
    value (a few dates, states and amounts repeat across millions of rows): building model
    instances and preparing every field of every row cost more than the insert itself."""
    from django.db import connection

    from ambito.core.bulk_insert import insert_rows

    fields = [f for f in model._meta.concrete_fields if f is not model._meta.pk]
    caches: dict[str, dict] = {f.attname: {} for f in fields}

    def prep(field, value):
        if field.attname == "uuid":
            return field.get_db_prep_value(value, connection)
        cache = caches[field.attname]
        if value not in cache:
            cache[value] = field.get_db_prep_value(value, connection, prepared=False)
        return cache[value]

    values = [[prep(f, row[f.attname]) for f in fields] for row in rows]
    return insert_rows(model, fields, values)


def _people(zone, munis, count, first):
    from ambito.core import fiscal_code
    from ambito.registry.models import Person

    persons = []
    for i in range(first, first + count):
        last, name, sex = f"Cognome{i % 997}", ("Mario", "Giulia")[i % 2], "MF"[i % 2]
        birth = dt.date(1930, 1, 1) + dt.timedelta(days=(i * 7) % 30000)
        code = fiscal_code.encode(
            last_name=last, first_name=name, sex=sex, birth_date=birth,
            birth_place_code=("G713", "H109", "A071", "F384", "E715")[(i // 30000) % 5],
        )  # fmt: skip
        persons.append(
            Person(
                zone=zone, fiscal_code=code, last_name=last, first_name=name, sex=sex,
                birth_date=birth, birth_place="Pistoia", birth_place_code="G713",
                residence_municipality=munis[i % len(munis)], last_name_key=last.upper(),
                first_name_key=name.upper(),
            )
        )  # fmt: skip
    return Person.objects.bulk_create(persons, batch_size=5000)


def _cases(zone, persons, worker, now, first):
    from ambito.cases.models import Case, CaseMember

    cases = Case.objects.bulk_create(
        [
            Case(
                zone=zone, municipality=p.residence_municipality, person=p, line="social",
                status="in_progress", source="direct", case_manager=worker, opened_at=now,
                assigned_at=now, number=f"{YEAR}/{first + i + 1:06d}", created_by=worker,
            )
            for i, p in enumerate(persons)
        ],
        batch_size=5000,
    )  # fmt: skip
    CaseMember.objects.bulk_create(
        [CaseMember(case=c, user=worker, role="case_manager") for c in cases], batch_size=5000
    )
    return cases


def build(args):
    from django.db import transaction
    from django.utils import timezone

    from ambito.planning.models import FundSource
    from ambito.territory.models import Municipality, Zone

    rng = random.Random(18)
    now = timezone.now()
    fnps = FundSource.objects.get(code="FNPS")
    planner = worker0 = None
    counts = {"vouchers": 0, "deliveries": 0}
    for z in range(ZONES):
        with transaction.atomic():  # one commit per zone, not one per row (SQLite)
            planner, worker0 = _zone(z, args, counts, planner, worker0, now, rng, fnps)
    # Fresh cases of zone 0 for the measured issues (one voucher per case and scheme).
    zone0 = Zone.objects.get(code="z00")
    munis0 = list(Municipality.objects.filter(zone=zone0))
    extra = _people(zone0, munis0, args.runs + 5, 10_000_000)
    fresh = _cases(zone0, extra, worker0, now, 10_000_000)
    from django.db import connection

    if connection.vendor == "postgresql":
        # Statistics for the planner, as autovacuum would gather after a load this size.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"planner": planner, "worker": worker0, "fresh": fresh, "counts": counts}


def _zone(z, args, counts, planner, worker0, now, rng, fnps):
    from ambito.catalog.models import Service
    from ambito.core.models import User
    from ambito.core.roles import role_group
    from ambito.planning import ledger
    from ambito.planning.models import Allocation
    from ambito.providers import tallies
    from ambito.providers.models import (
        AccreditationApplication,
        AccreditationScheme,
        Delivery,
        Provider,
        Voucher,
        VoucherScheme,
    )
    from ambito.territory.models import Municipality, Organisation, Zone

    persons_per_zone = max(50, round(PERSONS * args.scale / ZONES))
    vouchers_per_scheme = max(10, round(VOUCHERS * args.scale / ZONES / SCHEMES_PER_ZONE))
    zone = Zone.objects.create(code=f"z{z:02d}", name=f"Zona {z}", kind="sds", region="T")
    munis = [
        Municipality.objects.create(
            zone=zone, istat_code=f"{z:02d}{i:04d}", belfiore_code=f"Y{z:02d}{i}",
            name=f"Comune {z}-{i}", province_code="PT",
        )
        for i in range(5)
    ]  # fmt: skip
    worker = User.objects.create(username=f"as{z}", zone=zone)
    worker.groups.add(role_group("social_worker"))
    worker.municipalities.set(munis)
    if z == 0:
        worker0 = worker
        planner = User.objects.create(username="planner0", zone=zone)
        planner.groups.add(role_group("planner"))
    service = Service.objects.create(
        zone=zone, slug="voucher", name="Voucher domiciliarità", short_description="SAD",
        isee_max=None, status="published",
    )  # fmt: skip
    accreditation = AccreditationScheme.objects.create(
        zone=zone, title="SAD", service=service, tariff=TARIFF, unit="hour",
        opens_on=dt.date(2025, 1, 1),
    )  # fmt: skip
    providers = []
    for p in range(PROVIDERS_PER_ZONE):
        organisation = Organisation.objects.create(zone=zone, kind="provider", name=f"Coop {z}-{p}")
        provider = Provider.objects.create(zone=zone, organisation=organisation, mode="accredited")
        AccreditationApplication.objects.create(
            zone=zone, scheme=accreditation, provider=provider, state="accredited",
            valid_from=dt.date(2025, 1, 1), valid_until=dt.date(2028, 12, 31),
            created_by=worker,
        )  # fmt: skip
        providers.append(provider)
    value = Decimal("400.00")
    budget = value * (vouchers_per_scheme + 1000)
    Allocation.objects.create(
        zone=zone, fund=fnps, year=YEAR, amount=budget * SCHEMES_PER_ZONE, act="FNPS"
    )
    schemes = [
        VoucherScheme.objects.create(
            zone=zone, code=f"S{s}", title=f"Misura {s}", kind="voucher", service=service,
            accreditation=accreditation, value=value, units=Decimal(20),
            valid_from=dt.date(YEAR, 1, 1), valid_until=dt.date(YEAR + 1, 6, 30),
            fund=fnps, year=YEAR, budget=budget, status="open",
        )
        for s in range(SCHEMES_PER_ZONE)
    ]  # fmt: skip
    persons = _people(zone, munis, persons_per_zone, z * persons_per_zone)
    cases = _cases(zone, persons, worker, now, 0)
    vouchers, committed = [], {s.pk: Decimal(0) for s in schemes}
    for scheme in schemes:
        for n in range(vouchers_per_scheme):
            case = cases[rng.randrange(len(cases))]
            state = rng.choice(VOUCHER_STATES)
            live = state != "waiting"
            spent = Decimal(rng.randint(0, 20)) * TARIFF if state != "waiting" else 0
            voucher = Voucher(
                uuid=uuid.uuid4(), zone=zone, scheme=scheme, number=n + 1 if live else None,
                person_id=case.person_id, case=case,
                municipality_id=case.municipality_id, state=state, requested_at=now,
                requested_value=value, decision_act="Det.", decision_date=dt.date(YEAR, 2, 1),
                value=value if live else 0, units=Decimal(20), valid_from=dt.date(YEAR, 2, 1),
                valid_until=dt.date(YEAR + 1, 6, 30), issued_at=now if live else None,
                provider=providers[n % PROVIDERS_PER_ZONE] if live else None,
                spent=min(spent, value), paid=0, issued_by=worker,
            )  # fmt: skip
            committed[scheme.pk] += ledger.voucher_commitment(state, voucher.value, spent)
            vouchers.append(voucher)
    _insert(Voucher, vouchers)
    for scheme in schemes:
        VoucherScheme.objects.filter(pk=scheme.pk).update(committed=committed[scheme.pk])
    ids = dict(Voucher.objects.filter(zone=zone).values_list("uuid", "pk"))
    rows = []
    for voucher in vouchers:
        if voucher.state == "waiting":
            continue
        for d in range(DELIVERIES_PER_VOUCHER):
            day = dt.date(YEAR, 2 + d % 10, 1)
            rows.append(
                {
                    "uuid": uuid.uuid4(), "zone_id": zone.pk, "voucher_id": ids[voucher.uuid],
                    "provider_id": voucher.provider.pk, "date_from": day,
                    "date_to": day + dt.timedelta(27), "units": Decimal(2),
                    "amount": 2 * TARIFF, "note": "",
                    "state": DELIVERY_STATES[(d + voucher.number) % len(DELIVERY_STATES)],
                    "recorded_by_id": worker.pk, "recorded_at": now,
                    "validated_by_id": None, "validated_at": None,
                    "rejection_reason": "", "payment_id": None,
                }
            )  # fmt: skip
        if len(rows) >= 200_000:
            counts["deliveries"] += _insert_values(Delivery, rows)
            rows = []
    counts["deliveries"] += _insert_values(Delivery, rows)
    counts["vouchers"] += len(vouchers)
    ledger.rebuild(zone_ids=[zone.pk])
    tallies.rebuild([zone.pk])
    print(f"  zona {z}: {len(vouchers)} titoli", flush=True)
    return planner, worker0


def measure(args, built) -> dict:
    from django.db import connection

    from ambito.planning.selectors import fund_table
    from ambito.providers.models import VoucherScheme
    from ambito.providers.selectors.reports import providers_report
    from ambito.providers.services.vouchers import voucher_issue

    worker, planner, fresh = built["worker"], built["planner"], list(built["fresh"])
    scheme = VoucherScheme.objects.filter(zone_id=worker.zone_id).order_by("code").first()

    def issue():
        case = fresh.pop()
        voucher_issue(
            actor=worker, case=case, scheme=scheme, decision_act="Det. bench",
            decision_date=dt.date(YEAR, 3, 1), valid_from=dt.date(YEAR, 3, 1),
            valid_until=dt.date(YEAR, 12, 31),
        )  # fmt: skip

    zone_id = planner.zone_id
    floor_sql = (
        "SELECT scheme_id, SUM(value) FROM providers_voucher "  # noqa: S608
        f"WHERE zone_id = {zone_id} AND state IN ('issued', 'active') GROUP BY scheme_id"
    )

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(floor_sql)
            cursor.fetchall()

    results = {
        "emissione di un titolo (budget)": timed(args.runs, issue),
        "rapporto dei titoli della zona": timed(
            args.runs, lambda: providers_report(zone_id=zone_id, year=YEAR)
        ),
        "tabella dei fondi della zona": timed(
            args.runs, lambda: fund_table(zone_id=zone_id, year=YEAR)
        ),
        "floor: somma SQL per misura": timed(args.runs, floor),
    }
    return results


def child(args):
    with backend_session(backend=args.backend, postgres=args.postgres, scratch_db=SCRATCH_DB):
        # What measure() runs, imported now: the build takes minutes, and code edited in the
        # meantime must not be half old, half new.
        import ambito.planning.selectors  # noqa: F401
        import ambito.providers.selectors.reports  # noqa: F401
        import ambito.providers.services.vouchers  # noqa: F401

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
        report = r["results"]["rapporto dei titoli della zona"][1]
        floor = r["results"]["floor: somma SQL per misura"][1]
        issue = r["results"]["emissione di un titolo (budget)"][1]
        print(
            f"{r['backend']}: emissione p95 {issue:.1f} ms (obiettivo {ISSUE_TARGET}), "
            f"rapporto p95 {report:.1f} ms (obiettivo {REPORT_TARGET}), "
            f"rapporto/floor {report / floor if floor else float('nan'):.1f}"
        )


if __name__ == "__main__":
    main()
