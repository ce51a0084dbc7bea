"""Issuing vouchers under the scheme's budget, the waiting list in order, revoking and closing
(the unspent part goes back and the list frees in order), the choice of an accredited
provider, the fund ledger."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from ambito.cases import services as cases
from ambito.core.models import EventLog
from ambito.core.permissions import NotAllowed
from ambito.planning.choices import LedgerOrigin, LedgerStage
from ambito.planning.models import FundMovement
from ambito.providers.models import Voucher, VoucherScheme
from ambito.providers.selectors import vouchers as selectors
from ambito.providers.services import vouchers as services
from tests.factories import IseeRecordFactory, PersonFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 1)


def issue(actor, case, scheme, **kwargs):
    fields = {
        "decision_act": "Determina 45/2026",
        "decision_date": DAY,
        "valid_from": DAY,
        "valid_until": dt.date(2026, 12, 31),
    }
    fields.update(kwargs)
    return services.voucher_issue(actor=actor, case=case, scheme=scheme, **fields)


@pytest.fixture
def another_case(social_worker_a, coordinator, municipality_a):
    """Another eligible person's case, managed by the same social worker."""

    def make(first_name="Anna", isee="9000.00"):
        person = PersonFactory(
            residence_municipality=municipality_a, last_name="Verdi", first_name=first_name
        )
        if isee is not None:
            IseeRecordFactory(person=person, value=isee)
        case = cases.case_open(actor=social_worker_a, person=person)
        return cases.case_assign(actor=coordinator, case=case, manager=social_worker_a)

    return make


def committed_on_ledger(fund, year=2026):
    return FundMovement.objects.filter(
        fund=fund, year=year, stage=LedgerStage.COMMITTED, origin=LedgerOrigin.VOUCHER
    ).aggregate(total=Sum("amount"))["total"] or Decimal("0")


def test_a_voucher_within_the_budget_is_issued_with_its_number(
    social_worker_a, voucher_case, home_care_scheme, fnps
):
    voucher = issue(social_worker_a, voucher_case, home_care_scheme)
    home_care_scheme.refresh_from_db()
    assert voucher.state == "issued"
    assert voucher.number == 1
    assert voucher.value == Decimal("400.00")
    assert voucher.municipality == voucher_case.person.residence_municipality
    assert voucher.household == voucher_case.household
    assert home_care_scheme.committed == Decimal("400.00")
    assert committed_on_ledger(fnps) == Decimal("400.00")
    assert EventLog.objects.filter(object_uuid=voucher.uuid, action="create").exists()


def test_a_buono_is_active_at_once(social_worker_a, voucher_case, buono_scheme):
    voucher = issue(social_worker_a, voucher_case, buono_scheme)
    assert voucher.state == "active"
    assert voucher.value == Decimal("300.00")


def test_the_budget_exhausted_the_request_waits_in_the_list(
    social_worker_a, voucher_case, another_case, home_care_scheme, fnps
):
    first = issue(social_worker_a, voucher_case, home_care_scheme)
    second = issue(social_worker_a, another_case("Anna"), home_care_scheme)
    third = issue(social_worker_a, another_case("Bruno"), home_care_scheme)
    home_care_scheme.refresh_from_db()
    assert (first.state, second.state, third.state) == ("issued", "issued", "waiting")
    assert third.number is None and third.value == 0
    assert third.requested_value == Decimal("400.00")
    assert home_care_scheme.committed == Decimal("800.00")
    assert selectors.waiting_position(third) == 1
    assert committed_on_ledger(fnps) == Decimal("800.00")
    figures = selectors.scheme_budget(home_care_scheme)
    assert figures.residual == Decimal("200.00")
    assert (figures.waiting_count, figures.waiting_value) == (1, Decimal("400.00"))


def test_a_voucher_over_the_residual_budget_is_refused_when_it_may_not_wait(
    social_worker_a, voucher_case, another_case, home_care_scheme, fnps
):
    issue(social_worker_a, voucher_case, home_care_scheme)
    issue(social_worker_a, another_case("Anna"), home_care_scheme)
    before = (Voucher.objects.count(), committed_on_ledger(fnps))
    with pytest.raises(ValidationError) as refused:
        issue(social_worker_a, another_case("Bruno"), home_care_scheme, wait_if_short=False)
    message = refused.value.message_dict["requested_value"][0]
    assert message == (
        "Il budget della misura «Voucher domiciliarità» non copre € 400,00: il residuo è "
        "€ 200,00. Il titolo non è stato emesso."
    )
    home_care_scheme.refresh_from_db()
    assert home_care_scheme.committed == Decimal("800.00")
    assert (Voucher.objects.count(), committed_on_ledger(fnps)) == before


