"""A hand-built town of needs for the review agenda tests (Beijing times).

东岳观镇: 东岳观村 (A) with its 三组 (A3), 双岗村 (B) with its 一组 (B1); 通津铺镇 elsewhere.
张大山户 (in A3) and 李四户 (in B). The review: the town, 2026-11-01 … 2026-11-15,
looked at on 2026-11-16 10:00.

    need  place  category    household  state        registered        due           rating
    N1    A3     repair      张大山户   closed       11-02 09:00       11-09         1 on 11-05
    N2    A3     repair      张大山户   reported     11-04 09:00       11-11
    N3    A      daily_help  张大山户   dispatched   11-06 09:00       11-09
    N4    A      repair      —          resolved     11-08 09:00       11-15
    N5    B1     env         李四户     rated        11-10 09:00       11-17         2 on 11-14
    N6    B1     env         —          accepted     11-15 23:30       11-22
    N7    B      health      —          rejected     11-01 00:10       11-08
    N8    B      env         李四户     reported     10-20 09:00       10-27
    N9    A      policy      —          reported     11-16 01:00       11-23
    N10   other  repair      —          rated        11-03 09:00       11-10         1 on 11-05
    N11   A      care        —          rated        10-25 09:00       11-01         2 on 11-03
    N12   A      health      —          rated        11-03 09:00       11-10         3 on 11-07
"""

from __future__ import annotations

import datetime as dt

import pytest

from sanwei.needs.models import Need, NeedCategory
from sanwei.regions.models import RegionLevel

from ..factories import HouseholdFactory, PersonFactory, RegionFactory, need_in_state

BEIJING = dt.timezone(dt.timedelta(hours=8))
AS_OF = dt.datetime(2026, 11, 16, 10, 0, tzinfo=BEIJING)


def at(month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=BEIJING)


NEEDS = [
    # key, place, category, household, state, registered, due, (rating, rated_at)
    ("N1", "A3", "repair", "zhang", "closed", at(11, 2), at(11, 9), (1, at(11, 5))),
    ("N2", "A3", "repair", "zhang", "reported", at(11, 4), at(11, 11), None),
    ("N3", "A", "daily_help", "zhang", "dispatched", at(11, 6), at(11, 9), None),
    ("N4", "A", "repair", None, "resolved", at(11, 8), at(11, 15), None),
    ("N5", "B1", "env", "li", "rated", at(11, 10), at(11, 17), (2, at(11, 14))),
    ("N6", "B1", "env", None, "accepted", at(11, 15, 23, 30), at(11, 22), None),
    ("N7", "B", "health", None, "rejected", at(11, 1, 0, 10), at(11, 8), None),
    ("N8", "B", "env", "li", "reported", at(10, 20), at(10, 27), None),
    ("N9", "A", "policy", None, "reported", at(11, 16, 1, 0), at(11, 23), None),
    ("N10", "other", "repair", None, "rated", at(11, 3), at(11, 10), (1, at(11, 5))),
    ("N11", "A", "care", None, "rated", at(10, 25), at(11, 1), (2, at(11, 3))),
    ("N12", "A", "health", None, "rated", at(11, 3), at(11, 10), (3, at(11, 7))),
]


@pytest.fixture
def places(tree):
    a3 = RegionFactory(code="430821104201003", name="三组", level=RegionLevel.GROUP,
                       parent=tree["village_a"])  # fmt: skip
    b1 = RegionFactory(code="430821104202001", name="一组", level=RegionLevel.GROUP,
                       parent=tree["village_b"])  # fmt: skip
    return {
        "A": tree["village_a"],
        "A3": a3,
        "B": tree["village_b"],
        "B1": b1,
        "other": tree["other_village"],
    }


@pytest.fixture
def town_needs(places) -> dict[str, Need]:
    zhang = HouseholdFactory(region=places["A3"], number="A3-001")
    PersonFactory(region=places["A3"], household=zhang, name="张大山", relation_to_head="head")
    li = HouseholdFactory(region=places["B"], number="B-001")
    PersonFactory(region=places["B"], household=li, name="李四", relation_to_head="head")
    households = {"zhang": zhang, "li": li}
    made = {}
    for key, place, category, household, state, registered, due, rated in NEEDS:
        need = need_in_state(
            state,
            region=places[place],
            description=f"{key} 需求",
            category=NeedCategory.objects.get(code=category),
        )
        changes = {"created_at": registered, "due_at": due}
        if household:
            changes["household"] = households[household]
        if rated:
            changes["rating"], changes["rated_at"] = rated
        Need.unscoped.filter(pk=need.pk).update(**changes)
        made[key] = Need.unscoped.get(pk=need.pk)
    return made
