"""Commitment records through their service and selectors: one row per organisation, line
and month (saving the same month again updates it, logging the fields that changed), totals
per line, organisation and month; refused in Italian with nothing written: negative hours, a
future month, a line of another zone, a line the organisation takes no part in, another
organisation's records."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ambito.core.models import EventLog
from ambito.core.permissions import NotAllowed
from ambito.network.models import Candidature, CommitmentRecord
from ambito.network.selectors import commitments as selectors
from ambito.network.services import commitments as services
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

MARCH = dt.date(2026, 3, 1)
TRAINING_NEGATIVE = "Le ore di formazione non possono essere negative."


def accepted(organisation, line, user, state="accepted"):
    return Candidature.objects.create(
        zone_id=organisation.zone_id, line=line, organisation=organisation, state=state,
        contribution="Sportello informativo", proposed_role="Supporto", submitted_by=user,
    )  # fmt: skip


@pytest.fixture
def engaged(body_a, body_b, line_1, line_2, operator_a, operator_b):
    accepted(body_a, line_1, operator_a)
    accepted(body_a, line_2, operator_a, state="active")
    accepted(body_b, line_1, operator_b)


def save(actor, organisation, line, month=MARCH, hours="12.5", **extra):
    return services.commitment_record_save(
        actor=actor, organisation=organisation, line=line, month=month, hours=hours,
        people=extra.pop("people", 2), expenses=extra.pop("expenses", "40.00"),
        activities=extra.pop("activities", "Apertura dello sportello"),
        training_hours=extra.pop("training_hours", 3), training_note="Corso ISEE",
        results=extra.pop("results", "120 persone orientate"), **extra,
    )  # fmt: skip


def test_an_operator_records_a_month_for_their_organisation(operator_a, body_a, line_1, engaged):
    record = save(operator_a, body_a, line_1, month=dt.date(2026, 3, 17))
    assert record.month == MARCH and record.hours == Decimal("12.5")
    assert record.zone_id == body_a.zone_id and record.recorded_by == operator_a
    assert EventLog.objects.filter(object_uuid=record.uuid, action="create").exists()


def test_saving_the_same_month_again_updates_it_and_logs_what_changed(
    operator_a, body_a, line_1, engaged
):
    first = save(operator_a, body_a, line_1)
    second = save(operator_a, body_a, line_1, hours="20", results="150 persone orientate")
    assert second.pk == first.pk
    assert CommitmentRecord.objects.count() == 1
    assert CommitmentRecord.objects.get().hours == Decimal("20.0")
    update = EventLog.objects.get(object_uuid=first.uuid, action="update")
    assert update.fields == ["hours", "results"]


def test_saving_the_same_figures_again_writes_nothing(operator_a, body_a, line_1, engaged):
    save(operator_a, body_a, line_1)
    save(operator_a, body_a, line_1)
    assert EventLog.objects.filter(object_type="network.commitmentrecord").count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"hours": "-1"}, "hours", "Le ore dedicate non possono essere negative."),
        ({"expenses": "-5"}, "expenses", "Le spese sostenute non possono essere negative."),
        ({"training_hours": -2}, "training_hours", TRAINING_NEGATIVE),
        ({"hours": "tante"}, "hours", "Le ore dedicate: scrivi un numero (per esempio 12,5)."),
    ],
)  # fmt: skip
def test_bad_figures_are_refused_in_italian_and_nothing_is_written(
    operator_a, body_a, line_1, engaged, changes, field, message
):
    with pytest.raises(ValidationError) as error:
        save(operator_a, body_a, line_1, **changes)
    assert error.value.message_dict[field] == [message]
    assert not CommitmentRecord.objects.exists()
    assert not EventLog.objects.filter(object_type="network.commitmentrecord").exists()


def test_a_future_month_is_refused(operator_a, body_a, line_1, engaged):
    next_month = (timezone.localdate().replace(day=1) + dt.timedelta(days=40)).replace(day=1)
    with pytest.raises(ValidationError) as error:
        save(operator_a, body_a, line_1, month=next_month)
    assert error.value.message_dict["month"] == ["Il mese non può essere futuro."]
    assert not CommitmentRecord.objects.exists()


def test_the_current_month_is_accepted(operator_a, body_a, line_1, engaged):
    record = save(operator_a, body_a, line_1, month=timezone.localdate())
    assert record.month == timezone.localdate().replace(day=1)


def test_a_line_of_another_zone_is_refused(operator_a, body_a, line_other_zone, engaged):
    with pytest.raises(ValidationError) as error:
        save(operator_a, body_a, line_other_zone)
    assert error.value.message_dict["line"] == [
        "La linea di intervento non è del patto di questo ambito."
    ]
    assert not CommitmentRecord.objects.exists()


def test_a_line_without_an_accepted_candidature_is_refused(operator_b, body_b, line_2, engaged):
    with pytest.raises(ValidationError) as error:
        save(operator_b, body_b, line_2)
    assert "candidatura accolta o attiva" in error.value.message_dict["line"][0]
    assert not CommitmentRecord.objects.exists()


def test_a_submitted_candidature_is_not_enough(operator_a, body_a, line_1):
    accepted(body_a, line_1, operator_a, state="submitted")
    with pytest.raises(ValidationError):
        save(operator_a, body_a, line_1)


def test_an_operator_cannot_record_for_another_organisation(operator_a, body_b, line_1, engaged):
    with pytest.raises(NotAllowed) as error:
        save(operator_a, body_b, line_1)
    assert error.value.hide
    assert not CommitmentRecord.objects.exists()


def test_the_plan_office_records_for_any_organisation_and_for_an_institution(
    planner, body_b, line_1, engaged, zone_a, municipality_a
):
    assert save(planner, body_b, line_1).organisation == body_b
    comune = OrganisationFactory(
        zone=zone_a, kind="municipality", name="Comune di prova", municipality=municipality_a
    )
    record = save(planner, comune, line_1, side="institutions")
    assert record.side == "institutions"
    with pytest.raises(ValidationError) as error:
        save(planner, body_b, line_1, side="institutions", month=dt.date(2026, 4, 1))
    assert "side" in error.value.message_dict


def test_totals_per_line_organisation_and_month(
    operator_a, operator_b, body_a, body_b, line_1, line_2, planner, engaged
):
    save(operator_a, body_a, line_1, month=dt.date(2026, 2, 1), hours="10", people=2)
    save(operator_a, body_a, line_1, month=MARCH, hours="5.5", people=4)
    save(operator_a, body_a, line_2, month=MARCH, hours="8")
    save(operator_b, body_b, line_1, month=MARCH, hours="1")
    rows = selectors.records_for(user=planner)
    totals = {
        (t["line__code"], t["organisation__name"]): (t["months"], t["hours"], t["people"])
        for t in selectors.totals_by_line_and_organisation(rows)
    }
    assert totals == {
        ("L1", "Associazione Alfa (prova)"): (2, Decimal("15.5"), 4),
        ("L1", "Cooperativa Beta (prova)"): (1, Decimal("1.0"), 2),
        ("L2", "Associazione Alfa (prova)"): (1, Decimal("8.0"), 2),
    }
    months = {m["month"]: m["hours"] for m in selectors.totals_by_month(rows.filter(line=line_1))}
    assert months == {dt.date(2026, 2, 1): Decimal("10.0"), MARCH: Decimal("6.5")}
    # An operator's own records only.
    mine = selectors.records_for(user=operator_b)
    assert {r.organisation_id for r in mine} == {body_b.pk}
    assert selectors.records_for(user=planner, line=line_1, month=dt.date(2026, 3, 9)).count() == 2
