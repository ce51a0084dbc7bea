"""Which families of the register may take a placement: registered, not suspended on the
start date, available for the kind, every child's age inside their range, siblings accepted
when more than one, capacity not full on that date. `refusals` says why one family may not,
in Italian, field by field (the placement service calls it under the family's row lock)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from ..choices import FamilyStatus, FosterKind
from ..models import FosterFamily, Placement


def _open_on(on: date) -> Q:
    return Q(starts_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))


def _suspended_on(on: date) -> Q:
    return Q(suspensions__starts_on__lte=on) & (
        Q(suspensions__ends_on__isnull=True) | Q(suspensions__ends_on__gte=on)
    )


def children_hosted(family_ids, on: date, exclude_placement=None) -> dict[int, int]:
    """How many minors each family hosts on that date (its open placements' children)."""
    rows = Placement.objects.filter(_open_on(on), family_id__in=family_ids)
    if exclude_placement is not None:
        rows = rows.exclude(pk=exclude_placement.pk)
    counts: dict[int, int] = {}
    for family_id, n in rows.annotate(n=Count("children")).values_list("family_id", "n"):
        counts[family_id] = counts.get(family_id, 0) + n
    return counts


def _load_subquery(on: date):
    hosted = (
        Placement.objects.filter(_open_on(on), family=OuterRef("pk"))
        .values("family")
        .annotate(n=Count("children"))
        .values("n")
    )
    return Coalesce(Subquery(hosted, output_field=IntegerField()), Value(0))


def matching_families(*, zone_id: int, kind: str, on: date, ages: list[int]):
    """The families of the zone that may take `len(ages)` minors of these ages for `kind` from
    `on`, with `hosted` (minors already hosted that day) annotated."""
    count = len(ages)
    rows = (
        FosterFamily.objects.filter(
            zone_id=zone_id, status=FamilyStatus.REGISTERED, availability__kind=kind
        )
        .exclude(pk__in=FosterFamily.objects.filter(_suspended_on(on)).values("pk"))
        .annotate(hosted=_load_subquery(on))
    )
    if ages:
        rows = rows.filter(age_min__lte=min(ages), age_max__gte=max(ages))
    if count > 1:
        rows = rows.filter(siblings_accepted=True)
    # capacity >= hosted + count, written for every database.
    from django.db.models import F

    rows = rows.filter(capacity__gte=F("hosted") + count)
    return rows.select_related("municipality").order_by("reference_adults", "pk")


def refusals(family: FosterFamily, *, kind: str, on: date, ages: list[int]) -> dict[str, str]:
    """Why this family may not take the placement ({} when it may)."""
    errors: dict[str, str] = {}
    if family.status != FamilyStatus.REGISTERED:
        errors["family"] = (
            f"La famiglia non è iscritta all'albo (stato: {family.get_status_display().lower()})."
        )
        return errors
    suspension = family.suspensions.filter(
        Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))
    ).first()
    if suspension is not None:
        until = f" al {suspension.ends_on:%d/%m/%Y}" if suspension.ends_on else ""
        errors["family"] = (
            f"La famiglia è sospesa dall'albo dal {suspension.starts_on:%d/%m/%Y}{until}: "
            "non può accogliere un affido in questo periodo."
        )
        return errors
    if kind in FosterKind.values and not family.availability.filter(kind=kind).exists():
        errors["kind"] = (
            f"La famiglia non ha dato disponibilità per l'affido «{FosterKind(kind).label}»."
        )
    outside = [a for a in ages if a < family.age_min or a > family.age_max]
    if outside:
        errors["children"] = (
            f"La famiglia accoglie minori da {family.age_min} a {family.age_max} anni: "
            f"età fuori fascia ({', '.join(str(a) for a in sorted(outside))} anni)."
        )
    if len(ages) > 1 and not family.siblings_accepted:
        siblings = "La famiglia non ha dato disponibilità ad accogliere fratelli."
        errors["children"] = f"{errors['children']} {siblings}" if outside else siblings
    hosted = children_hosted([family.pk], on).get(family.pk, 0)
    if hosted + len(ages) > family.capacity:
        errors["family"] = (
            f"La famiglia accoglie al più {family.capacity} "
            f"{'minore' if family.capacity == 1 else 'minori'} e ne ospita già {hosted} "
            f"al {on:%d/%m/%Y}."
        )
    return errors
