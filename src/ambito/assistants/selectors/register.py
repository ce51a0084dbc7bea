"""Reading the register: the managers' list, one worker, the access point's search, the matches,
the public charter's list and the figures. Every list goes through `visible_to` (scoping.py);
the charter's list through `LISTABLE` and the zone's publication."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from ambito.core.permissions import zone_id_for

from ..choices import Language, MatchOutcome, WorkerKind, WorkerState
from ..models import Match, RegisterPublication, Worker, WorkerLanguage
from ..scoping import FIGURES, LISTABLE


def _with_relations(rows):
    return rows.prefetch_related(
        "municipalities",
        Prefetch("languages", queryset=WorkerLanguage.objects.order_by("language")),
    )


def kinds_matching(kind: str) -> list[str]:
    """A family looking for a baby-sitter also finds those who do both."""
    if kind in (WorkerKind.CARE, WorkerKind.BABYSITTER):
        return [kind, WorkerKind.BOTH]
    return [kind] if kind else []


def workers_for(*, user, state: str = "", kind: str = "", municipality=None, name: str = ""):
    """The managers' list of the register (a search user gets only the listable ones)."""
    rows = Worker.objects.visible_to(user)
    if state:
        rows = rows.filter(state=state)
    if kind:
        rows = rows.filter(kind=kind)
    if municipality is not None:
        rows = rows.filter(municipalities=municipality)
    if name:
        rows = rows.filter(Q(last_name__icontains=name) | Q(first_name__icontains=name))
    return _with_relations(rows.order_by("last_name", "first_name", "pk"))


def worker_for(*, user, uuid):
    return _with_relations(Worker.objects.visible_to(user)).filter(uuid=uuid).first()


def search(
    *,
    user,
    municipality=None,
    language: str = "",
    kind: str = "",
    min_hours: int | None = None,
    live_in: bool = False,
    nights: bool = False,
    weekends: bool = False,
):
    """The access point's search: only enrolled workers with consent in force, whatever the
    reader's other permissions (a manager searching sees what the families will be told)."""
    rows = Worker.objects.visible_to(user).filter(LISTABLE)
    if municipality is not None:
        rows = rows.filter(municipalities=municipality)
    if language:
        rows = rows.filter(languages__language=language)
    if kind:
        rows = rows.filter(kind__in=kinds_matching(kind))
    if min_hours:
        rows = rows.filter(weekly_hours__gte=min_hours)
    if live_in:
        rows = rows.filter(live_in=True)
    if nights:
        rows = rows.filter(nights=True)
    if weekends:
        rows = rows.filter(weekends=True)
    return _with_relations(rows.distinct().order_by("last_name", "first_name", "pk"))


def matches_for(*, user, outcome: str = "", worker=None):
    rows = Match.objects.visible_to(user).select_related(
        "worker", "person", "access_point", "access_point__municipality"
    )
    if outcome:
        rows = rows.filter(outcome=outcome)
    if worker is not None:
        rows = rows.filter(worker=worker)
    return rows.order_by("-matched_on", "-pk")


def match_for(*, user, uuid):
    return matches_for(user=user).filter(uuid=uuid).first()


def publication_of(zone) -> RegisterPublication | None:
    return RegisterPublication.objects.filter(zone=zone, published=True).first()


def public_workers(zone):
    """The charter's list: the zone's listable workers, no personal data beyond what the
    template shows (first name and initial, kind, languages, municipalities, availability)."""
    return _with_relations(
        Worker.objects.filter(zone=zone).filter(LISTABLE).order_by("first_name", "last_name", "pk")
    )


@dataclass
class Figures:
    zone_id: int
    by_state: list[tuple[str, int]]
    enrolled_by_kind: list[tuple[str, int]]
    enrolled_by_municipality: list[tuple[str, int]]
    languages: list[tuple[str, int]]
    matches_by_outcome: list[tuple[str, int]]
    listable: int
    enrolled: int
    matches: int
    hours_started: int


def figures(user) -> Figures | None:
    """Counts only (never a name): workers by state; the enrolled by kind, municipality and
    language; matches by outcome and the weekly hours of the contracts started."""
    zone_id = zone_id_for(user, FIGURES)
    if zone_id is None:
        return None
    workers = Worker.objects.filter(zone_id=zone_id)
    enrolled = workers.filter(state=WorkerState.ENROLLED)
    states = dict(workers.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    kinds = dict(enrolled.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    by_municipality = (
        enrolled.values("municipalities__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("municipalities__name")
    )
    languages = dict(
        WorkerLanguage.objects.filter(worker__in=enrolled)
        .values("language")
        .annotate(n=Count("pk"))
        .values_list("language", "n")
    )
    matches = Match.objects.filter(zone_id=zone_id)
    outcomes = dict(matches.values("outcome").annotate(n=Count("pk")).values_list("outcome", "n"))
    started = matches.filter(outcome=MatchOutcome.STARTED).values_list("hours_agreed", flat=True)
    return Figures(
        zone_id=zone_id,
        by_state=[(label, states.get(value, 0)) for value, label in WorkerState.choices],
        enrolled_by_kind=[(label, kinds.get(value, 0)) for value, label in WorkerKind.choices],
        enrolled_by_municipality=[
            (row["municipalities__name"] or "Nessun comune indicato", row["n"])
            for row in by_municipality
        ],
        languages=[
            (label, languages[value]) for value, label in Language.choices if languages.get(value)
        ],
        matches_by_outcome=[
            (label, outcomes.get(value, 0)) for value, label in MatchOutcome.choices
        ],
        listable=workers.filter(LISTABLE).count(),
        enrolled=enrolled.count(),
        matches=matches.count(),
        hours_started=sum(h or 0 for h in started),
    )
