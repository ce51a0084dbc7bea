"""Deliveries on a voucher: recorded by the provider's operator within the voucher's value,
units, validity and the provider's accreditation (refused with the Italian reason, nothing
written); validated or rejected by the plan office (a rejection gives the amount back)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from freezegun import freeze_time

from ambito.core.models import EventLog
from ambito.core.permissions import NotAllowed
from ambito.planning import ledger
from ambito.planning.choices import LedgerOrigin
from ambito.providers.models import Delivery, Voucher
from ambito.providers.selectors.deliveries import deliveries_for, delivery_totals, to_validate
from ambito.providers.services import deliveries as services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("accreditation_1")]

TODAY = "2026-05-15"


def make_voucher(scheme, case, provider, issued_by, *, number=1, value="400", units="20", **extra):
    now = timezone.now()
    fields = {
        "zone": scheme.zone,
        "scheme": scheme,
        "number": number,
        "person": case.person,
        "case": case,
        "state": "active",
        "requested_at": now,
        "requested_value": Decimal(value),
        "value": Decimal(value),
        "units": Decimal(units) if units else None,
        "decision_act": f"Det. {number}",
        "decision_date": dt.date(2026, 1, 10),
        "valid_from": dt.date(2026, 1, 1),
        "valid_until": dt.date(2027, 6, 30),
        "provider": provider,
        "chosen_at": now if provider else None,
        "issued_by": issued_by,
        **extra,
    }
    voucher = Voucher.objects.create(**fields)
    scheme.committed += voucher.value
    scheme.save(update_fields=["committed"])
    ledger.refresh(LedgerOrigin.VOUCHER, [voucher.pk])
    return voucher


@pytest.fixture
def voucher(home_care_scheme, voucher_case, provider_1, social_worker_a):
    return make_voucher(home_care_scheme, voucher_case, provider_1, social_worker_a)


def record(actor, voucher, *, date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 3, 31), units):
    return services.delivery_record(
        actor=actor, voucher=voucher, date_from=date_from, date_to=date_to, units=units
    )


def refused(call) -> dict:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


def assert_unchanged(voucher, spent="0.00", deliveries=0):
    voucher.refresh_from_db()
    assert voucher.spent == Decimal(spent)
    assert Delivery.objects.filter(voucher=voucher).count() == deliveries


@freeze_time(TODAY)
def test_the_operator_records_hours_within_the_value_at_the_tariff(operator_1, voucher):
    delivery = record(operator_1, voucher, units="5.5")
    assert delivery.state == "recorded"
    assert delivery.amount == Decimal("110.00")
    assert delivery.provider_id == voucher.provider_id
    voucher.refresh_from_db()
    assert voucher.spent == Decimal("110.00")
    assert voucher.remaining == Decimal("290.00")
    event = EventLog.objects.get(object_uuid=delivery.uuid)
    assert event.fields == ["*"] and event.person_id == voucher.person_id
    totals = delivery_totals(voucher)
    assert totals.recorded_units == Decimal("5.5") and totals.recorded_amount == Decimal("110")


@freeze_time(TODAY)
def test_beyond_the_value_is_refused_with_what_remains_and_nothing_changes(operator_1, voucher):
    record(operator_1, voucher, units="15")
    errors = refused(lambda: record(operator_1, voucher, date_from=dt.date(2026, 4, 1),
                                    date_to=dt.date(2026, 4, 30), units="6"))  # fmt: skip
    assert errors["units"][0].startswith(
        "L'importo (€ 120,00) supera quanto resta del titolo: € 100,00, cioè 5 ore a € 20,00."
    )
    assert "Le ore superano quelle autorizzate: ne restano 5 su 20." in errors["units"][0]
    assert_unchanged(voucher, spent="300.00", deliveries=1)


@freeze_time(TODAY)
def test_units_beyond_the_authorised_ones_are_refused_even_within_the_value(
    operator_1, home_care_scheme, voucher_case, provider_1, social_worker_a
):
    # A voucher of € 400 but only 10 hours authorised: the 11th hour is refused.
    voucher = make_voucher(home_care_scheme, voucher_case, provider_1, social_worker_a, units="10")
    record(operator_1, voucher, units="8")
    errors = refused(lambda: record(operator_1, voucher, units="3"))
    assert errors["units"] == ["Le ore superano quelle autorizzate: ne restano 2 su 10."]
    assert_unchanged(voucher, spent="160.00", deliveries=1)


@freeze_time(TODAY)
def test_dates_outside_the_validity_or_in_the_future_or_reversed_are_refused(operator_1, voucher):
    errors = refused(
        lambda: record(operator_1, voucher, date_from=dt.date(2025, 12, 20),
                       date_to=dt.date(2026, 5, 20), units="2")
    )  # fmt: skip
    assert errors["date_from"] == [
        "Il titolo è valido dal 01/01/2026 al 30/06/2027: il 20/12/2025 è fuori dalla validità."
    ]
    assert errors["date_to"] == ["Non si registrano prestazioni future."]
    errors = refused(
        lambda: record(operator_1, voucher, date_from=dt.date(2026, 3, 10),
                       date_to=dt.date(2026, 3, 1), units="0")
    )  # fmt: skip
    assert errors["date_to"] == ["La data di fine non può precedere quella di inizio."]
    assert errors["units"] == ["Indica le unità erogate (un valore maggiore di zero)."]
    assert_unchanged(voucher)


@freeze_time(TODAY)
def test_a_suspended_accreditation_is_refused(operator_1, voucher, accreditation_1):
    accreditation_1.state = "suspended"
    accreditation_1.save(update_fields=["state"])
    errors = refused(lambda: record(operator_1, voucher, units="2"))
    assert "sospeso" in errors["provider"][0]
    assert_unchanged(voucher)


@freeze_time(TODAY)
def test_an_accreditation_that_ended_before_the_dates_is_refused(operator_1, voucher,
                                                                 accreditation_1):  # fmt: skip
    accreditation_1.valid_until = dt.date(2026, 3, 15)
    accreditation_1.save(update_fields=["valid_until"])
    errors = refused(lambda: record(operator_1, voucher, units="2"))
    assert errors["provider"] == [
        "L'erogatore non è accreditato per questo servizio il 31/03/2026."
    ]
    assert_unchanged(voucher)


@freeze_time(TODAY)
@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("waiting", "Il titolo è in lista d'attesa"),
        ("revoked", "Il titolo è revocato"),
        ("closed", "Il titolo è concluso"),
    ],
)
def test_a_voucher_not_in_use_takes_no_delivery(operator_1, voucher, state, message):
    Voucher.objects.filter(pk=voucher.pk).update(state=state)
    errors = refused(lambda: record(operator_1, voucher, units="2"))
    assert errors["__all__"][0].startswith(message)
    assert_unchanged(voucher)


@freeze_time(TODAY)
def test_another_providers_operator_cannot_record_and_does_not_learn_the_voucher_exists(
    operator_2, social_worker_other_zone, voucher
):
    for outsider in (operator_2, social_worker_other_zone):
        with pytest.raises(NotAllowed) as error:
            record(outsider, voucher, units="2")
        assert error.value.hide
    assert_unchanged(voucher)


@freeze_time(TODAY)
def test_the_plan_office_validates_together_and_rejects_giving_the_amount_back(
    operator_1, planner, voucher
):
    first = record(operator_1, voucher, units="4")
    second = record(operator_1, voucher, date_from=dt.date(2026, 4, 1),
                    date_to=dt.date(2026, 4, 30), units="6")  # fmt: skip
    third = record(operator_1, voucher, date_from=dt.date(2026, 5, 1),
                   date_to=dt.date(2026, 5, 10), units="2")  # fmt: skip
    assert set(to_validate(planner)) == {first, second, third}
    assert list(to_validate(operator_1)) == []
    with pytest.raises(NotAllowed):
        services.delivery_validate(actor=operator_1, deliveries=[first])
    services.delivery_validate(actor=planner, deliveries=[first, second])
    first.refresh_from_db()
    assert first.state == "validated" and first.validated_by == planner
    errors = refused(lambda: services.delivery_validate(actor=planner, deliveries=[first, third]))
    assert errors["deliveries"] == [
        "La prestazione dal 01/03/2026 del titolo n. 1 è già validata: si validano solo quelle "
        "registrate."
    ]
    third.refresh_from_db()
    assert third.state == "recorded"
    assert refused(lambda: services.delivery_reject(actor=planner, delivery=third, reason=" "))[
        "reason"
    ] == ["Indica il motivo del rifiuto."]
    services.delivery_reject(actor=planner, delivery=third, reason="Ore non documentate")
    third.refresh_from_db()
    assert third.state == "rejected" and third.rejection_reason == "Ore non documentate"
    voucher.refresh_from_db()
    assert voucher.spent == Decimal("200.00")
    assert (
        "già respinta"
        in refused(lambda: services.delivery_reject(actor=planner, delivery=third, reason="x"))[
            "__all__"
        ][0]
    )
    # The rejected hours no longer count against the authorised ones.
    record(operator_1, voucher, date_from=dt.date(2026, 5, 1), date_to=dt.date(2026, 5, 10),
           units="10")  # fmt: skip
    voucher.refresh_from_db()
    assert voucher.spent == Decimal("400.00")


@freeze_time(TODAY)
def test_rejecting_on_a_closed_voucher_gives_the_budget_back(
    operator_1, planner, voucher, home_care_scheme
):
    delivery = record(operator_1, voucher, units="5")
    # Closed with € 100 spent: it holds € 100 of the budget (as the issue service keeps it).
    Voucher.objects.filter(pk=voucher.pk).update(state="closed")
    home_care_scheme.committed = Decimal("100.00")
    home_care_scheme.save(update_fields=["committed"])
    ledger.refresh(LedgerOrigin.VOUCHER, [voucher.pk])
    services.delivery_reject(actor=planner, delivery=delivery, reason="Non erogata")
    home_care_scheme.refresh_from_db()
    assert home_care_scheme.committed == Decimal("0.00")
    assert not ledger.cells(zone_id=voucher.zone_id)[(home_care_scheme.fund_id, 2026)][
        "committed"
    ].get("voucher")


@freeze_time(TODAY)
def test_deliveries_are_scoped_and_filtered(
    operator_1, operator_2, planner, social_worker_a, social_worker_other_zone, voucher
):
    delivery = record(operator_1, voucher, units="2")
    assert list(deliveries_for(user=planner)) == [delivery]
    assert list(deliveries_for(user=operator_1)) == [delivery]
    assert list(deliveries_for(user=social_worker_a)) == [delivery]
    assert list(deliveries_for(user=operator_2)) == []
    assert list(deliveries_for(user=social_worker_other_zone)) == []
    assert list(deliveries_for(user=planner, month="2026-03")) == [delivery]
    assert list(deliveries_for(user=planner, month="2026-04")) == []
    assert list(deliveries_for(user=planner, state="validated")) == []


def test_the_tallies_kept_by_the_services_are_the_recount_of_the_deliveries(
    planner, operator_1, voucher
):
    """The report reads the tallies (providers/tallies.py): after recording, validating,
    rejecting and paying, they are exactly what a recount of the deliveries gives."""
    from ambito.providers import tallies

    first = services.delivery_record(
        actor=operator_1, voucher=voucher, date_from=dt.date(2026, 3, 2),
        date_to=dt.date(2026, 3, 31), units=Decimal("4"),
    )  # fmt: skip
    second = services.delivery_record(
        actor=operator_1, voucher=voucher, date_from=dt.date(2026, 4, 1),
        date_to=dt.date(2026, 4, 30), units=Decimal("3"),
    )  # fmt: skip
    third = services.delivery_record(
        actor=operator_1, voucher=voucher, date_from=dt.date(2026, 4, 1),
        date_to=dt.date(2026, 4, 15), units=Decimal("1"),
    )  # fmt: skip
    services.delivery_validate(actor=planner, deliveries=[first, second])
    services.delivery_reject(actor=planner, delivery=third, reason="Ore non svolte")
    services.payment_create(
        actor=planner, provider=voucher.provider, scheme=voucher.scheme,
        act_number="Liq. 3/2026", paid_on=dt.date(2026, 5, 10), deliveries=[first],
    )  # fmt: skip
    zone = [voucher.zone_id]
    assert tallies.current(zone) == tallies.recount(zone)
    assert len(tallies.current(zone)) == 3  # March paid; April validated; April rejected
