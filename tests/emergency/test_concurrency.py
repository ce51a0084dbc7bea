"""Two on-call operators placing into the last place of a shelter at the same moment: the
shelter's row lock makes the second wait for the first and then see the place taken."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from ambito.emergency import services
from ambito.emergency.models import Emergency, Placement

from .conftest import report

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL"),
]


def _two_emergencies(operator, municipality):
    return [report(operator, municipality, criteria=("MIN.ABB",)) for _ in range(2)]


def _place(operator, emergency, shelter, outcomes, *, hold=None, placed=None):
    try:
        with transaction.atomic():
            services.placement_create(
                emergency=emergency, shelter=shelter, actor=operator, place_type="minor"
            )
            if placed is not None:
                placed.set()
            if hold is not None:
                hold.wait(5)
        outcomes.append(("placed", time.monotonic()))
    except ValidationError as error:
        outcomes.append((error.message_dict["places"][0], time.monotonic()))
    finally:
        connection.close()


def test_two_placements_at_the_same_moment_into_the_last_place_one_is_refused(
    operator, municipality_a, shelter
):
    first, second = _two_emergencies(operator, municipality_a)
    barrier = threading.Barrier(2)
    outcomes = []

    def desk(emergency):
        barrier.wait()
        _place(operator, emergency, shelter, outcomes)

    threads = [threading.Thread(target=desk, args=(e,)) for e in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results = sorted(result for result, _ in outcomes)
    assert results[1] == "placed"
    assert results[0].startswith("Posti non disponibili")
    assert Placement.objects.filter(shelter=shelter).count() == 1
    assert Emergency.objects.filter(outcome="placement").count() == 1


def test_the_second_placement_waits_for_the_first_and_then_sees_the_place_taken(
    operator, municipality_a, shelter
):
    first, second = _two_emergencies(operator, municipality_a)
    placed, release = threading.Event(), threading.Event()
    outcomes_a, outcomes_b = [], []
    holder = threading.Thread(
        target=_place,
        args=(operator, first, shelter, outcomes_a),
        kwargs={"hold": release, "placed": placed},
    )
    holder.start()
    assert placed.wait(5)
    # The first placement is written but not committed: the second operator tries now.
    waiter = threading.Thread(target=_place, args=(operator, second, shelter, outcomes_b))
    waiter.start()
    time.sleep(0.5)
    assert waiter.is_alive(), "the second placement must wait for the shelter's lock"
    released_at = time.monotonic()
    release.set()
    holder.join()
    waiter.join()
    assert outcomes_a[0][0] == "placed"
    message, finished_at = outcomes_b[0]
    assert message.startswith("Posti non disponibili") and "0 posti liberi per minori" in message
    assert finished_at >= released_at
    assert Placement.objects.filter(shelter=shelter).count() == 1
