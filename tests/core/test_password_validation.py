"""Password rules speak Italian on the password change page."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _change(client, user, new):
    client.force_login(user)
    return client.post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    ).content.decode()


def test_a_short_password_is_refused_in_italian(client, social_worker_a):
    body = _change(client, social_worker_a, "Ab3$xq")
    assert "This password is too short" not in body
    assert "troppo corta" in body
    assert "almeno 10 caratteri" in body


@pytest.mark.parametrize("password", ["password123", "3141592653589"])
def test_the_other_password_rules_are_in_italian_too(client, social_worker_a, password):
    body = _change(client, social_worker_a, password)
    assert "This password" not in body
    assert "La password" in body or "Questa password" in body
