"""Reads of the registry. Everything personal is scoped by `visible_to(user)` and logged."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from ambito.core import break_glass, fiscal_code
from ambito.core.audit import log_access
from ambito.core.choices import AccessAction
from ambito.core.scoping import served_municipality_ids
from ambito.territory.models import Municipality

from .choices import Relationship
from .models import Household, HouseholdMember, IseeRecord, Person

SEARCH_LIMIT = 50
FIRST_1000_DAYS_AGE_DAYS = 730  # conception to the 2nd birthday: the part after birth


def members_in_first_1000_days(household, on: date) -> QuerySet[HouseholdMember]:
    """The household's members on the date who are in their first 1,000 days: a figure, not a
    read of anyone's data, for `Exists(...)` with `household=OuterRef(...)` (the LEP check of
    complex needs with a small child, in the case flags and in the monitoring)."""
    return HouseholdMember.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on),
        household=household,
        start_date__lte=on,
        person__birth_date__gt=on - timedelta(days=FIRST_1000_DAYS_AGE_DAYS),
        person__birth_date__lte=on,
    )


def age_on(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def homonyms_of(person: Person) -> QuerySet[Person]:
    """Persons of the same zone with the same names and birth date (another code)."""
    return Person.objects.filter(
        zone_id=person.zone_id,
        last_name_key=fiscal_code.name_key(person.last_name),
        first_name_key=fiscal_code.name_key(person.first_name),
        birth_date=person.birth_date,
    ).exclude(fiscal_code=person.fiscal_code)


@dataclass
class PersonQuery:
    """What an operator typed in the search box, understood.

    One box takes a codice fiscale, a date (dd/mm/yyyy) or "surname [name]" prefixes.
    Without a comma the words may split anywhere between surname and name ("De Luca Anna"
    is tried as DE + LUCAANNA, DELUCA + ANNA, DELUCAANNA); "De Luca, Anna" splits at the comma.
    """

    fiscal_code: str = ""
    name_splits: list[tuple[str, str]] = field(default_factory=list)
    birth_date: date | None = None

    @property
    def last_name(self) -> str:
        return self.name_splits[0][0] if self.name_splits else ""

    @property
    def first_name(self) -> str:
        return self.name_splits[0][1] if self.name_splits else ""

    @property
    def kind(self) -> str:
        if self.fiscal_code:
            return "fiscal_code"
        if self.birth_date and self.last_name:
            return "name_and_birth_date"
        if self.birth_date:
            return "birth_date"
        return "name"

    @property
    def is_empty(self) -> bool:
        return not (self.fiscal_code or self.last_name or self.birth_date)

    @classmethod
    def parse(cls, text: str) -> PersonQuery:
        text = (text or "").strip()
        query = cls()
        date_match = re.search(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b", text)
        if date_match:
            day, month, year = (int(part) for part in date_match.groups())
            with contextlib.suppress(ValueError):  # 31/02/2000: not a date, ignore it
                query.birth_date = date(year, month, day)
            text = (text[: date_match.start()] + text[date_match.end() :]).strip()
        compact = fiscal_code.normalise(text)
        if len(compact) == 16 and compact.isalnum() and any(ch.isdigit() for ch in compact):
            query.fiscal_code = compact
            return query
        if "," in text:
            surname, _, name = text.partition(",")
            if fiscal_code.name_key(surname):
                query.name_splits = [(fiscal_code.name_key(surname), fiscal_code.name_key(name))]
            return query
        words = fiscal_code.name_words(text)[:4]
        query.name_splits = [
            ("".join(words[:cut]), "".join(words[cut:])) for cut in range(1, len(words) + 1)
        ]
        return query


def key_startswith(field: str, prefix: str) -> Q:
    """`field` starts with `prefix`, also written as a range so that the plain B-tree index
    (zone, last_name_key, first_name_key) serves it: SQLite's LIKE cannot use such an index
    (tests/bench: 1,000,000 persons, 3-letter surname prefix p95 180 ms as LIKE, 1 ms as a
    range). Keys hold A-Z only (`fiscal_code.name_key`), so the range ends at the prefix
    "plus one" ("ROS" -> "ROT", "ROZ" -> "RP"); the LIKE stays as the exact condition."""
    clause = Q(**{f"{field}__startswith": prefix, f"{field}__gte": prefix})
    stem = prefix.rstrip("Z")
    if stem:
        clause &= Q(**{f"{field}__lt": stem[:-1] + chr(ord(stem[-1]) + 1)})
    return clause


def person_search(*, user, query: PersonQuery, limit: int = SEARCH_LIMIT) -> list[Person]:
    """Persons matching the query among those the user may see, logged as one search."""
    results, _ = person_search_page(user=user, query=query, offset=0, limit=limit, count=False)
    return results


def person_search_page(
    *, user, query: PersonQuery, offset: int, limit: int, count: bool = True
) -> tuple[list[Person], int | None]:
    """One page of the search and (with `count`) how many persons match in all; only the
    page is read, and logged as one search."""
    if query.is_empty:
        return [], 0
    qs = _search_queryset(user, query)
    results = list(qs[offset : offset + limit])
    log_access(
        user=user,
        action=AccessAction.SEARCH,
        object_type="registry.person",
        detail={
            "kind": query.kind,
            "results": len(results),
            "uuids": [str(person.uuid) for person in results],
        },
    )
    return results, qs.count() if count else None


def _search_queryset(user, query: PersonQuery):
    qs = Person.objects.visible_to(user).select_related("residence_municipality")
    if query.fiscal_code:
        qs = qs.filter(fiscal_code=query.fiscal_code)
    if query.name_splits:
        names = Q()
        for surname, name in query.name_splits:
            clause = key_startswith("last_name_key", surname)
            if name:
                clause &= Q(first_name_key__startswith=name)
            names |= clause
        qs = qs.filter(names)
    if query.birth_date:
        qs = qs.filter(birth_date=query.birth_date)
    return qs.order_by("last_name_key", "first_name_key", "birth_date")


def person_get(*, user, uuid, reason: str = "") -> Person:
    """One person the user may see, with the read logged. Raises Person.DoesNotExist."""
    person = (
        Person.objects.visible_to(user)
        .select_related("residence_municipality", "zone")
        .get(uuid=uuid)
    )
    log_access(user=user, obj=person, reason=reason)
    return person


def person_out_of_scope(*, user, code: str) -> Person | None:
    """A person of the user's own zone whom the user may not see, found by exact codice
    fiscale. DOMAIN §11: a read outside the need-to-know rules needs a stated reason and is
    flagged; this is how an operator finds that such a person exists."""
    return break_glass.out_of_scope(Person.objects.all(), user, fiscal_code=code)


def person_by_exact_code(*, user, code: str) -> Person | None:
    """A person of the user's zone by exact codice fiscale, for an office that records something
    for that person without reading the registry (the RSA waiting-list office registering an
    application that came through a contact): nothing of the person is shown, and the write
    that follows is logged by its service. Any other code, or another zone's person: None."""
    return Person.objects.filter(zone_id=user.zone_id, fiscal_code=code.strip().upper()).first()


