"""The demo's RSA waiting lists of the Distretto di Crema (issue 19): the three managing bodies
of demo/data.py with one or two structures each (synthetic names), the district's score sheet
and fee rule, applicants drawn from Crema's persons (min(120, persons // 3)), a few offers,
refusals and admissions, all through the services so that events and rankings are real."""

from __future__ import annotations

import datetime as dt
import random

from django.core.exceptions import ValidationError

from ambito.core.models import User
from ambito.registry.models import Person
from ambito.territory.models import Municipality, Organisation

STRUCTURES = (
    ("Fondazione Casa di Riposo Città di Crema (demo)", "RSA Kennedy (demo)", "Crema", 12),
    ("Fondazione Casa di Riposo Città di Crema (demo)", "RSA Camillo Lucchi (demo)", "Crema", 8),
    ("Fondazione Ospitalità del Cremasco (demo)", "RSA Brunenghi (demo)", "Castelleone", 10),
    ("Azienda Servizi alla Persona Soncino (demo)", "RSA Fondazione Soncino (demo)", "Soncino", 6),
)


def build_crema_rsa(context, rng: random.Random) -> dict:
    """Rows of this register for Crema's demo zone; returns counts for the builder's summary."""
    from django.utils import timezone

    from ambito.rsa.services import applications as rsa
    from ambito.rsa.services import config

    zone = context.zone
    planner = User.objects.get(username="ufficio.crema")
    municipalities = {m.name: m for m in Municipality.objects.filter(zone=zone)}
    structures = []
    for body_name, name, town, beds in STRUCTURES:
        body = Organisation.objects.filter(zone=zone, name=body_name).first()
        town = municipalities.get(town) or next(iter(municipalities.values()))
        if body is None:
            continue
        structures.append(
            config.structure_create(
                actor=planner, name=name, municipality=town, beds=beds, body=body
            )
        )
    if not structures:
        return {}
    today = timezone.localdate()
    start = today - dt.timedelta(days=540)
    config.sheet_create(
        actor=planner,
        title="Scheda distrettuale di accesso alle RSA (demo)",
        valid_from=start,
        health_weight="0.6",
        lives_alone_points=10,
        caregiver_absent_points=8,
        caregiver_present_points=0,
        isee_bands=[[8000, 12], [15000, 8], [25000, 4], [None, 0]],
        isee_missing_points=0,
        refusal_effect="penalty",
        refusal_penalty=5,
        max_refusals=3,
    )
    config.fee_rule_create(
        actor=planner,
        title="Compartecipazione comunale alla retta (demo)",
        valid_from=start,
        social_part_percent=100,
        bands=[[8000, 70], [15000, 40], [25000, 15], [None, 0]],
    )
    persons = list(
        Person.objects.filter(zone=zone, residence_municipality__isnull=False).order_by("pk")
    )
    count = min(120, len(persons) // 3)
    chosen = rng.sample(persons, count)
    applications = []
    for person in chosen:
        submitted = start + dt.timedelta(days=rng.randint(0, 480))
        prefs = rng.sample(structures, rng.randint(1, min(3, len(structures))))
        applications.append(
            rsa.application_create(
                actor=planner,
                person=person,
                contact="Familiare di riferimento (demo)",
                submitted_on=submitted,
                evaluated_on=submitted,
                health_score=rng.randint(20, 95),
                lives_alone=rng.random() < 0.4,
                caregiver=rng.random() < 0.5,
                isee=None if rng.random() < 0.2 else rng.randint(4000, 30000),
                hospital_discharge=rng.random() < 0.08,
                urgent_social=rng.random() < 0.1,
                structures=prefs,
            )
        )
    applications.sort(key=lambda a: (a.submitted_on, a.number))
    offers = refusals = admissions = 0
    for i, application in enumerate(applications[: max(1, count // 4)]):
        structure = application.preferences.order_by("rank").first().structure
        offered_on = min(today, application.submitted_on + dt.timedelta(days=rng.randint(30, 90)))
        try:
            offer = rsa.offer_make(
                actor=planner, application=application, structure=structure, offered_on=offered_on
            )
        except ValidationError:  # a full structure: no offer
            continue
        offers += 1
        replied = min(today, offered_on + dt.timedelta(days=3))
        if i % 3 == 1:
            rsa.offer_reply(
                actor=planner,
                offer=offer,
                reply="refused",
                replied_on=replied,
                justified=i % 2 == 0,
                reason="Preferisce attendere un'altra struttura",
            )
            refusals += 1
        elif i % 3 == 2:
            continue  # awaiting the reply
        else:
            rsa.offer_reply(actor=planner, offer=offer, reply="accepted", replied_on=replied)
            rsa.admission_record(
                actor=planner,
                application=application,
                structure=structure,
                admitted_on=replied,
                monthly_fee=rng.choice([1850, 1950, 2100]),
            )
            admissions += 1
    # The demo's own body must see an applicant awaiting its reply.
    own = [s for s in structures if s.body.name == STRUCTURES[0][0]][0]
    waiting = [
        a
        for a in applications
        if a.status == "active" and a.preferences.filter(structure=own).exists()
    ]
    if waiting:
        try:
            rsa.offer_make(actor=planner, application=waiting[0], structure=own, offered_on=today)
            offers += 1
        except ValidationError:  # the structure is full
            pass
    return {
        "rsa_structures": len(structures),
        "rsa_applications": count,
        "rsa_offers": offers,
        "rsa_refusals": refusals,
        "rsa_admissions": admissions,
    }
