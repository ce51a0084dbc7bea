"""The statistical export: no direct identifier leaves, pseudonyms are stable with the key."""

import datetime as dt

import pytest
from django.core.management import call_command

from ambito.monitoring.pseudonymise import age_band, export

from .conftest import intervention, make_case, positive_application


@pytest.fixture
def records(zone_a, municipality_a, social_worker_a):
    cases = []
    for n in range(3):
        case = make_case(social_worker_a, municipality_a, baby=n == 0)
        positive_application(case, dt.date(2025, 3, 1), f"INPS-{n:04d}")
        intervention(case, social_worker_a, dt.date(2025, 4, 1))
        cases.append(case)
    return cases


def test_no_direct_identifier_leaves(zone_a, records):
    files = export(zone=zone_a, as_of=dt.date(2025, 6, 30), key=b"chiave-di-prova")
    text = b"".join(files.values()).decode("utf-8")
    from ambito.registry.models import Household, Person

    for person in Person.objects.all():
        for value in (
            person.fiscal_code,
            person.first_name,
            person.last_name,
            str(person.uuid),
            person.birth_date.isoformat(),
            person.birth_date.strftime("%d/%m/%Y"),
        ):
            assert value not in text, value
    for household in Household.objects.all():
        assert str(household.uuid) not in text
    for case in records:
        assert str(case.uuid) not in text and case.number not in text
        assert "INPS-" not in text
    assert "35-44" in text  # born in 1985: an age band, not a birth date
    assert files["cartelle.csv"].decode().count("\r\n") == 4  # header + 3 cases


def test_pseudonyms_are_stable_with_the_key_and_change_with_another(zone_a, records):
    one = export(zone=zone_a, as_of=dt.date(2025, 6, 30), key=b"k1")
    again = export(zone=zone_a, as_of=dt.date(2025, 6, 30), key=b"k1")
    other = export(zone=zone_a, as_of=dt.date(2025, 6, 30), key=b"k2")
    assert one["cartelle.csv"] == again["cartelle.csv"]
    assert one["cartelle.csv"] != other["cartelle.csv"]
    # The person of an application is the same pseudonym as the person of its case.
    cases = [line.split(";") for line in one["cartelle.csv"].decode().splitlines()[1:]]
    applications = [line.split(";") for line in one["domande.csv"].decode().splitlines()[1:]]
    assert {c[1] for c in cases} == {a[1] for a in applications}


def test_age_bands():
    assert age_band(dt.date(2020, 1, 1), dt.date(2025, 6, 30)) == "3-5"
    assert age_band(dt.date(1940, 1, 1), dt.date(2025, 6, 30)) == "75+"


def test_the_command_writes_the_files_with_a_key_kept_outside_the_database(
    zone_a, records, tmp_path, settings
):
    settings.PSEUDONYM_KEY_FILE = tmp_path / "secret" / "pseudonym.key"
    call_command("export_pseudonymised", "--zone", "zona-a", "--output", str(tmp_path / "out"))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "LEGGIMI.txt",
        "cartelle.csv",
        "domande.csv",
        "interventi.csv",
    ]
    key = settings.PSEUDONYM_KEY_FILE
    assert key.exists() and oct(key.stat().st_mode)[-3:] == "600"