def person_get_with_reason(*, user, uuid, reason: str) -> Person:
    """Read a person of the user's zone outside their scope: logged and flagged."""
    return break_glass.read_with_reason(
        Person.objects.select_related("residence_municipality", "zone"),
        user,
        uuid=uuid,
        reason=reason,
    )


def household_get(*, user, uuid) -> Household:
    household = (
        Household.objects.visible_to(user)
        .select_related("municipality")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=HouseholdMember.objects.select_related("person").order_by(
                    "end_date", "start_date"
                ),
            )
        )
        .get(uuid=uuid)
    )
    log_access(user=user, obj=household, persons=[m.person for m in household.memberships.all()])
    return household


@dataclass
class PersonHousehold:
    membership: HouseholdMember | None
    members: list[HouseholdMember]
    profile: HouseholdProfile | None


def person_household(*, user, person: Person, on: date | None = None) -> PersonHousehold:
    """The person's current household as shown on their page; reading the other members'
    names and birth dates is logged as a read of each of them."""
    membership = current_membership(person)
    if membership is None:
        return PersonHousehold(None, [], None)
    household = membership.household
    members = household_members_on(household, on or timezone.localdate())
    others = [member.person for member in members if member.person_id != person.pk]
    if others:
        log_access(user=user, obj=household, persons=others, detail={"via": "person"})
    return PersonHousehold(membership, members, household_profile(household, on))


def current_membership(person: Person) -> HouseholdMember | None:
    return (
        person.memberships.filter(end_date__isnull=True)
        .select_related("household", "household__municipality")
        .first()
    )


def isee_history(person: Person) -> QuerySet[IseeRecord]:
    """The person's own declarations and those of their current household."""
    membership = current_membership(person)
    qs = IseeRecord.objects.filter(person=person)
    if membership:
        qs = qs | IseeRecord.objects.filter(household_id=membership.household_id)
    return qs.distinct().select_related("person").order_by("-valid_from")


@dataclass
class Minor:
    person: Person
    age: int
    age_in_days: int


@dataclass
class HouseholdProfile:
    """Derived figures of a household on a date (seed 002 Tabella 1 and the LEP rule)."""

    size: int
    adults: int
    minors: list[Minor] = field(default_factory=list)
    single_parent: bool = False

    @property
    def minors_count(self) -> int:
        return len(self.minors)

    @property
    def children_0_3(self) -> int:
        return sum(1 for minor in self.minors if minor.age <= 3)

    @property
    def children_first_1000_days(self) -> int:
        return sum(1 for minor in self.minors if minor.age_in_days < FIRST_1000_DAYS_AGE_DAYS)

    @property
    def minor_ages(self) -> list[int]:
        return sorted(minor.age for minor in self.minors)


def household_members_on(household: Household, on: date) -> list[HouseholdMember]:
    return [
        member
        for member in household.memberships.all()
        if member.start_date <= on and (member.end_date is None or member.end_date >= on)
    ]


def household_profile(household: Household, on: date | None = None) -> HouseholdProfile:
    """Size, adults, minors with ages, single-parent flag.

    Single-parent: no partner of the reference person in the household and at least one
    minor child of the reference person."""
    on = on or timezone.localdate()
    members = household_members_on(household, on)
    minors, adults = [], 0
    for member in members:
        if member.person.birth_date > on:
            continue
        age = age_on(member.person.birth_date, on)
        if age < 18:
            minors.append(Minor(member.person, age, (on - member.person.birth_date).days))
        else:
            adults += 1
    relationships = [member.relationship for member in members]
    has_partner = Relationship.PARTNER in relationships
    minor_children = [
        minor
        for minor, member in (
            (minor, next(m for m in members if m.person_id == minor.person.pk)) for minor in minors
        )
        if member.relationship == Relationship.CHILD
    ]
    single_parent = bool(minor_children) and not has_partner and adults >= 1
    return HouseholdProfile(
        size=len(members), adults=adults, minors=minors, single_parent=single_parent
    )


def residence_municipalities_for(user):
    """The municipalities in which the user may register residents: the zone's, or only their
    own municipalities without zone-wide access."""
    qs = Municipality.objects.filter(zone_id=user.zone_id)
    if not user.has_perm("registry.view_zone_persons"):
        qs = qs.filter(pk__in=served_municipality_ids(user))
    return qs.order_by("name")
