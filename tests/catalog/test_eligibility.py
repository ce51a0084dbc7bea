import datetime
from decimal import Decimal

import pytest

from ambito.catalog import eligibility
from tests.factories import IseeRecordFactory, PersonFactory

pytestmark = pytest.mark.django_db


def by_name(results):
    return {r.service.name: r for r in results}


def test_a_young_adult_with_low_isee_fits_the_internships_not_home_care(
    charter, zone_a, municipality_a
):
    eligible, excluded = eligibility.services_for(
        zone=zone_a, age=34, municipality=municipality_a, isee=Decimal("8500")
    )
    fits = by_name(eligible)["Tirocini di inclusione sociale"]
    assert "età 34 anni: nei limiti 18-65" in fits.reasons
    assert "residente a Pistoia, comune dell'ambito" in fits.reasons
    out = by_name(excluded)["Assistenza domiciliare"]
    assert out.failures == ["età 34 anni: sotto l'età minima di 65"]


def test_the_isee_reason_is_written_the_italian_way(charter, zone_a):
    eligible, excluded = eligibility.services_for(zone=zone_a, age=70, isee=Decimal("8500"))
    assert (
        "ISEE € 8.500,00 ≤ soglia € 12.000,00"
        in by_name(eligible)["Assistenza domiciliare"].reasons
    )
    _, excluded = eligibility.services_for(zone=zone_a, age=70, isee=Decimal("15000"))
    assert by_name(excluded)["Assistenza domiciliare"].failures == [
        "ISEE € 15.000,00 oltre la soglia di € 12.000,00"
    ]


def test_unknown_data_do_not_exclude_but_ask_to_check(charter, zone_a):
    eligible, excluded = eligibility.services_for(zone=zone_a)
    assert not excluded
    reasons = by_name(eligible)["Assistenza domiciliare"].reasons
    assert "ISEE da verificare (soglia € 12.000,00)" in reasons
    assert "residenza da verificare" in reasons


def test_residents_of_another_zone_and_other_need_areas_are_excluded(
    charter, zone_a, municipality_other_zone, area
):
    _, excluded = eligibility.services_for(
        zone=zone_a, age=40, municipality=municipality_other_zone, need_areas=[area("work")]
    )
    results = by_name(excluded)
    assert (
        "residente a Crema, fuori dall'ambito" in results["Tirocini di inclusione sociale"].failures
    )
    assert "non riguarda le aree di bisogno indicate" in results["Assistenza domiciliare"].failures


def test_drafts_are_never_proposed(charter, zone_a):
    eligible, excluded = eligibility.services_for(zone=zone_a)
    assert "Servizio segreto in bozza" not in {r.service.name for r in eligible + excluded}


def test_a_person_brings_age_residence_and_latest_valid_isee(
    charter, social_worker_a, municipality_a
):
    person = PersonFactory(
        residence_municipality=municipality_a, birth_date=datetime.date(1950, 3, 1)
    )
    IseeRecordFactory(
        person=person,
        value="20000.00",
        valid_from=datetime.date(2020, 1, 1),
        valid_until=datetime.date(2020, 12, 31),
    )
    IseeRecordFactory(
        person=person,
        value="9000.00",
        valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2026, 12, 31),
    )
    eligible, _ = eligibility.services_for_person(
        user=social_worker_a, person=person, on=datetime.date(2026, 6, 1)
    )
    reasons = by_name(eligible)["Assistenza domiciliare"].reasons
    assert "età 76 anni: rispetta l'età minima di 65" in reasons
    assert "ISEE € 9.000,00 ≤ soglia € 12.000,00" in reasons
    assert "residente a Pistoia, comune dell'ambito" in reasons
