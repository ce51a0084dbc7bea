"""The ranking of a structure: every application in the list (active, or offered a bed and
awaiting the reply) that names the structure among its preferences, in one deterministic
order — class (dimissione protetta, urgenza sociale, ordinaria), moves to the end of the class
for an unjustified refusal, score (highest first), submission date (earliest first), number —
so the same inputs always give the same order; each position carries its reason in Italian.

- `recompute(structure_ids)`: the read model (`RankingRow`): the order computed by one
  `SELECT ROW_NUMBER() OVER (ORDER BY …)` per structure (SQLite and PostgreSQL), compared with
  the stored rows, and only the rows that changed written (or, when most moved, the list
  rebuilt by DELETE + INSERT … SELECT); called by every service that changes an application,
  its preferences or a structure.
- `current(structure)`: the stored rows. `as_of(structure, day)`: the same order computed from
  the events' snapshots (the state each application had at the end of `day`).
- `explain(entries)`: the reason of each position, from the entry and its neighbours.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction

from ..choices import RANKED, PriorityClass
from ..models import Event, RankingRow

RANKED_SQL = ", ".join(f"'{status}'" for status in RANKED)
ORDER_SQL = "a.priority_class, a.bumps, a.score DESC, a.submitted_on, a.number, a.id"

COLUMNS = "position, zone_id, priority_class, bumps, score, submitted_on, number, status"
SELECT_SQL = f"""
SELECT a.id, ROW_NUMBER() OVER (ORDER BY {ORDER_SQL}), a.zone_id, a.priority_class, a.bumps,
       a.score, a.submitted_on, a.number, a.status
FROM rsa_preference p JOIN rsa_application a ON a.id = p.application_id
WHERE p.structure_id = %s AND a.status IN ({RANKED_SQL})
"""  # noqa: S608 (no user input: the statuses are constants)
RECOMPUTE_SQL = f"""
INSERT INTO rsa_rankingrow (application_id, {COLUMNS}, structure_id)
SELECT q.*, %s FROM ({SELECT_SQL}) q
"""  # noqa: S608
CURRENT_SQL = f"SELECT application_id, {COLUMNS} FROM rsa_rankingrow WHERE structure_id = %s"  # noqa: S608
UPDATE_SQL = """
UPDATE rsa_rankingrow SET position = %s, zone_id = %s, priority_class = %s, bumps = %s,
       score = %s, submitted_on = %s, number = %s, status = %s
WHERE structure_id = %s AND application_id = %s
"""
DELETE_ROW_SQL = "DELETE FROM rsa_rankingrow WHERE structure_id = %s AND application_id = %s"
INSERT_SQL = (
    f"INSERT INTO rsa_rankingrow (application_id, {COLUMNS}, structure_id) "  # noqa: S608
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)
# Over this share of rows to write, one DELETE and one INSERT … SELECT beat row updates.
REBUILD_SHARE = 0.3


@dataclass
class Entry:
    position: int
    application_id: int
    number: str
    priority_class: int
    bumps: int
    score: Decimal
    submitted_on: dt.date
    status: str
    reason: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def class_label(self) -> str:
        return PriorityClass(self.priority_class).label

    def key(self):
        return (
            self.priority_class,
            self.bumps,
            -self.score,
            self.submitted_on,
            self.number,
            self.application_id,
        )


def recompute(structure_ids) -> None:
    ids = sorted(set(structure_ids))
    if not ids:
        return
    # One transaction: a reader never sees a list half rewritten.
    with transaction.atomic(), connection.cursor() as cursor:
        for pk in ids:
            _recompute_one(cursor, pk)


def _recompute_one(cursor, pk: int) -> None:
    """Only the rows whose position or data changed are written (a change usually moves a few
    applications); when most rows move, the whole list is rebuilt in two statements."""
    cursor.execute(SELECT_SQL, [pk])
    new = {row[0]: tuple(row[1:]) for row in cursor.fetchall()}
    cursor.execute(CURRENT_SQL, [pk])
    old = {row[0]: tuple(row[1:]) for row in cursor.fetchall()}
    gone = [a for a in old if a not in new]
    changed = [(*v, pk, a) for a, v in new.items() if a in old and old[a] != v]
    added = [(a, *v, pk) for a, v in new.items() if a not in old]
    writes = len(gone) + len(changed) + len(added)
    if not writes:
        return
    if writes > REBUILD_SHARE * max(len(new), 1):
        cursor.execute("DELETE FROM rsa_rankingrow WHERE structure_id = %s", [pk])
        cursor.execute(RECOMPUTE_SQL, [pk, pk])
        return
    if gone:
        cursor.executemany(DELETE_ROW_SQL, [(pk, a) for a in gone])
    if changed:
        cursor.executemany(UPDATE_SQL, changed)
    if added:
        cursor.executemany(INSERT_SQL, added)


def _entry(row: RankingRow) -> Entry:
    return Entry(
        position=row.position,
        application_id=row.application_id,
        number=row.number,
        priority_class=row.priority_class,
        bumps=row.bumps,
        score=Decimal(row.score),
        submitted_on=row.submitted_on,
        status=row.status,
    )


def current(structure, *, start: int = 1, stop: int | None = None) -> list[Entry]:
    """The stored ranking, positions start..stop (inclusive), with one neighbour on each side
    so that every position's reason can be told; the neighbours are dropped after."""
    rows = RankingRow.objects.filter(structure=structure, position__gte=max(1, start - 1))
    if stop is not None:
        rows = rows.filter(position__lte=stop + 1)
    entries = explain([_entry(r) for r in rows.order_by("position")])
    return [e for e in entries if e.position >= start and (stop is None or e.position <= stop)]


