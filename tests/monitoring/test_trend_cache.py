"""The dashboard's trend comes from the shared cache, under a key that holds a version of its
records (indicators.cached_trend): the same records give the cached trend without its
queries; any change of them gives the new figures at once."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ambito.cases import milestones
from ambito.cases.models import CaseMilestones
from ambito.measures.models import ApplicationStatusChange
from ambito.monitoring.indicators import cached_trend, trend_data_version
from ambito.monitoring.scope import Scope

from .conftest import in_depth, intervention, make_case, positive_application, pre_assessment

ENDS = [dt.date(2025, 3, 31), dt.date(2025, 6, 30)]
CODES = ["lep-analisi-interventi", "percorso-analisi-preliminare", "lep-genitorialita"]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def trend(zone, municipality=None):
    milestones.rebuild(zone)  # records written directly, as a bulk load would
    scope = Scope(zone, ENDS[-1], municipality)
    return {code: [v.display for v in values] for code, values in cached_trend(scope, ENDS, CODES)}


def test_the_same_records_give_the_cached_trend_without_its_queries(
    zone_a, municipality_a, social_worker_a
):
    case = make_case(social_worker_a, municipality_a)
    in_depth(case, social_worker_a, dt.date(2025, 2, 1))
    first = trend(zone_a)
    scope = Scope(zone_a, ENDS[-1])
    with CaptureQueriesContext(connection) as queries:
        again = {c: [v.display for v in vs] for c, vs in cached_trend(scope, ENDS, CODES)}
    assert again == first
    assert len(queries) == 4  # the version of the records: the four checksums, nothing else


def test_a_new_record_changes_the_trend(zone_a, municipality_a, social_worker_a):
    case = make_case(social_worker_a, municipality_a)
    in_depth(case, social_worker_a, dt.date(2025, 2, 1))
    before = trend(zone_a)
    assert before["lep-analisi-interventi"] == ["0,0% (0 su 1)", "0,0% (0 su 1)"]
    intervention(case, social_worker_a, dt.date(2025, 5, 2))
    after = trend(zone_a)
    assert after["lep-analisi-interventi"] == ["0,0% (0 su 1)", "100,0% (1 su 1)"]


def test_a_corrected_date_changes_the_trend(zone_a, municipality_a, social_worker_a):
    case = make_case(social_worker_a, municipality_a)
    in_depth(case, social_worker_a, dt.date(2025, 2, 1))
    intervention(case, social_worker_a, dt.date(2025, 5, 2))
    assert trend(zone_a)["lep-analisi-interventi"][0] == "0,0% (0 su 1)"
    # The intervention's start corrected to March: the first quarter's figure changes.
    case.interventions.update(start_on=dt.date(2025, 3, 2))
    assert trend(zone_a)["lep-analisi-interventi"][0] == "100,0% (1 su 1)"


def test_an_outcome_in_the_history_changes_the_trend(zone_a, municipality_a, social_worker_a):
    case = make_case(social_worker_a, municipality_a)
    application = positive_application(case, dt.date(2025, 2, 1), "INPS-1")
    pre_assessment(case, social_worker_a, dt.date(2025, 2, 20))
    ApplicationStatusChange.objects.create(
        application=application, status="positive", since=dt.date(2025, 2, 1)
    )
    assert trend(zone_a)["percorso-analisi-preliminare"] == ["100,0% (1 su 1)"] * 2
    # The history says the outcome came only in April: no beneficiary at the end of March.
    ApplicationStatusChange.objects.filter(application=application).update(
        since=dt.date(2025, 4, 1)
    )
    application.__class__.objects.filter(pk=application.pk).update(status_on=dt.date(2025, 4, 1))
    shown = trend(zone_a)["percorso-analisi-preliminare"]
    assert shown == ["nessun caso", "100,0% (1 su 1)"]


def test_the_version_follows_moved_values_and_the_place_has_its_own_key(
    zone_a, municipality_a, municipality_b, social_worker_a
):
    one = make_case(social_worker_a, municipality_a)
    two = make_case(social_worker_a, municipality_a)
    in_depth(one, social_worker_a, dt.date(2025, 2, 1))
    in_depth(two, social_worker_a, dt.date(2025, 5, 1))
    milestones.rebuild(zone_a)
    version = trend_data_version(zone_a, ENDS)
    # The two dates swapped between the cases: the same sums, another weighted sum.
    CaseMilestones.objects.filter(case=one).update(in_depth_on=dt.date(2025, 5, 1))
    CaseMilestones.objects.filter(case=two).update(in_depth_on=dt.date(2025, 2, 1))
    assert trend_data_version(zone_a, ENDS) != version
    zone_wide = trend(zone_a)
    in_b = trend(zone_a, municipality_b)
    assert zone_wide["lep-analisi-interventi"] != in_b["lep-analisi-interventi"]
