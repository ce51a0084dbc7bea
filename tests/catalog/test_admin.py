import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(django_user_model, zone_a):
    return django_user_model.objects.create_superuser("root", password="x-password-1")


@pytest.mark.parametrize("model", ["service", "needarea", "interventiontype"])
def test_the_charter_is_in_the_admin(client, charter, superuser, model):
    client.force_login(superuser)
    assert client.get(f"/admin/catalog/{model}/").status_code == 200


def test_the_service_admin_shows_its_history(client, charter, superuser):
    client.force_login(superuser)
    service = charter["home_care"]
    response = client.get(f"/admin/catalog/service/{service.pk}/history/")
    assert response.status_code == 200
