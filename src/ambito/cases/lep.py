"""The LEP checks of the pathway (DOMAIN §4):

1. every household with an in-depth analysis (card B) must have at least one intervention
   activated (active or completed);
2. a parenting-support intervention must be activated whenever there is a complex need
   (card A: bisogni complessi) and a child in the first 1,000 days of life in the household.

Computed in the database with EXISTS subqueries, so the coordinators' list costs the same few
queries whatever the number of cases; `flags_for(case)` gives the same answers for one case."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ambito.registry.selectors import members_in_first_1000_days

from .models import Case, InDepthAnalysis, Intervention, InterventionStatus, PreAssessment
from .workflow import CaseStatus, PreAssessmentOutcome

# Seed 002: A.1.c.3 "Sostegno alla genitorialità e servizio di mediazione familiare".
PARENTING_SUPPORT_CODES = ("A.1.c.3",)
ACTIVATED = (InterventionStatus.ACTIVE, InterventionStatus.COMPLETED)

NO_INTERVENTION = "Analisi approfondita senza alcun intervento attivato"
NO_PARENTING = (
    "Bisogni complessi con un bambino nei primi 1.000 giorni e nessun sostegno alla "
    "genitorialità attivato"
)


def with_lep_flags(cases, on: dt.date | None = None):
    """The cases annotated with `lep_no_intervention` and `lep_no_parenting` (booleans)."""
    on = on or timezone.localdate()
    activated = Intervention.objects.filter(case=OuterRef("pk"), status__in=ACTIVATED)
    baby = members_in_first_1000_days(OuterRef("household"), on)
    return cases.annotate(
        lep_no_intervention=Exists(InDepthAnalysis.objects.filter(case=OuterRef("pk")))
        & ~Exists(activated),
        lep_no_parenting=Exists(
            PreAssessment.objects.filter(case=OuterRef("pk"), outcome=PreAssessmentOutcome.COMPLEX)
        )
        & Exists(baby)
        & ~Exists(activated.filter(intervention_type__code__in=PARENTING_SUPPORT_CODES)),
    )


def flags_for(case: Case, on: dt.date | None = None) -> list[str]:
    row = with_lep_flags(Case.objects.filter(pk=case.pk), on).values(
        "lep_no_intervention", "lep_no_parenting"
    )[0]
    return [
        text
        for key, text in (
            ("lep_no_intervention", NO_INTERVENTION),
            ("lep_no_parenting", NO_PARENTING),
        )
        if row[key]
    ]


def lep_list(*, user, on: dt.date | None = None) -> list[Case]:
    """The open cases the user sees that fail a LEP check, with the flags as attributes."""
    cases = with_lep_flags(Case.objects.visible_to(user).exclude(status=CaseStatus.CLOSED), on)
    return list(
        cases.filter(Q(lep_no_intervention=True) | Q(lep_no_parenting=True))
        .select_related("person", "municipality", "case_manager")
        .order_by("opened_at", "pk")
    )
