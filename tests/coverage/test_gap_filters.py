"""The gap list's filters (shared by the page and the API) on the hand-built village."""

import datetime as dt

import pytest
from django.http import QueryDict

from sanwei.coverage import gaps
from sanwei.coverage.filters import GapHouseholdFilter, GapPersonFilter

TODAY = dt.date(2022, 12, 31)


@pytest.fixture
def flagged(village):
    p = village.people
    p.wu9.birth_date = dt.date(1940, 5, 1)
    p.wang5.is_frail = True
    p.qian1.is_migrant = True
    p.li4.party_status = "probationary"
    for person in (p.wu9, p.wang5, p.qian1, p.li4):
        person.save()
    return village


def persons(village, query: str) -> list[str]:
    queryset = gaps.gap_persons(village.campaign, today=TODAY)
    filterset = GapPersonFilter(QueryDict(query), queryset=queryset)
    assert filterset.is_valid(), filterset.errors
    return [p.name for p in filterset.qs]


def households(village, query: str) -> list[int]:
    queryset = gaps.gap_households(village.campaign, today=TODAY)
    filterset = GapHouseholdFilter(QueryDict(query), queryset=queryset)
    assert filterset.is_valid(), filterset.errors
    return [h.pk for h in filterset.qs]


def test_village_filter(flagged):
    assert persons(flagged, "region=430821104202") == ["钱一"]


def test_group_filter(flagged):
    assert persons(flagged, "region=430821104201001") == ["王五", "李四"]


def test_party_members_only(flagged):
    # 钱一 (双岗村) is a party member, 李四 a probationary one; the others are not.
    assert persons(flagged, "party=true") == ["钱一", "李四"]
    assert persons(flagged, "party=0") == ["吴九", "王五", "郑十", "周八"]


@pytest.mark.parametrize(
    ("flag", "expected"),
    [("elderly70", ["吴九"]), ("frail", ["王五"]), ("mobility", []), ("migrant", ["钱一"])],
)
def test_flag_filter(flagged, flag, expected):
    assert persons(flagged, f"flag={flag}") == expected


def test_flags_and_region_combine(flagged):
    assert persons(flagged, "flag=frail&region=430821104201002") == []


def test_households_filter_by_their_members(flagged):
    h2, h5 = flagged.households.h2.pk, flagged.households.h5.pk

    assert households(flagged, "") == [h2, h5]
    assert households(flagged, "flag=migrant") == [h5]
    assert households(flagged, "party=1") == [h5]
    assert households(flagged, "party=0&region=430821104201") == [h2]


def test_an_unknown_flag_is_invalid(village):
    queryset = gaps.gap_persons(village.campaign, today=TODAY)
    filterset = GapPersonFilter(QueryDict("flag=elderly"), queryset=queryset)

    assert list(filterset.errors) == ["flag"]


def test_open_task_filter(flagged, town_admin):
    from ..factories import DeliveryTaskFactory

    campaign, p = flagged.campaign, flagged.people
    DeliveryTaskFactory(campaign=campaign, person=p.wang5, assignee=town_admin)
    DeliveryTaskFactory(campaign=campaign, person=p.li4, assignee=town_admin, status="done")
    DeliveryTaskFactory(person=p.zhou8, assignee=town_admin)  # another campaign's

    assert persons(flagged, "task=1") == ["王五"]
    assert persons(flagged, "task=0") == ["吴九", "钱一", "郑十", "李四", "周八"]
    assert households(flagged, "task=true") == [flagged.households.h2.pk]
