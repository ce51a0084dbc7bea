"""A year of synthetic contacts at a demo zone's access points (DOMAIN §2), for the needs
observatory. Figures only matter here: no request text, no requester names.

The shape follows what the segretariato sociale sees: most contacts at the desk and by phone
on weekday mornings, fewer in August, poverty and family needs first, housing and utilities
in winter, the elderly in summer, work after the summer; about a third anonymous."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.db import transaction

from ambito.access import tally
from ambito.access.models import Contact
from ambito.catalog.models import NeedArea, Service
from ambito.registry.models import Person
from ambito.territory.models import AccessPoint, Municipality, Organisation, Zone

ROME = ZoneInfo("Europe/Rome")
BATCH = 5000
ANONYMOUS_SHARE = 0.35

MONTH_WEIGHTS = [11, 10, 10, 9, 9, 8, 7, 4, 9, 10, 10, 9]
CHANNELS = [("desk", 55), ("phone", 25), ("email", 7), ("web", 5), ("home_visit", 8)]
OUTCOMES = [
    ("information", 45),
    ("application", 15),
    ("appointment", 14),
    ("case_proposal", 8),
    ("referral", 18),
]
# need area code -> base weight, and the months (1-12) where it weighs double
AREAS = {
    "poverty": (26, {1, 2, 12}),
    "family_minors": (18, {9, 10}),
    "elderly": (15, {6, 7, 8}),
    "disability": (9, set()),
    "housing": (10, {1, 2, 11, 12}),
    "work": (9, {9, 10}),
    "immigration": (5, set()),
    "mental_health": (3, set()),
    "addiction": (2, set()),
    "violence": (2, {11}),
    "other": (4, set()),
}
AREA_COUNT = [(1, 65), (2, 28), (3, 7)]
OFFICES = [
    "Centro per l'impiego",
    "Consultorio familiare",
    "CAF convenzionato",
    "INPS - sede territoriale",
    "Servizio per le dipendenze (SerD)",
    "Centro di salute mentale",
    "Ufficio casa del Comune",
]


def _pick(rng: random.Random, weighted: list[tuple]):
    return rng.choices([w[0] for w in weighted], weights=[w[1] for w in weighted])[0]


def _started_at(rng: random.Random, year: int, month: int, last: dt.datetime) -> dt.datetime:
    for _ in range(20):
        day = rng.randint(1, 28 if month == 2 else 30)
        when = dt.date(year, month, day)
        if when.weekday() < 5 or rng.random() < 0.05:
            break
    minute = (
        rng.randint(8 * 60 + 30, 13 * 60)
        if rng.random() < 0.8
        else rng.randint(14 * 60, 17 * 60 + 30)
    )
    result = dt.datetime(year, month, when.day, minute // 60, minute % 60, tzinfo=ROME)
    return min(result, last)


@transaction.atomic
def build_contacts(
    *, zone: Zone, rng: random.Random, count: int, year: int, rebuild_tallies: bool = True
) -> int:
    """Create `count` contacts spread over `year` (up to now, for the current year) in the
    zone; returns how many were created (0 if the zone has no access point)."""
    points = list(AccessPoint.objects.filter(zone=zone).values_list("id", "municipality_id"))
    if not points or count <= 0:
        return 0
    municipalities = list(Municipality.objects.filter(zone=zone).values_list("id", flat=True))
    persons = list(Person.objects.filter(zone=zone).values_list("id", "residence_municipality_id"))
    organisations = list(Organisation.objects.filter(zone=zone).values_list("id", flat=True))
    areas = dict(NeedArea.objects.values_list("code", "id"))
    services = list(
        Service.objects.filter(zone=zone, status="published").values_list("id", flat=True)
    )
    service_areas: dict[int, list[int]] = {}
    for service_id, area_id in Service.need_areas.through.objects.filter(
        service_id__in=services
    ).values_list("service_id", "needarea_id"):
        service_areas.setdefault(area_id, []).append(service_id)

    now = dt.datetime.now(ROME)
    last = min(dt.datetime(year, 12, 31, 23, 59, tzinfo=ROME), now)
    months = [m for m in range(1, 13) if dt.datetime(year, m, 1, tzinfo=ROME) <= last]
    if not months:
        return 0
    month_weights = [MONTH_WEIGHTS[m - 1] for m in months]
    area_codes = [code for code in AREAS if code in areas]
    area_weights_by_month = {
        m: [AREAS[c][0] * (2 if m in AREAS[c][1] else 1) for c in area_codes] for m in months
    }
    if services:
        kinds = [("service", 60), ("organisation", 25 if organisations else 0), ("office", 15)]
    else:
        kinds = [("organisation", 60 if organisations else 0), ("office", 40)]
    through = Contact.need_areas.through
    created = 0
    while created < count:
        size = min(BATCH, count - created)
        contacts, their_areas = [], []
        for month in rng.choices(months, weights=month_weights, k=size):
            point_id, point_municipality = rng.choice(points)
            person_id = municipality_id = None
            if persons and rng.random() >= ANONYMOUS_SHARE:
                person_id, municipality_id = rng.choice(persons)
            elif rng.random() < 0.97:
                municipality_id = (
                    point_municipality if rng.random() < 0.7 else rng.choice(municipalities)
                )
            started = _started_at(rng, year, month, last)
            minutes = rng.randint(5, 45)
            chosen = set(
                rng.choices(
                    area_codes, weights=area_weights_by_month[month], k=_pick(rng, AREA_COUNT)
                )
            )
            area_ids = [areas[c] for c in chosen]
            outcome = _pick(rng, OUTCOMES)
            contact = Contact(
                zone=zone,
                access_point_id=point_id,
                municipality_id=municipality_id,
                person_id=person_id,
                started_at=started,
                ended_at=started + dt.timedelta(minutes=minutes),
                minutes_spent=minutes,
                channel=_pick(rng, CHANNELS),
                outcome=outcome,
                status="done",
            )
            if outcome == "referral":
                kind = _pick(rng, kinds)
                contact.referral_kind = kind
                if kind == "service":
                    matching = [s for a in area_ids for s in service_areas.get(a, [])]
                    contact.referral_service_id = rng.choice(matching or services)
                elif kind == "organisation":
                    contact.referral_organisation_id = rng.choice(organisations)
                else:
                    contact.referral_office = rng.choice(OFFICES)
            contacts.append(contact)
            their_areas.append(area_ids)
        Contact.objects.bulk_create(contacts, batch_size=BATCH)
        through.objects.bulk_create(
            [
                through(contact_id=contact.pk, needarea_id=area_id)
                for contact, area_ids in zip(contacts, their_areas, strict=True)
                for area_id in area_ids
            ],
            batch_size=BATCH * 2,
        )
        created += size
    if rebuild_tallies:  # a bulk load bypasses the services that keep the tallies
        tally.rebuild(zone)
    return created
