"""The deliveries' tallies (`DeliveryTally`): per scheme, provider, month of `date_from` and
state, how many deliveries, units and euros. The delivery services move a delivery's figures
from one state to the next in the same transaction (`moved`); `rebuild` recounts them from the
deliveries (after a bulk load: the demo, the benchmark) and `recount` is the oracle the tests
compare them with. The report of a zone reads the tallies, not the deliveries."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import TruncMonth

from .models import Delivery, DeliveryTally


def _key(delivery: Delivery, state: str) -> dict:
    return {
        "scheme_id": delivery.voucher.scheme_id,
        "provider_id": delivery.provider_id,
        "month": delivery.date_from.replace(day=1),
        "state": state,
    }


def _add(delivery: Delivery, state: str, sign: int) -> None:
    key = _key(delivery, state)
    change = {
        "deliveries": F("deliveries") + sign,
        "units": F("units") + sign * delivery.units,
        "amount": F("amount") + sign * delivery.amount,
    }
    if DeliveryTally.objects.filter(**key).update(**change):
        return
    try:
        with transaction.atomic():  # the first delivery of this cell
            DeliveryTally.objects.create(
                zone_id=delivery.zone_id,
                **key,
                deliveries=sign,
                units=sign * delivery.units,
                amount=sign * delivery.amount,
            )
    except IntegrityError:  # another one created it a moment ago
        DeliveryTally.objects.filter(**key).update(**change)


def moved(deliveries: Iterable[Delivery], from_state: str | None, to_state: str) -> None:
    """The deliveries went from `from_state` (None: just recorded) to `to_state`."""
    for delivery in deliveries:
        if from_state:
            _add(delivery, from_state, -1)
        _add(delivery, to_state, +1)


def recount(zone_ids) -> dict[tuple, tuple]:
    """{(scheme, provider, month, state): (deliveries, units, amount)} from the deliveries."""
    rows = (
        Delivery.objects.filter(zone_id__in=list(zone_ids))
        .annotate(month_of=TruncMonth("date_from"))
        .values("zone_id", "voucher__scheme_id", "provider_id", "month_of", "state")
        .annotate(n=Count("pk"), units_total=Sum("units"), amount_total=Sum("amount"))
    )
    return {
        (r["voucher__scheme_id"], r["provider_id"], r["month_of"], r["state"]): (
            r["zone_id"],
            r["n"],
            r["units_total"],
            r["amount_total"],
        )
        for r in rows
    }


def current(zone_ids) -> dict[tuple, tuple]:
    """The tallies as stored, in `recount`'s shape (empty cells left out)."""
    return {
        (t.scheme_id, t.provider_id, t.month, t.state): (t.zone_id, t.deliveries, t.units, t.amount)
        for t in DeliveryTally.objects.filter(zone_id__in=list(zone_ids), deliveries__gt=0)
    }


@transaction.atomic
def rebuild(zone_ids) -> int:
    zone_ids = list(zone_ids)
    DeliveryTally.objects.filter(zone_id__in=zone_ids).delete()
    rows = [
        DeliveryTally(
            zone_id=zone_id, scheme_id=scheme_id, provider_id=provider_id, month=month,
            state=state, deliveries=n, units=units, amount=amount,
        )
        for (scheme_id, provider_id, month, state), (zone_id, n, units, amount) in recount(
            zone_ids
        ).items()
    ]  # fmt: skip
    DeliveryTally.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
