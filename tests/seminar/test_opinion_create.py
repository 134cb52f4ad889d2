"""Recording an opinion (service): who raised it, its text of 2..1000 characters after
stripping, its date; the first event of its timeline and a log entry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.models import ActionLog
from sanwei.seminar import services
from sanwei.seminar.models import Opinion, OpinionEvent

from ..factories import CampaignFactory, PersonFactory
from .loop_fixtures import *  # noqa: F403  (fixtures)


def _create(tree, user, **kwargs):
    values = {
        "region": tree["village_a"],
        "text": "村口的路灯坏了",
        "raised_on": timezone.localdate(),
        "raised_by_name": "李大爷",
    } | kwargs
    return services.create_opinion(user=user, **values)


def test_a_secretary_records_an_opinion_of_a_resident(tree, secretary_a):
    resident = PersonFactory(region=tree["village_a"], name="王大山")
    campaign = CampaignFactory(region=tree["town"])
    opinion = _create(
        tree,
        secretary_a,
        text="  村口的路灯坏了，晚上看不见路  ",
        raised_by=resident,
        raised_by_name="",
        campaign=campaign,
    )
    opinion = Opinion.unscoped.get(pk=opinion.pk)
    assert (opinion.state, opinion.text, opinion.raised_by, opinion.raised_by_name) == (
        "received",
        "村口的路灯坏了，晚上看不见路",
        resident,
        "王大山",
    )
    assert (opinion.campaign, opinion.created_by) == (campaign, secretary_a)
    assert len(opinion.code) == 10
    event = OpinionEvent.unscoped.get(opinion=opinion)
    assert (event.action, event.from_state, event.to_state) == ("create", "received", "received")
    log = ActionLog.objects.latest("pk")
    assert (log.action_type, log.user, log.region_path) == (
        "sanwei.opinion.created",
        secretary_a,
        "430821104201",
    )


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("", "text_required", "请填写意见内容"),
        ("   \n ", "text_required", "请填写意见内容"),
        ("路", "text_too_short", "意见内容至少2个字"),
        ("路" * 1001, "text_too_long", "意见内容不能超过1000个字（现有1001个）"),
    ],
)
def test_empty_short_or_overlong_text_is_refused(tree, secretary_a, text, code, message):
    with pytest.raises(ServiceError) as refused:
        _create(tree, secretary_a, text=text)
    assert (refused.value.code, refused.value.field, refused.value.message) == (
        code,
        "text",
        message,
    )
    assert Opinion.unscoped.count() == 0


def test_a_thousand_characters_are_accepted(tree, secretary_a):
    opinion = _create(tree, secretary_a, text="路" * 1000 + "   ")
    assert len(Opinion.unscoped.get(pk=opinion.pk).text) == 1000


def test_someone_must_have_raised_it(tree, secretary_a):
    with pytest.raises(ServiceError) as refused:
        _create(tree, secretary_a, raised_by_name="  ")
    assert (refused.value.code, refused.value.field) == (
        "opinion_raised_by_required",
        "raised_by_name",
    )


def test_a_resident_of_another_village_is_refused(tree, secretary_a):
    other = PersonFactory(region=tree["village_b"], name="双岗人")
    with pytest.raises(ServiceError) as refused:
        _create(tree, secretary_a, raised_by=other)
    assert refused.value.code == "person_outside_region"


def test_a_date_in_the_future_is_refused(tree, secretary_a):
    with pytest.raises(ServiceError) as refused:
        _create(tree, secretary_a, raised_on=timezone.localdate() + dt.timedelta(days=1))
    assert refused.value.code == "raised_on_future"


def test_a_team_leader_or_another_village_may_not_record(tree, leader_a, secretary_b):
    for user in (leader_a, secretary_b, None):
        with pytest.raises(NotPermitted):
            _create(tree, user)
    assert Opinion.unscoped.count() == 0
