# ruff: noqa: F811 (the fixtures imported from test_deliveries are used as arguments)
"""Payments: the plan office pays a provider the validated deliveries of one scheme by an act
(the deliveries become paid, each voucher's `paid` grows, the fund ledger's PAID of FNPS 2026
equals the payment), or pays a *buono* to its beneficiary (never beyond its value)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from ambito.core.permissions import NotAllowed
from ambito.planning import ledger
from ambito.providers.models import Payment, Voucher
from ambito.providers.selectors.deliveries import (
    delivery_totals,
    payable,
    payment_for,
    payments_for,
)
from ambito.providers.services import deliveries as services
from tests.providers.test_deliveries import make_voucher, record, refused, voucher  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("accreditation_1")]

TODAY = "2026-05-15"


def paid_on_ledger(zone_id, fund, year=2026) -> Decimal:
    cell = ledger.cells(zone_id=zone_id, year=year).get((fund.pk, year), {})
    return cell.get("paid", {}).get("voucher_payment", Decimal("0"))


@pytest.fixture
def validated(operator_1, planner, voucher):
    first = record(operator_1, voucher, units="4")
    second = record(operator_1, voucher, date_from=dt.date(2026, 4, 1),
                    date_to=dt.date(2026, 4, 30), units="6")  # fmt: skip
    services.delivery_validate(actor=planner, deliveries=[first, second])
    return [first, second]


@freeze_time(TODAY)
def test_a_payment_pays_the_validated_deliveries_and_lands_on_the_ledger(
    planner, provider_1, home_care_scheme, voucher, validated, fnps
):
    assert set(payable(user=planner, provider=provider_1, scheme=home_care_scheme)) == set(
        validated
    )
    payment = services.payment_create(
        actor=planner,
        provider=provider_1,
        scheme=home_care_scheme,
        act_number="Liq. 45/2026",
        paid_on=dt.date(2026, 5, 10),
        deliveries=validated,
    )
    assert payment.amount == Decimal("200.00")
    for delivery in validated:
        delivery.refresh_from_db()
        assert delivery.state == "paid" and delivery.payment == payment
    voucher.refresh_from_db()
    assert voucher.paid == Decimal("200.00") and voucher.spent == Decimal("200.00")
    assert paid_on_ledger(voucher.zone_id, fnps) == payment.amount
    assert delivery_totals(voucher).paid_amount == Decimal("200.00")
    assert list(payable(user=planner, provider=provider_1, scheme=home_care_scheme)) == []
    assert payment_for(user=planner, uuid=payment.uuid) == payment


@freeze_time(TODAY)
def test_a_payment_refuses_bad_input_all_at_once_and_writes_nothing(
    operator_1, planner, provider_1, provider_2, home_care_scheme, voucher, validated, fnps
):
    recorded = record(operator_1, voucher, date_from=dt.date(2026, 5, 1),
                      date_to=dt.date(2026, 5, 5), units="1")  # fmt: skip
    errors = refused(
        lambda: services.payment_create(
            actor=planner,
            provider=provider_1,
            scheme=home_care_scheme,
            act_number=" ",
            paid_on=dt.date(2026, 6, 1),
            deliveries=[*validated, recorded],
        )
    )
    assert errors["act_number"] == ["Indica l'atto di liquidazione."]
    assert errors["paid_on"] == ["La data del pagamento non può essere futura."]
    assert errors["deliveries"] == [
        "La prestazione dal 01/05/2026 del titolo n. 1 è registrata: si pagano solo quelle "
        "validate e non ancora pagate."
    ]
    errors = refused(
        lambda: services.payment_create(
            actor=planner,
            provider=provider_2,
            scheme=home_care_scheme,
            act_number="Liq. 1",
            paid_on=dt.date(2026, 5, 1),
            deliveries=validated[:1],
        )
    )
    assert errors["deliveries"][0].endswith("non è di questo erogatore e di questa misura.")
    assert refused(
        lambda: services.payment_create(
            actor=planner,
            provider=provider_1,
            scheme=home_care_scheme,
            act_number="Liq. 1",
            paid_on=dt.date(2026, 5, 1),
            deliveries=[],
        )
    )["deliveries"] == ["Scegli almeno una prestazione validata da pagare."]
    assert not Payment.objects.exists()
    voucher.refresh_from_db()
    assert voucher.paid == Decimal("0.00")
    assert paid_on_ledger(voucher.zone_id, fnps) == Decimal("0")


@freeze_time(TODAY)
def test_an_operator_or_another_zone_cannot_pay(
    operator_1, social_worker_other_zone, provider_1, home_care_scheme, validated
):
    for outsider in (operator_1, social_worker_other_zone):
        with pytest.raises(NotAllowed):
            services.payment_create(
                actor=outsider,
                provider=provider_1,
                scheme=home_care_scheme,
                act_number="Liq. 1",
                paid_on=dt.date(2026, 5, 1),
                deliveries=validated,
            )
    assert not Payment.objects.exists()


@pytest.fixture
def buono(buono_scheme, voucher_case, social_worker_a):
    return make_voucher(buono_scheme, voucher_case, None, social_worker_a, value="300", units="")


@freeze_time(TODAY)
def test_a_buono_is_paid_to_its_beneficiary_never_beyond_its_value(planner, buono, fnps):
    payment = services.buono_pay(
        actor=planner, voucher=buono, amount="200", act_number="Liq. 7", paid_on=dt.date(2026, 5, 2)
    )
    assert payment.provider is None and payment.voucher == buono
    buono.refresh_from_db()
    assert buono.spent == buono.paid == Decimal("200.00")
    assert paid_on_ledger(buono.zone_id, fnps) == Decimal("200.00")
    errors = refused(
        lambda: services.buono_pay(
            actor=planner, voucher=buono, amount="150", act_number="Liq. 8",
            paid_on=dt.date(2026, 5, 3),
        )
    )  # fmt: skip
    assert errors["amount"] == ["L'importo (€ 150,00) supera quanto resta del buono: € 100,00."]
    buono.refresh_from_db()
    assert buono.paid == Decimal("200.00") and Payment.objects.count() == 1
    assert [p.pk for p in payments_for(user=planner)] == [payment.pk]


@freeze_time(TODAY)
def test_a_voucher_is_not_paid_as_a_buono_nor_a_revoked_buono(planner, voucher, buono):
    errors = refused(
        lambda: services.buono_pay(
            actor=planner, voucher=voucher, amount="10", act_number="L", paid_on=dt.date(2026, 5, 2)
        )
    )
    assert errors["__all__"][0].startswith("Solo un buono sociale si paga al beneficiario")
    Voucher.objects.filter(pk=buono.pk).update(state="revoked")
    errors = refused(
        lambda: services.buono_pay(
            actor=planner, voucher=buono, amount="10", act_number="L", paid_on=dt.date(2026, 5, 2)
        )
    )
    assert errors["__all__"] == ["Il buono è revocato: si pagano solo i buoni in uso."]
    assert not Payment.objects.exists()


@freeze_time(TODAY)
def test_a_buono_takes_no_delivery(operator_1, planner, buono):
    with pytest.raises(ValidationError) as error:
        record(planner, buono, units="1")
    assert "Un buono sociale non ha prestazioni" in error.value.message_dict["__all__"][0]
