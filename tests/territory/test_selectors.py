from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from ambito.territory import selectors
from ambito.territory.models import OpeningHours
from tests.factories import (
    AccessPointFactory,
    ConsortiumMemberFactory,
    OrganisationFactory,
    PopulationFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


# --- the zone --------------------------------------------------------------------------------


def test_shares_totalling_99_percent_are_accepted_but_flagged_with_a_warning(
    social_worker_a, seed_002_members
):
    overview = selectors.zone_overview(user=social_worker_a)
    assert overview.share_total == Decimal("99.00")
    assert overview.shares_balanced is False
    assert overview.share_warning == "Le quote dei soci sommano a 99,00%, non a 100%"
    assert [m.share for m in overview.members][:2] == [Decimal("34.76"), Decimal("33.00")]


def test_shares_totalling_exactly_100_percent_give_no_warning(social_worker_a, zone_a):
    ConsortiumMemberFactory(zone=zone_a, share=Decimal("65.24"))
    ConsortiumMemberFactory(zone=zone_a, share=Decimal("34.76"))
    overview = selectors.zone_overview(user=social_worker_a)
    assert overview.shares_balanced is True
    assert overview.share_warning == ""


def test_zone_without_members_gives_no_share_warning(social_worker_a):
    assert selectors.zone_overview(user=social_worker_a).share_warning == ""


def test_zone_overview_uses_the_latest_population_unless_a_year_is_asked(
    social_worker_a, populations
):
    latest = selectors.zone_overview(user=social_worker_a)
    assert [
        (r.municipality.name, r.population, r.population_year) for r in latest.municipalities
    ] == [
        ("Pistoia", 90315, 2024),
        ("Quarrata", 26521, 2024),
    ]
    assert latest.total_population == 116836
    assert selectors.zone_overview(user=social_worker_a, year=2023).total_population == 116000


def test_a_year_without_population_is_reported_as_missing(social_worker_a, populations):
    overview = selectors.zone_overview(user=social_worker_a, year=2019)
    assert overview.total_population == 0
    assert [m.name for m in overview.missing_population] == ["Pistoia", "Quarrata"]


def test_sub_areas_list_their_municipalities_and_population(
    social_worker_a, zone_a, municipality_a, municipality_b, populations
):
    subarea = zone_a.subareas.create(code="N", name="Nord")
    municipality_b.subarea = subarea
    municipality_b.save()
    overview = selectors.zone_overview(user=social_worker_a)
    [row] = overview.subareas
    assert (row.municipalities, row.population) == ([municipality_b], 26521)
    assert overview.unassigned_municipalities == [municipality_a]


def test_organisations_are_grouped_by_kind_in_the_order_of_the_kinds(social_worker_a, zone_a):
    OrganisationFactory(zone=zone_a, kind="third_sector", name="Misericordia", runts_number="123")
    OrganisationFactory(zone=zone_a, kind="asl", name="USL Toscana Centro")
    groups = selectors.zone_overview(user=social_worker_a).organisation_groups
    assert [(g.label, [o.name for o in g.organisations]) for g in groups] == [
        ("Comune", ["Comune di Pistoia"]),
        ("Azienda sanitaria (ASL/USL)", ["USL Toscana Centro"]),
        ("Ente del Terzo settore", ["Misericordia"]),
    ]


def test_lead_body_is_part_of_the_overview(social_worker_a, zone_a):
    zone_a.lead_body = OrganisationFactory(zone=zone_a, name="SdS Pistoiese", kind="consortium")
    zone_a.save()
    assert selectors.zone_overview(user=social_worker_a).lead_body.name == "SdS Pistoiese"


def test_user_without_a_role_or_without_a_zone_gets_nothing(outsider, zone_a, urp_pistoia, staff_a):
    assert selectors.zone_overview(user=outsider) is None
    assert selectors.access_point_list(user=outsider) == []
    assert not selectors.staff_list(user=outsider).exists()
    assert selectors.staff_summary(user=outsider) is None
    outsider.groups.set(social_worker_like_groups())
    outsider.zone = None
    outsider.save()
    assert selectors.zone_overview(user=outsider) is None


def social_worker_like_groups():
    from ambito.core.roles import role_group

    return [role_group("social_worker")]


def test_another_zone_sees_none_of_zone_a(
    social_worker_other_zone, urp_pistoia, staff_a, populations
):
    overview = selectors.zone_overview(user=social_worker_other_zone)
    assert [r.municipality.name for r in overview.municipalities] == ["Crema"]
    assert selectors.access_point_list(user=social_worker_other_zone) == []
    assert not selectors.staff_list(user=social_worker_other_zone).exists()


# --- access points ---------------------------------------------------------------------------


def test_opening_hours_are_summarised_and_added_up(social_worker_a, urp_pistoia):
    [access_point] = selectors.access_point_list(user=social_worker_a)
    assert access_point.hours_summary == "lun 9:00-12:30; mer 15:00-17:00"
    assert access_point.weekly_hours == Decimal("5.50")


def test_two_slots_on_the_same_day_are_joined_by_a_comma(social_worker_a, urp_pistoia):
    OpeningHours.objects.create(
        access_point=urp_pistoia, weekday=0, opens=time(14), closes=time(16)
    )
    [access_point] = selectors.access_point_list(user=social_worker_a)
    assert access_point.hours_summary == "lun 9:00-12:30, 14:00-16:00; mer 15:00-17:00"


def test_access_points_are_filtered_by_municipality_and_kind(
    social_worker_a, zone_a, urp_pistoia, municipality_b
):
    pua = AccessPointFactory(zone=zone_a, municipality=municipality_b, kind="pua_desk", name="PUA")
    assert selectors.access_point_list(user=social_worker_a, municipality=municipality_b) == [pua]
    assert selectors.access_point_list(user=social_worker_a, kind="urp") == [urp_pistoia]


def test_access_points_are_counted_per_municipality_against_the_lep_minimum(
    social_worker_a, zone_a, urp_pistoia, municipality_a, populations
):
    AccessPointFactory(
        zone=zone_a,
        municipality=municipality_a,
        name="Chiuso",
        active_until=date.today() - timedelta(days=1),
    )
    counts = {
        row.municipality.name: row for row in selectors.access_point_counts(user=social_worker_a)
    }
    assert counts["Pistoia"].count == 1  # the closed one is not counted
    assert counts["Pistoia"].lep_minimum == 3  # over 40,000: one every 40,000
    assert counts["Pistoia"].lep_met is False
    assert counts["Pistoia"].inhabitants_per_point == 90315
    assert counts["Quarrata"].count == 0
    assert counts["Quarrata"].lep_minimum == 2  # one every 20,000


def test_lep_minimum_is_one_per_70000_in_a_metropolitan_city():
    assert selectors.lep_access_points_minimum(360000, metropolitan=True) == 6
    assert selectors.lep_access_points_minimum(500, metropolitan=False) == 1


# --- staff -----------------------------------------------------------------------------------


def test_seed_002_figures_give_one_social_worker_every_3066_inhabitants(
    social_worker_a, zone_a, employer_a, municipality_a
):
    PopulationFactory(municipality=municipality_a, year=2018, population=171723)
    StaffFactory.create_batch(36, zone=zone_a, employer=employer_a, area="social", weekly_hours=36)
    StaffFactory.create_batch(20, zone=zone_a, employer=employer_a, area="health", weekly_hours=18)
    summary = selectors.staff_summary(user=social_worker_a)
    assert (summary.social_workers_social.heads, summary.social_workers_social.fte) == (
        36,
        Decimal("36.00"),
    )
    assert (summary.social_workers_health.heads, summary.social_workers_health.fte) == (
        20,
        Decimal("10.00"),
    )
    assert summary.social_worker_heads == 56
    assert summary.ratio == "1:3.066"
    assert summary.ratio_fte == "1:3.733"
    assert summary.lep_met is True


def test_staff_summary_counts_profiles_and_leaves_out_who_is_no_longer_in_service(
    social_worker_a, zone_a, employer_a
):
    StaffFactory(zone=zone_a, employer=employer_a, profile="educator", weekly_hours=24)
    StaffFactory(zone=zone_a, employer=employer_a, profile="social_worker", weekly_hours=36)
    StaffFactory(zone=zone_a, employer=employer_a, profile="social_worker", active=False)
    summary = selectors.staff_summary(user=social_worker_a)
    by_profile = {f.label: (f.heads, f.fte) for f in summary.by_profile}
    assert by_profile == {
        "Assistente sociale": (1, Decimal("1.00")),
        "Educatore professionale": (1, Decimal("0.67")),
    }
    assert (summary.total.heads, summary.total.fte) == (2, Decimal("1.67"))
    assert summary.zone_wide.heads == 2  # no municipality given: the whole zone


def test_an_operator_serving_two_municipalities_shares_their_hours_between_them(
    social_worker_a, zone_a, employer_a, municipality_a, municipality_b, populations
):
    # No split of hours recorded: by population (90,315 and 26,521 inhabitants), so that
    # the municipal FTEs add up to the person's one FTE (issue 15; it was half each).
    shared = StaffFactory(zone=zone_a, employer=employer_a, weekly_hours=36)
    shared.municipalities.set([municipality_a, municipality_b])
    rows = {
        r.municipality.name: r
        for r in selectors.staff_summary(user=social_worker_a).by_municipality
    }
    assert (rows["Pistoia"].social_worker_heads, rows["Pistoia"].social_worker_fte) == (
        1,
        Decimal("0.77"),
    )
    assert (rows["Quarrata"].social_worker_heads, rows["Quarrata"].social_worker_fte) == (
        1,
        Decimal("0.23"),
    )
    assert rows["Quarrata"].ratio == "1:115.309"


def test_staff_list_filters_by_municipality_area_and_profile(
    social_worker_a, staff_a, zone_a, employer_a, municipality_b
):
    educator = StaffFactory(zone=zone_a, employer=employer_a, profile="educator", area="health")
    educator.municipalities.set([municipality_b])
    assert list(selectors.staff_list(user=social_worker_a, municipality=municipality_b)) == [
        educator
    ]
    assert list(selectors.staff_list(user=social_worker_a, area="social")) == [staff_a]
    assert list(selectors.staff_list(user=social_worker_a, profile="educator")) == [educator]


def test_ratio_is_empty_without_population_or_workers():
    assert selectors.inhabitants_ratio(None, 3) == ""
    assert selectors.inhabitants_ratio(1000, 0) == ""


def test_numbers_are_formatted_the_italian_way():
    assert selectors.format_number(171723) == "171.723"
    assert selectors.format_number(Decimal("1234.5"), 2) == "1.234,50"
