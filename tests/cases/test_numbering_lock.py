"""The zone's numbering lock (a case number reserved inside a long write, such as an INPS
import's) keeps two numberings apart but lets the zone's other writes through: an audit row
of the zone is written at once, not after the import commits."""

import threading
import time

import pytest
from django.db import connection, transaction

from ambito.cases.services import reserve_numbers
from ambito.core.models import AccessLog

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def _in_thread(work, results):
    def run():
        started = time.monotonic()
        try:
            with transaction.atomic():
                results.append((work(), time.monotonic() - started))
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_an_audit_row_of_the_zone_does_not_wait_for_a_numbering_in_progress(zone_a, outsider):
    held, release = threading.Event(), threading.Event()
    numbered, logged = [], []

    def long_write():
        number = reserve_numbers(zone_a.pk, 2026)[0]
        held.set()
        release.wait(10)  # the rest of an import's write
        return number

    holder = _in_thread(long_write, numbered)
    assert held.wait(10)
    writer = _in_thread(lambda: AccessLog.objects.create(user=outsider, zone=zone_a).pk, logged)
    writer.join(5)
    assert logged and logged[0][1] < 2, "the audit row waited for the numbering lock"
    release.set()
    holder.join(10)
    assert numbered[0][0] == "2026/00001"


def test_two_numberings_still_wait_for_each_other(zone_a):
    from ambito.cases.models import Case

    held, release = threading.Event(), threading.Event()
    first, second = [], []

    def hold_a_number():
        number = reserve_numbers(zone_a.pk, 2026)[0]
        held.set()
        release.wait(10)
        return number

    holder = _in_thread(hold_a_number, first)
    assert held.wait(10)
    waiter = _in_thread(lambda: reserve_numbers(zone_a.pk, 2026)[0], second)
    waiter.join(1)
    assert not second, "the second numbering did not wait"
    release.set()
    holder.join(10)
    waiter.join(10)
    assert second and second[0][1] >= 0.9
    assert not Case.objects.exists()  # numbers reserved, no case written by either
