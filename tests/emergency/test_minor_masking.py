"""Issue 14: a minor's identity masked on the emergency page stays masked in whatever is
derived from the emergency: the hand-over's case opening never links the minor's registry
record for a user who may not see minors' identity."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ambito.cases.models import Case
from ambito.emergency import services
from tests.emergency.conftest import report
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(municipality_a):
    return PersonFactory(
        residence_municipality=municipality_a,
        first_name="Leo",
        last_name="Zanardelli",
        birth_date=timezone.localdate() - dt.timedelta(days=6 * 365),
    )


@pytest.fixture
def child_emergency(operator, municipality_a, child):
    return report(
        operator,
        municipality_a,
        criteria=("MIN.ABB",),
        persons=[
            {"description": "donna di circa 30 anni"},
            {"fiscal_code": child.fiscal_code, "age": 6},
        ],
    )


def test_the_hand_over_does_not_open_a_case_for_a_masked_minor(
    client, social_worker_a, child_emergency, child
):
    client.force_login(social_worker_a)
    page = client.get(reverse("emergency:detail", args=[child_emergency.uuid])).content.decode()
    assert "Zanardelli" not in page and "Minore (dati riservati)" in page
    response = client.post(
        reverse("emergency:acknowledge", args=[child_emergency.uuid]),
        {"open_case": "on", "case_number": "", "note": ""},
    )
    assert response.status_code == 422
    assert "Zanardelli" not in response.content.decode()
    assert not Case.objects.filter(person=child).exists()
    child_emergency.handover.refresh_from_db()
    assert child_emergency.handover.acknowledged_at is None


def test_the_service_never_links_the_minor_for_whoever_may_not_see_minors(
    social_worker_a, child_emergency, child
):
    with pytest.raises(ValidationError) as error:
        services.handover_acknowledge(
            handover=child_emergency.handover, actor=social_worker_a, open_case=True
        )
    assert "Zanardelli" not in str(error.value)
    assert not Case.objects.exists()


def test_the_adult_of_a_minors_emergency_gets_the_case(
    social_worker_a, operator, municipality_a, child
):
    mother = PersonFactory(residence_municipality=municipality_a, birth_date=dt.date(1990, 1, 1))
    emergency = report(
        operator,
        municipality_a,
        criteria=("MIN.ABB",),
        persons=[
            {"fiscal_code": child.fiscal_code, "age": 6},
            {"fiscal_code": mother.fiscal_code, "age": 35},
        ],
    )
    handover = services.handover_acknowledge(
        handover=emergency.handover, actor=social_worker_a, open_case=True
    )
    assert handover.case.person == mother
    assert not Case.objects.filter(person=child).exists()
