"""Passwords are hashed with Argon2id at OWASP's parameters; older PBKDF2 hashes still log in
and are upgraded at that login."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import override_settings

from ambito.core.hashers import OwaspArgon2PasswordHasher

PRODUCTION_HASHERS = [
    "ambito.core.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def test_the_settings_outside_the_suite_name_our_hasher_first():
    env = {k: v for k, v in os.environ.items() if k != "AMBITO_TESTING"}
    env["DEBUG"] = "true"
    out = subprocess.run(
        [sys.executable, "-c", "import ambito.settings as s; print(s.PASSWORD_HASHERS)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == str(PRODUCTION_HASHERS)


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_a_new_hash_is_argon2id_with_owasp_parameters():
    encoded = make_password("una-password-lunga")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert isinstance(identify_hasher(encoded), OwaspArgon2PasswordHasher)
    assert check_password("una-password-lunga", encoded)


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_a_pbkdf2_hash_logs_in_and_is_upgraded(client, zone_a):
    from tests.factories import UserFactory

    user = UserFactory(zone=zone_a, roles=["social_worker"])
    user.password = make_password("una-password-lunga", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    response = client.post(
        "/account/login/", {"username": user.username, "password": "una-password-lunga"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
