"""Retention: unverified check-ins older than SANWEI_UNVERIFIED_CHECKIN_DAYS are deleted by
`sanwei purge_expired`, one log record per village saying how many."""

import datetime as dt
from unittest import mock

from django.core.management import call_command
from django.utils import timezone

from sanwei.checkin.models import UnverifiedCheckin
from sanwei.core.models import ActionLog

from ..factories import ActivityFactory, UnverifiedCheckinFactory


def made_days_ago(days, **kwargs):
    with mock.patch(
        "django.utils.timezone.now", return_value=timezone.now() - dt.timedelta(days=days)
    ):
        return UnverifiedCheckinFactory(**kwargs)


def test_purge_deletes_only_the_expired_and_logs_per_village(tree, settings, capsys):
    settings.SANWEI_UNVERIFIED_CHECKIN_DAYS = 30
    in_a = ActivityFactory(region=tree["village_a"])
    in_b = ActivityFactory(region=tree["village_b"])
    made_days_ago(31, activity=in_a, phone="13700000001", status="rejected")
    made_days_ago(45, activity=in_a, phone="13700000002")
    made_days_ago(40, activity=in_b, phone="13700000003", status="confirmed")
    kept = made_days_ago(29, activity=in_a, phone="13700000004")

    call_command("purge_expired")

    assert list(UnverifiedCheckin.unscoped.all()) == [kept]
    purged = ActionLog.objects.filter(action_type="sanwei.checkin.unverified_purged")
    assert sorted((e.region_path, e.data["count"], e.data["days"]) for e in purged) == [
        (tree["village_a"].path, 2, 30),
        (tree["village_b"].path, 1, 30),
    ]
    assert "3 条" in capsys.readouterr().out


def test_nothing_expired_nothing_deleted_nothing_logged(tree, settings):
    settings.SANWEI_UNVERIFIED_CHECKIN_DAYS = 90
    made_days_ago(89, activity=ActivityFactory(region=tree["village_a"]))

    call_command("purge_expired")

    assert UnverifiedCheckin.unscoped.count() == 1
    assert not ActionLog.objects.filter(action_type="sanwei.checkin.unverified_purged").exists()
