import pytest
from django.contrib.auth.models import Permission

from ambito.core.models import EventLog
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_changes_made_in_the_admin_are_written_to_the_event_log(client, zone_a):
    root = UserFactory(username="root", zone=None, is_staff=True, is_superuser=True)
    client.force_login(root)
    response = client.post(
        "/admin/territory/organisation/add/",
        {"zone": zone_a.pk, "kind": "third_sector", "name": "Cooperativa Il Ponte"},
    )
    assert response.status_code == 302
    event = EventLog.objects.get(object_type="territory.organisation")
    assert (event.user, event.action, event.note) == (root, "create", "admin")


def test_the_user_admin_lists_only_the_zone_admins_own_zone(
    client, zone_a, zone_b, social_worker_other_zone
):
    admin = UserFactory(username="amm", zone=zone_a, is_staff=True, roles=["zone_admin"])
    admin.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user"])
    )
    client.force_login(admin)
    page = client.get("/admin/core/user/").content.decode()
    assert "amm" in page
    assert social_worker_other_zone.username not in page
