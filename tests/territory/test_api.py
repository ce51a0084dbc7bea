import pytest

from ambito.core.services import api_token_create

pytestmark = pytest.mark.django_db

API = "/api/v1"


def get(client, path, **params):
    return client.get(f"{API}{path}", params)


def test_unauthenticated_calls_get_401(client, zone_a):
    for path in ("/zones", f"/zones/{zone_a.uuid}", "/municipalities", "/access-points", "/staff"):
        response = get(client, path)
        assert response.status_code == 401
        assert response.json() == {"detail": "Autenticazione richiesta."}


def test_zones_lists_only_the_users_own_zone_by_uuid(client, social_worker_a, zone_a, zone_b):
    client.force_login(social_worker_a)
    body = get(client, "/zones").json()
    assert body["count"] == 1
    [zone] = body["items"]
    assert zone["uuid"] == str(zone_a.uuid)
    assert "id" not in zone


def test_zone_detail_gives_municipalities_members_and_the_share_warning(
    client, social_worker_a, zone_a, seed_002_members, populations
):
    client.force_login(social_worker_a)
    response = get(client, f"/zones/{zone_a.uuid}")
    assert response.status_code == 200
    body = response.json()
    assert [m["name"] for m in body["municipalities"]] == ["Pistoia", "Quarrata"]
    assert body["municipalities"][0]["population"] == 90315
    assert body["total_population"] == 116836
    assert len(body["members"]) == 10
    assert body["share_total"] == "99.00"
    assert body["shares_balanced"] is False
    assert body["share_warning"] == "Le quote dei soci sommano a 99,00%, non a 100%"


def test_another_zone_is_not_found(client, social_worker_a, zone_b):
    client.force_login(social_worker_a)
    response = get(client, f"/zones/{zone_b.uuid}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Non trovato."}


def test_municipalities_never_include_another_zones(
    client, social_worker_a, municipality_a, municipality_b, municipality_other_zone
):
    client.force_login(social_worker_a)
    body = get(client, "/municipalities").json()
    assert {m["istat_code"] for m in body["items"]} == {"047014", "047017"}
    assert body["items"][0]["belfiore_code"] == "G713"


def test_access_points_come_with_their_opening_hours_and_never_from_another_zone(
    client, social_worker_a, urp_pistoia, access_point_other_zone
):
    client.force_login(social_worker_a)
    body = get(client, "/access-points").json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["uuid"] == str(urp_pistoia.uuid)
    assert item["municipality"]["name"] == "Pistoia"
    assert item["opening_hours"] == [
        {"weekday": 0, "opens": "09:00", "closes": "12:30"},
        {"weekday": 2, "opens": "15:00", "closes": "17:00"},
    ]
    assert item["hours_summary"] == "lun 9:00-12:30; mer 15:00-17:00"
    assert item["weekly_hours"] == "5.50"


def test_access_points_filter_by_kind_and_refuse_a_municipality_of_another_zone(
    client, social_worker_a, urp_pistoia, municipality_other_zone
):
    client.force_login(social_worker_a)
    assert get(client, "/access-points", kind="pua_desk").json()["count"] == 0
    response = get(client, "/access-points", municipality=str(municipality_other_zone.uuid))
    assert response.status_code == 404


def test_access_point_of_another_zone_is_not_found(
    client, social_worker_a, access_point_other_zone
):
    client.force_login(social_worker_a)
    assert get(client, f"/access-points/{access_point_other_zone.uuid}").status_code == 404


def test_staff_lists_only_the_zones_operators_with_fte(
    client, social_worker_a, staff_a, staff_other_zone, municipality_a
):
    client.force_login(social_worker_a)
    body = get(client, "/staff").json()
    assert [s["uuid"] for s in body["items"]] == [str(staff_a.uuid)]
    item = body["items"][0]
    assert item["fte"] == "1.00"
    assert item["municipalities"] == [{"uuid": str(municipality_a.uuid), "name": "Pistoia"}]
    assert get(client, f"/staff/{staff_other_zone.uuid}").status_code == 404


def test_lists_are_paginated(client, social_worker_a, zone_a, municipality_a):
    from tests.factories import AccessPointFactory

    AccessPointFactory.create_batch(3, zone=zone_a, municipality=municipality_a)
    client.force_login(social_worker_a)
    body = get(client, "/access-points", offset=2, limit=2).json()
    assert body["count"] == 3
    assert len(body["items"]) == 1


def test_user_without_permission_gets_403(client, outsider, zone_a):
    client.force_login(outsider)
    for path in ("/zones", f"/zones/{zone_a.uuid}", "/municipalities", "/access-points", "/staff"):
        response = get(client, path)
        assert response.status_code == 403
        assert response.json() == {"detail": "Non hai il permesso per questa operazione."}


def test_a_personal_token_reads_the_same_scoped_data(
    client, social_worker_a, urp_pistoia, access_point_other_zone
):
    _, key = api_token_create(user=social_worker_a, name="integrazione")
    response = client.get(f"{API}/access-points", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert [item["name"] for item in response.json()["items"]] == ["URP Pistoia"]


def test_the_openapi_document_describes_the_territory_endpoints_in_italian(client, social_worker_a):
    client.force_login(social_worker_a)
    spec = client.get(f"{API}/openapi.json").json()
    for path in ("/zones", "/zones/{uuid}", "/municipalities", "/access-points", "/staff"):
        assert f"{API}{path}" in spec["paths"]
    assert spec["paths"][f"{API}/access-points"]["get"]["tags"] == ["Territorio"]


def test_opening_hours_are_declared_as_the_hh_mm_they_are(client, social_worker_a):
    client.force_login(social_worker_a)
    spec = client.get(f"{API}/openapi.json").json()
    opens = spec["components"]["schemas"]["OpeningHoursOut"]["properties"]["opens"]
    assert opens["type"] == "string" and "format" not in opens
    assert opens["pattern"] == r"^([01]\d|2[0-3]):[0-5]\d$"
