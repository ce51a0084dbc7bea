from datetime import time

import pytest
from django.urls import reverse

from ambito.core.models import EventLog
from ambito.territory.models import AccessPoint, Staff
from tests.factories import PopulationFactory

pytestmark = pytest.mark.django_db


def hours_formset(*rows, total=3):
    """POST data of the opening-hours formset (prefix "orari")."""
    data = {"orari-TOTAL_FORMS": str(total), "orari-INITIAL_FORMS": "0"}
    for index in range(total):
        weekday, opens, closes = rows[index] if index < len(rows) else ("", "", "")
        data.update(
            {
                f"orari-{index}-weekday": weekday,
                f"orari-{index}-opens": opens,
                f"orari-{index}-closes": closes,
            }
        )
    return data


# --- the zone page ---------------------------------------------------------------------------


def test_zone_page_shows_municipalities_codes_and_population_the_italian_way(
    client, social_worker_a, municipality_a, municipality_b
):
    PopulationFactory(municipality=municipality_a, year=2024, population=171723)
    client.force_login(social_worker_a)
    response = client.get(reverse("territory:zone"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Pistoia", "047014", "G713", "Quarrata", "171.723", "2024"):
        assert text in html
    assert "2.024" not in html  # years are not numbers with separators
    assert response.context["breadcrumbs"] == [("Territorio", None)]


def test_zone_page_shows_shares_and_warns_when_they_do_not_add_up_to_100(
    client, social_worker_a, seed_002_members
):
    client.force_login(social_worker_a)
    html = client.get(reverse("territory:zone")).content.decode()
    assert "34,76%" in html
    assert (
        '<div class="alert alert-warning" role="alert" data-testid="share-warning">'
        "Le quote dei soci sommano a 99,00%, non a 100%" in html
    )


def test_zone_page_shows_the_runts_number_of_third_sector_entities(client, social_worker_a, zone_a):
    zone_a.organisations.create(
        kind="third_sector", name="Misericordia di Pistoia", legal_form="ODV", runts_number="R-4521"
    )
    client.force_login(social_worker_a)
    html = client.get(reverse("territory:zone")).content.decode()
    assert "Ente del Terzo settore" in html
    assert "R-4521" in html


def test_zone_page_can_show_the_population_of_a_past_year(client, social_worker_a, populations):
    client.force_login(social_worker_a)
    response = client.get(reverse("territory:zone"), {"anno": "2023"})
    assert response.context["overview"].total_population == 116000
    assert "116.000" in response.content.decode()


def test_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(reverse("territory:zone"))
    assert response.status_code == 302
    assert reverse("core:login") in response["Location"]


def test_user_without_a_role_gets_403_on_the_territory_pages(client, outsider):
    client.force_login(outsider)
    for name in ("territory:zone", "territory:access_points", "territory:staff"):
        assert client.get(reverse(name)).status_code == 403


# --- access points ---------------------------------------------------------------------------


def test_access_points_page_lists_hours_weekly_hours_and_counts(
    client, front_office, urp_pistoia, access_point_other_zone
):
    client.force_login(front_office)
    response = client.get(reverse("territory:access_points"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "URP Pistoia" in html
    assert "lun 9:00-12:30; mer 15:00-17:00" in html
    assert "5,5" in html
    assert "Segretariato Crema" not in html
    counts = {row.municipality.name: row.count for row in response.context["counts"]}
    assert counts == {"Pistoia": 1, "Quarrata": 0}


def test_access_points_page_filters_by_municipality_uuid(
    client, front_office, urp_pistoia, municipality_b
):
    client.force_login(front_office)
    response = client.get(reverse("territory:access_points"), {"municipality": municipality_b.uuid})
    assert response.context["access_points"] == []
    assert response.context["filtered"] is True


def test_access_point_detail_shows_its_opening_hours(client, social_worker_a, urp_pistoia):
    client.force_login(social_worker_a)
    response = client.get(reverse("territory:access_point_detail", args=[urp_pistoia.uuid]))
    assert response.status_code == 200
    assert "mercoledì" in response.content.decode()


def test_access_point_of_another_zone_is_not_found(
    client, social_worker_a, access_point_other_zone
):
    client.force_login(social_worker_a)
    url = reverse("territory:access_point_detail", args=[access_point_other_zone.uuid])
    assert client.get(url).status_code == 404


def test_planner_cannot_even_open_the_edit_page_of_another_zones_access_point(
    client, planner, access_point_other_zone
):
    client.force_login(planner)
    url = reverse("territory:access_point_edit", args=[access_point_other_zone.uuid])
    assert client.get(url).status_code == 404


def test_outsider_and_social_worker_get_403_on_the_access_point_edit_pages(
    client, outsider, social_worker_a, urp_pistoia
):
    for user in (outsider, social_worker_a):
        client.force_login(user)
        assert client.get(reverse("territory:access_point_create")).status_code == 403
        url = reverse("territory:access_point_edit", args=[urp_pistoia.uuid])
        assert client.get(url).status_code == 403


def test_planner_creates_an_access_point_with_its_opening_hours(client, planner, municipality_b):
    client.force_login(planner)
    data = {
        "name": "PUA Quarrata",
        "kind": "pua_desk",
        "municipality": str(municipality_b.uuid),
        "address": "Via Vittorio Veneto 2",
        **hours_formset(("0", "09:00", "12:30"), ("2", "15:00", "17:00")),
    }
    response = client.post(reverse("territory:access_point_create"), data)
    access_point = AccessPoint.objects.get(name="PUA Quarrata")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "territory:access_point_detail", args=[access_point.uuid]
    )
    assert list(access_point.opening_hours.values_list("weekday", "opens", "closes")) == [
        (0, time(9), time(12, 30)),
        (2, time(15), time(17)),
    ]
    assert EventLog.objects.filter(object_uuid=access_point.uuid, user=planner).exists()


def test_overlapping_hours_are_shown_in_italian_and_nothing_is_saved(
    client, planner, municipality_b
):
    client.force_login(planner)
    data = {
        "name": "PUA Quarrata",
        "kind": "pua_desk",
        "municipality": str(municipality_b.uuid),
        "address": "Via Vittorio Veneto 2",
        **hours_formset(("1", "09:00", "12:00"), ("1", "11:00", "13:00")),
    }
    response = client.post(reverse("territory:access_point_create"), data)
    assert response.status_code == 200
    assert (
        "Martedì: le fasce 9:00-12:00 e 11:00-13:00 si sovrappongono." in response.content.decode()
    )
    assert not AccessPoint.objects.exists()


def test_a_half_filled_slot_asks_for_the_missing_times(client, planner, municipality_b):
    client.force_login(planner)
    data = {
        "name": "PUA Quarrata",
        "kind": "pua_desk",
        "municipality": str(municipality_b.uuid),
        "address": "Via Vittorio Veneto 2",
        **hours_formset(("1", "09:00", "")),
    }
    response = client.post(reverse("territory:access_point_create"), data)
    assert "Indica giorno, ora di apertura e ora di chiusura." in response.content.decode()
    assert not AccessPoint.objects.exists()


def test_a_municipality_of_another_zone_is_not_among_the_choices(
    client, planner, municipality_other_zone
):
    client.force_login(planner)
    data = {
        "name": "Sportello",
        "kind": "urp",
        "municipality": str(municipality_other_zone.uuid),
        "address": "Via Roma 1",
        **hours_formset(),
    }
    response = client.post(reverse("territory:access_point_create"), data)
    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    assert not AccessPoint.objects.exists()


def test_edit_page_shows_the_current_hours_and_saves_new_ones(client, planner, urp_pistoia):
    client.force_login(planner)
    url = reverse("territory:access_point_edit", args=[urp_pistoia.uuid])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"]["municipality"].value() == urp_pistoia.municipality.uuid
    assert 'value="12:30"' in page.content.decode()
    data = {
        "name": "URP Pistoia",
        "kind": "urp",
        "municipality": str(urp_pistoia.municipality.uuid),
        "address": "Piazza del Duomo 1",
        **hours_formset(("4", "08:00", "14:00")),
    }
    assert client.post(url, data).status_code == 302
    assert list(urp_pistoia.opening_hours.values_list("weekday", "opens", "closes")) == [
        (4, time(8), time(14))
    ]


# --- staff -----------------------------------------------------------------------------------


def test_staff_page_shows_the_summary_and_the_list(
    client, social_worker_a, staff_a, staff_other_zone
):
    client.force_login(social_worker_a)
    response = client.get(reverse("territory:staff"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bini Carla" in html
    assert "Cremaschi" not in html
    assert "Società della Salute Pistoiese" in html
    assert response.context["summary"].social_workers_social.heads == 1


def test_staff_page_filters_by_area(client, social_worker_a, staff_a):
    client.force_login(social_worker_a)
    response = client.get(reverse("territory:staff"), {"area": "health"})
    assert list(response.context["staff"]) == []


def test_planner_registers_an_operator(client, planner, employer_a, municipality_a):
    client.force_login(planner)
    data = {
        "last_name": "Gori",
        "first_name": "Laura",
        "profile": "social_worker",
        "employer": str(employer_a.uuid),
        "weekly_hours": "30",
        "area": "health",
        "municipalities": [str(municipality_a.uuid)],
        "active": "on",
    }
    response = client.post(reverse("territory:staff_create"), data)
    assert response.status_code == 302
    staff = Staff.objects.get(last_name="Gori")
    assert list(staff.municipalities.all()) == [municipality_a]


def test_weekly_hours_over_60_are_refused_on_the_form(client, planner, employer_a):
    client.force_login(planner)
    data = {
        "last_name": "Gori",
        "first_name": "Laura",
        "profile": "social_worker",
        "employer": str(employer_a.uuid),
        "weekly_hours": "70",
        "area": "health",
    }
    response = client.post(reverse("territory:staff_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["weekly_hours"]
    assert not Staff.objects.exists()


def test_staff_edit_page_of_another_zone_is_not_found(client, planner, staff_other_zone):
    client.force_login(planner)
    url = reverse("territory:staff_edit", args=[staff_other_zone.uuid])
    assert client.get(url).status_code == 404


def test_outsider_and_social_worker_get_403_on_the_staff_edit_pages(
    client, outsider, social_worker_a, staff_a
):
    for user in (outsider, social_worker_a):
        client.force_login(user)
        assert client.get(reverse("territory:staff_create")).status_code == 403
        assert client.get(reverse("territory:staff_edit", args=[staff_a.uuid])).status_code == 403


def test_planner_edits_an_operator_and_the_form_starts_from_the_current_values(
    client, planner, staff_a, municipality_a
):
    client.force_login(planner)
    url = reverse("territory:staff_edit", args=[staff_a.uuid])
    form = client.get(url).context["form"]
    assert form["employer"].value() == staff_a.employer.uuid
    assert form["municipalities"].value() == [municipality_a.uuid]
    data = {
        "last_name": "Bini",
        "first_name": "Carla",
        "profile": "social_worker",
        "employer": str(staff_a.employer.uuid),
        "weekly_hours": "18",
        "area": "social",
        "municipalities": [str(municipality_a.uuid)],
        "active": "on",
    }
    assert client.post(url, data).status_code == 302
    staff_a.refresh_from_db()
    assert staff_a.fte == 0.5
    assert EventLog.objects.get(object_uuid=staff_a.uuid).fields == ["weekly_hours"]


def test_a_user_with_a_role_but_no_zone_finds_no_territory_pages(client, db):
    from tests.factories import UserFactory

    system_admin = UserFactory(username="sistema", zone=None, roles=["system_admin"])
    client.force_login(system_admin)
    for name in ("territory:zone", "territory:access_points", "territory:staff"):
        assert client.get(reverse(name)).status_code == 404
