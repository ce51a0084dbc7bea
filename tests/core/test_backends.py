import pytest

from ambito.core.models import User
from ambito.core.roles import role_group

pytestmark = pytest.mark.django_db


def fresh(user):
    return User.objects.get(pk=user.pk)


def test_permissions_are_read_once_and_then_served_from_memory(
    social_worker_a, django_assert_num_queries
):
    assert fresh(social_worker_a).has_perm("registry.view_person")
    user = fresh(social_worker_a)
    with django_assert_num_queries(0):
        assert user.has_perm("registry.view_person")
        assert not user.has_perm("core.view_accesslog")


def test_a_change_of_role_takes_effect_at_once(social_worker_a):
    assert not fresh(social_worker_a).has_perm("core.view_accesslog")
    social_worker_a.groups.add(role_group("zone_admin"))
    assert fresh(social_worker_a).has_perm("core.view_accesslog")
    role_group("zone_admin").permissions.clear()
    assert not fresh(social_worker_a).has_perm("core.view_accesslog")


def test_inactive_users_have_no_permissions(social_worker_a):
    social_worker_a.is_active = False
    social_worker_a.save()
    assert not fresh(social_worker_a).has_perm("registry.view_person")
