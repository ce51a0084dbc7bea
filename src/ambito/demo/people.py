"""Synthetic persons, households and ISEE attestations of a demo zone (all SOURCE "sintetico",
shaped on seed 002 Tabella 1: household sizes and the 9,5% of single-parent households).

Demo generation bypasses the per-row registry services (`person_create`, `household_create`,
...) for speed: thousands of rows go in with `bulk_create`. It still keeps what those services
guarantee: every codice fiscale is computed with `core.fiscal_code.encode` and checked with
`core.fiscal_code.validate` (decoding back to the person's birth date and sex); birth data are
stored as decoded; name search keys come from `core.fiscal_code.name_key`; a code taken twice
in a zone gets its omocodia variant (`core.fiscal_code.omocode_variant`), as the Agenzia delle
Entrate does. The audit trail gets one summary EventLog entry per zone (note "demo") instead of
one per row: see `builder.py`.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import random
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate, chain

from django.core.exceptions import ValidationError

from ambito.core import fiscal_code
from ambito.registry.choices import IseeKind, LegalBasis, Relationship
from ambito.registry.models import Household, HouseholdMember, IseeRecord, Person
from ambito.territory import gazetteer

from . import names
from .data import (
    FOREIGN_HOUSEHOLD_SHARE,
    HOUSEHOLD_SIZE_WEIGHTS,
    ISEE_SHARE,
    REFERENCE_DATE_ISO,
    SINGLE_PARENT_SHARE,
)
from .territory import ZoneContext

REFERENCE_DATE = date.fromisoformat(REFERENCE_DATE_ISO)
# A codice fiscale holds two digits of the birth year; python-codicefiscale reads them in the
# hundred years up to the current year. Nobody older than 89 keeps the decoding unambiguous
# for decades to come.
MAX_AGE = 89
# Validating a code costs ~2 ms (python-codicefiscale decodes it twice): above this many
# codes the work is spread over the CPUs.
PARALLEL_THRESHOLD = 1500


@dataclass
class PersonDraft:
    first_name: str
    last_name: str
    sex: str
    birth_date: date
    place_code: str
    citizenship: str
    language: str
    relationship: str
    code: str = ""
    decoded: fiscal_code.DecodedFiscalCode | None = None


@dataclass
class HouseholdDraft:
    municipality_index: int
    address: str
    start_date: date
    members: list[PersonDraft] = field(default_factory=list)
    single_parent: bool = False
    tag: str = ""  # what a later step looks the household up by (rei2018.py)


# --- validation ----------------------------------------------------------------------------
def _validate_one(code: str) -> fiscal_code.DecodedFiscalCode | None:
    try:
        return fiscal_code.validate(code)
    except ValidationError:
        return None


def _validate_chunk(codes: list[str]) -> list[fiscal_code.DecodedFiscalCode | None]:
    return [_validate_one(code) for code in codes]


class CodeValidator:
    """Runs `core.fiscal_code.validate` on batches of codes; each `submit()` returns an
    iterator of the results in order (None where a code is invalid).

    Validation is the slow part of the demo: python-codicefiscale decodes each code twice and
    computes its 128 omocodia variants each time, ~2.5 ms a code. Large batches therefore go
    to worker processes (when there is more than one CPU), which work while the caller goes on
    building the next zone and writing the rows of the zones already checked."""

    def __init__(self):
        self.workers = min(
            len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1, 8
        )
        self.pool: ProcessPoolExecutor | None = None

    def submit(self, codes: list[str]) -> Iterator[fiscal_code.DecodedFiscalCode | None]:
        if (
            len(codes) < PARALLEL_THRESHOLD
            or self.workers < 2
            or "fork" not in multiprocessing.get_all_start_methods()
        ):
            return map(_validate_one, codes)  # lazily, as the caller reads
        if self.pool is None:
            # fork: the workers inherit the loaded code tables; they never use the database.
            self.pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context("fork")
            )
        size = math.ceil(len(codes) / (self.workers * 8))
        chunks = [codes[start : start + size] for start in range(0, len(codes), size)]
        return chain.from_iterable(self.pool.map(_validate_chunk, chunks))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> CodeValidator:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def validate_codes(codes: list[str]) -> list[fiscal_code.DecodedFiscalCode | None]:
    """`core.fiscal_code.validate` on every code, in order; None where a code is invalid."""
    with CodeValidator() as validator:
        return list(validator.submit(codes))


def _belfiore(name: str) -> str:
    entry = gazetteer.by_name(name)
    if entry is None:
        raise ValidationError(f"Comune di nascita «{name}» non trovato nell'elenco ISTAT.")
    return entry.belfiore_code


# --- generation ----------------------------------------------------------------------------
class PeopleGenerator:
    """Draws households for one zone from its own `random.Random` (never the global one)."""

    def __init__(self, context: ZoneContext, rng: random.Random):
        self.context = context
        self.rng = rng
        region = context.spec.region
        self.hospital_code = _belfiore(context.spec.hospital_city)
        self.region_codes = [_belfiore(name) for name in names.REGION_BIRTH_CITIES[region]]
        # The first-listed (nearest, largest) cities are the likeliest.
        self.region_weights = list(accumulate(range(len(self.region_codes), 0, -1)))
        self.south_codes = [_belfiore(name) for name in names.SOUTH_BIRTH_CITIES]
        self.surnames = names.REGIONAL_SURNAMES[region] + names.ITALIAN_SURNAMES_COMMON
        weights = names.FOREIGN_WEIGHTS[region]
        self.countries = [names.COUNTRIES[key] for key in weights]
        self.country_weights = list(accumulate(weights.values()))
        # Residence drawn in proportion to the latest population.
        self.municipalities = list(context.municipalities.values())
        self.municipality_indexes = range(len(self.municipalities))
        populations = {spec.name: spec.latest_population for spec in context.spec.municipalities}
        self.municipality_weights = list(accumulate(populations[n] for n in context.municipalities))
        self.sizes = list(HOUSEHOLD_SIZE_WEIGHTS)
        self.size_weights = list(accumulate(HOUSEHOLD_SIZE_WEIGHTS.values()))
        # Seed 002's 9,5% is of all households; only those of 2+ persons can be single-parent.
        multi = sum(w for size, w in HOUSEHOLD_SIZE_WEIGHTS.items() if size > 1)
        self.single_parent_given_multi = SINGLE_PARENT_SHARE * 100 / multi

    def born_on(
        self, index: int, sex: str, birth_date: date, relationship: str, country, last_name=None
    ) -> PersonDraft:
        """A person of the household living in municipality `index`, born on `birth_date`
        (for households drawn as they were on a past date: rei2018.py)."""
        age = max(0, REFERENCE_DATE.year - birth_date.year)
        person = self._person(index, sex, age, relationship, country, last_name)
        person.birth_date = birth_date
        return person

    def country(self):
        """A foreign family's country, drawn with the region's weights."""
        return self._country()

    # small helpers
    def _birth_date(self, age: int) -> date:
        age = max(0, min(age, MAX_AGE))
        return REFERENCE_DATE - timedelta(days=self.rng.randint(age * 365 + 1, age * 365 + 364))

    def _italian_first_name(self, sex: str, birth_date: date) -> str:
        generation = 0 if birth_date.year < 1960 else 1 if birth_date.year < 1990 else 2
        pool = names.ITALIAN_MALE if sex == "M" else names.ITALIAN_FEMALE
        return self.rng.choice(pool[generation])

    def _italian_place(self, birth_date: date, municipality_index: int) -> str:
        roll = self.rng.random()
        if roll < 0.55:
            return self.hospital_code
        if roll < 0.68:
            return self.municipalities[municipality_index].belfiore_code
        if roll < 0.85 or birth_date.year >= 1980:
            return self.rng.choices(self.region_codes, cum_weights=self.region_weights)[0]
        return self.rng.choice(self.south_codes)

    def _country(self) -> names.Country:
        return self.rng.choices(self.countries, cum_weights=self.country_weights)[0]

    def _person(
        self,
        index: int,
        sex: str,
        age: int,
        relationship: str,
        country: names.Country | None,
        last_name: str | None = None,
    ) -> PersonDraft:
        """A person of the household living in municipality `index`; `country` None for an
        Italian-born person, else the country of the family."""
        birth_date = self._birth_date(age)
        rng = self.rng
        if country is None:
            return PersonDraft(
                first_name=self._italian_first_name(sex, birth_date),
                last_name=last_name or rng.choice(self.surnames),
                sex=sex,
                birth_date=birth_date,
                place_code=self._italian_place(birth_date, index),
                citizenship="italiana",
                language="italiano",
                relationship=relationship,
            )
        # Children of foreign families: the young ones mostly born here.
        born_here = age <= 12 and rng.random() < 0.8
        italian_name = born_here and rng.random() < 0.2
        first_name = (
            self._italian_first_name(sex, birth_date)
            if italian_name
            else rng.choice(country.male if sex == "M" else country.female)
        )
        naturalised = age >= 30 and rng.random() < 0.15
        return PersonDraft(
            first_name=first_name,
            last_name=last_name or rng.choice(country.surnames),
            sex=sex,
            birth_date=birth_date,
            place_code=self.hospital_code if born_here else country.code,
            citizenship="italiana" if naturalised else country.citizenship,
            language="italiano" if born_here and age >= 6 else country.language,
            relationship=relationship,
        )

    def _children(
        self, index: int, parent_age: int, count: int, country, last_name: str | None
    ) -> list[PersonDraft]:
        latest = min(43, parent_age)
        ages_at_birth = sorted(self.rng.randint(21, max(21, latest)) for _ in range(count))
        return [
            self._person(
                index,
                self.rng.choice("MF"),
                max(0, parent_age - at_birth),
                Relationship.CHILD,
                country,
                last_name,
            )
            for at_birth in ages_at_birth
        ]

    def _alone(self, index: int, country) -> list[PersonDraft]:
        rng = self.rng
        age = rng.randint(65, MAX_AGE) if rng.random() < 0.45 else rng.randint(20, 64)
        return [self._person(index, rng.choice("MF"), age, Relationship.HEAD, country)]

    def _single_parent(self, index: int, country, size: int) -> list[PersonDraft]:
        rng = self.rng
        parent_age = rng.randint(27, 57)
        sex = "F" if rng.random() < 0.85 else "M"
        parent = self._person(index, sex, parent_age, Relationship.HEAD, country)
        surname = parent.last_name if rng.random() < 0.5 else None
        if country is not None and surname is None:
            surname = rng.choice(country.surnames)
        members = [parent]
        kids = size - 1
        if size >= 4 and rng.random() < 0.3:  # living with a grandparent
            kids -= 1
            age = min(MAX_AGE, parent_age + rng.randint(22, 32))
            members.append(self._person(index, rng.choice("MF"), age, Relationship.PARENT, country))
        return members + self._children(index, parent_age, kids, country, surname)

    def _pair(self, index: int, country) -> list[PersonDraft]:
        """Two adults who are not a couple: with an elderly parent, a sibling, a flatmate."""
        rng = self.rng
        head_age = rng.randint(40, 62)
        head = self._person(index, rng.choice("MF"), head_age, Relationship.HEAD, country)
        roll = rng.random()
        if roll < 0.6:
            age, relationship, surname = head_age + rng.randint(22, 34), Relationship.PARENT, None
        elif roll < 0.85:
            age, relationship = head_age + rng.randint(-8, 8), Relationship.SIBLING
            surname = head.last_name
        else:
            age, relationship, surname = rng.randint(25, 70), Relationship.NON_RELATIVE, None
        other = self._person(
            index, rng.choice("MF"), min(MAX_AGE, age), relationship, country, surname
        )
        return [head, other]

    def _couple(self, index: int, country, size: int) -> list[PersonDraft]:
        """A couple, with children when there is room (and a grandparent or a relative)."""
        rng = self.rng
        kids = size - 2
        if kids:
            mother_age = rng.randint(30, 58)
        else:
            mother_age = rng.randint(60, 86) if rng.random() < 0.55 else rng.randint(25, 59)
        father_age = min(MAX_AGE, max(20, mother_age + rng.randint(-3, 8)))
        # Mixed couples: a foreign-born partner in some Italian households.
        mother_country = country
        if country is None and rng.random() < 0.06:
            mother_country = self._country()
        father = self._person(index, "M", father_age, Relationship.PARTNER, country)
        mother = self._person(index, "F", mother_age, Relationship.PARTNER, mother_country)
        head, partner = (father, mother) if rng.random() < 0.6 else (mother, father)
        head.relationship = Relationship.HEAD
        extra = []
        if size >= 4 and rng.random() < 0.2:
            kids -= 1
            age = min(MAX_AGE, max(father_age, mother_age) + rng.randint(22, 32))
            extra.append(self._person(index, rng.choice("MF"), age, Relationship.PARENT, country))
        if size >= 6 and rng.random() < 0.3:
            kids -= 1
            age = rng.randint(18, 60)
            extra.append(
                self._person(index, rng.choice("MF"), age, Relationship.OTHER_RELATIVE, country)
            )
        children = self._children(index, mother_age, kids, country, father.last_name)
        return [head, partner, *children, *extra]

    def _start_date(self, members: list[PersonDraft]) -> date:
        """Since when the household lives together: after its youngest adult turned 18."""
        adults = [m for m in members if REFERENCE_DATE.year - m.birth_date.year >= 18]
        youngest_adult = max((m.birth_date for m in adults), default=REFERENCE_DATE)
        earliest = max(date(1990, 1, 1), youngest_adult.replace(day=1) + timedelta(days=18 * 366))
        latest = date(2025, 6, 1)
        if earliest >= latest:
            return latest
        return earliest + timedelta(days=self.rng.randint(0, (latest - earliest).days))

    def household(self) -> HouseholdDraft:
        rng = self.rng
        size = rng.choices(self.sizes, cum_weights=self.size_weights)[0]
        index = rng.choices(self.municipality_indexes, cum_weights=self.municipality_weights)[0]
        country = self._country() if rng.random() < FOREIGN_HOUSEHOLD_SHARE else None
        address = f"{rng.choice(names.STREETS)}, {rng.randint(1, 180)}"
        if rng.random() < 0.25:
            address += f", int. {rng.randint(1, 12)}"
        draft = HouseholdDraft(municipality_index=index, address=address, start_date=REFERENCE_DATE)
        if size == 1:
            draft.members = self._alone(index, country)
        elif rng.random() < self.single_parent_given_multi:
            draft.single_parent = True
            draft.members = self._single_parent(index, country, size)
        elif size == 2 and rng.random() < 0.3:
            draft.members = self._pair(index, country)
        else:
            draft.members = self._couple(index, country, size)
        draft.start_date = self._start_date(draft.members)
        return draft


# --- codes ---------------------------------------------------------------------------------
def _encode(person: PersonDraft) -> str:
    return fiscal_code.encode(
        last_name=person.last_name,
        first_name=person.first_name,
        sex=person.sex,
        birth_date=person.birth_date,
        birth_place_code=person.place_code,
    )


def _unique(code: str, taken: set[str]) -> str:
    """The code, or its first omocodia variant not yet taken in the zone."""
    candidate, level = code, 0
    while candidate in taken:
        level += 1
        candidate = fiscal_code.omocode_variant(code, level)
    taken.add(candidate)
    return candidate


def _decodes_back(person: PersonDraft, decoded) -> bool:
    return (
        decoded is not None
        and decoded.birth_date == person.birth_date
        and decoded.sex == person.sex
    )


@dataclass
class ZonePeople:
    """A zone's drawn households, before and after their codes are checked."""

    context: ZoneContext
    rng: random.Random
    fallback_place: str
    drafts: list[HouseholdDraft]
    municipalities: list
    taken: set[str] = field(default_factory=set)
    results: Iterator | None = None  # from CodeValidator.submit()
    households: list = field(default_factory=list)  # the saved ones, in the drafts' order

    @property
    def persons(self) -> list[PersonDraft]:
        return [person for draft in self.drafts for person in draft.members]


