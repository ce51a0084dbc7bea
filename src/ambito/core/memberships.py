"""Working in one zone at a time (DOMAIN §11; issue 14 "memberships instead of one zone").

A user's account carries its first membership (zone, organisation, roles as groups, municipalities
served); `Membership` rows add the others. A login works in one of them at a time:

- on the pages, the membership in use is kept in the session (`SESSION_KEY`, the zone's id)
  and chosen with the switch in the header (`membership_switch`);
- in the API, a token works in the account's first membership, or in the zone named by the
  `X-Ambito-Zone` header (a zone code), when the user is a member there.

For the request, `apply(user, membership)` puts the membership on the user instance: `zone`,
`organisation`, the roles (`role_codes`, and the permissions through
core.backends.CachedPermissionBackend) and the municipalities served
(core.scoping.served_municipality_ids). Everything scoped by `user.zone_id` and the permissions
is then scoped by the membership in use, with no other code knowing about memberships.
`User.save` never writes the overlaid zone onto the account.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from .audit import log_event
from .choices import EventAction
from .models import Membership, User
from .permissions import NotAllowed

SESSION_KEY = "membership_zone"
ZONE_HEADER = "HTTP_X_AMBITO_ZONE"


@dataclass(frozen=True)
class ZoneChoice:
    """One zone the user can work in, for the header's switch."""

    zone_id: int
    name: str
    code: str
    current: bool


def _memberships(user) -> list[Membership]:
    if not hasattr(user, "_memberships"):
        user._memberships = list(
            Membership.objects.filter(user_id=user.pk, active=True).select_related(
                "zone", "organisation"
            )
        )
    return user._memberships


def apply(user: User, membership: Membership) -> None:
    """Work in `membership` for this request (see the module's docstring)."""
    if not hasattr(user, "_home"):
        user._home = (user.zone_id, user.organisation_id)
    user.zone = membership.zone
    user.organisation = membership.organisation
    user._membership = membership
    user._served_municipality_ids = list(membership.municipalities.values_list("pk", flat=True))
    user._role_codes = _role_codes(membership)
    for cached in ("_perm_cache", "_group_perm_cache", "_user_perm_cache"):
        if hasattr(user, cached):
            delattr(user, cached)


def _role_codes(membership: Membership) -> set[str]:
    from .choices import Role

    names = set(membership.roles.values_list("name", flat=True))
    return {role.value for role in Role if role.label in names}


def choose(user: User, zone_id: int | None) -> None:
    """Apply the membership of zone `zone_id` when it is not the account's own zone; an
    unknown or ended membership leaves the account's own."""
    if zone_id is None or zone_id == user.zone_id:
        return
    for membership in _memberships(user):
        if membership.zone_id == zone_id:
            apply(user, membership)
            return


def choose_by_code(user: User, code: str) -> None:
    """The API's `X-Ambito-Zone`: refused (403) when the user is no member of that zone."""
    code = (code or "").strip()
    if not code or (user.zone is not None and user.zone.code == code):
        return
    for membership in _memberships(user):
        if membership.zone.code == code:
            apply(user, membership)
            return
    raise NotAllowed("Non lavori in questo ambito.")


def zone_choices(user: User) -> list[ZoneChoice]:
    """Every zone the user can work in (the account's own first), the one in use marked."""
    home_zone_id = getattr(user, "_home", (user.zone_id, None))[0]
    zones = []
    if home_zone_id is not None:
        from ambito.territory.models import Zone

        # Not overlaid (the usual case), the account's zone is the one already loaded.
        overlaid = hasattr(user, "_home")
        home = Zone.objects.filter(pk=home_zone_id).first() if overlaid else user.zone
        if home is not None:
            zones.append(home)
    zones += [m.zone for m in _memberships(user) if m.zone_id != home_zone_id]
    return [ZoneChoice(zone.pk, zone.name, zone.code, zone.pk == user.zone_id) for zone in zones]


def membership_switch(*, request, zone_id: int) -> None:
    """Work in another of one's zones from now on in this session."""
    allowed = {choice.zone_id for choice in zone_choices(request.user)}
    if zone_id not in allowed:
        raise NotAllowed("Non lavori in questo ambito.")
    request.session[SESSION_KEY] = zone_id
    # Reasons given to read records outside one's scope were given in the other zone.
    request.session.pop("reasoned_access", None)


@transaction.atomic
def membership_add(
    *, actor, user: User, zone, roles=(), organisation=None, municipalities=()
) -> Membership:
    """Let `user` work in one more zone (an administrator's act, logged)."""
    from django.core.exceptions import ValidationError

    if zone.pk == getattr(user, "_home", (user.zone_id,))[0]:
        raise ValidationError({"zone": "È già l'ambito principale dell'utente."})
    if organisation is not None and organisation.zone_id != zone.pk:
        raise ValidationError({"organisation": "L'ente non è di questo ambito."})
    if any(m.zone_id != zone.pk for m in municipalities):
        raise ValidationError({"municipalities": "Un comune non è di questo ambito."})
    membership = Membership(user=user, zone=zone, organisation=organisation)
    membership.full_clean()
    membership.save()
    membership.roles.set(roles)
    membership.municipalities.set(municipalities)
    log_event(
        user=actor,
        obj=membership,
        action=EventAction.CREATE,
        fields=["zone", "organisation", "roles", "municipalities"],
        zone_id=zone.pk,
    )
    return membership


def zone_users(zone_id: int):
    """The accounts that work in a zone, by their first membership or by another one."""
    from django.db.models import Q

    return User.objects.filter(
        Q(zone_id=zone_id) | Q(memberships__zone_id=zone_id, memberships__active=True)
    ).distinct()
