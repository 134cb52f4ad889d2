"""A small village for fast recording: village A of the town with two 组, two households
and a resident of each group living alone; one person in village B (out of scope for
village A's secretary)."""

import pytest

from sanwei.regions.models import RegionLevel

from ..factories import (
    ActivityFactory,
    CampaignFactory,
    HouseholdFactory,
    PersonFactory,
    RegionFactory,
)


@pytest.fixture
def village(tree):
    village_a = tree["village_a"]
    group1 = RegionFactory(
        code="430821104201001", name="一组", level=RegionLevel.GROUP, parent=village_a
    )
    group2 = RegionFactory(
        code="430821104201002", name="二组", level=RegionLevel.GROUP, parent=village_a
    )
    zhang = HouseholdFactory(region=group1, number="H001")
    wang = HouseholdFactory(region=group2, number="H002")
    people = {
        "张建国": PersonFactory(
            region=group1, household=zhang, relation_to_head="head", phone="13800001111"
        ),
        "李桂兰": PersonFactory(region=group1, household=zhang, relation_to_head="spouse"),
        "张小明": PersonFactory(region=group1, household=zhang, relation_to_head="child"),
        "赵大爷": PersonFactory(region=group1, phone="13700003333"),
        "王德福": PersonFactory(
            region=group2, household=wang, relation_to_head="head", phone="13900002222"
        ),
        "王丽": PersonFactory(region=group2, household=wang, relation_to_head="child"),
        "孙红": PersonFactory(region=group2),
    }
    for name, person in people.items():
        person.name = name
        from sanwei.core.search import search_key

        person.search_text = search_key(name)
        person.save()
    campaign = CampaignFactory(region=tree["town"])
    activity = ActivityFactory(
        region=village_a,
        campaign=campaign,
        title="党的二十大精神进万家宣讲会",
        place="东岳观村党群服务中心",
    )
    outsider = PersonFactory(region=tree["village_b"], name="刘强", phone="13600004444")
    return {
        "village": village_a,
        "group1": group1,
        "group2": group2,
        "zhang": zhang,
        "wang": wang,
        "people": people,
        "activity": activity,
        "campaign": campaign,
        "outsider": outsider,
    }