def draw_people(
    context: ZoneContext, rng: random.Random, households_count: int, extra=None
) -> ZonePeople:
    """Draw the households and give every member a code, unique in the zone (omocodia).
    `extra(generator)` adds households drawn to a plan (rei2018.py), tagged."""
    generator = PeopleGenerator(context, rng)
    drafts = [generator.household() for _ in range(households_count)]
    if extra is not None:
        drafts += extra(generator)
    _plant_omocode_pair(drafts, generator.hospital_code)
    batch = ZonePeople(
        context=context,
        rng=rng,
        fallback_place=generator.hospital_code,
        drafts=drafts,
        municipalities=generator.municipalities,
    )
    for person in batch.persons:
        person.code = _unique(_encode(person), batch.taken)
    return batch


def check_codes(batch: ZonePeople, results: Iterator) -> None:
    """Take the zone's validation results (in order) from `validate_codes`.

    A code must decode back to the person's birth date and sex; one that does not (a birth
    place that did not exist on that date decodes to another century) is recomputed with the
    zone's hospital town as birth place and validated again."""
    for person in batch.persons:
        decoded = next(results)
        person.decoded = decoded
        if _decodes_back(person, decoded):
            continue
        batch.taken.discard(person.code)
        person.place_code = batch.fallback_place
        person.code = _unique(_encode(person), batch.taken)
        person.decoded = fiscal_code.validate(person.code)
        if not _decodes_back(person, person.decoded):
            raise ValidationError(f"Codice fiscale demo non valido: {person.code}")


