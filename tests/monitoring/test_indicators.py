"""Each indicator on small hand-made data with known answers."""

import datetime as dt
from decimal import Decimal

import pytest

from ambito.cases import milestones
from ambito.cases.models import EemmMember, EemmTeam
from ambito.monitoring.indicators import INDICATORS, traffic_light
from ambito.monitoring.scope import Scope, ScopeError, resolve_scope
from tests.factories import AccessPointFactory, StaffFactory

from .conftest import in_depth, intervention, make_case, positive_application, pre_assessment

AS_OF = dt.date(2025, 6, 30)


def value(code, zone, municipality=None, as_of=AS_OF):
    # The records below are written directly, as a bulk load would: the milestones the
    # pathway indicators read are rebuilt from them, as the bulk loaders do.
    milestones.rebuild(zone)
    return INDICATORS[code].value(Scope(zone, as_of, municipality))


def test_social_workers_are_counted_in_full_time_equivalents_and_heads(
    zone_a, municipality_a, municipality_b, populations
):
    full = StaffFactory(zone=zone_a, weekly_hours=36)
    full.municipalities.set([municipality_a])
    shared = StaffFactory(zone=zone_a, weekly_hours=18)  # half time, shared by A and B
    shared.municipalities.set([municipality_a, municipality_b])
    StaffFactory(zone=zone_a, weekly_hours=36)  # serves the whole zone
    StaffFactory(zone=zone_a, weekly_hours=36, profile="educator")  # not a social worker
    zone = value("lep-assistenti-sociali", zone_a)
    # 55,000 inhabitants / (36 + 18 + 36) / 36 = 2.5 FTE = 22,000 per FTE; 3 heads.
    assert zone.value == Decimal("22000")
    assert zone.detail["heads"] == 3 and zone.detail["ratio_heads"] == "1:18.333"
    assert zone.status == "red"
    a = value("lep-assistenti-sociali", zone_a, municipality_a)
    # Hours apportioned by population (no split recorded; issue 15): A gets 36 h, 50/55 of
    # the shared 18 h and 50/55 of the zone-wide 36 h = 85.09 h = 2.36 FTE for 50,000.
    assert a.value == Decimal("21186") and a.detail["heads"] == 3
    b = value("lep-assistenti-sociali", zone_a, municipality_b)
    assert b.value == Decimal("35714")  # 4.91 h = 0.14 FTE for 5,000
    assert a.numerator + b.numerator == zone.numerator  # 2.36 + 0.14 = 2.50


def test_the_traffic_light():
    assert traffic_light(Decimal("4000"), Decimal("5000"), "max") == "green"
    assert traffic_light(Decimal("5900"), Decimal("5000"), "max") == "amber"
    assert traffic_light(Decimal("7000"), Decimal("5000"), "max") == "red"
    assert traffic_light(Decimal("85"), Decimal("100"), "min") == "amber"


def test_access_points_against_the_minimum_of_each_municipality(
    zone_a, municipality_a, municipality_b, populations
):
    # A has 50,000 inhabitants (over 40,000): 2 points needed; B 5,000: 1.
    AccessPointFactory(zone=zone_a, municipality=municipality_a)
    AccessPointFactory(zone=zone_a, municipality=municipality_a, active_until=dt.date(2025, 1, 31))
    AccessPointFactory(zone=zone_a, municipality=municipality_b)
    now = value("lep-punti-accesso", zone_a)
    assert (now.numerator, now.denominator, now.status) == (2, 3, "red")
    assert now.detail["below_minimum"] == [municipality_a.name]
    before = value("lep-punti-accesso", zone_a, as_of=dt.date(2025, 1, 15))
    assert (before.numerator, before.status) == (3, "green")


def test_at_least_one_active_eemm(zone_a):
    assert value("lep-eemm", zone_a).status == "red"
    team = EemmTeam.objects.create(zone=zone_a, name="EEMM Pistoia")
    EemmMember.objects.create(team=team, name="A", institution="Comune", role="social_worker")
    EemmMember.objects.create(team=team, name="B", institution="USL", role="psychologist")
    EemmMember.objects.create(team=team, name="C", institution="USL", role="psychologist")
    assert value("lep-eemm", zone_a).status == "green"
    assert value("percorso-enti-eemm", zone_a).value == 2


