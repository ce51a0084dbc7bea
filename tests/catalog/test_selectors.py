import pytest
from django.db import connection

from ambito.catalog import selectors
from tests.catalog.conftest import make_service

pytestmark = pytest.mark.django_db


def names(services):
    return [s.name for s in services]


def test_operators_see_every_state_of_their_zone_only(charter, social_worker_a):
    listed = names(selectors.service_list(user=social_worker_a))
    assert "Servizio segreto in bozza" in listed
    assert "Vecchio servizio ritirato" in listed
    assert "Assistenza domiciliare Crema" not in listed


def test_the_operator_list_filters_by_status_area_and_text(charter, social_worker_a, area):
    by_status = selectors.service_list(
        user=social_worker_a, filters=selectors.ServiceFilters(status="draft")
    )
    assert names(by_status) == ["Servizio segreto in bozza"]
    by_area = selectors.service_list(
        user=social_worker_a, filters=selectors.ServiceFilters(need_area=area("work"))
    )
    assert names(by_area) == ["Tirocini di inclusione sociale"]
    by_text = selectors.service_list(
        user=social_worker_a, filters=selectors.ServiceFilters(text="tirocinio")
    )
    assert names(by_text) == ["Tirocini di inclusione sociale"]


def test_a_user_without_the_permission_sees_no_service(charter, outsider):
    assert not selectors.service_list(user=outsider).exists()


def test_published_services_are_only_the_published_ones(charter, zone_a):
    assert names(selectors.published_services(zone_a)) == [
        "Assistenza domiciliare",
        "Tirocini di inclusione sociale",
    ]


def test_charter_search_never_returns_drafts_or_withdrawn(charter, zone_a):
    assert names(selectors.charter_search(zone=zone_a, text="servizio")) == []
    assert names(selectors.charter_search(zone=zone_a, text="")) == [
        "Assistenza domiciliare",
        "Tirocini di inclusione sociale",
    ]


def test_charter_search_finds_words_in_descriptions_and_filters_by_area(charter, zone_a, area):
    assert names(selectors.charter_search(zone=zone_a, text="anziani")) == [
        "Assistenza domiciliare"
    ]
    assert names(selectors.charter_search(zone=zone_a, text="", need_area=area("work"))) == [
        "Tirocini di inclusione sociale"
    ]
    assert (
        names(selectors.charter_search(zone=zone_a, text="anziani", need_area=area("work"))) == []
    )


def test_charter_search_stays_in_the_zone(charter, zone_a, zone_b):
    assert names(selectors.charter_search(zone=zone_b, text="domiciliare")) == [
        "Assistenza domiciliare Crema"
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ricerca full-text: solo PostgreSQL")
def test_on_postgresql_the_search_uses_italian_stemming_and_ranks_the_name_first(charter, zone_a):
    # "anziana" finds "anziani", "disoccupato" finds "disoccupati": Italian stemming.
    assert names(selectors.charter_search(zone=zone_a, text="anziana")) == [
        "Assistenza domiciliare"
    ]
    assert names(selectors.charter_search(zone=zone_a, text="disoccupato")) == [
        "Tirocini di inclusione sociale"
    ]
    # The name weighs more than the description.
    make_service(
        zone_a,
        name="Pasti a casa",
        short_description="Consegna dei pasti.",
        description="Complementare all'assistenza domiciliare.",
    )
    assert names(selectors.charter_search(zone=zone_a, text="domiciliare")) == [
        "Assistenza domiciliare",
        "Pasti a casa",
    ]
    # websearch syntax: a word excluded with "-".
    assert names(selectors.charter_search(zone=zone_a, text="tirocini -domiciliare")) == [
        "Tirocini di inclusione sociale"
    ]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="ricerca semplice: solo SQLite")
def test_on_sqlite_every_word_must_occur(charter, zone_a):
    assert names(selectors.charter_search(zone=zone_a, text="ANZIANI casa")) == [
        "Assistenza domiciliare"
    ]
    assert names(selectors.charter_search(zone=zone_a, text="anziani tirocinio")) == []


def test_the_history_says_who_changed_which_fields(charter, planner):
    from ambito.catalog import services

    service = charter["home_care"]
    services.service_update(actor=planner, service=service, data={"cost": "Gratuito"})
    rows = selectors.service_history(service=service)
    assert rows[0]["kind"] == "modifica"
    assert rows[0]["changed"] == ["costo / compartecipazione"]
    assert rows[-1]["kind"] == "creazione"