def test_revoking_frees_the_higher_priority_first_and_a_too_big_head_blocks_the_next(
    social_worker_a, voucher_case, another_case, home_care_scheme
):
    a = issue(social_worker_a, voucher_case, home_care_scheme)
    b = issue(social_worker_a, another_case("Anna"), home_care_scheme)
    # € 200 left: the next requests wait.
    low = issue(social_worker_a, another_case("Bruno"), home_care_scheme, priority=1)
    high = issue(social_worker_a, another_case("Carla"), home_care_scheme, priority=5)
    small = issue(
        social_worker_a, another_case("Dario"), home_care_scheme, priority=0, requested_value=100
    )
    assert [v.state for v in (low, high, small)] == ["waiting"] * 3
    assert [v.pk for v in selectors.waiting_list(home_care_scheme)] == [high.pk, low.pk, small.pk]

    services.voucher_revoke(actor=social_worker_a, voucher=a, reason="Ricovero in RSA")
    high.refresh_from_db()
    low.refresh_from_db()
    small.refresh_from_db()
    # € 600 free: the higher priority (€ 400) goes first; then € 200 left does not cover the
    # next head (€ 400) and the € 100 request behind it is not issued: the order is kept.
    assert high.state == "issued" and high.number == 3
    assert (low.state, small.state) == ("waiting", "waiting")
    assert selectors.waiting_position(low) == 1
    assert selectors.waiting_position(small) == 2
    home_care_scheme.refresh_from_db()
    assert home_care_scheme.committed == Decimal("800.00")
    services.voucher_revoke(actor=social_worker_a, voucher=b, reason="Trasferimento")
    low.refresh_from_db()
    small.refresh_from_db()
    # € 600 free again: the head (€ 400) and then the € 100 behind it.
    assert (low.state, small.state) == ("issued", "issued")


def test_a_new_small_request_does_not_jump_the_waiting_list(
    social_worker_a, voucher_case, another_case, home_care_scheme
):
    issue(social_worker_a, voucher_case, home_care_scheme)
    issue(social_worker_a, another_case("Anna"), home_care_scheme)
    head = issue(social_worker_a, another_case("Bruno"), home_care_scheme)
    small = issue(social_worker_a, another_case("Carla"), home_care_scheme, requested_value=100)
    assert (head.state, small.state) == ("waiting", "waiting")
    urgent = issue(
        social_worker_a, another_case("Dario"), home_care_scheme, requested_value=100, priority=9
    )
    assert urgent.state == "issued"  # first in the list by priority, and it fits


def test_closing_an_under_spent_voucher_frees_the_difference_and_issues_the_next(
    social_worker_a, voucher_case, another_case, home_care_scheme, fnps
):
    a = issue(social_worker_a, voucher_case, home_care_scheme)
    issue(social_worker_a, another_case("Anna"), home_care_scheme)
    waiting = issue(social_worker_a, another_case("Bruno"), home_care_scheme, requested_value=300)
    assert waiting.state == "waiting"
    Voucher.objects.filter(pk=a.pk).update(spent=Decimal("250.00"))  # the deliveries' doing
    services.voucher_close(actor=social_worker_a, voucher=a, reason="Progetto concluso")
    a.refresh_from_db()
    waiting.refresh_from_db()
    home_care_scheme.refresh_from_db()
    assert a.state == "closed"
    assert waiting.state == "issued" and waiting.value == Decimal("300.00")
    # 250 spent by the closed one + 400 + 300
    assert home_care_scheme.committed == Decimal("950.00")
    assert committed_on_ledger(fnps) == Decimal("950.00")


def test_the_ledger_committed_of_fnps_2026_is_the_live_vouchers_value(
    social_worker_a, voucher_case, another_case, home_care_scheme, buono_scheme, fnps
):
    issue(social_worker_a, voucher_case, home_care_scheme)
    issue(social_worker_a, voucher_case, buono_scheme)
    issue(social_worker_a, another_case("Anna"), home_care_scheme, requested_value=350)
    issue(social_worker_a, another_case("Bruno"), home_care_scheme)  # waits
    live = Voucher.objects.filter(state__in=["issued", "active"]).aggregate(t=Sum("value"))["t"]
    assert live == Decimal("1050.00")
    assert committed_on_ledger(fnps) == live


def test_closing_the_expired_vouchers_gives_back_their_unspent_part(
    social_worker_a, voucher_case, home_care_scheme
):
    issue(social_worker_a, voucher_case, home_care_scheme, valid_until=dt.date(2026, 6, 30))
    assert services.close_expired_vouchers(dt.date(2026, 7, 1)) == 1
    home_care_scheme.refresh_from_db()
    assert home_care_scheme.committed == 0


