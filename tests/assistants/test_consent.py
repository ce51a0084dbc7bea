"""Without the worker's consent the worker is never in a search nor on the charter; a
withdrawal hides them at once, everywhere."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ambito.assistants.choices import WorkerState
from ambito.assistants.selectors import register as selectors
from ambito.assistants.services import register as services
from tests.assistants.conftest import make_worker
from tests.conftest import login

pytestmark = pytest.mark.django_db

SEARCH = "/assistenti-familiari/ricerca/?cerca=1"
API_SEARCH = "/api/v1/assistenti-familiari/ricerca"


def _public(client):
    return client.get("/carta/zona-a/assistenti-familiari/")


def test_a_worker_without_consent_is_in_no_search_and_not_on_the_charter(
    client, zone_a, front_office, published
):
    make_worker(zone_a, first_name="Zelda", consent=False)
    assert not selectors.search(user=front_office).exists()
    assert "Zelda" not in _public(client).content.decode()
    login(client, front_office)
    assert "Zelda" not in client.get(SEARCH).content.decode()
    assert client.get(API_SEARCH).json()["count"] == 0


def test_a_withdrawal_hides_the_worker_at_once_everywhere(
    client, zone_a, front_office, planner, listed, published
):
    login(client, front_office)
    assert client.get(SEARCH).content.decode().count('data-testid="search-row"') == 1
    assert client.get(f"/assistenti-familiari/iscritti/{listed.uuid}/").status_code == 200
    assert "Ana P." in _public(client).content.decode()

    response = client.post(f"/assistenti-familiari/iscritti/{listed.uuid}/revoca-consenso/")
    assert response.status_code == 302
    listed.refresh_from_db()
    assert listed.consent_withdrawn_on == date.today() and not listed.show_phone

    assert 'data-testid="search-row"' not in client.get(SEARCH).content.decode()
    assert client.get(API_SEARCH).json()["count"] == 0
    assert client.get(f"/assistenti-familiari/iscritti/{listed.uuid}/").status_code == 404
    assert client.get(f"/api/v1/assistenti-familiari/lavoratori/{listed.uuid}").status_code == 404
    client.logout()
    assert "Ana P." not in _public(client).content.decode()
    # The manager still sees them in the register, with the withdrawal.
    login(client, planner)
    page = client.get(f"/assistenti-familiari/iscritti/{listed.uuid}/").content.decode()
    assert "Revocato il" in page


def test_a_suspended_worker_is_hidden_from_the_access_point(zone_a, front_office, planner, listed):
    services.worker_set_state(
        actor=planner, worker=listed, state=WorkerState.SUSPENDED, reason="Verifica in corso"
    )
    assert not selectors.search(user=front_office).exists()
    assert selectors.search(user=planner).count() == 0  # a manager's search shows what families see
    assert selectors.workers_for(user=planner).count() == 1


def test_a_new_consent_after_a_withdrawal_lists_the_worker_again(planner, front_office, listed):
    services.consent_withdraw(actor=planner, worker=listed)
    services.consent_give(actor=planner, worker=listed)
    listed.refresh_from_db()
    assert listed.consented and listed.consent_withdrawn_on is None
    assert selectors.search(user=front_office).get() == listed


def test_consent_cannot_be_given_twice_nor_withdrawn_when_not_given(planner, zone_a, listed):
    with pytest.raises(ValidationError) as error:
        services.consent_give(actor=planner, worker=listed)
    assert "già stato dato" in error.value.message_dict["on"][0]
    without = make_worker(zone_a, consent=False)
    with pytest.raises(ValidationError) as error:
        services.consent_withdraw(actor=planner, worker=without)
    assert "Non c'è un consenso" in error.value.message_dict["on"][0]
    without.refresh_from_db()
    assert without.consent_withdrawn_on is None


def test_the_phone_needs_its_own_consent_and_a_phone(planner, zone_a):
    worker = make_worker(zone_a, consent=False)
    with pytest.raises(ValidationError) as error:
        services.consent_give(actor=planner, worker=worker, show_phone=True)
    assert "telefono" in error.value.message_dict["show_phone"][0]
    worker.refresh_from_db()
    assert worker.consent_given_on is None
