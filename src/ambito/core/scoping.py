"""Who may see which rows: one layer for every zone-owned model (DOMAIN §11, need-to-know).

A model declares its scoping once, as data, and gets `Model.objects.visible_to(user)`:

    class Service(models.Model):
        zone = models.ForeignKey("territory.Zone", ...)
        objects = ScopedQuerySet.as_manager()
        scoping = Scoping(read="catalog.view_service")

    class Case(models.Model):
        objects = CaseQuerySet.as_manager()          # a ScopedQuerySet subclass
        scoping = Scoping(
            read="cases.view_case",
            grants=(
                Grant("cases.view_zone_cases", whole_zone),
                Grant(None, team_member("members", manager="case_manager")),
                Grant("cases.assign_case", served_municipalities("municipality")),
            ),
        )

The policy, in the order it is applied:

1. nobody sees anything unless active, working in a zone (`user.zone_id`, the zone of the
   membership in use) and, when `read` is given, holding that permission;
2. another zone's rows do not exist: only rows whose `zone` path is the user's zone;
3. with no grants, every reader sees the whole zone; with grants, a row is visible when at
   least one grant the user holds (its permission, or None for every reader) matches it.

The dimensions a grant can use are the functions below: the whole zone, the municipalities the
user serves, the teams the user is a member of, the organisation the user works for (a
third-sector body or a provider sees only what it is party to), a related row that is itself
visible (a contact of a visible person), the user's own rows (`own`), or any `Q` a model
needs. A new app declares its
dimensions instead of writing filters; the views and the API call `visible_to` or a selector
that does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q

from .permissions import works_in_zone

# A grant's rows: given the user and the model being read, the condition its rows match.
RowFilter = Callable[[object, type[models.Model]], Q]


@dataclass(frozen=True)
class Grant:
    """Holding `perm` (None: any reader), the user sees the rows `rows(user)` matches."""

    perm: str | None
    rows: RowFilter


@dataclass(frozen=True)
class Scoping:
    read: str | None = None
    zone: str = "zone"
    grants: Sequence[Grant] = field(default_factory=tuple)

    def filter_for(self, user, model: type[models.Model]) -> Q | None:
        """The rows the user may see as one Q, or None when they may see nothing."""
        if not works_in_zone(user):
            return None
        if self.read and not user.has_perm(self.read):
            return None
        in_zone = Q(**{"pk" if self.zone == "pk" else f"{self.zone}_id": user.zone_id})
        if not self.grants:
            return in_zone
        held = [grant for grant in self.grants if grant.perm is None or user.has_perm(grant.perm)]
        if not held:
            return None
        allowed = Q(pk__in=[])
        for grant in held:
            rows = grant.rows(user, model)
            if rows is EVERYTHING:
                return in_zone
            allowed |= rows
        return in_zone & allowed


# A marker Q: "every row of the zone" (short-circuits the other grants).
EVERYTHING = Q()


def whole_zone(user, model) -> Q:
    return EVERYTHING


def served_municipality_ids(user):
    """The municipalities the user serves in the membership in use (core/memberships.py): a
    list for another membership, a subquery for the account's own."""
    overlaid = getattr(user, "_served_municipality_ids", None)
    if overlaid is not None:
        return overlaid
    return user.municipalities.values_list("pk", flat=True)


def served_municipalities(path: str) -> RowFilter:
    """Rows whose municipality (at `path`) is one the user serves."""

    def rows(user, model) -> Q:
        return Q(**{f"{path}__in": served_municipality_ids(user)})

    return rows


def team_member(
    members: str, *, user_field: str = "user", active: str | None = "removed_at", **direct
) -> RowFilter:
    """Rows whose team (the reverse relation `members`, e.g. a case's CaseMember rows) counts
    the user as an active member (`active` is null), or whose `direct` user fields
    (e.g. manager="case_manager") are the user. A subquery, so no row is repeated."""

    def rows(user, model) -> Q:
        relation = model._meta.get_field(members)
        member_rows = relation.related_model.objects.filter(**{user_field: user})
        if active:
            member_rows = member_rows.filter(**{f"{active}__isnull": True})
        found = Q(pk__in=member_rows.values(relation.field.attname))
        for path in direct.values():
            found |= Q(**{path: user})
        return found

    return rows


def organisation_party(*paths: str) -> RowFilter:
    """Rows where the user's organisation stands at one of `paths` (provider, signatory...)."""

    def rows(user, model) -> Q:
        if getattr(user, "organisation_id", None) is None:
            return Q(pk__in=[])
        found = Q(pk__in=[])
        for path in paths:
            found |= Q(**{f"{path}_id": user.organisation_id})
        return found

    return rows


def visible_related(path: str, *, nullable: bool = False) -> RowFilter:
    """Rows whose related row at `path` is itself visible to the user (and, with `nullable`,
    rows with no related row at all): a contact of a person one may see."""

    def rows(user, model) -> Q:
        related = model._meta.get_field(path).related_model
        found = Q(**{f"{path}__in": related.objects.visible_to(user).values("pk")})
        if nullable:
            found |= Q(**{f"{path}__isnull": True})
        return found

    return rows


def matching(q: Q) -> RowFilter:
    """A fixed condition (e.g. involves_minor=True) as a grant's rows."""
    return lambda user, model: q


def own(path: str) -> RowFilter:
    """Rows whose `path` is the user: the jobs they started, the notices addressed to them."""
    return lambda user, model: Q(**{f"{path}_id": user.pk})


class ScopedQuerySet(models.QuerySet):
    """The queryset of every zone-owned model: `visible_to(user)` applies the model's
    `scoping` declaration."""

    def visible_to(self, user):
        scoping: Scoping | None = getattr(self.model, "scoping", None)
        if scoping is None:
            raise TypeError(f"{self.model._meta.label} declares no scoping")
        condition = scoping.filter_for(user, self.model)
        if condition is None:
            return self.none()
        return self.filter(condition)


def require_visible(user, model, pk) -> None:
    """A row outside the user's scope does not exist for them: a hidden refusal (404)."""
    from .permissions import NotAllowed

    if not model.objects.visible_to(user).filter(pk=pk).exists():
        raise NotAllowed(hide=True)
