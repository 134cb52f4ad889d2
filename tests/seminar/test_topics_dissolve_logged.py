"""A suggested group left with one opinion is dissolved (its opinion freed, the group
deleted); that deletion is a write like any other and is kept in the action log, with who
did it, the group's label and which opinion it freed."""

from __future__ import annotations

from sanwei.audit.labels import action_label
from sanwei.core.models import ActionLog
from sanwei.seminar import topic_services
from sanwei.seminar.models import Opinion, TopicGroup

from .topics_helpers import raise_opinion


def test_a_group_dissolved_when_staff_move_its_other_opinion_out_is_logged(tree, town_admin):
    first = raise_opinion(town_admin, tree["village_a"], "村口路灯坏了", days_ago=1)
    second = raise_opinion(town_admin, tree["village_b"], "村口的路灯晚上不亮")
    group = Opinion.unscoped.get(pk=first.pk).topic
    assert group is not None and Opinion.unscoped.get(pk=second.pk).topic == group

    topic_services.move_to_topic(second, user=town_admin)

    assert not TopicGroup.unscoped.filter(pk=group.pk).exists()
    assert Opinion.unscoped.get(pk=first.pk).topic is None
    log = ActionLog.objects.get(action_type="sanwei.topic.deleted", object_id=group.pk)
    assert (log.user, log.region_path) == (town_admin, tree["town"].path)
    assert log.data["freed_opinions"] == [first.pk]
    assert log.data["deleted"]["label"] == "村口路灯坏了"
    assert log.data["deleted"]["region"] == tree["town"].pk
    assert action_label(log.action_type) == "相似意见组·删除"


def test_a_group_kept_by_staff_is_not_dissolved_and_nothing_is_logged(tree, town_admin):
    opinion = raise_opinion(town_admin, tree["village_a"], "村口路灯坏了")
    topic_services.move_to_topic(opinion, new_label="路灯", user=town_admin)
    group = Opinion.unscoped.get(pk=opinion.pk).topic

    topic_services.move_to_topic(opinion, user=town_admin)

    assert TopicGroup.unscoped.filter(pk=group.pk).exists()  # staff made it: kept, empty
    assert not ActionLog.objects.filter(action_type="sanwei.topic.deleted").exists()
