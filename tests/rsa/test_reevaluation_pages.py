"""The plan office re-evaluates an application and changes its preferred structures from the
application's page: the score, the class and the rankings follow; bad input changes nothing."""

import pytest
from django.urls import reverse

from ambito.rsa.models import RankingRow
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _evaluation(health, **items):
    return {"evaluated_on": "2025-04-01", "health_score": str(health), **items}


def test_a_new_evaluation_moves_the_application_up_the_ranking(client, planner, apply, rsa_one):
    first, second = apply(80), apply(40)
    assert RankingRow.objects.get(structure=rsa_one, application=second).position == 2
    client = login(client, planner)
    page = client.get(reverse("rsa:application", args=[second.uuid])).content.decode()
    assert 'data-testid="rsa-evaluation-form"' in page
    answer = client.post(reverse("rsa:evaluate", args=[second.uuid]), _evaluation(95))
    assert answer.status_code == 302
    second.refresh_from_db()
    assert second.health_score == 95
    assert RankingRow.objects.get(structure=rsa_one, application=second).position == 1
    assert RankingRow.objects.get(structure=rsa_one, application=first).position == 2


def test_a_score_out_of_range_is_refused_in_italian_and_nothing_changes(
    client, planner, apply, rsa_one
):
    application = apply(40)
    client = login(client, planner)
    answer = client.post(reverse("rsa:evaluate", args=[application.uuid]), _evaluation(150))
    assert answer.status_code == 422
    assert "100" in answer.content.decode()  # "Assicurati che questo valore sia minore …"
    application.refresh_from_db()
    assert application.health_score == 40


def test_new_preferences_take_the_application_off_a_structure_s_ranking(
    client, planner, apply, rsa_one, rsa_two
):
    application = apply(60)
    client = login(client, planner)
    answer = client.post(
        reverse("rsa:preferences", args=[application.uuid]), {"structures": [rsa_two.pk]}
    )
    assert answer.status_code == 302
    assert not RankingRow.objects.filter(structure=rsa_one, application=application).exists()
    assert RankingRow.objects.filter(structure=rsa_two, application=application).exists()


def test_a_social_worker_may_not_re_evaluate(client, social_worker_a, apply):
    application = apply(60)
    client = login(client, social_worker_a)
    answer = client.post(reverse("rsa:evaluate", args=[application.uuid]), _evaluation(99))
    assert answer.status_code in (403, 404)
    application.refresh_from_db()
    assert application.health_score == 60
