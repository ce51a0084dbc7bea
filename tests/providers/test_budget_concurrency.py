# ruff: noqa: F811 (the fixture imported from test_vouchers)
"""Two social workers issue the scheme's last voucher at the same instant: the scheme's row lock
makes the second wait for the first and then find the budget taken (it waits in the list).
PostgreSQL only (SQLite serialises every writer anyway)."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from ambito.providers.models import Voucher, VoucherScheme
from ambito.providers.services import vouchers as services

from .test_vouchers import another_case  # noqa: F401 - the fixture

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL"),
]


def test_two_issues_of_the_last_budget_at_the_same_instant_exactly_one_is_issued(
    social_worker_a,
    voucher_case,
    another_case,
    home_care_scheme,
):
    # € 1.000 of budget, € 600 committed: room for exactly one voucher of € 400.
    VoucherScheme.objects.filter(pk=home_care_scheme.pk).update(committed=Decimal("600.00"))
    cases = [voucher_case, another_case("Anna")]
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def desk(case):
        try:
            barrier.wait()
            voucher = services.voucher_issue(
                actor=social_worker_a,
                case=case,
                scheme=home_care_scheme,
                decision_act="Determina 45/2026",
                decision_date=dt.date(2026, 3, 1),
                valid_from=dt.date(2026, 3, 1),
                valid_until=dt.date(2026, 12, 31),
            )
            outcomes.append(voucher.state)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=desk, args=(case,)) for case in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(outcomes) == ["issued", "waiting"]
    home_care_scheme.refresh_from_db()
    assert home_care_scheme.committed == home_care_scheme.budget == Decimal("1000.00")
    assert Voucher.objects.filter(state="issued").count() == 1
