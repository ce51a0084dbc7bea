"""Card B, interventions and the LEP checks, on hand-made households with known answers."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ambito.cases import lep, services
from ambito.catalog.models import InterventionType
from tests.factories import HouseholdMemberFactory, PersonFactory

pytestmark = pytest.mark.django_db


def to_card_a(case, worker, outcome):
    case = services.case_transition(actor=worker, case=case, name="start_pre_assessment")
    services.pre_assessment_record(
        actor=worker,
        case=case,
        data={
            "held_on": timezone.localdate(),
            "cpi_consultant": "CPI",
            "household_situation": "x",
            "needs": "y",
            "outcome": outcome,
        },
    )
    way = {"complex": "to_eemm", "social_only": "to_social_project"}[outcome]
    return services.case_transition(actor=worker, case=case, name=way)


def card_b(case, worker):
    return services.in_depth_record(
        actor=worker,
        case=case,
        data={
            "done_on": timezone.localdate(),
            "objectives": "Lavoro per la madre",
            "actions": "Tirocinio",
            "needs_work": "Disoccupata da due anni",
            "resources_family": "Nonna presente",
        },
    )


def intervention(case, worker, code, status="active", **extra):
    return services.intervention_add(
        actor=worker,
        case=case,
        data={
            "intervention_type": InterventionType.objects.get(code=code),
            "start_on": timezone.localdate(),
            "status": status,
            **extra,
        },
    )


def test_card_b_without_interventions_is_flagged_until_one_is_activated(
    assigned_case, social_worker_a, coordinator
):
    case = to_card_a(assigned_case, social_worker_a, "social_only")
    assert lep.flags_for(case) == []
    analysis = card_b(case, social_worker_a)
    assert {i.dimension for i in analysis.items.all()} == {"work", "family"}
    assert lep.flags_for(case) == [lep.NO_INTERVENTION]
    assert [c.number for c in lep.lep_list(user=coordinator)] == [case.number]
    planned = intervention(case, social_worker_a, "B.2.b", status="planned")
    assert lep.flags_for(case) == [lep.NO_INTERVENTION]  # planned is not activated
    services.intervention_set_status(actor=social_worker_a, intervention=planned, status="active")
    assert lep.flags_for(case) == []
    assert lep.lep_list(user=coordinator) == []


def test_complex_needs_with_a_baby_need_parenting_support(
    assigned_case, social_worker_a, household_a, municipality_a
):
    baby = PersonFactory(
        residence_municipality=municipality_a, birth_date=timezone.localdate() - timedelta(days=200)
    )
    HouseholdMemberFactory(household=household_a, person=baby, relationship="child")
    case = to_card_a(assigned_case, social_worker_a, "complex")
    assert lep.flags_for(case) == [lep.NO_PARENTING]
    intervention(case, social_worker_a, "A.1.c.2")  # another intervention does not count
    assert lep.flags_for(case) == [lep.NO_PARENTING]
    intervention(case, social_worker_a, "A.1.c.3")
    assert lep.flags_for(case) == []


def test_a_child_past_the_first_1000_days_does_not_trigger_the_check(
    assigned_case, social_worker_a, household_a, municipality_a
):
    older = PersonFactory(
        residence_municipality=municipality_a, birth_date=timezone.localdate() - timedelta(days=800)
    )
    HouseholdMemberFactory(household=household_a, person=older, relationship="child")
    case = to_card_a(assigned_case, social_worker_a, "complex")
    assert lep.flags_for(case) == []
    # On a date when the child was younger, the check applies.
    assert lep.flags_for(case, on=timezone.localdate() - timedelta(days=200)) == [lep.NO_PARENTING]


def test_an_intervention_on_a_closed_case_is_refused(assigned_case, social_worker_a):
    case = services.case_close(actor=social_worker_a, case=assigned_case, reason="moved")
    with pytest.raises(ValidationError, match="chiusa"):
        intervention(case, social_worker_a, "B.2.b")
    assert not case.interventions.exists()


def test_bad_intervention_input_is_refused_in_italian(assigned_case, social_worker_a):
    with pytest.raises(ValidationError) as exc:
        intervention(
            assigned_case,
            social_worker_a,
            "B.2.b",
            end_on=date(2000, 1, 1),
            cost=Decimal("-5"),
            quantity=Decimal("3"),
        )
    errors = exc.value.message_dict
    assert errors["end_on"] == ["La fine non può precedere l'inizio."]
    assert errors["cost"] == ["Il costo non può essere negativo."]
    assert errors["unit"] == ["Indica l'unità della quantità."]
    assert not assigned_case.interventions.exists()


def test_card_b_only_after_the_pre_assessment(assigned_case, social_worker_a):
    with pytest.raises(ValidationError, match="dopo l'analisi preliminare"):
        card_b(assigned_case, social_worker_a)
