"""Who crawls: every demo login, a coordinator of one municipality only, and anonymous."""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client

from ambito.core.choices import Role as RoleName
from ambito.core.models import User
from ambito.demo.accounts import DEMO_USERNAMES
from ambito.demo.data import CREMA, PISTOIA
from ambito.territory.models import Zone

from .objects import PersonIndex, add_missing_objects

# The demo's coordinator serves all nine municipalities; this one serves Pistoia only, so that
# "a coordinator of municipality A acting on municipality B" is in the matrix.
ONE_MUNICIPALITY_COORDINATOR = "crawl.coordinatore.pistoia"
ANONYMOUS = "anonymous"


@dataclass
class Role:
    name: str
    user: User | None
    client: Client


@dataclass
class World:
    home_zone: Zone
    other_zone: Zone
    roles: list[Role]
    index: PersonIndex
    added: list[str]
    build_seconds: float | None = None


def one_municipality_coordinator(zone: Zone) -> User:
    from ambito.core.services import user_create

    return user_create(
        username=ONE_MUNICIPALITY_COORDINATOR,
        password=None,
        roles=[RoleName.COORDINATOR],
        zone=zone,
        municipalities=[zone.municipalities.get(name="Pistoia")],
        first_name="Coordinatrice",
        last_name="Dipistoia",
    )


def logged_in(user: User | None) -> Client:
    client = Client(raise_request_exception=True)
    if user is not None:
        client.force_login(user)
    return client


def build_world() -> World:
    home = Zone.objects.get(code=PISTOIA.code)
    other = Zone.objects.get(code=CREMA.code)
    added = add_missing_objects(home, other)
    extra = one_municipality_coordinator(home)
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    roles = [Role(name, users[name], logged_in(users[name])) for name in DEMO_USERNAMES]
    roles.append(Role(extra.username, extra, logged_in(extra)))
    roles.append(Role(ANONYMOUS, None, logged_in(None)))
    return World(home, other, roles, PersonIndex(), added)
