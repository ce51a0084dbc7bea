import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ambito.planning import selectors, services
from ambito.planning.models import Deliberation, SolidarityFigures, SolidarityRule


@pytest.fixture
def meeting(planner):
    return services.meeting_create(
        actor=planner,
        held_on=dt.date(2019, 1, 30),
        place="Sede della SdS",
        convened_by="Il Presidente",
        agenda=["Approvazione del programma povertà"],
    )


def _attend(planner, meeting, members, statuses):
    for member, status in zip(members, statuses, strict=True):
        services.attendance_record(
            actor=planner,
            meeting=meeting,
            member=member,
            status=status,
            represented_by="Assessore delegato" if status == "delegate" else "",
        )


@pytest.mark.parametrize(
    ("statuses", "rule", "reached"),
    [
        (("present", "absent", "absent"), "both", False),  # 60% of shares, 1 member of 3
        (("present", "absent", "absent"), "shares", True),
        (("absent", "present", "present"), "members", True),  # 2 of 3 members, 40% of shares
        (("absent", "present", "present"), "both", False),
        (("present", "delegate", "absent"), "both", True),
    ],
)
def test_quorum_by_members_and_or_shares(planner, meeting, members, statuses, rule, reached):
    meeting.quorum_rule = rule
    meeting.save()
    _attend(planner, meeting, members, statuses)
    assert selectors.quorum(meeting).reached is reached


def test_votes_are_weighted_by_shares(planner, meeting, members):
    _attend(planner, meeting, members, ("present", "present", "present"))
    a, b, c = members
    # Two members of three against, but 60% of the shares in favour: approved.
    approved = services.deliberation_record(
        actor=planner,
        meeting=meeting,
        subject="Programma povertà",
        content="Approva",
        votes={a: "favour", b: "against", c: "against"},
    )
    assert approved.outcome == "approved" and approved.number == 1
    rejected = services.deliberation_record(
        actor=planner,
        meeting=meeting,
        subject="Altro",
        content="",
        votes={a: "against", b: "favour", c: "abstained"},
    )
    assert rejected.outcome == "rejected" and rejected.number == 2


def test_an_absent_member_cannot_vote(planner, meeting, members):
    _attend(planner, meeting, members, ("present", "present", "absent"))
    a, b, c = members
    with pytest.raises(ValidationError) as error:
        services.deliberation_record(
            actor=planner,
            meeting=meeting,
            subject="x",
            content="",
            votes={a: "favour", c: "favour"},
        )
    assert "Comune C non è presente alla seduta" in error.value.message_dict["votes"][0]
    assert not Deliberation.objects.exists()


def test_a_deliberation_number_cannot_be_reused_in_the_same_year(planner, meeting, members):
    _attend(planner, meeting, members, ("present", "present", "present"))
    votes = {members[0]: "favour"}
    services.deliberation_record(
        actor=planner, meeting=meeting, subject="n. 2", content="", votes=votes, number=2
    )
    with pytest.raises(ValidationError) as error:
        services.deliberation_record(
            actor=planner, meeting=meeting, subject="ancora 2", content="", votes=votes, number=2
        )
    assert "Il numero 2 è già usato da una deliberazione del 2019" in str(error.value)
    assert Deliberation.objects.count() == 1
    # A new year starts again from 1.
    later = services.deliberation_record(
        actor=planner,
        meeting=meeting,
        subject="2020",
        content="",
        votes=votes,
        date=dt.date(2020, 1, 15),
    )
    assert (later.year, later.number) == (2020, 1)


def test_no_deliberation_without_quorum(planner, meeting, members):
    _attend(planner, meeting, members, ("absent", "absent", "present"))
    with pytest.raises(ValidationError) as error:
        services.deliberation_record(
            actor=planner, meeting=meeting, subject="x", content="", votes={members[2]: "favour"}
        )
    assert "numero legale" in error.value.message_dict["votes"][0]


def test_the_solidarity_fund_formula_splits_to_the_cent(planner, zone_a, members):
    rule = SolidarityRule.objects.create(
        zone=zone_a,
        year=2007,
        total=Decimal("100000.00"),
        per_capita_pct=Decimal("50"),
        potential_users_pct=Decimal("30"),
        actual_users_pct=Decimal("20"),
    )
    for member, (population, potential, actual) in zip(
        members, ((30000, 300, 100), (15000, 200, 50), (5000, 100, 50)), strict=True
    ):
        SolidarityFigures.objects.create(
            rule=rule,
            member=member,
            population=population,
            potential_users=potential,
            actual_users=actual,
        )
    quotas = dict(selectors.solidarity_quotas(rule))
    a, b, c = members
    # A: 50% × 30/50 + 30% × 300/600 + 20% × 100/200 = 30 + 15 + 10 = 55%
    assert quotas[a] == Decimal("55000.00")
    # B: 50% × 15/50 + 30% × 200/600 + 20% × 50/200 = 15 + 10 + 5 = 30%
    assert quotas[b] == Decimal("30000.00")
    assert quotas[c] == Decimal("15000.00")
    assert sum(quotas.values()) == rule.total
