"""The access point's search: filters, pagination, the audit of every search."""

import pytest

from ambito.assistants.choices import WorkerState
from ambito.assistants.selectors import register as selectors
from ambito.core.models import AccessLog
from tests.assistants.conftest import make_worker
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(zone_a, municipality_a, municipality_b):
    return {
        "care_a": make_worker(
            zone_a,
            first_name="Ana",
            municipalities=[municipality_a],
            languages=("ro",),
            weekly_hours=40,
            live_in=True,
        ),
        "sitter_b": make_worker(
            zone_a,
            first_name="Bea",
            kind="babysitter",
            municipalities=[municipality_b],
            languages=("en", "it"),
            weekly_hours=10,
            weekends=True,
        ),
        "both_ab": make_worker(
            zone_a,
            first_name="Cleo",
            kind="both",
            municipalities=[municipality_a, municipality_b],
            languages=("it",),
            weekly_hours=25,
            nights=True,
        ),
        "applicant": make_worker(
            zone_a,
            first_name="Dora",
            state=WorkerState.APPLICATION,
            municipalities=[municipality_a],
        ),
    }


def _names(rows):
    return sorted(w.first_name for w in rows)


def test_the_search_filters_by_municipality_language_kind_and_hours(
    register, front_office, municipality_a
):
    assert _names(selectors.search(user=front_office)) == ["Ana", "Bea", "Cleo"]
    assert _names(selectors.search(user=front_office, municipality=municipality_a)) == [
        "Ana",
        "Cleo",
    ]
    assert _names(selectors.search(user=front_office, language="it")) == ["Bea", "Cleo"]
    assert _names(selectors.search(user=front_office, kind="babysitter")) == ["Bea", "Cleo"]
    assert _names(selectors.search(user=front_office, kind="care")) == ["Ana", "Cleo"]
    assert _names(selectors.search(user=front_office, min_hours=25)) == ["Ana", "Cleo"]
    assert _names(selectors.search(user=front_office, live_in=True)) == ["Ana"]
    assert _names(selectors.search(user=front_office, nights=True, kind="babysitter")) == ["Cleo"]


def test_the_search_page_paginates_and_logs_the_workers_shown(client, register, social_worker_a):
    login(client, social_worker_a)
    response = client.get("/assistenti-familiari/ricerca/?cerca=1&lingua=it")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Assistenti disponibili (2)" in page and "Dora" not in page
    log = AccessLog.objects.get(user=social_worker_a, object_type="assistants.worker")
    assert log.action == "search"
    assert set(log.detail["assistenti"]) == {
        str(register["sitter_b"].uuid),
        str(register["both_ab"].uuid),
    }


def test_a_search_is_never_silently_cut(client, zone_a, front_office):
    for n in range(27):
        make_worker(zone_a, first_name=f"N{n:02d}")
    login(client, front_office)
    page = client.get("/assistenti-familiari/ricerca/?cerca=1").content.decode()
    assert "Assistenti disponibili (27)" in page and "Pagina 1 di 2" in page
    api = client.get("/api/v1/assistenti-familiari/ricerca?limit=10&offset=20").json()
    assert api["count"] == 27 and len(api["items"]) == 7 and api["next"] is None


def test_a_bad_search_is_answered_in_italian(client, front_office):
    login(client, front_office)
    response = client.get("/assistenti-familiari/ricerca/?cerca=1&ore=500")
    assert response.status_code == 422
    api = client.get("/api/v1/assistenti-familiari/ricerca?language=xx")
    assert api.status_code == 422 and "Lingua non valida" in api.json()["errors"]["language"][0]
