import pytest

from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_the_published_services_of_the_users_zone_are_the_charter_list_filtered(
    client, charter, social_worker_a
):
    response = login(client, social_worker_a).get(
        "/api/v1/charter/services", {"status": "published"}
    )
    assert response.status_code == 200
    names = [s["name"] for s in response.json()["items"]]
    assert names == ["Assistenza domiciliare", "Tirocini di inclusione sociale"]
    home_care = response.json()["items"][0]
    assert home_care["isee_max"] == "12000.00"
    assert set(home_care["need_areas"]) == {"elderly", "disability"}


def test_the_published_services_are_served_by_one_path_only(client, social_worker_a):
    spec = login(client, social_worker_a).get("/api/v1/openapi.json").json()
    assert "/api/v1/services" not in spec["paths"]
    assert "/api/v1/charter/services" in spec["paths"]


def test_the_api_needs_authentication(client, charter):
    assert client.get("/api/v1/charter/services").status_code == 401
    assert client.get("/api/v1/charter/hsds/services").status_code == 401


def test_a_user_without_zone_names_it(client, charter, django_user_model):
    user = django_user_model.objects.create_user("senza_zona", password="x-password-1")
    login(client, user)
    assert client.get("/api/v1/charter/hsds/services").status_code == 404
    response = client.get("/api/v1/charter/hsds/services?zone=zona-b")
    assert [s["name"] for s in response.json()["items"]] == ["Assistenza domiciliare Crema"]


def test_a_zone_user_cannot_read_another_zone_through_the_api(client, charter, social_worker_a):
    response = login(client, social_worker_a).get("/api/v1/charter/hsds/services?zone=zona-b")
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["services", "organizations", "locations", "service-at-locations"])
def test_the_hsds_endpoints_answer(client, charter, social_worker_a, path):
    response = login(client, social_worker_a).get(f"/api/v1/charter/hsds/{path}")
    assert response.status_code == 200
    assert response.json()["items"]


def test_the_hsds_services_are_only_the_published_ones(client, charter, social_worker_a):
    response = login(client, social_worker_a).get("/api/v1/charter/hsds/services")
    assert {s["id"] for s in response.json()["items"]} == {
        str(charter["home_care"].uuid),
        str(charter["internships"].uuid),
    }
