# ruff: noqa: F811  (the hand-built village fixture is imported, then asked for by name)
"""Erasure on request (PIPL): anonymising keeps every coverage figure; erasing deletes the
person and keeps their audience attendance as head counts, so the person-times stay.
Both are logged; erasing a person other records name is refused with nothing changed.

The figures are the hand-built village's of tests/coverage/conftest.py (its docstring)."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import Activity, Attendance
from sanwei.checkin.models import UnverifiedCheckin
from sanwei.core.errors import ServiceError
from sanwei.core.models import ActionLog
from sanwei.coverage.engine import coverage
from sanwei.people import services
from sanwei.people.models import Person

from ..coverage.conftest import village  # noqa: F401  (the hand-built village)
from ..factories import MembershipFactory, TeamFactory, UnverifiedCheckinFactory, make_id_number

ID_ZHANG = make_id_number(dt.date(1962, 3, 4), "M")


def figures(c):
    return (
        (c.persons.reached, c.persons.total),
        (c.party_members.reached, c.party_members.total),
        (c.households.reached, c.households.total),
        c.audience_person_times,
    )


def town_and_villages(village):
    town = coverage(village.campaign, village.town, depth=2)
    return figures(town), [figures(c) for c in town.children]


BEFORE = (
    ((3, 9), (2, 3), (3, 5), 54),
    [((3, 8), (2, 2), (3, 4), 34), ((0, 1), (0, 1), (0, 1), 20)],
)


@pytest.fixture
def zhang(village):
    person = village.people.zhang3
    person.birth_date = dt.date(1962, 3, 4)
    services.save_person(person, id_number=ID_ZHANG, user=SYSTEM)
    person.phone, person.notes, person.is_frail = "13800001234", "腿脚不便", True
    person.save()
    UnverifiedCheckinFactory(activity=village.main, name="张三", phone="13800001234",
                             person=person)  # fmt: skip
    return person


def test_the_figures_before_erasure_are_the_hand_worked_ones(village, zhang):
    assert town_and_villages(village) == BEFORE


def test_anonymising_keeps_every_figure_and_clears_the_identity(village, zhang):
    services.anonymise_person(zhang, user=SYSTEM)

    assert town_and_villages(village) == BEFORE
    stored = Person.unscoped.get(pk=zhang.pk)
    assert (stored.name, stored.id_number_encrypted, stored.id_number_hash) == ("已注销", "", None)
    assert (stored.phone, stored.birth_date, stored.notes, stored.is_frail) == ("", None, "", False)
    assert (stored.region, stored.household, stored.party_status) == (
        zhang.region,
        zhang.household,
        zhang.party_status,
    )
    assert services.person_with_id(ID_ZHANG) is None
    checkin = UnverifiedCheckin.unscoped.get(person=stored)
    assert (checkin.name, checkin.phone) == ("已注销", "")
    entry = ActionLog.objects.get(action_type="sanwei.person.anonymised")
    assert entry.object_id == zhang.pk
    assert entry.data["unverified_checkins"] == 1
    assert "13800001234" not in str(entry.data) and "张三" not in str(entry.data)


def test_erasing_keeps_the_person_times_as_head_counts(village, zhang):
    result = services.erase_person(zhang, user=SYSTEM)

    # 张三 was audience at the main session M and its sub-venue S: two head counts more.
    assert result == {"attendances_folded": 2}
    assert Activity.unscoped.get(pk=village.main.pk).audience_headcount == 31
    assert Activity.unscoped.get(pk=village.sub.pk).audience_headcount == 1
    # He is no longer a resident: 8 persons, 赵六 and 孙七 reached; H1 (李四, a lecturer)
    # no longer reached; 赵六 the one reached party member of 2. 人次 unchanged: 54.
    assert town_and_villages(village) == (
        ((2, 8), (1, 2), (2, 5), 54),
        [((2, 7), (1, 1), (2, 4), 34), ((0, 1), (0, 1), (0, 1), 20)],
    )
    assert not Person.unscoped.filter(pk=zhang.pk).exists()
    assert UnverifiedCheckin.unscoped.get().person is None
    entry = ActionLog.objects.get(action_type="sanwei.person.erased")
    assert entry.data == {"region": zhang.region.code, "attendances_folded": 2}


def test_erasing_a_person_other_records_name_is_refused_and_changes_nothing(
    village,
    zhang,
):
    MembershipFactory(team=TeamFactory(region=village.a), person=zhang)

    with pytest.raises(ServiceError) as refused:
        services.erase_person(zhang, user=SYSTEM)

    assert refused.value.code == "person_in_use"
    assert "匿名化" in refused.value.message
    assert Person.unscoped.filter(pk=zhang.pk).exists()
    assert Attendance.unscoped.filter(person=zhang).count() == 2
    assert Activity.unscoped.get(pk=village.main.pk).audience_headcount == 30
    assert not ActionLog.objects.filter(action_type="sanwei.person.erased").exists()


def test_the_command_anonymises_a_person_found_by_id_number(village, zhang, capsys):
    call_command("erase_person", ID_ZHANG, "--anonymise")

    assert Person.unscoped.get(pk=zhang.pk).name == "已注销"
    assert "已将该群众匿名化" in capsys.readouterr().out
    assert town_and_villages(village) == BEFORE


def test_the_command_erases_a_person_by_database_id(village, zhang, capsys):
    call_command("erase_person", str(zhang.pk))

    assert not Person.unscoped.filter(pk=zhang.pk).exists()
    assert "2 次受众参与" in capsys.readouterr().out


def test_the_command_refuses_an_unknown_person(village):
    with pytest.raises(CommandError, match="没有找到"):
        call_command("erase_person", "999999")


def test_the_admin_action_anonymises_the_selected_people(client, village, zhang):
    from ..factories import UserFactory

    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    root.set_password("pass-1234")
    root.save()
    client.force_login(root)
    response = client.post(
        "/admin/people/person/",
        {"action": "anonymise_people", "_selected_action": [zhang.pk]},
    )

    assert response.status_code == 302
    assert Person.unscoped.get(pk=zhang.pk).name == "已注销"
    entry = ActionLog.objects.get(action_type="sanwei.person.anonymised")
    assert entry.via == "session"
    assert town_and_villages(village) == BEFORE
