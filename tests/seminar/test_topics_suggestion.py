"""A new opinion gets a suggested category and near-duplicate group; staff corrections of
either are kept when the suggestion runs again; groups are per town."""

from __future__ import annotations

import pytest

from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.models import ActionLog
from sanwei.seminar import topic_services
from sanwei.seminar.models import Opinion, OpinionCategory, TopicGroup

from .topics_helpers import raise_opinion


def cat(code):
    return OpinionCategory.objects.get(code=code)


def fresh(opinion):
    return Opinion.unscoped.select_related("category", "suggested_category", "topic").get(
        pk=opinion.pk
    )


def test_a_new_opinion_gets_its_category_suggested_and_set(tree, town_admin):
    opinion = fresh(raise_opinion(town_admin, tree["village_a"], "村口路灯坏了，晚上看不见路"))
    assert (opinion.suggested_category.code, opinion.category.code) == ("roads", "roads")
    assert (opinion.category_corrected_by, opinion.topic) == (None, None)


def test_the_returned_opinion_carries_the_suggestion(tree, town_admin):
    opinion = raise_opinion(town_admin, tree["village_a"], "自来水经常停水")
    assert (opinion.suggested_category.code, opinion.category.code) == ("water", "water")


def test_a_near_duplicate_in_another_village_of_the_town_joins_one_group(tree, town_admin):
    first = raise_opinion(town_admin, tree["village_a"], "村口路灯坏了", days_ago=3)
    second = raise_opinion(town_admin, tree["village_b"], "村口的路灯晚上不亮")
    other = raise_opinion(town_admin, tree["village_b"], "医保费太贵了")
    first, second, other = fresh(first), fresh(second), fresh(other)
    assert first.topic is not None
    assert second.topic == first.topic
    assert other.topic is None
    assert (first.topic.region, first.topic.label, first.topic.corrected_by) == (
        tree["town"],
        "村口路灯坏了",
        None,
    )
    third = fresh(raise_opinion(town_admin, tree["village_a"], "村口的路灯一直不亮，晚上黑漆漆的"))
    assert third.topic == first.topic
    assert TopicGroup.unscoped.count() == 1


def test_the_same_opinion_in_another_town_is_not_grouped(tree, town_admin, unscoped):
    from sanwei.accounts.models import Role

    from ..factories import user_with_role

    other_admin = user_with_role(Role.TOWN_ADMIN, tree["other_town"], username="other_admin")
    here = raise_opinion(town_admin, tree["village_a"], "村口路灯坏了")
    there = raise_opinion(other_admin, tree["other_village"], "村口的路灯晚上不亮")
    assert (fresh(here).topic, fresh(there).topic) == (None, None)


def test_an_opinion_raised_long_before_is_not_grouped(tree, town_admin):
    old = raise_opinion(town_admin, tree["village_a"], "村口路灯坏了", days_ago=200)
    new = raise_opinion(town_admin, tree["village_a"], "村口的路灯晚上不亮")
    assert (fresh(old).topic, fresh(new).topic) == (None, None)


def test_a_corrected_category_is_kept_when_the_suggestion_runs_again(tree, town_admin):
    opinion = raise_opinion(town_admin, tree["village_a"], "村口路灯坏了，晚上看不见路")
    topic_services.correct_category(opinion, category=cat("gov"), user=town_admin)
    assert topic_services.resuggest_region(tree["town"]) == 1
    opinion = fresh(opinion)
    assert (opinion.suggested_category.code, opinion.category.code) == ("roads", "gov")
    assert opinion.category_corrected_by == town_admin


def test_an_opinion_taken_out_of_its_group_stays_out(tree, town_admin):
    first = raise_opinion(town_admin, tree["village_a"], "村口路灯坏了", days_ago=1)
    second = raise_opinion(town_admin, tree["village_b"], "村口的路灯晚上不亮")
    topic_services.move_to_topic(second, user=town_admin)
    # the group of one left is dissolved; a third duplicate groups with the first only
    assert (fresh(first).topic, fresh(second).topic) == (None, None)
    third = raise_opinion(town_admin, tree["village_a"], "村口的路灯一直不亮")
    topic_services.resuggest_region(tree["town"])
    first, second, third = fresh(first), fresh(second), fresh(third)
    assert first.topic is not None and third.topic == first.topic
    assert (second.topic, second.topic_corrected_by) == (None, town_admin)


def test_a_move_into_another_group_is_kept_when_the_suggestion_runs_again(tree, town_admin):
    lamp = raise_opinion(town_admin, tree["village_a"], "村口路灯坏了", days_ago=1)
    lamp2 = raise_opinion(town_admin, tree["village_a"], "村口的路灯晚上不亮", days_ago=1)
    water = raise_opinion(town_admin, tree["village_b"], "自来水经常停水")
    water2 = raise_opinion(town_admin, tree["village_b"], "六组又停水了，做饭没水")
    water_group = fresh(water).topic
    assert water_group is not None and fresh(water2).topic == water_group
    topic_services.move_to_topic(lamp2, topic=water_group, user=town_admin)
    topic_services.resuggest_region(tree["town"])
    assert fresh(lamp2).topic == water_group
    assert fresh(lamp2).topic_corrected_by == town_admin
    assert fresh(lamp).topic is None  # its group of one was dissolved


