"""The 志愿者 column: a "yes" makes the person an open member of the village's squad."""

import datetime as dt

import pytest
from django.utils import timezone

from sanwei.core.models import ActionLog
from sanwei.imports import services
from sanwei.people.models import Person
from sanwei.teams.models import MemberRole, Membership, TeamKind

from ..factories import MembershipFactory, PersonFactory, TeamFactory
from .conftest import (
    db_fingerprint,
    errors_of,
    id_number,
    import_file,
    preview_file,
    warnings_of,
    write_csv,
    write_xlsx,
)

HEADER = ["姓名", "身份证号", "村（社区）", "组", "是否志愿者", "技能特长"]
ZHANG = id_number(dt.date(1970, 1, 1), "M", 1)
LI = id_number(dt.date(1972, 2, 2), "F", 2)
WANG = id_number(dt.date(1980, 3, 3), "M", 3)
ZHAO = id_number(dt.date(1985, 4, 4), "M", 4)
SUN = id_number(dt.date(1990, 5, 5), "F", 5)


@pytest.fixture
def squads(tree):
    """The squad of village A under the town's squadron; village B has no squad."""
    squadron = TeamFactory(name="星火志愿服务中队", kind=TeamKind.SQUADRON, region=tree["town"])
    squad = TeamFactory(
        name="东岳观村志愿小队", kind=TeamKind.SQUAD, region=tree["village_a"], parent=squadron
    )
    TeamFactory(name="东岳观村宣讲队", kind=TeamKind.LECTURE, region=tree["village_a"])
    return {"squadron": squadron, "squad": squad}


def roster(tmp_path, name="a.xlsx"):
    return write_xlsx(
        tmp_path / name,
        [
            HEADER,
            ["张三", ZHANG, "东岳观村", "一组", "是", "电工"],
            ["李四", LI, "东岳观村", "二组", "√", ""],
            ["王五", WANG, "东岳观村", "", 1, "驾驶"],
            ["赵六", ZHAO, "东岳观村", "", "否", ""],
            ["孙七", SUN, "东岳观村", "", "", "厨师"],
        ],
    )


def squad_members(squad) -> dict[str, tuple]:
    return {
        m.person.name: (m.role, m.started_on, m.ended_on)
        for m in Membership.unscoped.filter(team=squad).select_related("person")
    }


def test_volunteers_join_their_villages_squad(tree, groups, squads, town_admin, tmp_path):
    job = import_file(roster(tmp_path), tree["town"], town_admin)

    assert job.status == "committed", job.error_message
    assert job.counts["new"] == 5 and job.counts["invalid"] == 0
    today = timezone.localdate()
    assert squad_members(squads["squad"]) == {
        "张三": (MemberRole.MEMBER, today, None),  # in group 一组 of the village
        "李四": (MemberRole.MEMBER, today, None),
        "王五": (MemberRole.MEMBER, today, None),
    }
    assert Membership.unscoped.count() == 3  # no other team gets anyone
    assert dict(Person.unscoped.values_list("name", "skills")) == {
        "张三": "电工",
        "李四": "",
        "王五": "驾驶",
        "赵六": "",
        "孙七": "厨师",
    }


def test_a_stored_person_marked_volunteer_is_updated(tree, squads, town_admin, tmp_path):
    person = PersonFactory(name="张三", region=tree["village_a"], id_number=ZHANG)
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["张三", ZHANG, "东岳观村", "", "是", ""]])

    job = import_file(path, tree["town"], town_admin)

    assert (job.counts["updated"], job.counts["unchanged"]) == (1, 0)
    assert job.changed_fields == {"volunteer": 1}
    membership = Membership.unscoped.get(person=person)
    assert (membership.team, membership.ended_on) == (squads["squad"], None)


def test_importing_the_same_file_again_changes_nothing(tree, groups, squads, town_admin, tmp_path):
    import_file(roster(tmp_path), tree["town"], town_admin)
    before = db_fingerprint()

    job = import_file(roster(tmp_path, "again.xlsx"), tree["town"], town_admin)

    assert (job.counts["new"], job.counts["updated"], job.counts["unchanged"]) == (0, 0, 5)
    assert job.changed_fields == {}
    assert db_fingerprint() == before


