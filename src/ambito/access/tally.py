"""The observatory's monthly tallies (model ContactTally): kept up to date by the contact
services, recomputed from the contacts by `rebuild` (after a bulk load, or by
`python -m ambito observatory_rebuild`).

A write changes the tallies of one contact by ±1 with a single INSERT ... ON CONFLICT DO
UPDATE, which is atomic on PostgreSQL (two desks saving at the same moment both count) and
serialised by the IMMEDIATE transactions on SQLite. The services call `count_contact` inside
their own transaction, so a contact and its counts are saved together or not at all."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Max, Min

from .models import Contact, ContactTally, TallyDimension

ROME = ZoneInfo("Europe/Rome")
D = TallyDimension


def month_of(moment: dt.datetime) -> dt.date:
    """The month (its first day) of a moment, in Italian time."""
    return moment.astimezone(ROME).date().replace(day=1)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(month.year, month.month, 1, tzinfo=ROME)
    following = month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)
    return start, dt.datetime(following.year, following.month, 1, tzinfo=ROME)


def referral_value(kind: str, service_id, organisation_id, office: str) -> str:
    if kind == "service":
        return f"service:{service_id or 0}"
    if kind == "organisation":
        return f"organisation:{organisation_id or 0}"
    return f"{kind}:{office}"


def _values(
    *, channel, outcome, identified, area_ids, referral: str | None
) -> list[tuple[str, str]]:
    """The (dimension, value) pairs one contact counts in."""
    pairs = [
        (D.TOTAL, ""),
        (D.CHANNEL, channel),
        (D.OUTCOME, outcome),
        (D.IDENTIFIED, "1" if identified else "0"),
    ]
    pairs += [(D.NEED_AREA, str(area_id)) for area_id in (area_ids or [0])]
    if referral:
        pairs.append((D.REFERRAL, referral))
    return pairs


def _pairs_for(contact: Contact) -> list[tuple[str, str]]:
    return _values(
        channel=contact.channel,
        outcome=contact.outcome,
        identified=contact.person_id is not None,
        area_ids=list(contact.need_areas.values_list("pk", flat=True)),
        referral=referral_value(
            contact.referral_kind,
            contact.referral_service_id,
            contact.referral_organisation_id,
            contact.referral_office,
        )
        if contact.referral_kind
        else None,
    )


def count_contact(contact: Contact, sign: int = 1) -> None:
    """Add (sign=1) or take away (sign=-1) a saved contact from the tallies. Call it after the
    need areas are set when adding, and before changing the contact when taking away."""
    base = (
        contact.zone_id,
        connection.ops.adapt_datefield_value(month_of(contact.started_at)),
        contact.municipality_id or 0,
        contact.access_point_id,
    )
    pairs = _pairs_for(contact)
    quote = connection.ops.quote_name
    table = quote(ContactTally._meta.db_table)
    names = ", ".join(quote(column) for column in ContactTally.KEY)
    count = quote("count")
    row = "(" + ", ".join(["%s"] * (len(ContactTally.KEY) + 1)) + ")"
    # Table and column names come from the model, never from input; values are parameters.
    sql = (
        f"INSERT INTO {table} ({names}, {count}) VALUES {', '.join([row] * len(pairs))} "  # noqa: S608
        f"ON CONFLICT ({names}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}"
    )
    params = [value for pair in pairs for value in (*base, *pair, sign)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- recomputing from the contacts ---------------------------------------------------------------


def _month_rows(zone_id: int, month: dt.date) -> list[ContactTally]:
    start, end = month_bounds(month)
    # A cancelled contact counts nowhere (services.contact_cancel takes it away).
    contacts = Contact.objects.filter(
        zone_id=zone_id, started_at__gte=start, started_at__lt=end, cancelled_at__isnull=True
    )
    areas: dict[int, list[int]] = {}
    for contact_id, area_id in Contact.need_areas.through.objects.filter(
        contact__in=contacts.values("pk")
    ).values_list("contact_id", "needarea_id"):
        areas.setdefault(contact_id, []).append(area_id)
    counts: Counter = Counter()
    for row in contacts.values_list(
        "pk",
        "municipality_id",
        "access_point_id",
        "channel",
        "outcome",
        "person_id",
        "referral_kind",
        "referral_service_id",
        "referral_organisation_id",
        "referral_office",
    ).iterator(chunk_size=5000):
        pk, muni, point, channel, outcome, person, kind, service, organisation, office = row
        pairs = _values(
            channel=channel,
            outcome=outcome,
            identified=person is not None,
            area_ids=areas.get(pk),
            referral=referral_value(kind, service, organisation, office) if kind else None,
        )
        for dimension, value in pairs:
            counts[(muni or 0, point, dimension, value)] += 1
    return [
        ContactTally(
            zone_id=zone_id,
            month=month,
            municipality_key=muni,
            access_point_key=point,
            dimension=dimension,
            value=value,
            count=n,
        )
        for (muni, point, dimension, value), n in counts.items()
    ]


def _months(first: dt.date, last: dt.date):
    month = first
    while month <= last:
        yield month
        month = month_bounds(month)[1].date()


@transaction.atomic
def rebuild(zone) -> int:
    """Recompute every tally of a zone from its contacts; returns the number of tally rows.

    Counted in Python a month at a time, with the same `_values` as the live path, so the
    two cannot disagree on what a contact counts in."""
    ContactTally.objects.filter(zone=zone).delete()
    span = Contact.objects.filter(zone=zone).aggregate(
        first=Min("started_at"), last=Max("started_at")
    )
    if span["first"] is None:
        return 0
    written = 0
    for month in _months(month_of(span["first"]), month_of(span["last"])):
        rows = _month_rows(zone.pk, month)
        ContactTally.objects.bulk_create(rows, batch_size=1000)
        written += len(rows)
    return written


def differences(zone) -> int:
    """How many tally rows of a zone differ from a recount of its contacts (missing, extra or
    with another count): the nightly consistency check. Writes nothing."""
    stored = {
        tuple(key[1:]): count
        for *key, count in ContactTally.objects.filter(zone=zone)
        .exclude(count=0)
        .values_list(*ContactTally.KEY, "count")
    }
    span = Contact.objects.filter(zone=zone).aggregate(
        first=Min("started_at"), last=Max("started_at")
    )
    recount: dict = {}
    if span["first"] is not None:
        for month in _months(month_of(span["first"]), month_of(span["last"])):
            for row in _month_rows(zone.pk, month):
                key = (row.month, row.municipality_key, row.access_point_key)
                recount[(*key, row.dimension, row.value)] = row.count
    return sum(1 for key in stored.keys() | recount.keys() if stored.get(key) != recount.get(key))
