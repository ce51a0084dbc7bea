"""Reads of the agreements: the zone's (or the operator's organisation's) agreements with the
state of the day, those expiring, the renewal chain of one, and the case interventions
delivered under it as counts per service and type (figures only, never a person)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.utils import timezone

from ..models import Agreement

EXPIRY_WARNING_DAYS = 60


class AgreementState:
    NOT_STARTED = "not_started"
    IN_FORCE = "in_force"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    TERMINATED = "terminated"

    choices = [
        (IN_FORCE, "In vigore"),
        (EXPIRING, "In scadenza"),
        (NOT_STARTED, "Non ancora in vigore"),
        (EXPIRED, "Scaduta"),
        (TERMINATED, "Cessata"),
    ]
    labels = dict(choices)
    # The filter of the pages and the API: Italian words in the address.
    by_slug = {
        "in-vigore": IN_FORCE,
        "in-scadenza": EXPIRING,
        "da-avviare": NOT_STARTED,
        "scadute": EXPIRED,
        "cessate": TERMINATED,
    }


def with_state(rows: QuerySet, today: dt.date | None = None) -> QuerySet:
    """Annotate `state` as of `today`: terminated (on or before today), expired, not yet
    started, expiring (ends within 60 days, not renewed nor terminated), in force."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    return rows.annotate(
        state=Case(
            When(terminated_on__lte=today, then=Value(AgreementState.TERMINATED)),
            When(ends_on__lt=today, then=Value(AgreementState.EXPIRED)),
            When(starts_on__gt=today, then=Value(AgreementState.NOT_STARTED)),
            When(
                Q(terminated_on__isnull=True, renewed_by__isnull=True, ends_on__lte=horizon),
                then=Value(AgreementState.EXPIRING),
            ),
            default=Value(AgreementState.IN_FORCE),
            output_field=CharField(),
        )
    )


def agreements_for(
    *, user, state: str = "", organisation=None, line=None, today: dt.date | None = None
) -> QuerySet:
    """The agreements the user may see (an operator: their organisation's), with `state`."""
    rows = with_state(
        Agreement.objects.visible_to(user).select_related("organisation", "line", "renews"),
        today,
    )
    if state:
        rows = rows.filter(state=state)
    if organisation is not None:
        rows = rows.filter(organisation=organisation)
    if line is not None:
        rows = rows.filter(line=line)
    return rows.order_by("ends_on", "number")


def agreement_for(*, user, uuid) -> Agreement | None:
    return agreements_for(user=user).filter(uuid=uuid).first()


def expiring_rows(today: dt.date, within_days: int = EXPIRY_WARNING_DAYS) -> QuerySet:
    """Agreements of every zone ending between today and `within_days` from now, neither
    renewed nor terminated (the reminders' warnings)."""
    return Agreement.objects.filter(
        terminated_on__isnull=True,
        renewed_by__isnull=True,
        ends_on__gte=today,
        ends_on__lte=today + dt.timedelta(days=within_days),
    )


def agreements_expiring(*, user, within_days: int = EXPIRY_WARNING_DAYS) -> QuerySet:
    today = timezone.localdate()
    return (
        with_state(Agreement.objects.visible_to(user), today)
        .filter(pk__in=expiring_rows(today, within_days).values("pk"))
        .select_related("organisation", "line")
        .order_by("ends_on", "number")
    )


def renewal_chain(agreement: Agreement) -> list[Agreement]:
    """The agreement's chain from the first to the latest renewal (the agreement included)."""
    chain = [agreement]
    seen = {agreement.pk}
    current = agreement
    while current.renews_id and current.renews_id not in seen:
        current = Agreement.objects.select_related("organisation").get(pk=current.renews_id)
        seen.add(current.pk)
        chain.insert(0, current)
    current = agreement
    while True:
        following = Agreement.objects.filter(renews=current).first()
        if following is None or following.pk in seen:
            break
        seen.add(following.pk)
        chain.append(following)
        current = following
    return chain


@dataclass(frozen=True)
class DeliveredRow:
    service: str
    intervention_type: str
    interventions: int
    active: int


def delivered_interventions(agreement: Agreement) -> list[DeliveredRow]:
    """The case interventions the agreement's organisation delivered under it: provider the
    organisation, service among the agreement's services (or type among its types), period
    overlapping the agreement's (to its termination). Counts per service and type only."""
    from ambito.cases.models import Intervention, InterventionStatus

    service_ids = list(agreement.services.values_list("pk", flat=True))
    type_ids = list(agreement.intervention_types.values_list("pk", flat=True))
    if not (service_ids or type_ids):
        return []
    last_day = min(filter(None, [agreement.ends_on, agreement.terminated_on]))
    rows = (
        Intervention.objects.filter(
            case__zone_id=agreement.zone_id,
            provider_id=agreement.organisation_id,
            start_on__lte=last_day,
        )
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=agreement.starts_on))
        .filter(Q(service_id__in=service_ids) | Q(intervention_type_id__in=type_ids))
        .exclude(status=InterventionStatus.CANCELLED)
        .values("service__name", "intervention_type__code", "intervention_type__name")
        .annotate(
            n=Count("pk"),
            active=Count("pk", filter=Q(status=InterventionStatus.ACTIVE)),
        )
        .order_by("service__name", "intervention_type__code")
    )
    return [
        DeliveredRow(
            service=row["service__name"] or "—",
            intervention_type=f"{row['intervention_type__code']} {row['intervention_type__name']}",
            interventions=row["n"],
            active=row["active"],
        )
        for row in rows
    ]
