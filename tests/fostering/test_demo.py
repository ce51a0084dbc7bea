"""The foster-care demo of Crema on a small demo: every state, kind and model is there."""

import pytest

from ambito.demo.builder import build_demo, demo_delete
from ambito.fostering.models import (
    FamilyAvailability,
    FosterFamily,
    GroupMeeting,
    OriginMeeting,
    Placement,
    SupportGroup,
)

pytestmark = pytest.mark.django_db

CREMA = "distretto-crema"


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_demo(households_per_zone=30, seed=20190130)
    yield
    with django_db_blocker.unblock():
        demo_delete()


def test_crema_register_has_families_in_each_state_and_every_kind():
    families = FosterFamily.objects.filter(zone__code=CREMA)
    assert set(families.values_list("status", flat=True)) == {
        "applied", "training", "assessed", "registered", "not_suitable", "withdrawn",
    }  # fmt: skip
    kinds = set(
        FamilyAvailability.objects.filter(family__in=families).values_list("kind", flat=True)
    )
    assert kinds == {"residential", "daytime", "weekend", "summer", "emergency"}


def test_crema_has_placements_of_each_kind_with_meetings_and_two_groups():
    placements = Placement.objects.filter(zone__code=CREMA)
    assert set(placements.values_list("kind", flat=True)) == {
        "residential", "daytime", "weekend", "summer", "emergency",
    }  # fmt: skip
    assert placements.filter(ended_on__isnull=False).exists()
    assert OriginMeeting.objects.filter(placement__in=placements).exists()
    assert SupportGroup.objects.filter(zone__code=CREMA).count() == 2
    assert GroupMeeting.objects.filter(group__zone__code=CREMA).count() == 6
