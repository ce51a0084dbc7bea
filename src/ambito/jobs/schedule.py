"""What runs by the clock, as a table, and the scheduler that queues it.

    name          kind                 when (Europe/Rome)
    retention     jobs.retention       every day at 02:30
    consistency   jobs.consistency     every day at 03:00
    reminders     jobs.reminders       every day at 06:30

The scheduler (`python -m ambito scheduler`, one process per region is enough, more are
harmless) wakes every TICK_SECONDS and, for each entry whose time of the day has passed, queues
its job for today's slot unless that slot has a `ScheduledRun` already: the pair (name, slot)
is unique in the database, so two schedulers queue it once. A scheduler that was down at the
entry's time queues it when it comes back the same day. At every tick it also recovers the
jobs of dead workers (services.recover_stale).
"""

from __future__ import annotations

import datetime as dt
import logging
import time as clock
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ScheduledRun
from .services import job_start, recover_stale

logger = logging.getLogger("ambito.jobs")

TICK_SECONDS = 30


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str
    title: str
    at: dt.time


SCHEDULE = (
    Entry(
        "retention",
        "jobs.retention",
        "Conservazione: eliminazione dei dati scaduti",
        dt.time(2, 30),
    ),
    Entry("consistency", "jobs.consistency", "Controllo notturno di coerenza", dt.time(3, 0)),
    Entry("reminders", "jobs.reminders", "Avvisi e promemoria del giorno", dt.time(6, 30)),
)


def due(now: dt.datetime | None = None) -> list[tuple[Entry, str]]:
    """The entries whose time has come today and the slot they run for (today's date)."""
    local = timezone.localtime(now or timezone.now())
    return [(e, local.date().isoformat()) for e in SCHEDULE if local.time() >= e.at]


def tick(now: dt.datetime | None = None) -> list[str]:
    """Queue what is due and not queued yet; returns the names queued."""
    recover_stale(now=now)
    queued = []
    for entry, slot in due(now):
        if ScheduledRun.objects.filter(name=entry.name, slot=slot).exists():
            continue
        try:
            with transaction.atomic():
                job = job_start(
                    actor=None, kind=entry.kind, title=f"{entry.title} ({slot})", params={}
                )
                ScheduledRun.objects.create(name=entry.name, slot=slot, job=job)
        except IntegrityError:
            continue  # another scheduler queued this slot a moment ago
        logger.info("scheduled %s for %s", entry.name, slot)
        queued.append(entry.name)
    return queued


def run_forever() -> None:  # pragma: no cover - the loop around `tick`, stopped by a signal
    while True:
        try:
            tick()
        except Exception as exc:  # the database restarting: try again at the next tick
            logger.error("scheduler tick failed: %s", type(exc).__name__)
        clock.sleep(TICK_SECONDS)