def as_of(structure, day: dt.date) -> list[Entry]:
    """The ranking at the end of `day`, from each application's last event up to that day."""
    last: dict[int, tuple] = {}
    events = (
        Event.objects.filter(zone_id=structure.zone_id, on__lte=day)
        .order_by("application_id", "on", "pk")
        .values_list(
            "application_id", "snapshot", "application__number", "application__submitted_on"
        )
    )
    for application_id, snapshot, number, submitted_on in events.iterator(chunk_size=5000):
        last[application_id] = (snapshot, number, submitted_on)
    entries = []
    for application_id, (snap, number, submitted_on) in last.items():
        if snap.get("status") not in RANKED or structure.pk not in snap.get("structures", []):
            continue
        entries.append(
            Entry(
                position=0,
                application_id=application_id,
                number=number,
                priority_class=snap["class"],
                bumps=snap.get("bumps", 0),
                score=Decimal(str(snap["score"])),
                submitted_on=submitted_on,
                status=snap["status"],
            )
        )
    entries.sort(key=Entry.key)
    for i, entry in enumerate(entries, start=1):
        entry.position = i
    return explain(entries)


def _points(value: Decimal) -> str:
    value = Decimal(value).normalize()
    text = f"{value:f}"
    return text.replace(".", ",")


def _day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _reason(entry: Entry, previous: Entry | None, following: Entry | None) -> str:
    parts = [f"{entry.position}ª: classe {entry.class_label}"]
    if entry.bumps:
        parts.append("in coda alla classe per rifiuto non giustificato di un posto offerto")
    parts.append(f"punteggio {_points(entry.score)}")
    if previous is not None and previous.priority_class < entry.priority_class:
        parts.append(f"dopo le domande di classe {previous.class_label}")
    if previous is not None and (previous.priority_class, previous.bumps) == (
        entry.priority_class,
        entry.bumps,
    ):
        if previous.score > entry.score:
            parts.append(
                f"punteggio inferiore alla {previous.position}ª ({_points(previous.score)})"
            )
        elif previous.submitted_on < entry.submitted_on:
            parts.append(
                f"a parità di punteggio con la {previous.position}ª, domanda presentata il "
                f"{_day(entry.submitted_on)}, dopo la sua ({_day(previous.submitted_on)})"
            )
        elif previous.score == entry.score:
            parts.append(
                f"a parità di punteggio e di data con la {previous.position}ª, numero di "
                f"domanda successivo ({entry.number} dopo {previous.number})"
            )
    if following is not None and (following.priority_class, following.bumps, following.score) == (
        entry.priority_class,
        entry.bumps,
        entry.score,
    ):
        if entry.submitted_on < following.submitted_on:
            parts.append(
                f"a parità di punteggio domanda presentata prima della {following.position}ª "
                f"({_day(entry.submitted_on)} contro {_day(following.submitted_on)})"
            )
        else:
            parts.append(
                f"a parità di punteggio e di data, numero di domanda precedente alla "
                f"{following.position}ª"
            )
    return ", ".join(parts)


def explain(entries: list[Entry]) -> list[Entry]:
    for i, entry in enumerate(entries):
        previous = (
            entries[i - 1] if i > 0 and entries[i - 1].position == entry.position - 1 else None
        )
        following = (
            entries[i + 1]
            if i + 1 < len(entries) and entries[i + 1].position == entry.position + 1
            else None
        )
        entry.reason = _reason(entry, previous, following)
    return entries


def positions_of(application) -> list[tuple]:
    """(structure, entry with its reason) of each ranking the application stands in."""
    mine = list(RankingRow.objects.filter(application=application).select_related("structure"))
    found = []
    for row in mine:
        around = current(row.structure, start=row.position, stop=row.position)
        if around:
            found.append((row.structure, around[0]))
    return found
