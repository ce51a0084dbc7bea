"""Reads of the RSA waiting lists, scoped as the models declare; what fields a reader gets (a
managing body: no names but of the applicants offered or admitted at its structures) is here."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from ambito.core.audit import log_access, log_persons_shown
from ambito.core.permissions import allowed

from ..choices import RANKED, OfferReply
from ..models import Admission, Application, Event, Offer, RankingRow, Structure
from ..scoping import ZONE_RSA
from ..services import ranking


def sees_zone(user) -> bool:
    return allowed(user, ZONE_RSA)


def structures_for(user):
    """The visible structures with beds, occupied (present guests) and waiting (ranked)."""
    return (
        Structure.objects.visible_to(user)
        .select_related("municipality", "body")
        .annotate(
            occupied=Count(
                "admissions", filter=Q(admissions__ended_on__isnull=True), distinct=True
            ),
            waiting=Count("ranking", distinct=True),
        )
        .order_by("name")
    )


def structure_for(user, uuid):
    return structures_for(user).filter(uuid=uuid).first()


def may_read_ranking(user, structure) -> bool:
    return RankingRow.objects.visible_to(user).filter(structure=structure).exists() or (
        sees_zone(user)
        or (allowed(user, "rsa.view_rankingrow") and user.organisation_id == structure.body_id)
    )


def _named_ids(user, structure, application_ids) -> set[int]:
    """The applications whose name this reader may see in the ranking: all for the plan office;
    for a managing body only those offered (reply not a refusal) or admitted at this structure."""
    if sees_zone(user):
        return set(application_ids)
    offered = Offer.objects.filter(structure=structure, application_id__in=application_ids).exclude(
        reply=OfferReply.REFUSED
    )
    admitted = Admission.objects.filter(structure=structure, application_id__in=application_ids)
    return set(offered.values_list("application_id", flat=True)) | set(
        admitted.values_list("application_id", flat=True)
    )


def ranking_for(user, structure, *, day: dt.date | None = None, start=1, stop=None):
    """The ranking (current or as of `day`) with the reason of each position; each entry's
    `extra` holds the uuid and, when the reader may see it, the applicant's name."""
    if day is None:
        entries = ranking.current(structure, start=start, stop=stop)
    else:
        entries = ranking.as_of(structure, day)
        entries = [
            e for e in entries if e.position >= start and (stop is None or e.position <= stop)
        ]
    ids = [e.application_id for e in entries]
    named = _named_ids(user, structure, ids)
    apps = {a.pk: a for a in Application.objects.filter(pk__in=ids).select_related("person")}
    shown = []
    for entry in entries:
        app = apps[entry.application_id]
        entry.extra = {"uuid": app.uuid, "name": app.person.full_name if app.pk in named else ""}
        if app.pk in named:
            shown.append(app)
    log_persons_shown(user=user, rows=shown, person_field="person", object_type="rsa.rankingrow")
    return entries


def ranking_size(structure) -> int:
    return RankingRow.objects.filter(structure=structure).count()


def structure_history(structure, *, limit=200):
    """The events that touched the structure's list (offers, admissions) and the applications
    that name it, newest first."""
    pref_apps = structure.preferences.values("application_id")
    return list(
        Event.objects.filter(Q(structure=structure) | Q(application_id__in=pref_apps))
        .select_related("application", "structure")
        .order_by("-on", "-pk")[:limit]
    )


def applications_for(user, *, status: str = "", structure=None):
    rows = Application.objects.visible_to(user).select_related("person", "municipality", "case")
    if status:
        rows = rows.filter(status=status)
    if structure is not None:
        rows = rows.filter(preferences__structure=structure)
    return rows.order_by("-submitted_on", "-number")


def application_for(user, uuid):
    application = (
        Application.objects.visible_to(user)
        .select_related("person", "municipality", "case", "sheet")
        .filter(uuid=uuid)
        .first()
    )
    if application is not None:
        log_access(user=user, obj=application)
    return application


def application_detail(application) -> dict:
    return {
        "preferences": list(application.preferences.select_related("structure").order_by("rank")),
        "offers": list(
            application.offers.select_related("structure").order_by("-offered_on", "-pk")
        ),
        "admission": Admission.objects.filter(application=application)
        .select_related("structure")
        .first(),
        "events": list(application.events.select_related("structure").order_by("on", "pk")),
        "positions": ranking.positions_of(application),
        "open_offer": application.offers.filter(reply=OfferReply.PENDING).first(),
        "ranked": application.status in RANKED,
    }


def offers_for_body(user):
    return Offer.objects.visible_to(user).select_related("structure", "application__person")


def report(user):
    """Waiting list length and waiting time by structure; admissions by structure."""
    from django.utils import timezone

    today = timezone.localdate()
    rows = []
    for s in structures_for(user):
        waiting = list(
            RankingRow.objects.filter(structure=s).values_list("submitted_on", flat=True)
        )
        days = sorted((today - d).days for d in waiting)
        admissions = Admission.objects.filter(structure=s)
        waits = [
            (a.admitted_on - a.application.submitted_on).days
            for a in admissions.select_related("application")
        ]
        rows.append(
            {
                "structure": s,
                "beds": s.beds,
                "occupied": s.occupied,
                "waiting": len(days),
                "median_wait_days": days[len(days) // 2] if days else None,
                "longest_wait_days": days[-1] if days else None,
                "admissions": len(waits),
                "median_days_to_admission": sorted(waits)[len(waits) // 2] if waits else None,
                "municipal_share": sum((a.municipal_share for a in admissions), 0),
            }
        )
    return rows
