"""The emergency service of the demo zones (DOMAIN §6): shelters of pronta accoglienza, the
on-call rota around the day the demo is built, a full past year of synthetic reports (2025)
and a few of the last two days still waiting for hand-over.

The year is simulated in order of time, shelter by shelter: a placement is made only into a
free place, so occupancy never exceeds capacity, exactly as the service enforces; when every
place of the type is taken the operator arranges transport to a structure outside the zone
(an "other immediate measure"). Rows are bulk-created (a year is ~300 reports a zone); the
figures follow the shape of a SEUS service: mostly evenings, nights and week-ends, about half
the reports placed, response times of tens of minutes."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.utils import timezone

from ambito.cases.models import AssignmentRule, CaseLine
from ambito.core.models import User
from ambito.core.workdays import zone_province
from ambito.emergency.models import (
    Emergency,
    EmergencyPerson,
    Handover,
    OnCallShift,
    Placement,
    Shelter,
    UrgencyCriterion,
)
from ambito.emergency.selectors import out_of_office_periods
from ambito.emergency.services import handover_due_on
from ambito.territory.models import MunicipalityPopulation

from .data import CREMA, LUCCA, PISTOIA

ROME = ZoneInfo("Europe/Rome")
EMERGENCY_YEAR = 2025
# (name, municipality, adults, women with children, minors)
SHELTERS = {
    PISTOIA.code: (
        ("Centro di pronta accoglienza La Sosta (demo)", "Pistoia", 10, 0, 0),
        ("Casa rifugio per donne con bambini (demo)", "Pistoia", 0, 8, 0),
        ("Comunità di pronta accoglienza per minori (demo)", "Quarrata", 0, 0, 6),
        ("Alloggio di emergenza della Montagna (demo)", "San Marcello Piteglio", 3, 2, 0),
    ),
    CREMA.code: (
        ("Dormitorio di pronta accoglienza (demo)", "Crema", 12, 0, 0),
        ("Casa di accoglienza madre-bambino (demo)", "Crema", 0, 6, 0),
        ("Comunità per minori in emergenza (demo)", "Crema", 0, 0, 4),
    ),
    LUCCA.code: (
        ("Centro di prima accoglienza (demo)", "Lucca", 14, 0, 0),
        ("Casa rifugio (demo)", "Capannori", 0, 6, 0),
        ("Pronta accoglienza minori (demo)", "Lucca", 0, 0, 4),
    ),
}
REPORTS_PER_YEAR = {PISTOIA.code: 300, CREMA.code: 180, LUCCA.code: 220}
# Weight of each hour of the day: the service works outside office hours.
HOUR_WEIGHTS = [6, 5, 4, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 5, 7, 8, 8, 8, 7]
SITUATIONS = (("MIN", 20), ("ADU", 55), ("ALT", 20), (None, 5))
REPORTERS = (("police", 35), ("hospital", 25), ("citizen", 15), ("school", 5), ("service", 10))
REPORTERS += (("other", 10),)
PLACES = ("Stazione ferroviaria", "Pronto soccorso", "Piazza del mercato", "Via Roma", "Parco")
SITUATION_TEXT = {
    "MIN": "Minore trovato senza adulti di riferimento; segnalato per tutela immediata.",
    "ADU": "Adulto in grave difficoltà, senza rete familiare, in situazione di pericolo.",
    "ALT": "Perdita improvvisa dell'alloggio o dimissione senza rete di accoglienza.",
    None: "Richiesta di aiuto senza elementi di urgenza.",
}


def _operator(zone) -> User | None:
    return (
        User.objects.filter(zone=zone, groups__name="Operatore di pronto intervento sociale")
        .order_by("pk")
        .first()
    )


def build_shelters(context) -> list[Shelter]:
    return Shelter.objects.bulk_create(
        Shelter(
            zone=context.zone,
            municipality=context.municipalities[town],
            name=name,
            address=f"Indirizzo riservato ({town})",
            phone="0000 000000",
            capacity_adult=adults,
            capacity_woman_child=women,
            capacity_minor=minors,
        )
        for name, town, adults, women, minors in SHELTERS[context.spec.code]
    )


def _shift_spans(begin: dt.datetime, end: dt.datetime):
    """An on-call stretch cut at each 8:00, one shift a day (a long week-end is three)."""
    while begin < end:
        cut = dt.datetime.combine(begin.date(), dt.time(8), begin.tzinfo)
        if cut <= begin:
            cut += dt.timedelta(days=1)
        yield begin, min(cut, end)
        begin = min(cut, end)


def build_rota(zone, operator: User, on_call_workers: list[User]) -> int:
    """Every out-of-office hour from a week ago to two weeks ahead: nights (18-8) after a
    working day, whole week-ends and holidays (8 December, the patron saint...), as the
    emergency service counts them (`emergency.selectors.out_of_office_periods`)."""
    today = timezone.localdate()
    periods = out_of_office_periods(
        start=today - dt.timedelta(days=7), days=22, province=zone_province(zone)
    )
    shifts = []
    index = 0
    for period_start, period_end in periods:
        for start, end in _shift_spans(period_start, period_end):
            shifts.append(
                OnCallShift(
                    zone=zone,
                    user=operator,
                    role="operator",
                    starts_at=start,
                    ends_at=end,
                    phone="333 000 0001",
                )
            )
            if on_call_workers:
                shifts.append(
                    OnCallShift(
                        zone=zone,
                        user=on_call_workers[index % len(on_call_workers)],
                        role="social_worker",
                        starts_at=start,
                        ends_at=end,
                        phone="333 000 0002",
                    )
                )
            index += 1
    OnCallShift.objects.bulk_create(shifts)
    return len(shifts)


class _Beds:
    """Occupants of a place type across the zone's shelters, to place only into free places."""

    def __init__(self, shelters: list[Shelter]):
        self.leaving: dict[tuple[int, str], list[dt.datetime]] = {}
        self.shelters = shelters

    def find(self, place_type: str, places: int, at: dt.datetime) -> Shelter | None:
        for shelter in self.shelters:
            capacity = shelter.capacity(place_type)
            if not capacity:
                continue
            key = (shelter.pk, place_type)
            current = [left for left in self.leaving.get(key, []) if left is None or left > at]
            self.leaving[key] = current
            if capacity - len(current) >= places:
                return shelter
        return None

    def take(self, shelter: Shelter, place_type: str, places: int, left: dt.datetime | None):
        self.leaving.setdefault((shelter.pk, place_type), []).extend([left] * places)


