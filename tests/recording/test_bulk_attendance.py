"""record_attendances, the bulk twin of the one attendance writer: one lock, one insert,
one log entry per batch; those already recorded are skipped; out of scope refuses all."""

import pytest

from sanwei.activities.models import Attendance, AttendanceRole, RecordedVia
from sanwei.activities.services import record_attendances
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.models import ActionLog

from ..factories import AttendanceFactory


def test_records_the_batch_and_skips_those_already_recorded(village, secretary_a):
    people = village["people"]
    activity = village["activity"]
    AttendanceFactory(activity=activity, person=people["张建国"])
    batch = [people["张建国"], people["李桂兰"], people["王丽"], people["李桂兰"]]

    created, already = record_attendances(activity, batch, user=secretary_a)

    assert (created, already) == (2, 1)
    recorded = Attendance.unscoped.filter(activity=activity, role=AttendanceRole.AUDIENCE)
    assert sorted(recorded.values_list("person__name", flat=True)) == ["张建国", "李桂兰", "王丽"]
    new = recorded.exclude(person=people["张建国"])
    assert set(new.values_list("recorded_by", flat=True)) == {secretary_a.pk}
    assert set(new.values_list("recorded_via", flat=True)) == {RecordedVia.MANUAL}


def test_the_batch_is_logged_once(village, secretary_a):
    people = village["people"]
    before = ActionLog.objects.count()

    record_attendances(village["activity"], [people["张建国"], people["王丽"]], user=secretary_a)

    logs = ActionLog.objects.filter(action_type="sanwei.attendance.recorded_many")
    assert ActionLog.objects.count() == before + 1
    assert logs.get().data["persons"] == [people["张建国"].pk, people["王丽"].pk]
    assert logs.get().data["activity"] == village["activity"].code


def test_a_batch_of_only_recorded_people_writes_and_logs_nothing(village, secretary_a):
    person = village["people"]["王丽"]
    AttendanceFactory(activity=village["activity"], person=person)
    before = ActionLog.objects.count()

    assert record_attendances(village["activity"], [person], user=secretary_a) == (0, 1)
    assert ActionLog.objects.count() == before


def test_the_role_is_recorded_and_other_roles_do_not_count_as_already(village, secretary_a):
    person = village["people"]["赵大爷"]
    AttendanceFactory(activity=village["activity"], person=person, role=AttendanceRole.AUDIENCE)

    created, already = record_attendances(
        village["activity"], [person], AttendanceRole.VOLUNTEER, user=secretary_a
    )

    assert (created, already) == (1, 0)
    assert sorted(Attendance.unscoped.filter(person=person).values_list("role", flat=True)) == [
        "audience",
        "volunteer",
    ]


def test_a_person_out_of_scope_refuses_the_whole_batch(village, secretary_a):
    batch = [village["people"]["王丽"], village["outsider"]]

    with pytest.raises(ServiceError) as refused:
        record_attendances(village["activity"], batch, user=secretary_a)

    assert refused.value.code == "person_out_of_scope"
    assert "刘强" in refused.value.message
    assert Attendance.unscoped.count() == 0


def test_an_unknown_role_is_refused(village, secretary_a):
    with pytest.raises(ServiceError) as refused:
        record_attendances(
            village["activity"], [village["people"]["王丽"]], "guest", user=secretary_a
        )
    assert refused.value.code == "attendance_role"
    assert Attendance.unscoped.count() == 0


def test_a_secretary_of_another_village_is_refused(village, secretary_b):
    with pytest.raises(NotPermitted):
        record_attendances(village["activity"], [village["people"]["王丽"]], user=secretary_b)
    assert Attendance.unscoped.count() == 0