def test_an_ineligible_person_is_refused_with_the_reason_and_nothing_is_written(
    social_worker_a, another_case, home_care_scheme, fnps
):
    case = another_case("Luca", isee="25000.00")
    case.person.last_name = "Rossi"
    case.person.save()
    before = (Voucher.objects.count(), FundMovement.objects.count(), committed_on_ledger(fnps))
    with pytest.raises(ValidationError) as error:
        issue(social_worker_a, case, home_care_scheme)
    assert error.value.message_dict["person"] == [
        "Luca Rossi non ha i requisiti: ISEE € 25.000,00 oltre la soglia di € 20.000,00."
    ]
    home_care_scheme.refresh_from_db()
    assert home_care_scheme.committed == 0
    after = (Voucher.objects.count(), FundMovement.objects.count(), committed_on_ledger(fnps))
    assert before == after


def test_an_unknown_isee_is_refused_when_the_service_has_a_ceiling(
    social_worker_a, another_case, home_care_scheme
):
    case = another_case("Nina", isee=None)
    with pytest.raises(ValidationError) as error:
        issue(social_worker_a, case, home_care_scheme)
    assert "ISEE da presentare" in error.value.message_dict["person"][0]
    assert not Voucher.objects.exists()


def test_bad_requests_are_refused_all_at_once(social_worker_a, voucher_case, home_care_scheme):
    with pytest.raises(ValidationError) as error:
        issue(
            social_worker_a,
            voucher_case,
            home_care_scheme,
            decision_act="",
            requested_value=500,
            valid_until=dt.date(2027, 12, 31),
        )
    messages = error.value.message_dict
    assert messages["decision_act"] == ["Indica l'atto di concessione."]
    assert "supera il valore di un titolo" in messages["requested_value"][0]
    assert "periodo della misura (01/01/2026 – 30/06/2027)" in messages["valid_until"][0]
    assert not Voucher.objects.exists()


def test_the_same_person_may_not_hold_two_live_vouchers_of_one_scheme(
    social_worker_a, voucher_case, home_care_scheme
):
    issue(social_worker_a, voucher_case, home_care_scheme)
    with pytest.raises(ValidationError) as error:
        issue(social_worker_a, voucher_case, home_care_scheme)
    assert "ha già un titolo" in error.value.message_dict["person"][0]
    assert Voucher.objects.count() == 1


def test_a_closed_scheme_issues_nothing(planner, social_worker_a, voucher_case, home_care_scheme):
    services.scheme_close(actor=planner, scheme=home_care_scheme)
    with pytest.raises(ValidationError) as error:
        issue(social_worker_a, voucher_case, home_care_scheme)
    assert "non è aperta" in error.value.message_dict["scheme"][0]


def test_a_closed_case_issues_nothing(social_worker_a, voucher_case, home_care_scheme):
    voucher_case.status = "closed"
    voucher_case.save(update_fields=["status"])
    with pytest.raises(ValidationError) as error:
        issue(social_worker_a, voucher_case, home_care_scheme)
    assert "cartella è chiusa" in error.value.message_dict["case"][0]


def test_a_social_worker_who_does_not_see_the_case_cannot_issue(
    social_worker_b, social_worker_other_zone, voucher_case, home_care_scheme
):
    for actor in (social_worker_b, social_worker_other_zone):
        with pytest.raises(NotAllowed) as refusal:
            issue(actor, voucher_case, home_care_scheme)
        assert refusal.value.hide
    assert not Voucher.objects.exists()


def test_the_waiting_list_can_be_left_and_the_next_then_fits(
    social_worker_a, voucher_case, another_case, home_care_scheme
):
    issue(social_worker_a, voucher_case, home_care_scheme)
    issue(social_worker_a, another_case("Anna"), home_care_scheme, requested_value=300)
    head = issue(social_worker_a, another_case("Bruno"), home_care_scheme, priority=3)
    small = issue(social_worker_a, another_case("Carla"), home_care_scheme, requested_value=300)
    assert (head.state, small.state) == ("waiting", "waiting")
    services.waiting_cancel(actor=social_worker_a, voucher=head, reason="La famiglia rinuncia")
    head.refresh_from_db()
    small.refresh_from_db()
    assert head.state == "cancelled"
    assert small.state == "issued"
    with pytest.raises(ValidationError):
        services.waiting_cancel(actor=social_worker_a, voucher=small, reason="Errore")


# --- the choice of provider ------------------------------------------------------------------


def test_the_beneficiary_chooses_an_accredited_provider_and_the_voucher_is_active(
    social_worker_a, voucher_case, home_care_scheme, provider_1, accreditation_1
):
    voucher = issue(social_worker_a, voucher_case, home_care_scheme)
    voucher = services.voucher_choose_provider(
        actor=social_worker_a, voucher=voucher, provider=provider_1
    )
    assert voucher.state == "active"
    assert voucher.provider == provider_1 and voucher.chosen_at is not None