def _draw(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def build_emergencies(context, rng: random.Random) -> dict:
    zone = context.zone
    operator = _operator(zone)
    shelters = build_shelters(context)
    counts = {"shelters": len(shelters), "emergencies": 0, "shifts": 0}
    if operator is None:
        return counts
    workers = list(
        User.objects.filter(zone=zone, groups__name="Assistente sociale").order_by("pk")[:2]
    )
    counts["shifts"] = build_rota(zone, operator, workers)
    province = zone_province(zone)
    municipalities = list(context.municipalities.values())
    population = dict(
        MunicipalityPopulation.objects.filter(municipality__zone=zone)
        .order_by("year")
        .values_list("municipality_id", "population")
    )
    weights = [population.get(m.pk, 1000) for m in municipalities]
    criteria = list(
        UrgencyCriterion.objects.filter(active=True, zone__isnull=True).select_related("parent")
    )
    subs = {
        top: [c for c in criteria if c.parent and c.parent.code == top]
        for top in ("MIN", "ADU", "ALT")
    }
    rules = dict(
        AssignmentRule.objects.filter(zone=zone, line=CaseLine.SOCIAL).values_list(
            "municipality_id", "manager_id"
        )
    )
    start = dt.datetime(EMERGENCY_YEAR, 1, 1, tzinfo=ROME)
    # Arithmetic in UTC: adding minutes to a Europe/Rome wall time is wrong across DST.
    moments = sorted(
        (
            start
            + dt.timedelta(
                days=rng.randrange(365),
                hours=rng.choices(range(24), HOUR_WEIGHTS)[0],
                minutes=rng.randrange(60),
            )
        ).astimezone(dt.UTC)
        for _ in range(REPORTS_PER_YEAR[context.spec.code])
    )
    now = timezone.now()
    recent = sorted(now - dt.timedelta(minutes=rng.randrange(60, 2 * 24 * 60)) for _ in range(6))
    beds = _Beds(shelters)
    plans = []
    for reported in [*moments, *recent]:
        is_recent = reported > now - dt.timedelta(days=3)
        top = _draw(rng, SITUATIONS)
        chosen = rng.sample(subs[top], k=rng.choice((1, 1, 2))) if top else []
        municipality = rng.choices(municipalities, weights)[0]
        response = max(int(rng.lognormvariate(3.3, 0.6)), 3)
        plan = {
            "reported": reported,
            "top": top,
            "criteria": chosen,
            "municipality": municipality,
            "response": response,
            "outcome": "not_emergency" if top is None or rng.random() < 0.08 else None,
            "placement": None,
            "recent": is_recent,
        }
        if plan["outcome"] is None:
            woman_child = top == "ADU" and any(c.code == "ADU.VIO" for c in chosen)
            place_type = "minor" if top == "MIN" else "woman_child" if woman_child else "adult"
            places = 2 if place_type == "woman_child" else 1
            placed = reported + dt.timedelta(minutes=response + int(rng.lognormvariate(4.0, 0.5)))
            wants_bed = rng.random() < 0.55
            shelter = beds.find(place_type, places, placed) if wants_bed else None
            if shelter is not None and placed < now:
                stay = dt.timedelta(days=rng.randint(1, 14), hours=rng.randint(0, 10))
                left = None if is_recent or placed + stay > now else placed + stay
                beds.take(shelter, place_type, places, left)
                plan["outcome"] = "placement"
                plan["placement"] = (shelter, place_type, places, placed, left)
            else:
                plan["outcome"] = "other_measure"
                plan["measures"] = (
                    ["transport", "escort"]
                    if wants_bed
                    else [rng.choice(["meal", "phone_support"])]
                )
        plans.append(plan)

    numbers: dict[int, int] = {}
    rows = []
    for plan in plans:
        local = timezone.localtime(plan["reported"])
        numbers[local.year] = numbers.get(local.year, 0) + 1
        first = plan["reported"] + dt.timedelta(minutes=plan["response"])
        placement = plan["placement"]
        rows.append(
            Emergency(
                zone=zone,
                number=f"{local.year}/{numbers[local.year]:05d}",
                reported_at=plan["reported"],
                reported_hour=local.hour,
                reporter_kind=_draw(rng, REPORTERS),
                municipality=plan["municipality"],
                location=rng.choice(PLACES),
                situation=SITUATION_TEXT[plan["top"]],
                # A woman with her child involves a minor, as the service records it.
                involves_minor=plan["top"] == "MIN"
                or bool(placement and placement[1] == "woman_child"),
                received_by=operator,
                first_response_at=min(first, placement[3]) if placement else first,
                response_minutes=plan["response"]
                if not placement
                else min(
                    plan["response"], int((placement[3] - plan["reported"]).total_seconds() // 60)
                ),
                placed_at=placement[3] if placement else None,
                placement_minutes=int((placement[3] - plan["reported"]).total_seconds() // 60)
                if placement
                else None,
                outcome=plan["outcome"],
                measures=plan.get("measures", []),
                not_emergency_reason="Richiesta di informazioni: nessun criterio di urgenza"
                if plan["outcome"] == "not_emergency"
                else "",
                referred_to="Segretariato sociale" if plan["outcome"] == "not_emergency" else "",
            )
        )
    emergencies = Emergency.objects.bulk_create(rows)
    through = Emergency.criteria.through
    through.objects.bulk_create(
        through(emergency_id=e.pk, urgencycriterion_id=c.pk)
        for e, plan in zip(emergencies, plans, strict=True)
        for c in plan["criteria"]
    )
    persons, placements, handovers = [], [], []
    for emergency, plan in zip(emergencies, plans, strict=True):
        persons.append(
            EmergencyPerson(
                emergency=emergency,
                description="persona non identificata (demo)",
                age=rng.randint(12, 17) if plan["top"] == "MIN" else rng.randint(19, 85),
                sex=rng.choice("FM"),
                is_minor=plan["top"] == "MIN",
            )
        )
        if plan["placement"]:
            shelter, place_type, places, placed, left = plan["placement"]
            if place_type == "woman_child":
                persons.append(
                    EmergencyPerson(
                        emergency=emergency,
                        description="figlio/a (demo)",
                        age=rng.randint(0, 10),
                        is_minor=True,
                    )
                )
            placements.append(
                Placement(
                    emergency=emergency,
                    shelter=shelter,
                    place_type=place_type,
                    places=places,
                    placed_at=placed,
                    left_at=left,
                    placed_by=operator,
                )
            )
        due = handover_due_on(plan["reported"], province)
        handovers.append(
            Handover(
                emergency=emergency,
                municipality=plan["municipality"],
                due_on=due,
                assignee_id=rules.get(plan["municipality"].pk),
                acknowledged_at=None
                if plan["recent"]
                else dt.datetime.combine(due, dt.time(10, 30), ROME),
                acknowledged_by_id=None
                if plan["recent"]
                else rules.get(plan["municipality"].pk, operator.pk),
            )
        )
    EmergencyPerson.objects.bulk_create(persons)
    Placement.objects.bulk_create(placements)
    Handover.objects.bulk_create(handovers)
    counts["emergencies"] = len(emergencies)
    counts["placements"] = len(placements)
    return counts
