import pytest

from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_the_published_services_of_the_users_zone(client, charter, social_worker_a):
    response = login(client, social_worker_a).get("/api/v1/charter/services")
    assert response.status_code == 200
    names = [s["name"] for s in response.json()]
    assert names == ["Assistenza domiciliare", "Tirocini di inclusione sociale"]
    home_care = response.json()[0]
    assert home_care["isee_max"] == 12000.0
    assert home_care["public_url"] == "/carta/zona-a/servizi/assistenza-domiciliare/"
    assert {a["code"] for a in home_care["need_areas"]} == {"elderly", "disability"}


def test_the_api_needs_authentication(client, charter):
    assert client.get("/api/v1/charter/services").status_code == 401


def test_a_user_without_zone_names_it(client, charter, django_user_model):
    user = django_user_model.objects.create_user("senza_zona", password="x-password-1")
    login(client, user)
    assert client.get("/api/v1/charter/services").status_code == 404
    response = client.get("/api/v1/charter/services?zone=zona-b")
    assert [s["name"] for s in response.json()] == ["Assistenza domiciliare Crema"]


def test_a_zone_user_cannot_read_another_zone_through_the_api(client, charter, social_worker_a):
    response = login(client, social_worker_a).get("/api/v1/charter/services?zone=zona-b")
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["services", "organizations", "locations", "service-at-locations"])
def test_the_hsds_endpoints_answer(client, charter, social_worker_a, path):
    response = login(client, social_worker_a).get(f"/api/v1/charter/hsds/{path}")
    assert response.status_code == 200
    assert response.json()


def test_the_hsds_services_are_only_the_published_ones(client, charter, social_worker_a):
    response = login(client, social_worker_a).get("/api/v1/charter/hsds/services")
    assert {s["id"] for s in response.json()} == {
        str(charter["home_care"].uuid),
        str(charter["internships"].uuid),
    }
