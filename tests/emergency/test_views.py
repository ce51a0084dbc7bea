import datetime as dt

from django.urls import reverse
from django.utils import timezone

from ambito.core.models import EventLog
from ambito.emergency import services
from ambito.emergency.models import Emergency, Handover, OnCallShift, Placement
from tests.conftest import login

from .conftest import criterion, report


def _form(municipality, **overrides):
    data = {
        "reported_at": (timezone.localtime() - dt.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
        "reporter_kind": "police",
        "reporter_name": "Carabinieri di Pistoia",
        "reporter_phone": "0573 000000",
        "municipality": municipality.pk,
        "location": "Stazione ferroviaria",
        "situation": "Donna con bambino senza alloggio dopo una lite.",
        "criteria": [criterion("ADU.VIO").pk],
        "persona-TOTAL_FORMS": "3",
        "persona-INITIAL_FORMS": "0",
        "persona-MIN_NUM_FORMS": "0",
        "persona-MAX_NUM_FORMS": "3",
        "persona-0-description": "donna di circa 30 anni",
        "persona-0-age": "30",
        "persona-0-sex": "F",
        "persona-1-description": "bambino di circa 4 anni",
        "persona-1-age": "4",
    }
    data.update(overrides)
    return data


def test_the_operator_records_a_report_from_the_form(client, operator, municipality_a):
    response = login(client, operator).post(
        reverse("emergency:report_create"), _form(municipality_a)
    )
    emergency = Emergency.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("emergency:detail", args=[emergency.uuid])
    assert emergency.persons.count() == 2 and emergency.involves_minor
    assert emergency.handover.municipality == municipality_a
    page = client.get(response["Location"])
    assert "Segnalazione " + emergency.number in page.content.decode()


def test_a_future_time_in_the_form_is_refused_in_italian_and_nothing_is_written(
    client, operator, municipality_a
):
    future = (timezone.localtime() + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = login(client, operator).post(
        reverse("emergency:report_create"), _form(municipality_a, reported_at=future)
    )
    assert response.status_code == 422
    assert "non può essere nel futuro" in response.content.decode()
    assert not Emergency.objects.exists() and not Handover.objects.exists()
    assert not EventLog.objects.filter(object_type="emergency.emergency").exists()


def test_a_hand_over_outside_the_zone_from_the_form_is_refused(
    client, operator, municipality_a, municipality_other_zone
):
    response = login(client, operator).post(
        reverse("emergency:report_create"),
        _form(municipality_a, handover_municipality=municipality_other_zone.pk),
    )
    assert response.status_code == 422
    assert "non è un comune di questo ambito" in response.content.decode()
    assert not Emergency.objects.exists()


def test_the_form_is_closed_to_the_front_office(client, front_office):
    assert login(client, front_office).get(reverse("emergency:report_create")).status_code == 403


def test_placing_from_the_page(client, operator, emergency, shelter):
    response = login(client, operator).post(
        reverse("emergency:place", args=[emergency.uuid]),
        {"shelter": str(shelter.uuid), "place_type": "woman_child", "places": "2"},
    )
    assert response.status_code == 302
    assert Placement.objects.get().places == 2


def test_placing_into_a_full_shelter_shows_the_message_and_writes_nothing(
    client, operator, emergency, shelter
):
    response = login(client, operator).post(
        reverse("emergency:place", args=[emergency.uuid]),
        {"shelter": str(shelter.uuid), "place_type": "woman_child", "places": "3"},
    )
    assert response.status_code == 422
    assert "Posti non disponibili" in response.content.decode()
    assert not Placement.objects.exists()
    emergency.refresh_from_db()
    assert emergency.outcome == "pending"


def test_placing_into_a_closed_shelter_is_refused(client, operator, emergency, shelter):
    shelter.is_open = False
    shelter.save()
    response = login(client, operator).post(
        reverse("emergency:place", args=[emergency.uuid]),
        {"shelter": str(shelter.uuid), "place_type": "adult", "places": "1"},
    )
    assert response.status_code == 422
    assert not Placement.objects.exists()


def test_ending_a_placement_from_the_page(client, operator, emergency, shelter):
    placement = services.placement_create(
        emergency=emergency, shelter=shelter, actor=operator, place_type="adult"
    )
    login(client, operator).post(reverse("emergency:placement_end", args=[placement.uuid]))
    placement.refresh_from_db()
    assert placement.left_at is not None


def test_the_home_shows_who_is_on_call_now_and_the_free_places(client, operator, zone_a, shelter):
    now = timezone.now()
    OnCallShift.objects.create(
        zone=zone_a,
        user=operator,
        role="operator",
        starts_at=now - dt.timedelta(hours=3),
        ends_at=now + dt.timedelta(hours=5),
        phone="333 1234567",
    )
    html = login(client, operator).get(reverse("emergency:home")).content.decode()
    assert "Sara Notturni" in html and "333 1234567" in html
    assert "Donne con bambini: <strong>2</strong>" in html


def test_the_shelters_page_lists_capacity_occupied_and_free(client, operator, emergency, shelter):
    services.placement_create(
        emergency=emergency, shelter=shelter, actor=operator, place_type="adult"
    )
    html = login(client, operator).get(reverse("emergency:shelters")).content.decode()
    assert shelter.name in html
    assert "adulti <strong>1</strong>" in html


def test_the_social_worker_sees_the_hand_over_on_my_work_and_acknowledges_it(
    client, social_worker_a, emergency
):
    html = login(client, social_worker_a).get(reverse("cases:my_work")).content.decode()
    assert "Passaggi dal pronto intervento sociale" in html
    assert emergency.handover.due_on.strftime("%d/%m/%Y") in html
    response = client.post(
        reverse("emergency:acknowledge", args=[emergency.uuid]), {"note": "Colloquio domani"}
    )
    assert response.status_code == 302
    emergency.handover.refresh_from_db()
    assert emergency.handover.acknowledged_by == social_worker_a
    html = client.get(reverse("cases:my_work")).content.decode()
    assert "Passaggi dal pronto intervento sociale" not in html


def test_the_hand_over_does_not_appear_for_another_municipality(client, social_worker_b, emergency):
    html = login(client, social_worker_b).get(reverse("cases:my_work")).content.decode()
    assert "Passaggi dal pronto intervento sociale" not in html


def test_the_coordinator_adds_a_shift_and_a_bad_one_is_refused(client, zone_a, operator):
    from tests.factories import UserFactory

    coordinator = UserFactory(username="coord", zone=zone_a, roles=["coordinator"])
    start = timezone.localtime().replace(second=0, microsecond=0)
    data = {
        "user": operator.pk,
        "role": "operator",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": start.strftime("%Y-%m-%dT%H:%M"),
    }
    response = login(client, coordinator).post(reverse("emergency:rota"), data)
    assert response.status_code == 422
    assert "La fine del turno deve seguire l&#x27;inizio" in response.content.decode()
    data["ends_at"] = (start + dt.timedelta(hours=12)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(reverse("emergency:rota"), data).status_code == 302
    assert OnCallShift.objects.get().user == operator


def test_the_rota_is_read_only_for_the_operator(client, operator):
    login(client, operator)
    assert client.get(reverse("emergency:rota")).status_code == 200
    assert client.post(reverse("emergency:rota"), {}).status_code == 403


def test_not_an_emergency_from_the_page(client, operator, municipality_a):
    emergency = report(operator, municipality_a, criteria=())
    response = login(client, operator).post(
        reverse("emergency:not_emergency", args=[emergency.uuid]),
        {"reason": "Richiesta di informazioni sul bonus affitto", "referred_to": "Segretariato"},
    )
    assert response.status_code == 302
    emergency.refresh_from_db()
    assert emergency.outcome == "not_emergency"


def test_the_form_offers_the_zones_own_criteria_and_not_another_zones(
    client, operator, zone_a, zone_b
):
    from ambito.emergency.models import UrgencyCriterion

    UrgencyCriterion.objects.create(
        code="ZA.1", label="Ondata di calore: anziano solo", zone=zone_a
    )
    UrgencyCriterion.objects.create(code="ZB.1", label="Criterio della zona B", zone=zone_b)
    UrgencyCriterion.objects.filter(code="ALT.TRA").update(active=False)
    html = login(client, operator).get(reverse("emergency:report_create")).content.decode()
    assert "Ondata di calore: anziano solo" in html
    assert "Criterio della zona B" not in html
    assert "Vittima di tratta" not in html
    assert "Emergenza per la protezione e tutela di minori" in html


def test_the_hand_over_deadline_reads_as_a_sentence(client, operator, emergency):
    """Reads "entro il venerdì 04/12/2026": lower case, no stray full stop after the name."""
    html = login(client, operator).get(reverse("emergency:detail", args=[emergency.uuid]))
    text = " ".join(html.content.decode().split())
    due = emergency.handover.due_on
    weekday = ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"]
    assert f"entro il <strong>{weekday[due.weekday()]} {due:%d/%m/%Y}</strong>" in text
    assert "</strong>." not in text.split('data-testid="handover"')[1].split("</p>")[0]
