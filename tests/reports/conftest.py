"""A small hand-built town for the figures tests: 东岳观镇 with villages A (东岳观村) and B
(双岗村), and records of every pillar in January–February 2023 of the campaign. Every
expected figure in these tests is worked out by hand from this builder:

Persons: A: p1 (party, household hA1 head), p2 (hA1), p3 (hA2 head); B: p4 (hB1 head),
p5 (party, hB1), p7 (hB2 head); another town's village: p6.

Activities of the campaign:
- offline training, main session at the town (10 Jan, head count 10, audience p1) with
  sub-venues in A (head count 5, audience p1 and p2) and in B (audience p4);
- mobile lectures of A's lecture team: in A (15 Jan, head count 20, audience p3) and in B
  (1 Feb, head count 30, audience p4, p5); B's lecture team gave none;
- a delivery (送学) in A (20 Jan, audience p2);
- a courtyard meeting in B (5 Jan, head count 12, audience p4);
- a volunteer service in A (10 Feb): p1 volunteer, 3 h confirmed; p3 volunteer, 2 h
  unconfirmed;
- a mobile lecture in A on 5 Apr 2023 (head count 7), after the campaign's end date (not
  in the campaign's dates, still the campaign's);
- another town: an offline training (audience p6), counted nowhere here.

Opinions (campaign): A: o1 (5 Jan, due 10 Jan, answered 8 Jan, adopted), o2 (6 Jan, due
10 Jan, received: overdue on 1 Mar); B: o3 (7 Jan, due 10 Jan, answered 12 Jan: late, not
adopted).
Essays (campaign, submitted 15 Jan): A: e1 excellent and recommended, e2; town itself: e3
excellent.
Volunteers (thresholds 2/3/600/1000/1500 h): p1 (A), p3 (A), p4 (B), p5 (B, left).
Needs: n1 in B resolved by p4 (2 h) on 12 Jan within its limit, rated 5; n2 in A
reported 14 Jan; n3 in A resolved by p4 (1 h) on 16 Jan after its limit (15 Jan).
Quantities: 2000 份 森林防火承诺书 at the volunteer service (A, 10 Feb); 饮用水 6 吨 on n1
(B) and 4.5 吨 on n3 (A); 30 册 学习读本 at the town's main training session.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import Attendance
from sanwei.needs import services as needs
from sanwei.needs.models import Need, NeedCategory, NeedResolution
from sanwei.quantities.services import add_quantity
from sanwei.study.models import Essay
from sanwei.teams.models import TeamKind

from ..factories import (
    ActivityFactory,
    AttendanceFactory,
    CampaignFactory,
    EssayFactory,
    HouseholdFactory,
    MembershipFactory,
    OpinionFactory,
    PersonFactory,
    RecommendationFactory,
    TeamFactory,
    VolunteerProfileFactory,
    default_activity_type,
)

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), SHANGHAI)


def d(month: int, day: int, year: int = 2023) -> dt.date:
    return dt.date(year, month, day)


def activity(type_code: str, region, day: dt.date, campaign, **kwargs):
    return ActivityFactory(
        activity_type=default_activity_type(type_code),
        region=region,
        campaign=campaign,
        starts_at=at(day),
        ends_at=at(day, 12),
        **kwargs,
    )


def audience(act, *persons) -> None:
    for person in persons:
        AttendanceFactory(activity=act, person=person)


@pytest.fixture
def town(tree, settings):
    settings.VOLUNTEER_STAR_THRESHOLDS = (2, 3, 600, 1000, 1500)
    t, a, b = tree["town"], tree["village_a"], tree["village_b"]
    campaign = CampaignFactory(region=t, starts_on=d(1, 1), ends_on=d(3, 31))

    ha1, ha2 = HouseholdFactory(region=a), HouseholdFactory(region=a)
    hb1, hb2 = HouseholdFactory(region=b), HouseholdFactory(region=b)
    party = {"party_status": "formal", "party_joined_on": dt.date(2000, 7, 1)}
    p1 = PersonFactory(region=a, household=ha1, relation_to_head="head", name="甲一", **party)
    p2 = PersonFactory(region=a, household=ha1, relation_to_head="spouse", name="甲二")
    p3 = PersonFactory(region=a, household=ha2, relation_to_head="head", name="甲三")
    p4 = PersonFactory(region=b, household=hb1, relation_to_head="head", name="乙四")
    p5 = PersonFactory(region=b, household=hb1, relation_to_head="spouse", name="乙五", **party)
    p7 = PersonFactory(region=b, household=hb2, relation_to_head="head", name="乙七")
    p6 = PersonFactory(region=tree["other_village"], name="丙六")

    # 微课堂
    main = activity("offline_training", t, d(1, 10), campaign, audience_headcount=10)
    audience(main, p1)
    sub_a = activity(
        "offline_training", a, d(1, 10), campaign, main_session=main, audience_headcount=5
    )
    audience(sub_a, p1, p2)
    sub_b = activity("offline_training", b, d(1, 10), campaign, main_session=main)
    audience(sub_b, p4)
    team_a = TeamFactory(region=a, kind=TeamKind.LECTURE, name="东岳观村宣讲队")
    TeamFactory(region=b, kind=TeamKind.LECTURE, name="双岗村宣讲队")
    lecture_a = activity(
        "mobile_lecture", a, d(1, 15), campaign, organising_team=team_a, audience_headcount=20
    )
    audience(lecture_a, p3)
    lecture_b = activity(
        "mobile_lecture", b, d(2, 1), campaign, organising_team=team_a, audience_headcount=30
    )
    audience(lecture_b, p4, p5)
    delivery = activity("delivery", a, d(1, 20), campaign)
    audience(delivery, p2)
    late = activity("mobile_lecture", a, d(4, 5), campaign, audience_headcount=7)
    elsewhere = activity("offline_training", tree["other_village"], d(1, 10), campaign)
    audience(elsewhere, p6)

    # 微研讨
    meeting = activity("courtyard_meeting", b, d(1, 5), campaign, audience_headcount=12)
    audience(meeting, p4)
    OpinionFactory(region=a, campaign=campaign, raised_on=d(1, 5), due_on=d(1, 10),
                   state="adopted", answered_at=at(d(1, 8)), decision="adopted")  # fmt: skip
    OpinionFactory(region=a, campaign=campaign, raised_on=d(1, 6), due_on=d(1, 10))
    OpinionFactory(region=b, campaign=campaign, raised_on=d(1, 7), due_on=d(1, 10),
                   state="not_adopted", answered_at=at(d(1, 12)), decision="not_adopted")  # fmt: skip
    e1 = EssayFactory(region=a, campaign=campaign, is_excellent=True)
    RecommendationFactory(essay=e1)
    EssayFactory(region=a, campaign=campaign)
    EssayFactory(region=t, campaign=campaign, is_excellent=True)
    Essay.unscoped.update(submitted_at=at(d(1, 15)))

    # 微服务
    service = activity("volunteer_service", a, d(2, 10), campaign)
    AttendanceFactory(activity=service, person=p1, role="volunteer", hours=Decimal("3"))
    AttendanceFactory(activity=service, person=p3, role="volunteer", hours=Decimal("2"))
    Attendance.unscoped.filter(activity=service, person=p1).update(confirmed_at=at(d(2, 10), 18))
    for person in (p1, p3, p4):
        VolunteerProfileFactory(person=person)
    VolunteerProfileFactory(person=p5, left_on=d(1, 31))
    squad = TeamFactory(region=b, kind=TeamKind.SQUAD, name="双岗村志愿服务小队")
    MembershipFactory(team=squad, person=p4)
    category = NeedCategory.objects.get_or_create(code="repair", defaults={"name": "设施维修"})[0]

    def need(region, day: dt.date, *, resolved: dt.datetime | None = None, hours="1"):
        n = needs.register_need(user=SYSTEM, region=region, description="水管漏水，需要修理",
                                category=category, source="staff")  # fmt: skip
        if resolved is not None:
            needs.accept(n, user=SYSTEM)
            needs.dispatch(n, user=SYSTEM, volunteer=p4)
            needs.resolve(n, user=SYSTEM, summary="已修好", hours={p4: hours})
            NeedResolution.unscoped.filter(need=n).update(resolved_at=resolved)
        Need.unscoped.filter(pk=n.pk).update(
            created_at=at(day, 9), due_at=at(day + dt.timedelta(days=5), 9)
        )
        n.refresh_from_db()
        return n

    n1 = need(b, d(1, 10), resolved=at(d(1, 12)), hours="2")
    needs.rate(n1, user=SYSTEM, rating=5, comment="很满意")
    Need.unscoped.filter(pk=n1.pk).update(rated_at=at(d(1, 13)))
    n2 = need(a, d(1, 14))
    n3 = need(a, d(1, 10), resolved=at(d(1, 16)))
    add_quantity(service, user=SYSTEM, item="森林防火承诺书", quantity="2000", unit="份")
    add_quantity(n1, user=SYSTEM, item="饮用水", quantity="6", unit="吨")
    add_quantity(n3, user=SYSTEM, item="饮用水", quantity="4.5", unit="吨")
    add_quantity(main, user=SYSTEM, item="学习读本", quantity="30", unit="册")
    return {
        **tree,
        "campaign": campaign,
        "persons": (p1, p2, p3, p4, p5, p6, p7),
        "main": main,
        "late": late,
        "needs": (n1, n2, n3),
    }
