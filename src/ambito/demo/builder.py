"""`build_demo()`: the three demo zones, their people and the demo logins, reproducibly.

Every random choice comes from a `random.Random` seeded with the `seed` argument and the
zone's code (one stream for the territory, one for the people), never from the global random
state; ages are computed on `data.REFERENCE_DATE_ISO`, never on today. The same seed gives
the same rows, codici fiscali included (UUIDs and timestamps aside).
"""

from __future__ import annotations

import random
import time

from django.apps import apps
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError

from ambito.cases import milestones
from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.models import AccessLog, EventLog, User
from ambito.core.roles import roles_sync
from ambito.planning import ledger
from ambito.providers import tallies
from ambito.territory.models import Zone

from . import rei2018
from .accounts import DEMO_USERNAMES, create_logins
from .charter import build_charter
from .contacts import build_contacts
from .data import CREMA, DEMO_ZONE_CODES, LUCCA, PISTOIA, ZONES
from .emergencies import build_emergencies
from .network import build_lucca_network, build_pistoia_network
from .pathway import REI_TABLE, build_pathway
from .people import CodeValidator, check_codes, draw_people, insert_people
from .planning import build_crema, build_lucca, build_pistoia
from .providers_crema import build_crema_vouchers
from .registers_crema import build_crema_registers
from .territory import build_territory

CONTACTS_PER_ZONE = 3000
CONTACTS_YEAR = 2025


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def demo_exists() -> bool:
    return Zone.objects.filter(code__in=DEMO_ZONE_CODES).exists()


@transaction.atomic
def build_demo(*, households_per_zone: int, seed: int, stdout=None) -> dict:
    """Create the demo; if any demo zone exists already, change nothing.

    Returns summary counts: {"created", "seed", "households_per_zone", "zones": {code:
    {...}}, "persons", "households", "isee_records", "users", "logins", "seconds"}.
    """
    started = time.monotonic()
    if demo_exists():
        _say(stdout, "I dati demo esistono già: nessuna modifica.")
        return {"created": False, "seed": seed, "households_per_zone": households_per_zone}
    roles_sync()  # the role groups normally come with migrate; make sure they are there
    contexts, batches, zones = {}, [], {}
    with CodeValidator() as validator:
        for spec in ZONES:
            _say(stdout, f"{spec.name}: territorio, enti, punti di accesso, operatori…")
            context = build_territory(spec, random.Random(f"{seed}:{spec.code}:territory"))
            contexts[spec.code] = context
            _say(
                stdout,
                f"  {len(context.municipalities)} comuni, {len(context.organisations)} enti, "
                f"{context.access_points} punti di accesso, {len(context.staff)} operatori",
            )
            services = build_charter(
                zone=context.zone, rng=random.Random(f"{seed}:{spec.code}:charter")
            )
            _say(stdout, f"  {services} servizi nella carta dei servizi")
            batch = draw_people(
                context,
                random.Random(f"{seed}:{spec.code}:people"),
                households_per_zone,
                # Pistoia's 2018 REI households, drawn to seed 002's tables (rei2018.py)
                extra=rei2018.draw_households(REI_TABLE) if spec.code == PISTOIA.code else None,
            )
            _say(stdout, f"  {len(batch.persons)} codici fiscali in verifica…")
            batch.results = validator.submit([person.code for person in batch.persons])
            batches.append(batch)
        _say(stdout, "Utenti demo, uno per ruolo…")
        logins = create_logins(contexts)
        for batch in batches:
            zones[batch.context.spec.code] = _insert_zone(batch, stdout)
    return {
        "created": True,
        "seed": seed,
        "households_per_zone": households_per_zone,
        "zones": zones,
        "persons": sum(z["persons"] for z in zones.values()),
        "households": sum(z["households"] for z in zones.values()),
        "isee_records": sum(z["isee_records"] for z in zones.values()),
        "users": len(logins),
        "logins": logins,
        "seconds": round(time.monotonic() - started, 1),
    }


