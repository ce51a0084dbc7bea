"""Password hashing with OWASP's Password Storage Cheat Sheet parameters.

Argon2id, m=19 MiB, t=2, p=1: OWASP's first recommended configuration. Django's own Argon2
hasher uses 100 MiB and 8 lanes, which on a 2-core app server costs more than it protects;
PBKDF2 at Django 5.2's 1,000,000 rounds takes about half a second of CPU per login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    algorithm = "argon2"  # the same encoded format: Django's hasher verifies these too
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
