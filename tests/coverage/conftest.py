"""A small hand-built village whose coverage is worked out by hand (see `village`)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from sanwei.activities.models import AttendanceRole
from sanwei.people.models import PartyStatus, RelationToHead
from sanwei.regions.models import RegionLevel

from ..factories import (
    ActivityFactory,
    AttendanceFactory,
    CampaignFactory,
    HouseholdFactory,
    PersonFactory,
    RegionFactory,
    default_activity_type,
)

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2022) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def village(tree):
    """Village A (东岳观村) with 1组 and 2组, village B (双岗村), one town campaign.

    1组: 户 H1 {张三 户主 党员, 李四 配偶}; 户 H2 {王五 户主, 赵六 子女 党员 → moved to H4, 2组}
    2组: 户 H3 {孙七 户主}; 户 H4 {周八 户主, 吴九 配偶, (赵六)}
    village A itself: 郑十 (no household). Village B: 户 H5 {钱一 户主 党员}.

    Reached (audience at a 微课堂 activity of the campaign): 张三 at the main session M and its
    sub-venue S (once), 赵六 at S, 孙七 by a delivery D. Not reached: 李四 (lecturer at M),
    周八 (a 微研讨 meeting), 吴九 (another campaign's lecture), the rest (nothing).
    Head counts: M 30, B's head-count-only lecture 20.
    """
    town, a, b = tree["town"], tree["village_a"], tree["village_b"]
    g1 = RegionFactory(code="430821104201001", name="1组", level=RegionLevel.GROUP, parent=a)
    g2 = RegionFactory(code="430821104201002", name="2组", level=RegionLevel.GROUP, parent=a)
    campaign = CampaignFactory(region=town, target_person_coverage=90, target_household_coverage=60)
    other_campaign = CampaignFactory(region=town, name="另一个专题")
    lecture = default_activity_type("mobile_lecture")
    delivery = default_activity_type("delivery")
    courtyard = default_activity_type("courtyard_meeting")

    h1, h2 = HouseholdFactory(region=g1), HouseholdFactory(region=g1)
    h3, h4 = HouseholdFactory(region=g2), HouseholdFactory(region=g2)
    h5 = HouseholdFactory(region=b)
    head, party = RelationToHead.HEAD, PartyStatus.FORMAL
    p = SimpleNamespace(
        zhang3=PersonFactory(name="张三", region=g1, household=h1, relation_to_head=head,
                             party_status=party),
        li4=PersonFactory(name="李四", region=g1, household=h1, relation_to_head="spouse"),
        wang5=PersonFactory(name="王五", region=g1, household=h2, relation_to_head=head),
        zhao6=PersonFactory(name="赵六", region=g1, household=h2, relation_to_head="child",
                            party_status=party),
        sun7=PersonFactory(name="孙七", region=g2, household=h3, relation_to_head=head,
                           birth_date=dt.date(1945, 3, 1)),
        zhou8=PersonFactory(name="周八", region=g2, household=h4, relation_to_head=head),
        wu9=PersonFactory(name="吴九", region=g2, household=h4, relation_to_head="spouse"),
        zheng10=PersonFactory(name="郑十", region=a),
        qian1=PersonFactory(name="钱一", region=b, household=h5, relation_to_head=head,
                            party_status=party),
    )  # fmt: skip
    main = ActivityFactory(
        campaign=campaign, activity_type=lecture, region=a, starts_at=at(11, 20),
        audience_headcount=30,
    )  # fmt: skip
    sub = ActivityFactory(
        campaign=campaign, activity_type=lecture, region=g1, main_session=main,
        starts_at=at(11, 20),
    )  # fmt: skip
    deliver = ActivityFactory(
        campaign=campaign, activity_type=delivery, region=g2, starts_at=at(12, 5)
    )
    meeting = ActivityFactory(campaign=campaign, activity_type=courtyard, region=g2)
    elsewhere = ActivityFactory(campaign=other_campaign, activity_type=lecture, region=g2)
    headcount_only = ActivityFactory(
        campaign=campaign, activity_type=lecture, region=b, starts_at=at(12, 1),
        audience_headcount=20,
    )  # fmt: skip
    audience = AttendanceRole.AUDIENCE
    AttendanceFactory(activity=main, person=p.zhang3, role=audience)
    AttendanceFactory(activity=main, person=p.li4, role=AttendanceRole.LECTURER)
    AttendanceFactory(activity=sub, person=p.zhang3, role=audience)
    AttendanceFactory(activity=sub, person=p.zhao6, role=audience)
    AttendanceFactory(activity=deliver, person=p.sun7, role=audience)
    AttendanceFactory(activity=meeting, person=p.zhou8, role=audience)
    AttendanceFactory(activity=elsewhere, person=p.wu9, role=audience)
    # 赵六 moves: to household H4 in 2组, after being reached.
    p.zhao6.household, p.zhao6.region, p.zhao6.relation_to_head = h4, g2, "child"
    p.zhao6.save()
    return SimpleNamespace(
        campaign=campaign, town=town, a=a, b=b, g1=g1, g2=g2, people=p,
        households=SimpleNamespace(h1=h1, h2=h2, h3=h3, h4=h4, h5=h5),
        main=main, sub=sub, delivery=deliver, headcount_only=headcount_only,
    )  # fmt: skip
