"""The observatory's monthly tallies: kept by the contact services, equal to a recount."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from ambito.access import services, tally
from ambito.access.choices import Outcome
from ambito.access.models import Contact, ContactTally
from ambito.access.observatory import observatory_report
from ambito.catalog.models import NeedArea

ROME = ZoneInfo("Europe/Rome")

pytestmark = pytest.mark.django_db


def snapshot(zone) -> list[tuple]:
    """Every non-zero tally of the zone, as comparable tuples."""
    return sorted(
        ContactTally.objects.filter(zone=zone)
        .exclude(count=0)
        .values_list("month", "municipality_key", "access_point_key", "dimension", "value", "count")
    )


def counts(zone, dimension) -> dict[str, int]:
    result: dict[str, int] = {}
    for *_, dim, value, n in snapshot(zone):
        if dim == dimension:
            result[value] = result.get(value, 0) + n
    return result


def area(code):
    return NeedArea.objects.get(code=code)


@pytest.fixture
def recorded(front_office, access_point_a, person_a, published_service, zone_a, municipality_a):
    """A few contacts written through the services, as the front desk and the public do."""
    record = services.contact_record
    record(
        actor=front_office,
        data={
            "access_point": access_point_a,
            "person": person_a,
            "need_areas": [area("poverty"), area("housing")],
            "referral_service": published_service,
            "outcome": Outcome.REFERRAL,
            "started_at": datetime(2025, 1, 31, 23, 30, tzinfo=ROME),
        },
    )
    record(
        actor=front_office,
        data={
            "access_point": access_point_a,
            "municipality": municipality_a,
            "channel": "phone",
            "need_areas": [area("work")],
            "referral_office": "Centro per l'impiego",
            "started_at": datetime(2025, 2, 1, 0, 30, tzinfo=ROME),
        },
    )
    web = services.callback_request_create(
        zone=zone_a,
        access_point=access_point_a,
        name="Anna Verdi",
        contact="333 1234567",
        municipality=municipality_a,
        request_text="Vorrei informazioni.",
        consent=True,
        client_ip="203.0.113.9",
    )
    services.callback_complete(
        actor=front_office, contact=web, answer_text="Richiamata", outcome=Outcome.APPOINTMENT
    )
    return web


def test_services_keep_the_tallies_equal_to_a_recount(recorded, zone_a, published_service):
    kept = snapshot(zone_a)
    assert counts(zone_a, "total") == {"": 3}
    assert counts(zone_a, "channel") == {"desk": 1, "phone": 1, "web": 1}
    assert counts(zone_a, "identified") == {"1": 1, "0": 2}
    poverty, housing, work = area("poverty").pk, area("housing").pk, area("work").pk
    # two areas for the first contact, one for the second; the web request has none ("0")
    assert counts(zone_a, "need_area") == {str(poverty): 1, str(housing): 1, str(work): 1, "0": 1}
    assert counts(zone_a, "referral") == {
        f"service:{published_service.pk}": 1,
        "office:Centro per l'impiego": 1,
    }
    tally.rebuild(zone_a)
    assert snapshot(zone_a) == kept


def test_a_contact_counts_in_its_month_in_italian_time(recorded, zone_a):
    months = {row[0].month for row in snapshot(zone_a) if row[0].year == 2025}
    assert months == {1, 2}


def test_a_call_back_moves_the_contact_to_its_outcome(recorded, zone_a):
    assert counts(zone_a, "outcome") == {Outcome.REFERRAL: 1, "": 1, Outcome.APPOINTMENT: 1}


def test_a_refused_contact_counts_nothing(front_office, access_point_a, draft_service):
    with pytest.raises(ValidationError):
        services.contact_record(
            actor=front_office,
            data={"access_point": access_point_a, "referral_service": draft_service},
        )
    assert not ContactTally.objects.exists()


def test_the_report_equals_a_count_over_the_contacts(recorded, planner, zone_a):
    year = datetime.now(ROME).year
    this_year = Contact.objects.filter(zone=zone_a, started_at__year=year)
    report = observatory_report(user=planner, year=year)
    assert report.total == this_year.count() == 1  # the web request
    assert report.anonymous.count == 1

    report_2025 = observatory_report(user=planner, year=2025)
    assert report_2025.total == 2
    assert report_2025.identified.count == 1
    assert {r.name: r.by_period[:2] for r in report_2025.areas} == {
        "Povertà ed esclusione sociale": [1, 0],
        "Casa": [1, 0],
        "Lavoro": [0, 1],
    }
    assert {(r.kind, r.destination) for r in report_2025.referrals} == {
        ("Servizio della carta", "Assistenza domiciliare"),
        ("Altro ufficio", "Centro per l'impiego"),
    }


def test_the_rebuild_command_recomputes_a_zone(recorded, zone_a, capsys):
    kept = snapshot(zone_a)
    ContactTally.objects.filter(dimension="total").delete()
    ContactTally.objects.filter(dimension="need_area").update(count=99)
    call_command("observatory_rebuild", zone=zone_a.code)
    assert f"{zone_a.code}:" in capsys.readouterr().out
    assert snapshot(zone_a) == kept


def test_the_rebuild_command_refuses_an_unknown_zone():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="non trovato"):
        call_command("observatory_rebuild", zone="nessuno")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
def test_two_desks_saving_at_the_same_moment_both_count(front_office, access_point_a):
    start = datetime.now(ROME) - timedelta(minutes=10)
    barrier = threading.Barrier(2)
    errors = []

    def desk():
        try:
            barrier.wait()
            services.contact_record(
                actor=front_office,
                data={
                    "access_point": access_point_a,
                    "started_at": start,
                    "need_areas": [area("poverty")],
                },
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=desk) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert counts(access_point_a.zone, "total") == {"": 2}


def test_the_consistency_check_counts_the_rows_that_differ_from_a_recount(recorded, zone_a):
    from ambito.access.models import ContactTally

    assert tally.differences(zone_a) == 0
    row = ContactTally.objects.filter(zone=zone_a, dimension="channel").first()
    row.count += 5
    row.save()
    ContactTally.objects.filter(zone=zone_a, dimension="identified", value="1").delete()
    assert tally.differences(zone_a) == 2
    tally.rebuild(zone_a)
    assert tally.differences(zone_a) == 0
