"""Applications are scoped like the registry (measures/scoping.py) and the lists that name
applicants are logged, one AccessLog row per applicant shown."""

import pytest

from ambito.core.models import AccessLog
from ambito.core.permissions import NotAllowed
from ambito.measures import selectors, services
from ambito.measures.models import Application, Measure
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_a(zone_a, municipality_a):
    return UserFactory(
        username="coord_a", zone=zone_a, roles=["coordinator"], municipalities=[municipality_a]
    )


def application(zone, municipality, status="rejected", protocol="P1"):
    return Application.objects.create(
        zone=zone,
        measure=Measure.objects.get(code="ADI"),
        protocol=protocol,
        applicant=PersonFactory(residence_municipality=municipality),
        municipality=municipality,
        status=status,
        status_reason="ISEE alto",
    )


def test_a_coordinator_cannot_follow_up_another_municipalitys_application(
    client, coordinator_a, zone_a, municipality_b
):
    other = application(zone_a, municipality_b)
    client.force_login(coordinator_a)
    response = client.post(f"/domande/{other.uuid}/verifica/", {"note": "Verificata"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.follow_up_done_at is None and other.follow_up_note == ""
    with pytest.raises(NotAllowed) as refused:
        services.follow_up_record(actor=coordinator_a, application=other, note="Verificata")
    assert refused.value.hide


def test_a_coordinator_sees_only_the_applications_of_their_municipalities(
    coordinator_a, zone_a, municipality_a, municipality_b
):
    mine = application(zone_a, municipality_a, protocol="A1")
    application(zone_a, municipality_b, protocol="B1")
    assert list(Application.objects.visible_to(coordinator_a)) == [mine]
    assert list(selectors.follow_up_queryset(user=coordinator_a)) == [mine]
    table = selectors.status_table(user=coordinator_a, measure=mine.measure)
    assert table.total == 1


def test_zone_wide_readers_see_every_application_of_the_zone(
    zone_admin, zone_a, municipality_a, municipality_b, social_worker_other_zone
):
    application(zone_a, municipality_a, protocol="A1")
    application(zone_a, municipality_b, protocol="B1")
    assert Application.objects.visible_to(zone_admin).count() == 2
    assert not Application.objects.visible_to(social_worker_other_zone).exists()


def test_a_social_worker_cannot_record_a_follow_up(social_worker_a, zone_a, municipality_a):
    mine = application(zone_a, municipality_a)
    with pytest.raises(NotAllowed) as refused:
        services.follow_up_record(actor=social_worker_a, application=mine, note="Verificata")
    assert not refused.value.hide
    assert "verifica" in refused.value.message


def test_the_applications_page_logs_each_applicant_shown(
    client, coordinator_a, zone_a, municipality_a, municipality_b
):
    first = application(zone_a, municipality_a, protocol="A1")
    second = application(zone_a, municipality_a, protocol="A2")
    hidden = application(zone_a, municipality_b, protocol="B1")
    client.force_login(coordinator_a)
    assert client.get("/domande/?misura=ADI").status_code == 200
    rows = AccessLog.objects.filter(user=coordinator_a, object_type="measures.application")
    assert {row.person for row in rows} == {first.applicant, second.applicant}
    assert not AccessLog.objects.filter(person=hidden.applicant).exists()
    assert all("ISEE" not in str(row.detail) for row in rows)
