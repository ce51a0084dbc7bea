"""Registering many persons at once (an INPS list, DOMAIN §5), and the reads such a write needs.

`persons_register_bulk` is `services.person_create` for a list: the same rules (a valid codice
fiscale, no second record of the code in the zone, residence in the zone, names given), all or
nothing, one EventLog CREATE row per person, in a few bulk queries whatever the number.

What it does not do, and why:
- no homonym or name-versus-code warnings: the data come from an authority's list, the
  caller confirms them (as `person_create(confirmed=True)`);
- the permission asked is `registry.add_person`, as at the desk: a role that may import
  INPS lists but not register persons gets a refusal, not a silent registration (the
  default coordinator and zone administrator roles hold both, core/roles.py);
- residence is checked against the zone, not against the municipalities the actor follows:
  an INPS list covers the zone, and its importer holds `measures.import_applications` for the
  whole zone (the per-municipality limit of `person_create` is a rule of the desk).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ambito.core import fiscal_code
from ambito.core.audit import log_events_bulk
from ambito.core.choices import EventAction
from ambito.core.permissions import NotAllowed, require

from .models import Household, HouseholdMember, Person

CHUNK = 900  # ids per IN (...): under SQLite's old limit of 999 parameters
BATCH = 1000


@dataclass(frozen=True)
class NewPerson:
    """Plain data of one person to register. `decoded` is the code as `fiscal_code.validate`
    decoded it (birth date, sex, place) when the caller already did; otherwise the service
    decodes it."""

    fiscal_code: str
    last_name: str
    first_name: str
    residence_municipality: object  # territory.Municipality
    decoded: fiscal_code.DecodedFiscalCode | None = None


def _chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# --- reads ---------------------------------------------------------------------------------------


def persons_by_code(zone, codes: Iterable[str]) -> dict[str, Person]:
    """The zone's persons with these codici fiscali, by code (a query per 900 codes). For
    services that match a list against the registry; not a read shown to anyone."""
    found: dict[str, Person] = {}
    for chunk in _chunks(sorted(set(codes))):
        for person in Person.objects.filter(zone=zone, fiscal_code__in=chunk):
            found[person.fiscal_code] = person
    return found


def registered_codes(zone, codes: Iterable[str]) -> set[str]:
    """Which of these codici fiscali the zone's registry holds (a query per 900 codes, codes
    only: checking a list needs no persons built)."""
    found: set[str] = set()
    for chunk in _chunks(sorted(set(codes))):
        found.update(
            Person.objects.filter(zone=zone, fiscal_code__in=chunk).values_list(
                "fiscal_code", flat=True
            )
        )
    return found


def current_households_of(person_ids: Iterable[int]) -> dict[int, Household]:
    """{person id: the household they are a current member of}, for the persons who have one."""
    membership: dict[int, int] = {}
    for chunk in _chunks(sorted(set(person_ids))):
        membership.update(
            HouseholdMember.objects.filter(person_id__in=chunk, end_date__isnull=True).values_list(
                "person_id", "household_id"
            )
        )
    households: dict[int, Household] = {}
    for chunk in _chunks(sorted(set(membership.values()))):
        households.update({h.pk: h for h in Household.objects.filter(pk__in=chunk)})
    return {person_id: households[hid] for person_id, hid in membership.items()}


# --- the write -----------------------------------------------------------------------------------


def _checked(item: NewPerson, zone) -> Person:
    """The Person of one item, or ValidationError (no query)."""
    try:
        code = fiscal_code.check(item.fiscal_code)
        decoded = item.decoded if item.decoded is not None else fiscal_code.validate(code)
    except ValidationError as exc:
        raise ValidationError(
            {"fiscal_code": "Codice fiscale non valido: " + exc.messages[0]}
        ) from exc
    if decoded.code != code:
        raise ValidationError({"fiscal_code": "Il codice decodificato non è quello indicato."})
    last_name, first_name = (item.last_name or "").strip(), (item.first_name or "").strip()
    if not last_name or not first_name:
        raise ValidationError("Per registrare una persona servono cognome e nome.")
    if len(last_name) > 100 or len(first_name) > 100:
        raise ValidationError("Cognome e nome hanno al massimo 100 caratteri.")
    municipality = item.residence_municipality
    if municipality is None or municipality.zone_id != zone.pk:
        raise ValidationError(
            {"residence_municipality": "Il comune di residenza deve appartenere all'ambito."}
        )
    return Person(
        zone=zone,
        fiscal_code=code,
        birth_date=decoded.birth_date,
        sex=decoded.sex,
        birth_place=decoded.birth_place,
        birth_place_code=decoded.birth_place_code,
        last_name=last_name,
        first_name=first_name,
        last_name_key=fiscal_code.name_key(last_name),
        first_name_key=fiscal_code.name_key(first_name),
        residence_municipality=municipality,
    )


@transaction.atomic
def persons_register_bulk(
    *,
    actor,
    zone,
    persons: list[NewPerson],
    channel: str | None = None,
    note: str = "",
) -> dict[str, Person]:
    """Register these persons in the zone's registry, all or nothing: {code: person}.

    Raises NotAllowed (the actor may not register persons, or works in another zone) or
    ValidationError (a bad item, a code given twice, a code already registered in the zone);
    then nothing is written."""
    require(actor, "registry.add_person", message="Non hai il permesso di registrare persone.")
    if actor.zone_id != zone.pk:
        raise NotAllowed("Puoi registrare persone solo nel tuo ambito.")
    if not persons:
        return {}
    made: dict[str, Person] = {}
    for item in persons:
        person = _checked(item, zone)
        if person.fiscal_code in made:
            raise ValidationError(
                "Lo stesso codice fiscale compare due volte tra le persone da registrare.",
                code="duplicate_fiscal_code",
            )
        made[person.fiscal_code] = person
    already = persons_by_code(zone, made)
    if already:
        raise ValidationError(
            f"{len(already)} delle persone da registrare sono già in anagrafe.",
            code="duplicate_fiscal_code",
        )
    rows = list(made.values())
    try:
        with transaction.atomic():
            Person.objects.bulk_create(rows, batch_size=BATCH)
    except IntegrityError as exc:  # a concurrent registration of one of the codes
        raise ValidationError(
            "Una delle persone è stata registrata nel frattempo: ripeti l'operazione.",
            code="duplicate_fiscal_code",
        ) from exc
    log_events_bulk(
        user=actor,
        objs=rows,
        action=EventAction.CREATE,
        fields=["*"],
        channel=channel,
        note=note,
        zone_id=zone.pk,
    )
    return made
