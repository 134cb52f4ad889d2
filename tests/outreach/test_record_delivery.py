"""Staff record a delivery without a task; an open task for the person is done by it."""

from __future__ import annotations

import datetime as dt

import pytest

from sanwei.activities.models import Attendance
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.coverage.engine import is_reached
from sanwei.outreach import services
from sanwei.outreach.models import TaskStatus

from ..factories import DeliveryTaskFactory, PersonFactory

AT = dt.datetime(2023, 1, 8, 15, 30, tzinfo=dt.UTC)


def test_a_secretary_records_a_phone_delivery(tree, campaign, secretary_a):
    person = PersonFactory(region=tree["village_a"], name="赵五")

    delivery = services.record_delivery(
        campaign, person, method="phone", delivered_at=AT, user=secretary_a
    )

    assert (delivery.title, delivery.delivery_detail.method) == ("电话送学（赵五）", "phone")
    assert list(Attendance.unscoped.values_list("person", "activity")) == [(person.pk, delivery.pk)]
    assert is_reached(campaign, person)


def test_it_completes_the_persons_open_task(tree, campaign, secretary_a, volunteer_a):
    person = PersonFactory(region=tree["village_a"])
    task = DeliveryTaskFactory(campaign=campaign, person=person, assignee=volunteer_a)

    delivery = services.record_delivery(
        campaign, person, method="in_person", delivered_at=AT, user=secretary_a
    )

    task.refresh_from_db()
    assert (task.status, task.delivery) == (TaskStatus.DONE, delivery)


def test_a_delivery_for_a_person_out_of_scope_is_refused(tree, campaign, secretary_a):
    person = PersonFactory(region=tree["village_b"])
    with pytest.raises(NotPermitted):
        services.record_delivery(
            campaign, person, method="phone", delivered_at=AT, user=secretary_a
        )
    assert Attendance.unscoped.count() == 0


def test_a_volunteer_may_not_record_a_delivery_without_a_task(tree, campaign, volunteer_a):
    person = PersonFactory(region=tree["village_a"])
    with pytest.raises(NotPermitted):
        services.record_delivery(
            campaign, person, method="phone", delivered_at=AT, user=volunteer_a
        )


def test_a_person_outside_the_campaign_is_refused(tree, town_admin):
    from ..factories import CampaignFactory

    campaign_b = CampaignFactory(region=tree["village_b"])
    person = PersonFactory(region=tree["village_a"])
    with pytest.raises(ServiceError) as refused:
        services.record_delivery(
            campaign_b, person, method="phone", delivered_at=AT, user=town_admin
        )
    assert refused.value.code == "person_outside_campaign"
