"""What a figure is computed on: a zone, optionally one of its municipalities or the union of
the municipalities a user serves (`served`), as of a date.
Built from what a user, the command line or the API gives, with Italian messages for what is
wrong (ScopeError; exit code 2 on the command line, 422 in the API)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from ambito.core.permissions import allowed
from ambito.core.scoping import served_municipality_ids
from ambito.territory.models import Municipality, Zone


class ScopeError(ValueError):
    pass


@dataclass(frozen=True)
class Scope:
    zone: Zone
    as_of: dt.date
    municipality: Municipality | None = None
    # Without one chosen municipality, the municipalities a user serves (a coordinator of
    # some of the zone's municipalities): the figures are of their union, never the zone's.
    served: tuple[Municipality, ...] = ()
    # Shared by a scope and its municipalities' scopes (`at`): what every column needs
    # (populations, access points) is read once for a whole dashboard.
    cache: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def municipalities(self) -> list[Municipality]:
        if self.municipality is not None:
            return [self.municipality]
        if self.served:
            return sorted(self.served, key=lambda m: m.name)
        if "municipalities" not in self.cache:
            self.cache["municipalities"] = list(
                Municipality.objects.filter(zone=self.zone).order_by("name")
            )
        return self.cache["municipalities"]

    @property
    def is_zone(self) -> bool:
        """The whole zone (no municipality chosen, no subset served)."""
        return self.municipality is None and not self.served

    @property
    def municipality_ids(self) -> list[int]:
        return [m.pk for m in self.municipalities]

    @property
    def where(self) -> str:
        """What the figures are of, in words: "comune di Pistoia", "Comuni seguiti: Pistoia,
        Quarrata" or "tutto l'ambito"."""
        if self.municipality is not None:
            return f"comune di {self.municipality.name}"
        if self.served:
            return "Comuni seguiti: " + ", ".join(m.name for m in self.municipalities)
        return "tutto l'ambito"

    @property
    def label(self) -> str:
        if self.municipality is not None:
            where = self.municipality.name
        elif self.served:
            where = f"{self.zone.name}, {self.where}"
        else:
            where = self.zone.name
        return f"{where}, al {self.as_of:%d/%m/%Y}"

    def at(self, municipality: Municipality | None) -> Scope:
        """The scope of one municipality, or (None) the scope's whole: the zone or the served
        municipalities."""
        served = self.served if municipality is None else ()
        return Scope(self.zone, self.as_of, municipality, served, self.cache)

    def on(self, as_of: dt.date) -> Scope:
        """The same place at another date (a cache of its own)."""
        return Scope(self.zone, as_of, self.municipality, self.served)

    def cached(self, key, compute):
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]


def parse_as_of(value: str | dt.date | None) -> dt.date:
    today = timezone.localdate()
    if value in (None, ""):
        return today
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ScopeError(
                f"Data non valida: «{value}». Scrivi la data come AAAA-MM-GG, per esempio "
                f"{today:%Y-%m-%d}."
            ) from None
    if day > today:
        raise ScopeError(
            f"La data {day:%d/%m/%Y} è nel futuro: gli indicatori si calcolano sul passato."
        )
    return day


def resolve_scope(*, zone: str, municipality: str | None = None, as_of=None) -> Scope:
    """`zone` is a zone code; `municipality` an ISTAT code or a name of that zone."""
    found = Zone.objects.filter(code=(zone or "").strip()).first()
    if found is None:
        raise ScopeError(f"Ambito sconosciuto: «{zone}».")
    chosen = None
    if municipality:
        value = municipality.strip()
        chosen = (
            Municipality.objects.filter(zone=found, istat_code=value).first()
            or Municipality.objects.filter(zone=found, name__iexact=value).first()
        )
        if chosen is None:
            raise ScopeError(f"Il comune «{municipality}» non è dell'ambito {found.name}.")
    return Scope(found, parse_as_of(as_of), chosen)


def reportable_municipalities(user):
    """The municipalities whose figures the user may read (every one of the zone for the
    zone's readers), or None when the user reads no figures at all."""
    zone_wide = allowed(user, "monitoring.view_zone_reports")
    if not (zone_wide or allowed(user, "monitoring.view_municipality_reports")):
        return None
    qs = Municipality.objects.filter(zone_id=user.zone_id).order_by("name")
    if zone_wide:
        return qs
    return qs.filter(pk__in=served_municipality_ids(user))


def user_may_see(user, scope: Scope) -> bool:
    """Planners, zone administrators and auditors see their zone; municipality users see
    their municipalities' figures."""
    if not getattr(user, "is_authenticated", False) or user.zone_id != scope.zone.pk:
        return False
    if user.has_perm("monitoring.view_zone_reports"):
        return True
    if user.has_perm("monitoring.view_municipality_reports") and not scope.is_zone:
        return set(scope.municipality_ids) <= set(served_municipality_ids(user))
    return False