def test_households_with_in_depth_analysis_and_an_intervention(
    zone_a, municipality_a, social_worker_a
):
    with_one = make_case(social_worker_a, municipality_a)
    in_depth(with_one, social_worker_a, dt.date(2025, 3, 1))
    intervention(with_one, social_worker_a, dt.date(2025, 4, 1))
    without = make_case(social_worker_a, municipality_a)
    in_depth(without, social_worker_a, dt.date(2025, 3, 1))
    intervention(without, social_worker_a, dt.date(2025, 9, 1))  # after the date
    result = value("lep-analisi-interventi", zone_a)
    assert (result.value, result.status) == (Decimal("50.0"), "red")
    assert value("lep-analisi-interventi", zone_a, as_of=dt.date(2025, 9, 30)).value == 100


def test_parenting_support_for_complex_needs_with_a_baby(zone_a, municipality_a, social_worker_a):
    supported = make_case(social_worker_a, municipality_a, baby=True)
    pre_assessment(supported, social_worker_a, dt.date(2025, 2, 1), outcome="complex")
    intervention(supported, social_worker_a, dt.date(2025, 3, 1), code="A.1.c.3")
    missing = make_case(social_worker_a, municipality_a, baby=True)
    pre_assessment(missing, social_worker_a, dt.date(2025, 2, 1), outcome="complex")
    no_baby = make_case(social_worker_a, municipality_a)
    pre_assessment(no_baby, social_worker_a, dt.date(2025, 2, 1), outcome="complex")
    result = value("lep-genitorialita", zone_a)
    assert (result.numerator, result.denominator) == (1, 2)


def test_working_days_from_outcome_to_pre_assessment_across_holidays(
    zone_a, municipality_a, social_worker_a
):
    # Friday 18 April 2025 → Tuesday 22: Easter Monday is a holiday, 1 working day.
    easter = make_case(social_worker_a, municipality_a)
    positive_application(easter, dt.date(2025, 4, 18), "P1")
    pre_assessment(easter, social_worker_a, dt.date(2025, 4, 22))
    # Thursday 24 April → Monday 28: Liberation Day and the weekend, 1 working day.
    liberation = make_case(social_worker_a, municipality_a)
    positive_application(liberation, dt.date(2025, 4, 24), "P2")
    pre_assessment(liberation, social_worker_a, dt.date(2025, 4, 28))
    # Monday 2 June (Republic Day) → Monday 16 June: 10 working days.
    slow = make_case(social_worker_a, municipality_a)
    positive_application(slow, dt.date(2025, 6, 2), "P3")
    pre_assessment(slow, social_worker_a, dt.date(2025, 6, 16))
    waiting = make_case(social_worker_a, municipality_a)
    positive_application(waiting, dt.date(2025, 6, 20), "P4")
    days = value("percorso-giorni-esito-analisi", zone_a)
    assert days.detail["min"] == 1 and days.detail["max"] == 10 and days.value == Decimal("1.0")
    assert days.detail["distribution"]["0-5"] == 2 and days.detail["distribution"]["6-10"] == 1
    share = value("percorso-analisi-preliminare", zone_a)
    assert (share.numerator, share.denominator, share.value) == (3, 4, Decimal("75.0"))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"zone": "nessuna"}, "Ambito sconosciuto"),
        ({"zone": "zona-a", "municipality": "Milano"}, "non è dell'ambito"),
        ({"zone": "zona-a", "as_of": "30/06/2025"}, "Data non valida"),
        ({"zone": "zona-a", "as_of": "2999-01-01"}, "nel futuro"),
    ],
)
def test_bad_scopes_are_explained(zone_a, municipality_a, kwargs, message):
    with pytest.raises(ScopeError, match=message):
        resolve_scope(**kwargs)


def test_a_municipality_by_istat_code_or_name(zone_a, municipality_a):
    assert resolve_scope(zone="zona-a", municipality="047014").municipality == municipality_a
    assert resolve_scope(zone="zona-a", municipality="pistoia").municipality == municipality_a