def _insert_zone(batch, stdout) -> dict:
    context = batch.context
    check_codes(batch, batch.results)
    counts = insert_people(batch)
    # A full past year of contacts (synthetic) for the needs observatory; a fixed year keeps
    # the demo reproducible whatever the day it is built.
    counts["contacts"] = build_contacts(
        zone=context.zone,
        rng=batch.rng,  # the zone's own generator: follows --seed
        count=CONTACTS_PER_ZONE,
        year=CONTACTS_YEAR,
    )
    if context.spec.code == PISTOIA.code:
        counts.update(
            build_pathway(
                zone=context.zone,
                rng=random.Random(f"{batch.rng.random()}:pathway"),
                tagged=rei2018.tagged_households(batch),
            )
        )
    if context.spec.code == PISTOIA.code:
        planner = User.objects.filter(username="ufficio.piano").first()
        counts["plans"] = build_pistoia(context.zone, planner)["plans"]
    elif context.spec.code == CREMA.code:
        counts["plans"] = build_crema(context.zone)["plans"]
    else:
        counts["plans"] = build_lucca(context.zone)["plans"]
    emergency = build_emergencies(context, random.Random(f"{batch.rng.random()}:emergency"))
    counts["emergencies"] = emergency["emergencies"]
    counts["shelters"] = emergency["shelters"]
    # The pathway above is bulk-created: the monitoring's milestones are rebuilt from it.
    milestones.rebuild(context.zone)
    # After the emergencies: the network's generator is drawn last, so that adding it left
    # every earlier step's rows as they were.
    network_rng = random.Random(f"{batch.rng.random()}:network")
    if context.spec.code == PISTOIA.code:
        counts.update(build_pistoia_network(context, network_rng))
    elif context.spec.code == LUCCA.code:
        counts.update(build_lucca_network(context, network_rng))
    # The titoli sociali of Crema (issue 18): their generator is drawn after the network's.
    if context.spec.code == CREMA.code:
        counts.update(
            build_crema_vouchers(context, random.Random(f"{batch.rng.random()}:vouchers"))
        )
        # The registers and district services (issue 19), drawn after the vouchers.
        counts.update(build_crema_registers(context, batch.rng.random()))
    # Every source of the fund ledger, and the deliveries, were bulk-created: the ledger's
    # movements and the deliveries' tallies from them.
    ledger.rebuild(zone_ids=[context.zone.pk])
    tallies.rebuild([context.zone.pk])
    _say(
        stdout,
        f"{context.zone.name}: {counts['persons']} persone, {counts['households']} nuclei "
        f"({counts['single_parent']} monogenitoriali), {counts['isee_records']} ISEE, "
        f"{counts['omocodes']} codici in omocodia, {counts['emergencies']} segnalazioni al "
        f"pronto intervento, {counts['shelters']} strutture di pronta accoglienza",
    )
    # One audit entry per zone instead of one per row (rows were bulk-created).
    log_event(
        user=None,
        obj=context.zone,
        action=EventAction.CREATE,
        fields=["territorio", "persone", "nuclei", "componenti", "isee"],
        note="demo",
        zone_id=context.zone.pk,
        channel="cli",
    )
    return {
        "municipalities": len(context.municipalities),
        "organisations": len(context.organisations),
        "access_points": context.access_points,
        "staff": len(context.staff),
        **counts,
    }


# Known models, deleted in this order; any other model that points at a zone goes first.
_DELETE_ORDER = (
    "core.eventlog",
    "core.accesslog",
    "registry.household",
    "registry.iseerecord",
    "registry.person",
    "core.user",
    "territory.accesspoint",
    "territory.staff",
    "territory.consortiummember",
    "territory.organisation",
    "territory.subarea",
    "territory.municipality",
)


def _zone_querysets(zones: list[Zone]) -> list:
    querysets = []
    for model in apps.get_models():
        if model is Zone:
            continue
        for field in model._meta.get_fields():
            if field.many_to_one and field.concrete and field.related_model is Zone:
                querysets.append(model.objects.filter(**{f"{field.name}__in": zones}))

    def order(queryset):
        label = queryset.model._meta.label_lower
        return _DELETE_ORDER.index(label) if label in _DELETE_ORDER else -1

    return sorted(querysets, key=order)


@transaction.atomic
def demo_delete(stdout=None) -> None:
    """Delete the demo zones with everything in them, the demo logins and their audit rows.

    Other apps' models that point at a zone are found and deleted too; the PROTECT links
    decide the order, so what cannot go yet is retried after the rest."""
    zones = list(Zone.objects.filter(code__in=DEMO_ZONE_CODES))
    users = User.objects.filter(Q(zone__in=zones) | Q(username__in=DEMO_USERNAMES))
    user_ids = list(users.values_list("pk", flat=True))
    user_uuids = list(users.values_list("uuid", flat=True))
    # Audit rows about the demo logins go; what a demo login changed outside the demo zones
    # stays, without its author. Reads cannot lose their reader (AccessLog.user is required).
    EventLog.objects.filter(object_type="core.user", object_uuid__in=user_uuids).delete()
    EventLog.objects.filter(user_id__in=user_ids).exclude(zone__in=zones).update(user=None)
    AccessLog.objects.filter(user_id__in=user_ids).delete()
    from ambito.cases.models import CaseDocument, EemmMeeting, Project
    from ambito.core.files import delete_stored_on_commit

    # The rows go with their zone; their files (signed scans, documents) would stay in the
    # storage, and in every backup, for ever.
    delete_stored_on_commit(
        [
            *Project.objects.filter(case__zone__in=zones)
            .exclude(signed_scan="")
            .values_list("signed_scan", flat=True),
            *CaseDocument.objects.filter(case__zone__in=zones).values_list("file", flat=True),
        ]
    )
    from ambito.emergency.models import Placement

    # Placements reach a zone only through their emergency and shelter (both PROTECT), EEMM
    # meetings through their team.
    pending = [
        Placement.objects.filter(shelter__zone__in=zones),
        EemmMeeting.objects.filter(team__zone__in=zones),
        *_zone_querysets(zones),
        User.objects.filter(pk__in=user_ids),
    ]
    while pending:
        failed, error = [], None
        for queryset in pending:
            try:
                with transaction.atomic():
                    queryset.delete()
            except (ProtectedError, RestrictedError) as exc:
                failed.append(queryset)
                error = exc
        if len(failed) == len(pending):
            raise error
        pending = failed
    Zone.objects.filter(pk__in=[zone.pk for zone in zones]).delete()
    _say(stdout, f"Dati demo cancellati ({len(zones)} ambiti, {len(user_ids)} utenti).")
