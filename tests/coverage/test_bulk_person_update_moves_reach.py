"""One UPDATE statement moving many reached persons (a roster re-import moving people
between 组) copies their new region, household and party status onto their reach rows and
leaves every count exact: on PostgreSQL through one statement trigger over the changed
persons, on SQLite through the row trigger. Worked out by hand on `conftest.village`."""

from __future__ import annotations

from sanwei.coverage import summary
from sanwei.coverage.models import RESIDENTS, CampaignReach
from sanwei.people.models import PartyStatus, Person

from .test_region_counts_per_path import A, B, counts, town_and_above


def reach_rows(campaign, *fields: str) -> list[tuple]:
    """The campaign's reach rows as (person id, *fields), sorted."""
    rows = CampaignReach.objects.filter(campaign=campaign).values_list("person_id", *fields)
    return sorted(rows)


def test_moving_two_groups_in_one_statement_moves_their_reach_and_counts(village):
    v, p, h = village, village.people, village.households
    # 1组 and 2组 (7 persons, 3 of them reached: 张三, 赵六, 孙七) all to village B, all
    # party members now (孙七, 李四, 王五, 周八, 吴九 were not).
    moved = Person.unscoped.filter(region__in=[v.g1, v.g2]).update(
        region=v.b, party_status=PartyStatus.FORMAL
    )

    assert moved == 7
    assert reach_rows(v.campaign, "region_id", "household_id", "is_party_member") == sorted(
        [
            (p.zhang3.pk, v.b.pk, h.h1.pk, True),
            (p.zhao6.pk, v.b.pk, h.h4.pk, True),
            (p.sun7.pk, v.b.pk, h.h3.pk, True),
        ]
    )
    # Reached: 张三 (H1), 赵六 (H4), 孙七 (H3), all in B, all party members.
    assert counts(v.campaign.pk) == {
        **town_and_above((3, 3, 3, 0, 0, 0)),
        B: (3, 3, 3, 3, 3, 3),
    }
    # B: 钱一 (H5) and the 7 (H1…H4), all party members; A itself: 郑十 (no household).
    assert counts(RESIDENTS) == {
        **town_and_above((9, 8, 5, 0, 0, 0)),
        A: (1, 0, 0, 1, 0, 0),
        B: (8, 8, 5, 8, 8, 5),
    }
    assert set(summary.drift().values()) == {0}


def test_a_statement_changing_only_some_of_its_rows_copies_only_those(village):
    v, p = village, village.people
    # Every resident of the town set to 1组 and a party member: 张三 is both already
    # (his row is updated, unchanged); 赵六 and 孙七 (reached) move to 1组.
    Person.unscoped.update(region=v.g1, party_status=PartyStatus.FORMAL)
    # Then 孙七 alone leaves the party, by the one-person statement of a form.
    Person.unscoped.filter(pk=p.sun7.pk).update(party_status="")

    assert reach_rows(v.campaign, "region_id", "is_party_member") == sorted(
        [(p.zhang3.pk, v.g1.pk, True), (p.zhao6.pk, v.g1.pk, True), (p.sun7.pk, v.g1.pk, False)]
    )
    # Reached in 1组: 张三 (H1), 赵六 (H4), 孙七 (H3); 2 party members.
    under = (3, 2, 3, 0, 0, 0)
    assert counts(v.campaign.pk) == {
        **town_and_above(under),
        A: under,
        "430821104201001": (3, 2, 3, 3, 2, 3),
    }
    assert set(summary.drift().values()) == {0}
