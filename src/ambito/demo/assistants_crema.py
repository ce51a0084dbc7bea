"""The demo's registro degli assistenti familiari of the Distretto di Crema (seed 003 §C.5:
"accreditare assistenti familiari (baby sitter, badanti ...)", "Registri ... di assistenti
familiari renderà disponibili alle famiglie persone qualificate").

- About forty workers (a dozen in a small demo) in every state of the enrolment: applications,
  workers in checks, enrolled (most), suspended, removed; care workers, baby-sitters and both;
  the languages of the district's families and workers (Italian, Romanian, Ukrainian, Spanish,
  Arabic, Albanian, Tagalog...); availability over Crema's municipalities; training and checks
  recorded as the services would.
- Some enrolled workers never consented to be listed and some withdrew: they are in the
  register, in no search and not on the charter.
- Matches recorded by the demo social worker ("assistente.crema") at Crema's access points,
  with a person of the registry or a family reference, of every outcome.
- Crema publishes the register on its charter (/carta/<zone>/assistenti-familiari/).

Names, dates and hours are synthetic, drawn from `rng` only; rows are created directly.
"""

from __future__ import annotations

import datetime as dt
import random

from ambito.assistants.choices import CheckKind, MatchOutcome, WorkerKind, WorkerState
from ambito.assistants.models import (
    Match,
    RegisterPublication,
    Worker,
    WorkerCheck,
    WorkerLanguage,
    WorkerStateChange,
    WorkerTraining,
)
from ambito.core.models import User
from ambito.registry.models import Person
from ambito.territory.models import AccessPoint, Municipality

FULL, SMALL = 40, 12
ANCHOR = dt.date(2026, 6, 30)  # the register's "today" in the demo

# (first names, surnames, languages besides Italian, needs a residence permit)
ORIGINS = (
    (("Elena", "Ioana", "Mihaela", "Andreea"), ("Popescu", "Ionescu", "Dumitru"), ("ro",), False),
    (
        ("Oksana", "Olena", "Iryna", "Natalia"),
        ("Kovalenko", "Shevchenko", "Bondar"),
        ("uk", "ru"),
        True,
    ),
    (("Maria", "Rosa", "Carmen", "Lucia"), ("Quispe", "Flores", "Rojas"), ("es",), True),
    (("Fatima", "Amina", "Khadija"), ("El Amrani", "Benali", "Haddad"), ("ar", "fr"), True),
    (("Arta", "Elira", "Blerina"), ("Hoxha", "Krasniqi", "Shehu"), ("sq",), True),
    (("Marites", "Joy", "Rowena"), ("Santos", "Reyes", "Cruz"), ("tl", "en"), True),
    (
        ("Giulia", "Chiara", "Francesca", "Paola", "Marco"),
        ("Ferrari", "Bianchi", "Lodi"),
        ("en",),
        False,
    ),
)
COURSES = (
    ("Corso per assistente familiare (demo)", 160),
    ("Primo soccorso e sicurezza domestica (demo)", 12),
    ("Cura della prima infanzia (demo)", 40),
    ("Lingua italiana per il lavoro di cura (demo)", 60),
)
CHECK_NOTE = {
    CheckKind.DOCUMENT: "Carta d'identità verificata",
    CheckKind.RESIDENCE_PERMIT: "Permesso di soggiorno per lavoro",
    CheckKind.CRIMINAL_RECORD: "Certificato del casellario senza iscrizioni",
    CheckKind.REFERENCES: "Due referenze di famiglie",
}


def _states(count: int) -> list[tuple[str, bool]]:
    """(state, consented) for each worker: every state and both consents, most enrolled."""
    base = [
        (WorkerState.APPLICATION, False),
        (WorkerState.CHECKS, False),
        (WorkerState.SUSPENDED, True),
        (WorkerState.REMOVED, False),
        (WorkerState.ENROLLED, False),  # never consented
        (WorkerState.ENROLLED, True),  # consent withdrawn (set below)
    ]
    rest = count - len(base)
    extra = [(WorkerState.ENROLLED, True)] * max(rest, 0)
    if count >= FULL:
        extra[:6] = [
            (WorkerState.APPLICATION, False),
            (WorkerState.APPLICATION, False),
            (WorkerState.CHECKS, False),
            (WorkerState.CHECKS, False),
            (WorkerState.ENROLLED, False),
            (WorkerState.SUSPENDED, False),
        ]
    return base + extra


