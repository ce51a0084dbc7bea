"""The orientation helper (DOMAIN §2): which published services a person is likely eligible
for, each with the reasons, and the ones excluded with why.

Only the conditions the charter records are checked (age range, residence, ISEE ceiling, need
areas); "other conditions" are shown to the operator, never decided here. A condition whose
datum is unknown (no age given, no ISEE) does not exclude: the reason says it must be checked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from ambito.registry import selectors as registry_selectors
from ambito.territory.models import Municipality, Zone
from ambito.territory.selectors import format_euro as euro

from .models import NeedArea, Service
from .selectors import published_services


@dataclass
class EligibilityResult:
    service: Service
    reasons: list[str] = field(default_factory=list)  # why it fits (or what to check)
    failures: list[str] = field(default_factory=list)  # why it does not

    @property
    def eligible(self) -> bool:
        return not self.failures


def _age_reason(service: Service, age: int | None, result: EligibilityResult) -> None:
    low, high = service.min_age, service.max_age
    if low is None and high is None:
        return
    if low is not None and high is not None:
        limits = f"{low}-{high}"
        inside, outside = f"nei limiti {limits}", f"fuori dai limiti {limits}"
    elif low is not None:
        limits = f"almeno {low}"
        inside, outside = f"rispetta l'età minima di {low}", f"sotto l'età minima di {low}"
    else:
        limits = f"fino a {high}"
        inside, outside = f"entro l'età massima di {high}", f"oltre l'età massima di {high}"
    if age is None:
        result.reasons.append(f"età da verificare ({limits} anni)")
    elif (low is not None and age < low) or (high is not None and age > high):
        result.failures.append(f"età {age} anni: {outside}")
    else:
        result.reasons.append(f"età {age} anni: {inside}")


def _residence_reason(
    service: Service, municipality: Municipality | None, result: EligibilityResult
) -> None:
    restricted = list(service.municipalities.all())
    if not service.residence_required and not restricted:
        return
    if municipality is None:
        result.reasons.append("residenza da verificare")
        return
    if restricted:
        if municipality.pk in {m.pk for m in restricted}:
            result.reasons.append(f"residente a {municipality.name}, comune previsto")
        else:
            names = ", ".join(m.name for m in restricted)
            result.failures.append(
                f"residente a {municipality.name}: il servizio è solo per i residenti di {names}"
            )
    elif municipality.zone_id == service.zone_id:
        result.reasons.append(f"residente a {municipality.name}, comune dell'ambito")
    else:
        result.failures.append(f"residente a {municipality.name}, fuori dall'ambito")


def _isee_reason(service: Service, isee: Decimal | None, result: EligibilityResult) -> None:
    if service.isee_max is None:
        return
    if isee is None:
        result.reasons.append(f"ISEE da verificare (soglia {euro(service.isee_max)})")
    elif isee <= service.isee_max:
        result.reasons.append(f"ISEE {euro(isee)} ≤ soglia {euro(service.isee_max)}")
    else:
        result.failures.append(f"ISEE {euro(isee)} oltre la soglia di {euro(service.isee_max)}")


def _need_reason(service: Service, wanted: set[int], result: EligibilityResult) -> None:
    if not wanted:
        return
    matching = [area.name for area in service.need_areas.all() if area.pk in wanted]
    if matching:
        result.reasons.append("area di bisogno: " + ", ".join(matching).lower())
    else:
        result.failures.append("non riguarda le aree di bisogno indicate")


def services_for(
    *,
    zone: Zone,
    age: int | None = None,
    municipality: Municipality | None = None,
    isee: Decimal | None = None,
    need_areas: Iterable[NeedArea] = (),
    on: date | None = None,  # noqa: ARG001 - kept for a future "valid on" of services
) -> tuple[list[EligibilityResult], list[EligibilityResult]]:
    """(eligible, excluded) among the zone's published services."""
    wanted = {area.pk for area in need_areas}
    eligible, excluded = [], []
    for service in published_services(zone):
        result = EligibilityResult(service=service)
        _need_reason(service, wanted, result)
        _age_reason(service, age, result)
        _residence_reason(service, municipality, result)
        _isee_reason(service, isee, result)
        if service.other_conditions:
            result.reasons.append("altri requisiti da verificare")
        (eligible if result.eligible else excluded).append(result)
    return eligible, excluded


@dataclass
class PersonProfile:
    age: int | None
    municipality: Municipality | None
    isee: Decimal | None


def person_profile(person, on: date | None = None) -> PersonProfile:
    """Age, residence and the value of the latest ISEE valid on the date."""
    on = on or timezone.localdate()
    isee = None
    for record in registry_selectors.isee_history(person):
        if record.valid_from <= on <= record.valid_until:
            isee = record.value
            break
    return PersonProfile(
        age=registry_selectors.age_on(person.birth_date, on) if person.birth_date else None,
        municipality=person.residence_municipality,
        isee=isee,
    )


def conditions_met(conditions, profile: PersonProfile) -> EligibilityResult:
    """The charter's conditions (age, residence, ISEE) of `conditions` - a charter service, or
    anything with the same fields - checked against a person's profile: the reasons it fits
    and the failures. Used by the orientation and by the voucher schemes (providers)."""
    result = EligibilityResult(service=conditions)
    _age_reason(conditions, profile.age, result)
    _residence_reason(conditions, profile.municipality, result)
    _isee_reason(conditions, profile.isee, result)
    return result


def services_for_person(
    *, user, person, need_areas: Iterable[NeedArea] = (), on: date | None = None
) -> tuple[list[EligibilityResult], list[EligibilityResult]]:
    """The orientation for a person the user may see (the caller got it through the registry's
    scoped selectors, which log the access)."""
    profile = person_profile(person, on)
    return services_for(
        zone=person.zone,
        age=profile.age,
        municipality=profile.municipality,
        isee=profile.isee,
        need_areas=need_areas,
        on=on,
    )