def _plant_omocode_pair(households: list[HouseholdDraft], place_code: str) -> None:
    """Two persons whose names give the same letters (Rossi / Rossini Marco), born the same
    day in the same town: the second gets the omocodia variant, as in real life."""
    singles = [h for h in households if len(h.members) == 1][:2]
    if len(singles) < 2:
        return
    for household, last_name in zip(singles, ("Rossi", "Rossini"), strict=True):
        person = household.members[0]
        person.first_name, person.last_name, person.sex = "Marco", last_name, "M"
        person.birth_date, person.place_code = date(1971, 5, 14), place_code
        person.citizenship, person.language = "italiana", "italiano"


# --- rows ----------------------------------------------------------------------------------
def _legal_basis(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.9:
        return LegalBasis.SOCIAL_CARE
    if roll < 0.98:
        return LegalBasis.PUBLIC_INTEREST
    return LegalBasis.CONSENT


def _isee_records(
    rng: random.Random, draft: HouseholdDraft, household: Household, head: Person
) -> list[IseeRecord]:
    head_age = REFERENCE_DATE.year - head.birth_date.year
    if draft.single_parent and rng.random() < 0.5:
        kind = IseeKind.MINORS
    elif head_age >= 65 and rng.random() < 0.5:
        kind = IseeKind.SOCIO_HEALTH
    elif rng.random() < 0.05:
        kind = IseeKind.CURRENT
    else:
        kind = IseeKind.ORDINARY
    value = min(60_000.0, rng.lognormvariate(math.log(9_000), 0.75))
    records = []
    years = (2025, 2026) if rng.random() < 0.6 else (2025,)
    for year in years:
        start = date(year, 1, 2) + timedelta(days=rng.randint(0, 150 if year == 2025 else 50))
        # A DSU is valid until 31 December of the year it is filed (since 2020).
        records.append(
            IseeRecord(
                person=head,
                household=household,
                kind=kind,
                value=Decimal(f"{value * rng.uniform(0.9, 1.1):.2f}"),
                valid_from=start,
                valid_until=date(year, 12, 31),
                dsu_protocol=(
                    f"INPS-ISEE-{year}-{rng.randint(0, 99_999_999):08d}"
                    f"{rng.choice('ABCDEFGHLMNPQRSTUVZ')}-00"
                ),
            )
        )
    return records


def insert_people(batch: ZonePeople) -> dict:
    """Bulk-insert a zone's checked households, persons, memberships and ISEE records."""
    rng, zone, municipalities = batch.rng, batch.context.zone, batch.municipalities
    drafts = batch.drafts
    households = [
        Household(zone=zone, municipality=municipalities[d.municipality_index], address=d.address)
        for d in drafts
    ]
    Household.objects.bulk_create(households, batch_size=500)
    batch.households = households

    persons: list[Person] = []
    for draft in drafts:
        municipality = municipalities[draft.municipality_index]
        for member in draft.members:
            decoded = member.decoded
            persons.append(
                Person(
                    zone=zone,
                    fiscal_code=decoded.code,
                    first_name=member.first_name,
                    last_name=member.last_name,
                    first_name_key=fiscal_code.name_key(member.first_name),
                    last_name_key=fiscal_code.name_key(member.last_name),
                    birth_date=decoded.birth_date,
                    sex=decoded.sex,
                    birth_place=decoded.birth_place,
                    birth_place_code=decoded.birth_place_code,
                    citizenship=member.citizenship,
                    residence_municipality=municipality,
                    residence_address=draft.address,
                    language=member.language,
                    # given to the person, or for a child to a parent, after the birth
                    privacy_notice_date=max(
                        decoded.birth_date,
                        REFERENCE_DATE - timedelta(days=rng.randint(20, 1_100)),
                    ),
                    legal_basis=_legal_basis(rng),
                )
            )
    Person.objects.bulk_create(persons, batch_size=500)

    memberships, isee = [], []
    iterator = iter(persons)
    for draft, household in zip(drafts, households, strict=True):
        members = [next(iterator) for _ in draft.members]
        for member, person in zip(draft.members, members, strict=True):
            memberships.append(
                HouseholdMember(
                    household=household,
                    person=person,
                    relationship=member.relationship,
                    start_date=max(draft.start_date, person.birth_date),
                )
            )
        if rng.random() < ISEE_SHARE:
            isee += _isee_records(rng, draft, household, members[0])
    HouseholdMember.objects.bulk_create(memberships, batch_size=1000)
    IseeRecord.objects.bulk_create(isee, batch_size=1000)
    return {
        "households": len(households),
        "persons": len(persons),
        "memberships": len(memberships),
        "isee_records": len(isee),
        "omocodes": sum(1 for member in batch.persons if member.decoded.is_omocode),
        "single_parent": sum(1 for d in drafts if d.single_parent),
    }