def test_a_member_already_counts_as_unchanged(tree, squads, town_admin, tmp_path):
    person = PersonFactory(name="张三", region=tree["village_a"], id_number=ZHANG)
    MembershipFactory(team=squads["squad"], person=person, role=MemberRole.LEADER)
    before = db_fingerprint()
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["张三", ZHANG, "东岳观村", "", "是", ""]])

    job = import_file(path, tree["town"], town_admin)

    assert (job.counts["updated"], job.counts["unchanged"]) == (0, 1)
    assert db_fingerprint() == before


def test_a_member_of_another_volunteer_team_is_a_volunteer_already(
    tree, squads, town_admin, tmp_path
):
    person = PersonFactory(name="张三", region=tree["village_a"], id_number=ZHANG)
    MembershipFactory(team=squads["squadron"], person=person)
    before = db_fingerprint()
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["张三", ZHANG, "东岳观村", "", "是", ""]])

    job = import_file(path, tree["town"], town_admin)

    assert job.counts["unchanged"] == 1
    assert db_fingerprint() == before


def test_a_former_member_joins_again(tree, squads, town_admin, tmp_path):
    person = PersonFactory(name="张三", region=tree["village_a"], id_number=ZHANG)
    MembershipFactory(team=squads["squad"], person=person, ended_on=dt.date(2023, 1, 1))
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["张三", ZHANG, "东岳观村", "", "是", ""]])

    job = import_file(path, tree["town"], town_admin)

    assert job.counts["updated"] == 1
    assert Membership.unscoped.filter(
        person=person, team=squads["squad"], ended_on__isnull=True
    ).exists()


def test_no_never_ends_a_membership(tree, squads, town_admin, tmp_path):
    person = PersonFactory(name="张三", region=tree["village_a"], id_number=ZHANG)
    MembershipFactory(team=squads["squad"], person=person)
    before = db_fingerprint()
    path = write_csv(tmp_path / "a.csv", [HEADER, ["张三", ZHANG, "东岳观村", "", "否", ""]])

    job = import_file(path, tree["town"], town_admin)

    assert job.counts["unchanged"] == 1
    assert db_fingerprint() == before


def test_a_village_without_a_squad_gets_a_warning_and_the_person_is_imported(
    tree, squads, town_admin, tmp_path
):
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["赵六", ZHAO, "双岗村", "", "是", "电工"]])

    job = preview_file(path, tree["town"], town_admin)

    assert job.counts["new"] == 1 and job.counts["invalid"] == 0
    assert warnings_of(job) == {2: ["未找到双岗村的志愿服务小队，志愿者身份未导入"]}
    job = services.commit(job, town_admin)
    assert job.status == "committed"
    assert Person.unscoped.get(name="赵六").skills == "电工"
    assert not Membership.unscoped.exists()


def test_a_village_with_two_squads_gets_a_warning(tree, squads, town_admin, tmp_path):
    TeamFactory(name="东岳观村第二志愿小队", kind=TeamKind.SQUAD, region=tree["village_a"])
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["张三", ZHANG, "东岳观村", "", "是", ""]])

    job = import_file(path, tree["town"], town_admin)

    assert job.counts["new"] == 1
    assert warnings_of(job) == {
        2: ["东岳观村有2支志愿服务小队，无法确定加入哪一支，志愿者身份未导入"]
    }
    assert not Membership.unscoped.exists()


def test_an_unreadable_volunteer_cell_is_an_invalid_row(tree, squads, town_admin, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["张三", ZHANG, "东岳观村", "", "也许", ""]])

    job = preview_file(path, tree["town"], town_admin)

    assert job.counts["invalid"] == 1
    assert errors_of(job) == {2: ["志愿者“也许”无法识别，应为“是”或“否”"]}


def test_volunteers_join_through_the_teams_service_which_logs_it_for_the_importer(
    tree, groups, squads, town_admin, tmp_path
):
    job = import_file(roster(tmp_path), tree["town"], town_admin)

    assert job.status == "committed", job.error_message
    log = ActionLog.objects.get(action_type="sanwei.membership.created_in_bulk")
    joined = dict(Person.unscoped.filter(memberships__isnull=False).values_list("pk", "name"))
    assert sorted(joined.values()) == ["张三", "李四", "王五"]
    assert log.user == town_admin
    assert log.data == {"team": squads["squad"].pk, "persons": sorted(joined), "role": "member"}
