"""The working groups' pages: the plan office sees the zone's groups and runs them; an
operator sees only the groups their organisation is a member of: another group, its
meetings, minutes and minutes file are a 404. Reading minutes is logged."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ambito.core.models import AccessLog
from ambito.network.models import GroupMeeting, WorkingGroup
from ambito.network.services import groups as services
from tests.conftest import login

pytestmark = pytest.mark.django_db

CREATED = dt.date(2026, 1, 15)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def yesterday():
    return timezone.localdate() - dt.timedelta(days=1)


def make_group(planner, line, name, *organisations, coordinator=None):
    group = services.group_create(
        actor=planner, line=line, name=name, kind="working_group", created_on=CREATED
    )
    for organisation in organisations:
        services.group_member_add(
            actor=planner, group=group, organisation=organisation,
            role="coordinator" if organisation == coordinator else "member", joined_on=CREATED,
        )  # fmt: skip
    return group


@pytest.fixture
def group_a(planner, line_1, body_a):
    return make_group(planner, line_1, "Gruppo di Alfa", body_a, coordinator=body_a)


@pytest.fixture
def group_b(planner, line_2, body_b):
    return make_group(planner, line_2, "Gruppo di Beta", body_b, coordinator=body_b)


@pytest.fixture
def meeting_b(planner, group_b):
    return services.meeting_record(
        actor=planner, group=group_b, held_on=yesterday(), place="Sede Beta", agenda="",
        minutes="Verbale riservato di Beta", present_members=[],
        minutes_file=SimpleUploadedFile("verbale.pdf", PDF, content_type="application/pdf"),
    )  # fmt: skip


def test_the_plan_office_sees_every_group_by_line(client, planner, group_a, group_b):
    response = login(client, planner).get(reverse("network:groups"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Gruppo di Alfa" in text and "Gruppo di Beta" in text
    assert 'data-testid="group-form"' in text


def test_an_operator_sees_only_the_groups_of_their_organisation(
    client, operator_a, group_a, group_b
):
    response = login(client, operator_a).get(reverse("network:groups"))
    text = response.content.decode()
    assert "Gruppo di Alfa" in text and "Gruppo di Beta" not in text
    assert 'data-testid="group-form"' not in text


def test_the_plan_office_creates_a_group_from_the_page(client, planner, line_1):
    response = login(client, planner).post(
        reverse("network:groups"),
        {"line": line_1.pk, "name": "Tavolo nuovo", "kind": "table", "created_on": "2026-02-01"},
    )
    group = WorkingGroup.objects.get(name="Tavolo nuovo")
    assert response.status_code == 302 and response.url == reverse(
        "network:group", args=[group.uuid]
    )


def test_a_group_in_the_future_is_refused_with_422_in_italian(client, planner, line_1):
    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    response = login(client, planner).post(
        reverse("network:groups"),
        {"line": line_1.pk, "name": "Tavolo", "kind": "table", "created_on": future},
    )
    assert response.status_code == 422
    assert "non può essere nel futuro" in response.content.decode()
    assert not WorkingGroup.objects.exists()


def test_operator_a_gets_404_on_the_group_meeting_minutes_and_file_of_b(
    client, operator_a, group_b, meeting_b
):
    login(client, operator_a)
    for url in (
        reverse("network:group", args=[group_b.uuid]),
        reverse("network:meeting", args=[meeting_b.uuid]),
        reverse("network:meeting_file", args=[meeting_b.uuid]),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Verbale riservato" not in response.content.decode()


def test_operator_b_reads_the_minutes_and_the_read_is_logged(client, operator_b, meeting_b):
    response = login(client, operator_b).get(reverse("network:meeting", args=[meeting_b.uuid]))
    assert response.status_code == 200
    assert "Verbale riservato di Beta" in response.content.decode()
    assert AccessLog.objects.filter(user=operator_b, object_uuid=meeting_b.uuid).count() == 1
    download = client.get(reverse("network:meeting_file", args=[meeting_b.uuid]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert AccessLog.objects.filter(user=operator_b, object_uuid=meeting_b.uuid).count() == 2


def test_the_coordinator_records_a_meeting_from_the_group_page(client, operator_a, group_a):
    member = group_a.members.get()
    response = login(client, operator_a).post(
        reverse("network:group", args=[group_a.uuid]),
        {
            "azione": "incontro",
            "incontro-held_on": yesterday().isoformat(),
            "incontro-place": "Sede Alfa",
            "incontro-minutes": "Si parte.",
            "incontro-present": [services.member_key(member)],
        },
    )
    meeting = GroupMeeting.objects.get()
    assert response.status_code == 302
    assert meeting.attendance.get().present


def test_a_meeting_in_the_future_rerenders_the_page_with_422(client, planner, group_a):
    response = login(client, planner).post(
        reverse("network:group", args=[group_a.uuid]),
        {"azione": "incontro", "incontro-held_on": "2099-01-01"},
    )
    assert response.status_code == 422
    assert "non può essere nel futuro" in response.content.decode()
    assert not GroupMeeting.objects.exists()


def test_a_plain_member_cannot_post_a_meeting(client, planner, operator_b, group_a, body_b):
    services.group_member_add(
        actor=planner, group=group_a, organisation=body_b, role="member", joined_on=CREATED
    )
    response = login(client, operator_b).post(
        reverse("network:group", args=[group_a.uuid]),
        {"azione": "incontro", "incontro-held_on": yesterday().isoformat()},
    )
    assert response.status_code == 403
    assert not GroupMeeting.objects.exists()


def test_the_plan_office_adds_a_member_and_a_programme_with_an_action(
    client, planner, group_a, body_b
):
    login(client, planner)
    url = reverse("network:group", args=[group_a.uuid])
    response = client.post(
        url,
        {"azione": "membro", "membro-organisation": body_b.pk, "membro-role": "member",
         "membro-joined_on": "2026-02-01"},
    )  # fmt: skip
    assert response.status_code == 302
    assert group_a.members.filter(organisation=body_b).exists()
    response = client.post(
        url,
        {"azione": "programma", "programma-title": "Programma 2026",
         "programma-period_start": "2026-01-01", "programma-period_end": "2026-12-31"},
    )  # fmt: skip
    programme = group_a.programmes.get()
    assert response.url == reverse("network:programme", args=[programme.uuid])
    response = client.post(
        response.url,
        {"azione_form": "azione", "azione-code": "A1", "azione-title": "Mappatura",
         "azione-status": "planned"},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(reverse("network:programme", args=[programme.uuid]))
    assert "Mappatura" in page.content.decode()
    response = client.post(
        reverse("network:programme", args=[programme.uuid]),
        {"azione_form": "concorda", "concorda-agreed_on": yesterday().isoformat()},
    )
    programme.refresh_from_db()
    assert response.status_code == 302 and programme.status == "agreed"


def test_an_operator_gets_404_on_a_programme_of_another_group(client, planner, operator_a, group_b):
    programme = services.programme_create(
        actor=planner, group=group_b, title="Programma di Beta",
        period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31),
    )  # fmt: skip
    response = login(client, operator_a).get(reverse("network:programme", args=[programme.uuid]))
    assert response.status_code == 404


def test_the_group_pages_need_a_login(client, group_a):
    response = client.get(reverse("network:group", args=[group_a.uuid]))
    assert response.status_code == 302 and "login" in response.url


def test_minutes_that_are_not_a_pdf_or_an_image_are_refused_with_nothing_written(
    client, planner, group_a
):
    fake = SimpleUploadedFile(
        "verbale.pdf", b"<html>non un pdf</html>", content_type="application/pdf"
    )
    response = login(client, planner).post(
        reverse("network:group", args=[group_a.uuid]),
        {"azione": "incontro", "incontro-held_on": yesterday().isoformat(),
         "incontro-minutes_file": fake},
    )  # fmt: skip
    assert response.status_code == 422
    assert not GroupMeeting.objects.exists()


def test_the_assembly_reads_a_group_without_the_forms(client, assembly_member, group_a):
    response = login(client, assembly_member).get(reverse("network:group", args=[group_a.uuid]))
    text = response.content.decode()
    assert response.status_code == 200 and "Associazione Alfa (prova)" in text
    for form in ("member-form", "meeting-form", "programme-form"):
        assert f'data-testid="{form}"' not in text
