"""The ranking of a structure: class, score, date, number — always the same order, with the
reason of each position; offers and refusals move applications; the ranking as of a date."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ambito.rsa.models import Admission, Application, RankingRow
from ambito.rsa.services import applications as rsa
from ambito.rsa.services import ranking

D = dt.date
pytestmark = pytest.mark.django_db


def order(structure):
    return [e.number for e in ranking.current(structure)]


def test_the_score_is_the_sheet_applied_to_the_evaluation(apply):
    application = apply(60, lives_alone=True, isee=8000)
    # 60 × 0.5 + 10 (vive solo) + 8 (caregiver assente) + 10 (ISEE fino a 10.000)
    assert application.score == Decimal("58.00")
    assert application.priority_class == 3


def test_higher_class_first_then_score_then_date_then_number(apply, rsa_one):
    low = apply(40, submitted=D(2025, 1, 10))
    high = apply(90, submitted=D(2025, 2, 1))
    discharge = apply(10, submitted=D(2025, 3, 1), hospital_discharge=True)
    tie_late = apply(70, submitted=D(2025, 2, 20))
    tie_early = apply(70, submitted=D(2025, 2, 10))
    assert order(rsa_one) == [
        discharge.number,
        high.number,
        tie_early.number,
        tie_late.number,
        low.number,
    ]


def test_the_same_inputs_give_the_same_order_every_time(apply, rsa_one):
    for _ in range(3):
        apply(50, submitted=D(2025, 2, 1))
    first = order(rsa_one)
    ranking.recompute([rsa_one.pk])
    assert order(rsa_one) == first == sorted(first)  # same day, same score: by number


def test_each_position_says_why_in_italian(apply, rsa_one):
    apply(10, hospital_discharge=True)
    early = apply(70, submitted=D(2025, 2, 10))
    late = apply(70, submitted=D(2025, 2, 20))
    entries = ranking.current(rsa_one)
    assert entries[0].reason.startswith("1ª: classe dimissione protetta")
    assert entries[1].number == early.number
    assert "a parità di punteggio domanda presentata prima della 3ª" in entries[1].reason
    assert entries[2].reason.startswith("3ª: classe ordinaria")
    assert "dopo la sua (10/02/2025)" in entries[2].reason
    assert late.number == entries[2].number


def test_urgent_social_class_needs_the_sheets_rule(apply, planner, rsa_one):
    urgent = apply(10, urgent_social=True)
    assert urgent.priority_class == 2
    assert order(rsa_one)[0] == urgent.number


def test_a_justified_refusal_changes_nothing(apply, planner, rsa_one):
    application = apply(60)
    offer = rsa.offer_make(
        actor=planner, application=application, structure=rsa_one, offered_on=D(2025, 4, 1)
    )
    rsa.offer_reply(
        actor=planner,
        offer=offer,
        reply="refused",
        replied_on=D(2025, 4, 2),
        justified=True,
        reason="Ricovero ospedaliero in corso",
    )
    application.refresh_from_db()
    assert (application.status, application.score) == ("active", Decimal("38.00"))
    offer.refresh_from_db()
    assert offer.effect == "Rifiuto giustificato: nessun effetto sulla posizione."


def test_an_unjustified_refusal_costs_points_and_the_second_removes(apply, planner, rsa_one):
    first = apply(60)
    second = apply(55)
    offer = rsa.offer_make(
        actor=planner, application=first, structure=rsa_one, offered_on=D(2025, 4, 1)
    )
    rsa.offer_reply(actor=planner, offer=offer, reply="refused", replied_on=D(2025, 4, 2))
    first.refresh_from_db()
    assert first.score == Decimal("33.00")  # 38 − 5
    assert order(rsa_one) == [second.number, first.number]
    offer = rsa.offer_make(
        actor=planner, application=first, structure=rsa_one, offered_on=D(2025, 5, 1)
    )
    rsa.offer_reply(actor=planner, offer=offer, reply="refused", replied_on=D(2025, 5, 2))
    first.refresh_from_db()
    assert first.status == "removed"
    assert order(rsa_one) == [second.number]


def test_end_of_class_rule_puts_a_refusal_after_its_class(apply, planner, rsa_one, sheet):
    sheet.refusal_effect, sheet.max_refusals = "end_of_class", 3
    sheet.save()
    best = apply(90)
    other = apply(20)
    offer = rsa.offer_make(
        actor=planner, application=best, structure=rsa_one, offered_on=D(2025, 4, 1)
    )
    rsa.offer_reply(actor=planner, offer=offer, reply="refused", replied_on=D(2025, 4, 2))
    entries = ranking.current(rsa_one)
    assert [e.number for e in entries] == [other.number, best.number]
    assert "in coda alla classe per rifiuto non giustificato" in entries[1].reason


def test_the_ranking_as_of_a_date_is_the_one_of_that_day(apply, planner, rsa_one):
    a = apply(60, submitted=D(2025, 3, 1))
    b = apply(50, submitted=D(2025, 3, 5))
    rsa.application_close(actor=planner, application=a, kind="withdrawn", on=D(2025, 6, 1))
    assert [e.number for e in ranking.as_of(rsa_one, D(2025, 3, 2))] == [a.number]
    assert [e.number for e in ranking.as_of(rsa_one, D(2025, 5, 31))] == [a.number, b.number]
    assert [e.number for e in ranking.as_of(rsa_one, D(2025, 6, 1))] == [b.number]
    assert order(rsa_one) == [b.number]


def test_admission_computes_the_municipal_share(apply, planner, rsa_one, fee_rule):
    application = apply(60, isee=15000)
    admission = rsa.admission_record(
        actor=planner,
        application=application,
        structure=rsa_one,
        admitted_on=D(2025, 5, 1),
        monthly_fee="2000.00",
    )
    assert admission.municipal_percent == Decimal("40")
    assert admission.municipal_share == Decimal("800.00")
    application.refresh_from_db()
    assert application.status == "admitted"
    assert not RankingRow.objects.filter(application=application).exists()


def test_admission_to_a_full_structure_is_refused_and_nothing_changes(apply, planner, rsa_one):
    for health in (80, 70):
        rsa.admission_record(
            actor=planner,
            application=apply(health),
            structure=rsa_one,
            admitted_on=D(2025, 5, 1),
            monthly_fee=1900,
        )
    third = apply(60)
    before = (Admission.objects.count(), list(RankingRow.objects.values_list("pk", "position")))
    with pytest.raises(ValidationError) as refused:
        rsa.admission_record(
            actor=planner,
            application=third,
            structure=rsa_one,
            admitted_on=D(2025, 5, 2),
            monthly_fee=1900,
        )
    assert "è al completo" in refused.value.message_dict["structure"][0]
    assert Admission.objects.count() == before[0]
    assert Application.objects.get(pk=third.pk).status == "active"


def test_bad_evaluation_is_refused_with_every_error(planner, apply, rsa_one):
    with pytest.raises(ValidationError) as refused:
        apply(140, isee=-1, structures=[rsa_one, rsa_one])
    errors = refused.value.message_dict
    assert set(errors) >= {"health_score", "isee", "structures"}
    assert Application.objects.count() == 0
