"""The coordination of the area services (seed 001): who writes the services and their members
(the coordinators), a member once while active and only of the zone, the coordinator's
overview of the open cases per member (figures only, exact), and the audit rows.

The fixtures of this module (listed in `__all__`) are the cast of the other coordination
test modules too."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ambito.cases.models import Case, CaseMember
from ambito.cases.selectors import open_cases_by_worker
from ambito.cases.workflow import CaseStatus
from ambito.core.models import EventLog
from ambito.core.permissions import NotAllowed
from ambito.network.models import AreaService, AreaServiceMember
from ambito.network.selectors import coordination as selectors
from ambito.network.services import coordination as services
from tests.factories import PersonFactory, UserFactory

__all__ = [
    "pdf",
    "worker_2",
    "worker_other_zone",
    "foster_centre",
    "anti_violence_centre",
    "caseload",
    "make_case",
]

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


def pdf_bytes(text: str = "protocollo") -> bytes:
    return b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n"


@pytest.fixture
def pdf():
    def make(name: str = "protocollo.pdf", text: str = "protocollo"):
        return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")

    return make


@pytest.fixture
def worker_2(zone_a, municipality_a):
    return UserFactory(
        username="as_lucchesi",
        first_name="Giovanna",
        last_name="Lucchesi",
        zone=zone_a,
        roles=["social_worker"],
        municipalities=[municipality_a],
    )


@pytest.fixture
def worker_other_zone(zone_b):
    return UserFactory(
        username="as_cremona", last_name="Padani", zone=zone_b, roles=["social_worker"]
    )


@pytest.fixture
def foster_centre(coordinator):
    return services.area_service_create(
        actor=coordinator, kind="foster_care", name="Centro affidi della Piana"
    )


@pytest.fixture
def anti_violence_centre(coordinator):
    return services.area_service_create(
        actor=coordinator, kind="anti_violence", name="Centro antiviolenza Aiutodonna"
    )


@pytest.fixture
def make_case(zone_a, municipality_a):
    numbers = iter(range(1, 100))

    def make(*, manager=None, members=(), removed=(), closed=False, last_name=None):
        n = next(numbers)
        person = PersonFactory(
            residence_municipality=municipality_a,
            last_name=last_name or f"Assistito{chr(64 + n)}",
            first_name="Persona",
            sex="F",
        )
        case = Case.objects.create(
            number=f"2026/{n:05d}",
            zone=zone_a,
            municipality=municipality_a,
            person=person,
            source="direct",
            opened_at=timezone.now(),
            case_manager=manager,
            status=CaseStatus.CLOSED if closed else CaseStatus.ASSIGNED,
            closed_at=timezone.now() if closed else None,
        )
        if manager is not None:
            CaseMember.objects.create(case=case, user=manager, role="case_manager")
        for user in members:
            CaseMember.objects.create(case=case, user=user, role="social_worker")
        for user in removed:
            CaseMember.objects.create(
                case=case, user=user, role="social_worker", removed_at=timezone.now()
            )
        return case

    return make


@pytest.fixture
def caseload(
    coordinator, social_worker_a, worker_2, foster_centre, anti_violence_centre, make_case
):
    """Social worker A: manager of cases 1 and 2, active member of 3, removed from 4, manager
    of the closed 5 -> 3 open cases. Worker 2: member of 1, manager of 6 -> 2 open cases.
    The foster centre has both (and a third who left); the anti-violence centre worker 2."""
    c1 = make_case(manager=social_worker_a, members=[worker_2])
    c2 = make_case(manager=social_worker_a)
    c3 = make_case(members=[social_worker_a])
    make_case(removed=[social_worker_a])
    make_case(manager=social_worker_a, closed=True)
    c6 = make_case(manager=worker_2)
    for user in (social_worker_a, worker_2):
        services.area_service_member_add(
            actor=coordinator, service=foster_centre, user=user, joined_on=DAY
        )
    former = UserFactory(zone=coordinator.zone, roles=["social_worker"])
    make_case(manager=former)
    left = services.area_service_member_add(
        actor=coordinator, service=foster_centre, user=former, joined_on=DAY
    )
    services.area_service_member_remove(actor=coordinator, member=left, left_on=DAY)
    services.area_service_member_add(
        actor=coordinator, service=anti_violence_centre, user=worker_2, joined_on=DAY
    )
    return {"c1": c1, "c2": c2, "c3": c3, "c6": c6}


# --- area services and members ---------------------------------------------------------------


def test_a_coordinator_creates_and_updates_an_area_service(coordinator, social_worker_a):
    service = services.area_service_create(
        actor=coordinator,
        kind="child_uvm",
        name="  UVM tutela minori  ",
        coordinator=coordinator,
        email="uvm@example.org",
    )
    assert service.name == "UVM tutela minori" and service.zone_id == coordinator.zone_id
    created = EventLog.objects.get(object_uuid=service.uuid, action="create")
    assert "name" in created.fields and "UVM" not in " ".join(created.fields)
    services.area_service_update(
        actor=coordinator,
        service=service,
        kind="child_uvm",
        name="UVM tutela minori",
        coordinator=social_worker_a,
        email="uvm@example.org",
    )
    service.refresh_from_db()
    assert service.coordinator == social_worker_a
    updated = EventLog.objects.get(object_uuid=service.uuid, action="update")
    assert updated.fields == ["coordinator"]


def test_a_social_worker_may_not_create_an_area_service(social_worker_a):
    with pytest.raises(NotAllowed) as refused:
        services.area_service_create(actor=social_worker_a, kind="other", name="Coordinamento")
    assert "coordinamento" in refused.value.message.lower()
    assert not AreaService.objects.exists()


def test_a_name_twice_in_the_zone_and_a_bad_kind_are_refused_in_italian(coordinator, foster_centre):
    with pytest.raises(ValidationError) as error:
        services.area_service_create(
            actor=coordinator, kind="nursery", name="centro affidi della piana"
        )
    assert error.value.message_dict == {
        "kind": ["Scegli il tipo di servizio di area."],
        "name": ["Nell'ambito c'è già un servizio di area con questo nome."],
    }
    assert AreaService.objects.count() == 1


def test_a_member_joins_once_while_active_and_may_join_again_after_leaving(
    coordinator, social_worker_a, foster_centre
):
    member = services.area_service_member_add(
        actor=coordinator,
        service=foster_centre,
        user=social_worker_a,
        role="Referente",
        joined_on=DAY,
    )
    with pytest.raises(ValidationError) as error:
        services.area_service_member_add(
            actor=coordinator, service=foster_centre, user=social_worker_a, joined_on=DAY
        )
    assert error.value.message_dict == {
        "user": ["L'operatore fa già parte di questo servizio di area."]
    }
    assert AreaServiceMember.objects.count() == 1
    with pytest.raises(ValidationError) as error:
        services.area_service_member_remove(
            actor=coordinator, member=member, left_on=DAY - dt.timedelta(days=1)
        )
    assert "precedere" in error.value.message_dict["left_on"][0]
    services.area_service_member_remove(actor=coordinator, member=member, left_on=DAY)
    with pytest.raises(ValidationError):
        services.area_service_member_remove(actor=coordinator, member=member, left_on=DAY)
    again = services.area_service_member_add(
        actor=coordinator, service=foster_centre, user=social_worker_a, joined_on=DAY
    )
    assert again.pk != member.pk
    actions = list(
        EventLog.objects.filter(object_uuid=foster_centre.uuid).values_list("action", flat=True)
    )
    assert sorted(actions) == ["create", "link", "link", "unlink"]


def test_a_member_from_another_zone_is_refused_and_nothing_is_written(
    coordinator, foster_centre, worker_other_zone
):
    before = EventLog.objects.count()
    with pytest.raises(ValidationError) as error:
        services.area_service_member_add(
            actor=coordinator, service=foster_centre, user=worker_other_zone, joined_on=DAY
        )
    assert error.value.message_dict == {
        "user": ["L'operatore indicato non lavora in questo ambito."]
    }
    assert not AreaServiceMember.objects.exists()
    assert EventLog.objects.count() == before


def test_a_missing_date_is_said_with_the_other_errors(coordinator, foster_centre):
    with pytest.raises(ValidationError) as error:
        services.area_service_member_add(
            actor=coordinator, service=foster_centre, user=None, joined_on=None
        )
    assert set(error.value.message_dict) == {"user", "joined_on"}


def test_another_zones_coordinator_does_not_find_the_service(foster_centre, zone_b, worker_2):
    other = UserFactory(zone=zone_b, roles=["coordinator"])
    with pytest.raises(NotAllowed) as refused:
        services.area_service_member_add(
            actor=other, service=foster_centre, user=worker_2, joined_on=DAY
        )
    assert refused.value.hide
    assert list(selectors.area_services(user=other)) == []


def test_the_zones_services_list_their_active_members(
    caseload, social_worker_a, foster_centre, worker_2
):
    (foster, anti) = selectors.area_services(user=social_worker_a)
    assert foster == foster_centre
    assert {m.user for m in foster.active_members} == {social_worker_a, worker_2}
    assert [m.user for m in anti.active_members] == [worker_2]


# --- the cases' figures and the coordinator's overview --------------------------------------


def test_open_cases_by_worker_counts_manager_and_active_member_once(
    caseload, social_worker_a, worker_2, zone_a
):
    loads = open_cases_by_worker(zone_id=zone_a.pk, user_ids=[social_worker_a.pk, worker_2.pk])
    c = caseload
    assert loads[social_worker_a.pk] == {c["c1"].pk, c["c2"].pk, c["c3"].pk}
    assert loads[worker_2.pk] == {c["c1"].pk, c["c6"].pk}
    assert open_cases_by_worker(zone_id=zone_a.pk, user_ids=[]) == {}


def test_the_overview_figures_are_exact(caseload, coordinator):
    overview = selectors.area_overview(user=coordinator)
    rows = {row.service.name: row for row in overview.services}
    foster = rows["Centro affidi della Piana"]
    assert (foster.workers, foster.loads, foster.open_cases) == (2, [3, 2], 4)
    assert foster.max_load == 3 and foster.mean_load == 2.5
    anti = rows["Centro antiviolenza Aiutodonna"]
    assert (anti.workers, anti.loads, anti.open_cases) == (1, [2], 2)
    assert (overview.workers, overview.open_cases) == (2, 4)
    assert overview.my_cases == []


def test_the_coordinator_sees_only_the_cases_of_their_own_team(caseload, coordinator, make_case):
    mine = make_case(members=[coordinator])
    assert [c.number for c in selectors.area_overview(user=coordinator).my_cases] == [mine.number]


def test_only_who_coordinates_gets_the_overview(caseload, social_worker_a, planner):
    for user in (social_worker_a, planner):
        with pytest.raises(NotAllowed):
            selectors.area_overview(user=user)