def build_crema_assistants(context, rng: random.Random) -> dict:
    zone = context.zone
    planner = User.objects.filter(username="ufficio.crema").first()
    social_worker = User.objects.filter(username="assistente.crema").first()
    municipalities = list(Municipality.objects.filter(zone=zone).order_by("istat_code"))
    households = Person.objects.filter(zone=zone).count()
    count = FULL if households >= 100 else SMALL
    crema = next((m for m in municipalities if m.name == "Crema"), municipalities[0])

    workers, plans = [], []
    for index, (state, consented) in enumerate(_states(count)):
        firsts, lasts, languages, permit = ORIGINS[index % len(ORIGINS)]
        kind = rng.choice(
            [
                WorkerKind.CARE,
                WorkerKind.CARE,
                WorkerKind.CARE,
                WorkerKind.BABYSITTER,
                WorkerKind.BOTH,
            ]
        )
        applied = ANCHOR - dt.timedelta(days=rng.randint(30, 540))
        enrolled = state in (WorkerState.ENROLLED, WorkerState.SUSPENDED) or (
            state == WorkerState.REMOVED
        )
        enrolled_on = applied + dt.timedelta(days=rng.randint(20, 28)) if enrolled else None
        withdrawn = index == 5
        consent_on = enrolled_on if consented and enrolled_on else None
        live_in = kind != WorkerKind.BABYSITTER and rng.random() < 0.4
        served = [crema] + rng.sample(
            [m for m in municipalities if m != crema],
            min(len(municipalities) - 1, rng.randint(1, 5)),
        )
        phone = f"3{rng.randint(20, 49)} {rng.randint(1000000, 9999999)}"
        workers.append(
            Worker(
                zone=zone,
                first_name=rng.choice(firsts),
                last_name=rng.choice(lasts),
                citizenship="" if not permit else "extra UE",
                needs_residence_permit=permit,
                phone=phone,
                email="",
                kind=kind,
                state=state,
                applied_on=applied,
                enrolled_on=enrolled_on,
                weekly_hours=54 if live_in else rng.choice([10, 15, 20, 25, 30, 36, 40]),
                live_in=live_in,
                nights=live_in or rng.random() < 0.25,
                weekends=rng.random() < 0.5,
                consent_given_on=consent_on,
                consent_withdrawn_on=ANCHOR - dt.timedelta(days=20)
                if withdrawn and consent_on
                else None,
                show_phone=bool(consent_on) and not withdrawn and rng.random() < 0.3,
                notes="(demo)",
            )
        )
        plans.append((served, ("it", *languages), enrolled_on))
    workers = Worker.objects.bulk_create(workers)

    through = Worker.municipalities.through
    through.objects.bulk_create(
        through(worker_id=w.pk, municipality_id=m.pk)
        for w, (served, _, _) in zip(workers, plans, strict=True)
        for m in served
    )
    WorkerLanguage.objects.bulk_create(
        WorkerLanguage(worker=w, language=code)
        for w, (_, languages, _) in zip(workers, plans, strict=True)
        for code in languages
    )
    trainings, checks, changes = [], [], []
    for worker, (_, _, enrolled_on) in zip(workers, plans, strict=True):
        changes.append(
            WorkerStateChange(
                worker=worker, to_state=WorkerState.APPLICATION, on=worker.applied_on, actor=planner
            )
        )
        if worker.state == WorkerState.APPLICATION:
            continue
        checked = worker.applied_on + dt.timedelta(days=10)
        changes.append(
            WorkerStateChange(
                worker=worker,
                from_state=WorkerState.APPLICATION,
                to_state=WorkerState.CHECKS,
                on=checked,
                actor=planner,
            )
        )
        kinds = [CheckKind.DOCUMENT, CheckKind.CRIMINAL_RECORD, CheckKind.REFERENCES]
        if worker.needs_residence_permit:
            kinds.append(CheckKind.RESIDENCE_PERMIT)
        done = enrolled_on is not None
        for position, kind in enumerate(kinds):
            passed = done or position == 0
            checks.append(
                WorkerCheck(
                    worker=worker,
                    kind=kind,
                    outcome="passed" if passed else "pending",
                    checked_on=checked + dt.timedelta(days=position) if passed else None,
                    note=CHECK_NOTE[kind] if passed else "",
                    checked_by=planner if passed else None,
                )
            )
        course, hours = COURSES[0] if worker.kind != WorkerKind.BABYSITTER else COURSES[2]
        trainings.append(
            WorkerTraining(
                worker=worker,
                course=course,
                organiser="Centro di formazione professionale (demo)",
                hours=hours,
                completed_on=worker.applied_on - dt.timedelta(days=rng.randint(30, 400)),
            )
        )
        if rng.random() < 0.5:
            extra, extra_hours = COURSES[rng.choice([1, 3])]
            trainings.append(
                WorkerTraining(
                    worker=worker,
                    course=extra,
                    hours=extra_hours,
                    completed_on=checked if done else None,
                )
            )
        if not done:
            continue
        changes.append(
            WorkerStateChange(
                worker=worker,
                from_state=WorkerState.CHECKS,
                to_state=WorkerState.ENROLLED,
                on=enrolled_on,
                actor=planner,
            )
        )
        if worker.state in (WorkerState.SUSPENDED, WorkerState.REMOVED):
            changes.append(
                WorkerStateChange(
                    worker=worker,
                    from_state=WorkerState.ENROLLED,
                    to_state=worker.state,
                    on=ANCHOR - dt.timedelta(days=45),
                    actor=planner,
                    reason="Segnalazione di una famiglia in verifica (demo)"
                    if worker.state == WorkerState.SUSPENDED
                    else "Trasferimento fuori distretto (demo)",
                )
            )
    WorkerTraining.objects.bulk_create(trainings)
    WorkerCheck.objects.bulk_create(checks)
    WorkerStateChange.objects.bulk_create(changes)

    # Matches by the demo social worker at Crema's access points, of every outcome.
    matches = []
    points = list(AccessPoint.objects.filter(zone=zone).order_by("pk"))
    listable = [w for w in workers if w.listable]
    if social_worker is not None and points and listable:
        served = set(social_worker.municipalities.values_list("pk", flat=True))
        points = [p for p in points if p.municipality_id in served] or points
        persons = list(
            Person.objects.filter(zone=zone, residence_municipality_id__in=served or [crema.pk])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        outcomes = [
            MatchOutcome.STARTED,
            MatchOutcome.PROPOSED,
            MatchOutcome.NOT_STARTED,
            MatchOutcome.ENDED,
        ]
        for position in range(max(4, len(listable) // 2)):
            worker = listable[position % len(listable)]
            outcome = outcomes[position % len(outcomes)]
            matched = max(worker.consent_given_on, ANCHOR - dt.timedelta(days=rng.randint(20, 200)))
            started = (
                min(matched + dt.timedelta(days=7), ANCHOR)
                if outcome in ("started", "ended")
                else None
            )
            with_person = persons and position % 3 != 2
            matches.append(
                Match(
                    zone=zone,
                    worker=worker,
                    person_id=rng.choice(persons) if with_person else None,
                    family_reference=""
                    if with_person
                    else f"Famiglia sportello n. {position + 1} (demo)",
                    access_point=rng.choice(points),
                    matched_on=matched,
                    outcome=outcome,
                    hours_agreed=(worker.weekly_hours or 20) if started else None,
                    started_on=started,
                    ended_on=min(started + dt.timedelta(days=60), ANCHOR)
                    if outcome == "ended"
                    else None,
                    recorded_by=social_worker,
                    notes="(demo)",
                )
            )
        Match.objects.bulk_create(matches)

    RegisterPublication.objects.update_or_create(
        zone=zone,
        defaults={
            "published": True,
            "contact_text": "Per contattare un'assistente rivolgiti allo sportello sociale del tuo "
            "Comune o al Segretariato sociale del Distretto di Crema (demo).",
            "updated_by": planner,
        },
    )
    return {
        "assistenti familiari": len(workers),
        "assistenti in elenco": len(listable),
        "abbinamenti": len(matches),
    }
