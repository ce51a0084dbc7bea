"""Who sees what: the plan office everything; a managing body only its structures' ranking,
without names but of the applicants offered a bed there; a social worker the applications of
their cases; another zone nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from ambito.rsa.models import Application, RankingRow
from ambito.rsa.services import applications as rsa
from tests.conftest import login

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(apply, planner, rsa_one):
    first = apply(80, person=None)
    second = apply(60)
    offer = rsa.offer_make(
        actor=planner, application=first, structure=rsa_one, offered_on=D(2025, 4, 1)
    )
    return first, second, offer


def test_a_managing_body_sees_only_its_structures_ranking(listed, body_user, rsa_one, rsa_two):
    rows = RankingRow.objects.visible_to(body_user)
    assert set(rows.values_list("structure_id", flat=True)) == {rsa_one.pk}
    assert not Application.objects.visible_to(body_user).exists()


def test_the_ranking_page_of_a_body_names_only_the_applicant_offered_there(
    client, listed, body_user, rsa_one
):
    first, second, _ = listed
    page = login(client, body_user).get(reverse("rsa:structure", args=[rsa_one.uuid]))
    assert page.status_code == 200
    html = page.content.decode()
    assert first.person.full_name in html
    assert second.number in html
    assert second.person.full_name not in html


def test_another_body_gets_404_on_a_structure_it_does_not_manage(
    client, listed, other_body_user, rsa_one
):
    page = login(client, other_body_user).get(reverse("rsa:structure", args=[rsa_one.uuid]))
    assert page.status_code == 404


def test_a_body_records_the_reply_and_admission_at_its_structure(
    client, listed, body_user, fee_rule
):
    first, _, offer = listed
    client = login(client, body_user)
    url = reverse("rsa:offer", args=[offer.uuid])
    assert client.post(url, {"reply": "accepted", "replied_on": "2025-04-02"}).status_code == 302
    answer = client.post(
        url, {"structure": offer.structure_id, "admitted_on": "2025-04-05", "monthly_fee": "1900"}
    )
    assert answer.status_code == 302
    first.refresh_from_db()
    assert first.status == "admitted"


def test_a_social_worker_applies_from_a_case_and_reads_it(
    client, case_a, social_worker_a, social_worker_b, sheet, rsa_one
):
    client = login(client, social_worker_a)
    answer = client.post(
        reverse("rsa:application_add") + f"?cartella={case_a.uuid}",
        {
            "cartella": case_a.uuid,
            "submitted_on": "2025-03-01",
            "structures": [rsa_one.pk],
            "evaluated_on": "2025-03-01",
            "health_score": "70",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    application = Application.objects.get(case=case_a)
    assert client.get(reverse("rsa:application", args=[application.uuid])).status_code == 200
    assert (
        "1ª: classe ordinaria"
        in client.get(reverse("rsa:application", args=[application.uuid])).content.decode()
    )
    other = login(client, social_worker_b)
    assert other.get(reverse("rsa:application", args=[application.uuid])).status_code == 404


def test_another_zone_sees_nothing(listed, social_worker_other_zone):
    assert not Application.objects.visible_to(social_worker_other_zone).exists()
    assert not RankingRow.objects.visible_to(social_worker_other_zone).exists()


def test_the_planner_pages_answer(client, listed, planner, rsa_one, fee_rule):
    client = login(client, planner)
    first, _, _ = listed
    for url in (
        reverse("rsa:home"),
        reverse("rsa:applications"),
        reverse("rsa:configuration"),
        reverse("rsa:reports"),
        reverse("rsa:structure_history", args=[rsa_one.uuid]),
        reverse("rsa:structure", args=[rsa_one.uuid]) + "?al=2025-03-15",
        reverse("rsa:application", args=[first.uuid]),
    ):
        assert client.get(url).status_code == 200, url
    export = client.get(reverse("rsa:reports") + "?formato=csv")
    assert "RSA Uno" in export.content.decode()


def test_the_api_gives_a_body_its_ranking_without_other_names(
    client, listed, body_user, rsa_one, rsa_two
):
    first, second, _ = listed
    client = login(client, body_user)
    structures = client.get("/api/v1/rsa/strutture").json()["items"]
    assert [s["name"] for s in structures] == ["RSA Uno"]
    ranking = client.get(f"/api/v1/rsa/strutture/{rsa_one.uuid}/graduatoria").json()["items"]
    names = {r["number"]: r["name"] for r in ranking}
    assert names == {first.number: first.person.full_name, second.number: ""}
    assert client.get(f"/api/v1/rsa/strutture/{rsa_two.uuid}/graduatoria").status_code == 404


def test_the_plan_office_registers_an_application_by_fiscal_code_of_a_person_of_its_zone(
    client, planner, person_a, sheet, rsa_one
):
    client = login(client, planner)
    data = {
        "fiscal_code": person_a.fiscal_code.lower(),
        "contact": "La figlia, al PUA di Crema",
        "submitted_on": "2025-03-01",
        "structures": [rsa_one.pk],
        "evaluated_on": "2025-03-01",
        "health_score": "55",
    }
    answer = client.post(reverse("rsa:application_add"), data)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert Application.objects.filter(person=person_a, case__isnull=True).count() == 1


def test_a_fiscal_code_outside_the_zone_is_refused_in_italian_and_nothing_is_written(
    client, planner, sheet, rsa_one, municipality_other_zone
):
    from tests.factories import PersonFactory

    stranger = PersonFactory(residence_municipality=municipality_other_zone)
    client = login(client, planner)
    answer = client.post(
        reverse("rsa:application_add"),
        {
            "fiscal_code": stranger.fiscal_code,
            "contact": "Il figlio",
            "submitted_on": "2025-03-01",
            "structures": [rsa_one.pk],
            "evaluated_on": "2025-03-01",
            "health_score": "55",
        },
    )
    assert answer.status_code == 422
    assert "Indica la persona (dell&#x27;ambito)" in answer.content.decode()
    assert not Application.objects.exists()