def test_a_new_group_made_by_staff_is_kept(tree, town_admin):
    opinion = raise_opinion(town_admin, tree["village_a"], "村口路灯坏了")
    topic_services.move_to_topic(opinion, new_label="  村口  路灯 ", user=town_admin)
    topic_services.resuggest_region(tree["town"])
    opinion = fresh(opinion)
    assert (opinion.topic.label, opinion.topic.region, opinion.topic.corrected_by) == (
        "村口 路灯",
        tree["town"],
        town_admin,
    )


def test_a_blank_label_names_the_new_group_after_the_opinion(tree, town_admin):
    opinion = raise_opinion(town_admin, tree["village_a"], "村口路灯坏了")
    topic_services.move_to_topic(opinion, new_label="", user=town_admin)
    assert fresh(opinion).topic.label == "村口路灯坏了"


def test_corrections_are_logged_with_before_and_after(tree, town_admin):
    first = raise_opinion(town_admin, tree["village_a"], "村口路灯坏了", days_ago=1)
    second = raise_opinion(town_admin, tree["village_a"], "村口的路灯晚上不亮")
    group = fresh(first).topic
    topic_services.correct_category(second, category=cat("gov"), user=town_admin)
    topic_services.move_to_topic(second, user=town_admin)
    logs = list(
        ActionLog.objects.filter(
            object_id=second.pk, action_type__startswith="sanwei.opinion."
        ).order_by("pk")
    )
    assert [(log.action_type, log.user, log.data) for log in logs[-2:]] == [
        (
            "sanwei.opinion.category_corrected",
            town_admin,
            {
                "from": "roads",
                "to": "gov",
                "changes": {
                    "category": {"before": cat("roads").pk, "after": cat("gov").pk},
                    "category_corrected_by": {"before": None, "after": town_admin.pk},
                },
            },
        ),
        (
            "sanwei.opinion.topic_corrected",
            town_admin,
            {
                "from": group.pk,
                "to": None,
                "changes": {
                    "topic": {"before": group.pk, "after": None},
                    "topic_corrected_by": {"before": None, "after": town_admin.pk},
                },
            },
        ),
    ]
    assert logs[0].action_type == "sanwei.opinion.topic_suggested"
    assert logs[0].data == {
        "suggested_category": "roads",
        "category": "roads",
        "topic": group.pk,
        "changes": {
            "suggested_category": {"before": None, "after": cat("roads").pk},
            "category": {"before": None, "after": cat("roads").pk},
            "topic": {"before": None, "after": group.pk},
        },
    }


def test_a_keyword_added_to_a_category_changes_the_suggestion(tree, town_admin):
    agri = cat("agri")
    agri.keywords = "光伏\n油茶"
    agri.save()
    opinion = raise_opinion(town_admin, tree["village_a"], "光伏板被冰雹砸坏了，发不了电")
    assert fresh(opinion).category.code == "agri"


def test_an_inactive_category_is_not_suggested(tree, town_admin):
    OpinionCategory.objects.filter(code="roads").update(is_active=False)
    opinion = raise_opinion(town_admin, tree["village_a"], "村口路灯坏了")
    assert fresh(opinion).category.code == "other"


def test_a_volunteer_or_another_villages_secretary_may_not_correct(
    tree, town_admin, volunteer_a, secretary_b
):
    opinion = raise_opinion(town_admin, tree["village_a"], "村口路灯坏了")
    for user in (volunteer_a, secretary_b):
        with pytest.raises(NotPermitted):
            topic_services.correct_category(opinion, category=cat("gov"), user=user)
        with pytest.raises(NotPermitted):
            topic_services.move_to_topic(opinion, new_label="", user=user)
    assert (fresh(opinion).category.code, fresh(opinion).category_corrected_by) == ("roads", None)


def test_a_group_of_another_town_or_an_inactive_category_is_refused(tree, town_admin):
    opinion = raise_opinion(town_admin, tree["village_a"], "村口路灯坏了")
    elsewhere = TopicGroup.unscoped.create(region=tree["other_town"], label="通津铺镇的话题")
    with pytest.raises(ServiceError) as refused:
        topic_services.move_to_topic(opinion, topic=elsewhere, user=town_admin)
    assert (refused.value.code, refused.value.message) == (
        "topic_elsewhere",
        "只能并入本乡镇的相似意见组",
    )
    OpinionCategory.objects.filter(code="gov").update(is_active=False)
    with pytest.raises(ServiceError) as refused:
        topic_services.correct_category(opinion, category=cat("gov"), user=town_admin)
    assert refused.value.code == "category_unknown"
    assert (fresh(opinion).topic, fresh(opinion).category.code) == (None, "roads")


def test_a_new_opinion_like_only_one_member_of_a_group_does_not_join_it(tree, town_admin):
    # 停水了，做饭都没水，水管也破了 is like both; 水管破了，做饭都没水 is like it but not
    # like 自来水经常停水
    tap = raise_opinion(town_admin, tree["village_a"], "自来水经常停水", days_ago=2)
    both = raise_opinion(
        town_admin, tree["village_a"], "停水了，做饭都没水，水管也破了", days_ago=1
    )
    pipe = raise_opinion(town_admin, tree["village_b"], "水管破了，做饭都没水")
    tap, both, pipe = fresh(tap), fresh(both), fresh(pipe)
    assert tap.topic is not None
    assert both.topic == tap.topic
    assert pipe.topic is None