def test_a_provider_not_accredited_is_refused(
    social_worker_a, voucher_case, home_care_scheme, provider_2, accreditation_1
):
    voucher = issue(social_worker_a, voucher_case, home_care_scheme)
    with pytest.raises(ValidationError) as error:
        services.voucher_choose_provider(
            actor=social_worker_a, voucher=voucher, provider=provider_2
        )
    assert error.value.message_dict["provider"] == [
        "L'ente Cooperativa Borgo non è accreditato per «Accreditamento assistenza domiciliare»."
    ]
    voucher.refresh_from_db()
    assert voucher.provider is None and voucher.state == "issued"


def test_a_suspended_provider_is_refused_saying_so(
    social_worker_a, voucher_case, home_care_scheme, provider_1, accreditation_1
):
    accreditation_1.state = "suspended"
    accreditation_1.save(update_fields=["state"])
    voucher = issue(social_worker_a, voucher_case, home_care_scheme)
    with pytest.raises(ValidationError) as error:
        services.voucher_choose_provider(
            actor=social_worker_a, voucher=voucher, provider=provider_1
        )
    assert "è sospeso" in error.value.message_dict["provider"][0]


def test_the_provider_changes_only_while_nothing_was_delivered(
    social_worker_a,
    voucher_case,
    home_care_scheme,
    provider_1,
    provider_2,
    accreditation_1,
    accreditation_scheme,
    planner,
):
    from ambito.providers.models import AccreditationApplication

    AccreditationApplication.objects.create(
        zone=provider_2.zone,
        scheme=accreditation_scheme,
        provider=provider_2,
        state="accredited",
        valid_from=dt.date(2026, 1, 1),
        valid_until=dt.date(2028, 12, 31),
        created_by=planner,
    )
    voucher = issue(social_worker_a, voucher_case, home_care_scheme)
    services.voucher_choose_provider(actor=social_worker_a, voucher=voucher, provider=provider_1)
    services.voucher_choose_provider(actor=social_worker_a, voucher=voucher, provider=provider_2)
    Voucher.objects.filter(pk=voucher.pk).update(spent=Decimal("40.00"))
    with pytest.raises(ValidationError) as error:
        services.voucher_choose_provider(
            actor=social_worker_a, voucher=voucher, provider=provider_1
        )
    assert "non si cambia più" in error.value.message_dict["provider"][0]


def test_a_buono_has_no_provider(social_worker_a, voucher_case, buono_scheme, provider_1):
    voucher = issue(social_worker_a, voucher_case, buono_scheme)
    with pytest.raises(ValidationError):
        services.voucher_choose_provider(
            actor=social_worker_a, voucher=voucher, provider=provider_1
        )


# --- scoping of the reads --------------------------------------------------------------------


def test_who_sees_which_vouchers(
    planner,
    social_worker_a,
    social_worker_b,
    social_worker_other_zone,
    operator_1,
    operator_2,
    voucher_case,
    another_case,
    home_care_scheme,
    provider_1,
    accreditation_1,
):
    chosen = issue(social_worker_a, voucher_case, home_care_scheme)
    other = issue(social_worker_a, another_case("Anna"), home_care_scheme)
    services.voucher_choose_provider(actor=social_worker_a, voucher=chosen, provider=provider_1)
    assert set(selectors.vouchers_for(planner)) == {chosen, other}
    assert set(selectors.vouchers_for(social_worker_a)) == {chosen, other}
    assert not selectors.vouchers_for(social_worker_b).exists()
    assert not selectors.vouchers_for(social_worker_other_zone).exists()
    assert list(selectors.vouchers_for(operator_1)) == [chosen]
    assert not selectors.vouchers_for(operator_2).exists()
    assert selectors.voucher_for(social_worker_b, chosen.uuid) is None
    assert selectors.voucher_for(social_worker_other_zone, chosen.uuid) is None


def test_reading_a_voucher_logs_the_access_to_its_person(
    planner, social_worker_a, voucher_case, home_care_scheme
):
    from ambito.core.models import AccessLog

    voucher = issue(social_worker_a, voucher_case, home_care_scheme)
    assert selectors.voucher_for(planner, voucher.uuid) == voucher
    assert AccessLog.objects.filter(
        user=planner, person=voucher_case.person, object_uuid=voucher.uuid
    ).exists()


def test_scheme_committed_never_passes_the_budget_in_the_database(home_care_scheme):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        VoucherScheme.objects.filter(pk=home_care_scheme.pk).update(committed=Decimal("1000.01"))
