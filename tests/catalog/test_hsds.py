"""The HSDS 3.0 export validates, record by record, against the JSON Schemas shipped in
shared/standards/hsds/ (CI clones the repository with shared/ beside it)."""

import json
import os
import random
from pathlib import Path

import pytest
from django.core.management import call_command

from ambito.catalog import hsds
from ambito.demo.charter import SERVICES, build_charter
from ambito.demo.data import PISTOIA
from ambito.demo.territory import build_territory

pytestmark = pytest.mark.django_db

HSDS_DIR = (Path(__file__).resolve().parents[2] / ".." / "shared" / "standards" / "hsds").resolve()
SCHEMAS = {
    "organization": "organization.json",
    "service": "service.json",
    "location": "location.json",
    "service_at_location": "service_at_location.json",
}


@pytest.fixture(scope="module")
def validators():
    if not HSDS_DIR.is_dir():
        message = f"Schemi HSDS non trovati in {HSDS_DIR}: clona shared/ accanto al progetto."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from jsonschema import Draft202012Validator, FormatChecker
    from jsonschema.validators import validator_for
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    registry = Registry()
    for path in sorted(HSDS_DIR.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        registry = registry.with_resource(uri=path.name, resource=resource)
    result = {}
    for kind, name in SCHEMAS.items():
        schema = json.loads((HSDS_DIR / name).read_text(encoding="utf-8"))
        cls = validator_for(schema, default=Draft202012Validator)
        result[kind] = cls(schema, registry=registry, format_checker=FormatChecker())
    return result


@pytest.fixture
def demo_zone(db):
    context = build_territory(PISTOIA, random.Random("hsds"))
    build_charter(zone=context.zone, rng=random.Random("hsds-charter"))
    return context.zone


def errors_of(validator, record) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(record)
    ]


def test_every_record_of_the_demo_charter_validates_against_the_hsds_schemas(demo_zone, validators):
    export = hsds.export(demo_zone)
    published = [s for s in SERVICES if s.status == "published"]
    assert len(export["service"]) == len(published)
    assert export["organization"] and export["location"] and export["service_at_location"]
    for kind, records in export.items():
        for record in records:
            problems = errors_of(validators[kind], record)
            assert not problems, f"{kind} {record.get('name', record['id'])}: {problems}"


def test_the_validator_does_catch_a_broken_record(validators):
    problems = errors_of(validators["service"], {"id": "non-un-uuid", "name": "x", "status": "?"})
    assert any("uuid" in p for p in problems)
    assert any("status" in p for p in problems)
    broken_phone = {
        "id": "6f1f1d3e-8f3c-4a55-9a3e-0b8e8c2b7a10",
        "name": "x",
        "status": "active",
        "phones": [{"id": "6f1f1d3e-8f3c-4a55-9a3e-0b8e8c2b7a10"}],
    }
    assert any("number" in p for p in errors_of(validators["service"], broken_phone))


def test_services_carry_schedules_documents_and_costs(demo_zone):
    export = hsds.export(demo_zone)
    home_care = next(s for s in export["service"] if s["name"] == "Assistenza domiciliare")
    assert home_care["alternate_name"] == "A.1.c.5"
    assert {"document": "Attestazione ISEE in corso di validità"}.items() <= next(
        d for d in home_care["required_documents"] if "ISEE" in d["document"]
    ).items()
    assert home_care["cost_options"][0]["currency"] == "EUR"
    location = export["location"][0]
    assert location["addresses"][0]["country"] == "IT"
    assert all(s["freq"] == "WEEKLY" for s in location.get("schedules", []))


def test_drafts_are_not_exported(demo_zone):
    names = {s["name"] for s in hsds.services(demo_zone)}
    assert "Formazione dei beneficiari" not in names
    assert "Segretariato sociale" in names


def test_two_exports_are_identical(demo_zone):
    assert hsds.export(demo_zone) == hsds.export(demo_zone)


def test_the_command_writes_one_file_per_record_type(demo_zone, tmp_path, validators):
    call_command("hsds_export", "--zone", demo_zone.code, "--out", str(tmp_path))
    for kind in SCHEMAS:
        records = json.loads((tmp_path / f"{kind}.json").read_text(encoding="utf-8"))
        assert records
        for record in records:
            assert not errors_of(validators[kind], record)


def test_the_demo_charter_has_published_services_and_two_drafts(demo_zone):
    from ambito.catalog.models import Service

    assert Service.objects.filter(zone=demo_zone, status="published").count() >= 15
    assert Service.objects.filter(zone=demo_zone, status="draft").count() == 2
    assert not Service.objects.filter(zone=demo_zone, provider__isnull=True).exists()
