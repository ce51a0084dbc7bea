"""Matches: an access point puts a family in touch with a listed worker; the outcome later."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from ambito.assistants.models import Match
from ambito.assistants.services import matches as services
from ambito.core.models import AccessLog, User
from ambito.core.permissions import NotAllowed
from tests.assistants.conftest import make_worker
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_a_match_with_a_person_of_the_registry_then_its_contract(
    front_office, listed, access_point_a, person_a
):
    match = services.match_create(
        actor=front_office, worker=listed, access_point=access_point_a, person=person_a
    )
    assert match.outcome == "proposed" and match.recorded_by == front_office
    services.match_set_outcome(
        actor=front_office,
        match=match,
        outcome="started",
        hours_agreed=25,
        started_on=date.today(),
    )
    match.refresh_from_db()
    assert (match.outcome, match.hours_agreed) == ("started", 25)


def test_a_family_outside_the_registry_is_recorded_by_a_reference(
    social_worker_a, listed, access_point_a
):
    match = services.match_create(
        actor=social_worker_a,
        worker=listed,
        access_point=access_point_a,
        family_reference="Famiglia sportello n. 12",
    )
    assert match.person is None and match.family_reference == "Famiglia sportello n. 12"


def test_a_match_without_a_family_or_with_a_hidden_worker_is_refused_and_nothing_written(
    front_office, zone_a, planner, listed, access_point_a
):
    with pytest.raises(ValidationError) as error:
        services.match_create(
            actor=front_office,
            worker=listed,
            access_point=access_point_a,
            matched_on=date.today() + timedelta(days=3),
        )
    assert set(error.value.message_dict) == {"family_reference", "matched_on"}
    not_consented = make_worker(zone_a, consent=False)
    with pytest.raises(NotAllowed) as refused:
        services.match_create(
            actor=front_office,
            worker=not_consented,
            access_point=access_point_a,
            family_reference="F",
        )
    assert refused.value.hide
    # A manager sees the worker, yet a worker who is not listable is not matched.
    planner.user_permissions.add(
        *Permission.objects.filter(codename__in=["search_register", "add_match"])
    )
    planner = User.objects.get(pk=planner.pk)
    with pytest.raises(ValidationError) as error:
        services.match_create(
            actor=planner, worker=not_consented, access_point=access_point_a, family_reference="F"
        )
    assert "consenso" in error.value.message_dict["worker"][0]
    assert not Match.objects.exists()


def test_a_contract_started_needs_its_date_and_hours(front_office, listed, access_point_a):
    match = services.match_create(
        actor=front_office, worker=listed, access_point=access_point_a, family_reference="F"
    )
    with pytest.raises(ValidationError) as error:
        services.match_set_outcome(actor=front_office, match=match, outcome="ended")
    assert set(error.value.message_dict) == {"started_on", "hours_agreed", "ended_on"}
    match.refresh_from_db()
    assert match.outcome == "proposed"


def test_the_matches_page_logs_the_persons_shown_and_hides_other_municipalities(
    client, front_office, social_worker_b, listed, access_point_a, person_a
):
    match = services.match_create(
        actor=front_office, worker=listed, access_point=access_point_a, person=person_a
    )
    login(client, front_office)
    page = client.get("/assistenti-familiari/abbinamenti/").content.decode()
    assert "Rossi Mario" in page
    assert AccessLog.objects.filter(
        user=front_office, person=person_a, object_type="assistants.match"
    ).exists()
    # social_worker_b serves municipality B: the access point of A is not theirs.
    login(client, social_worker_b)
    assert client.get(f"/assistenti-familiari/abbinamenti/{match.uuid}/").status_code == 404


def test_the_match_page_records_a_match_by_fiscal_code(
    client, front_office, listed, access_point_a, person_a
):
    login(client, front_office)
    url = f"/assistenti-familiari/iscritti/{listed.uuid}/abbinamento/"
    response = client.post(
        url, {"fiscal_code": "XXXXXX00X00X000X", "access_point": access_point_a.uuid}
    )
    assert response.status_code == 422
    assert "Nessuna persona" in response.content.decode()
    assert not Match.objects.exists()
    response = client.post(
        url, {"fiscal_code": person_a.fiscal_code.lower(), "access_point": access_point_a.uuid}
    )
    assert response.status_code == 302
    assert Match.objects.get().person == person_a
