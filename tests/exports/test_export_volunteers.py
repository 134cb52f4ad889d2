"""The volunteer roster: current members of volunteer teams, with their hours."""

from sanwei.people.models import Person

from .conftest import by_name, xlsx_rows


def test_current_members_of_volunteer_teams_with_hours(secretary_a, roster, export):
    Person.unscoped.filter(pk=roster["wang"].pk).update(skills="电工")
    rows = xlsx_rows(export(secretary_a, "volunteers"))
    assert rows[0] == [
        "姓名",
        "性别",
        "公民身份号码",
        "联系电话",
        "村(社区)",
        "组",
        "技能特长",
        "队伍",
        "队伍类型",
        "上级队伍",
        "职务",
        "加入日期",
        "志愿时长(小时)",
    ]
    volunteers = by_name(rows)
    # 李四 left the squad, 张三 is in a lecture team only, 赵六's squad is in village B.
    assert set(volunteers) == {"王五"}
    wang = volunteers["王五"]
    assert (wang["队伍"], wang["队伍类型"], wang["上级队伍"]) == (
        "东岳观村志愿小队",
        "志愿服务小队",
        "星火志愿服务中队",
    )
    assert wang["职务"] == "队长"
    assert wang["技能特长"] == "电工"
    assert wang["志愿时长(小时)"] == 2.5
    assert wang["联系电话"] == "137****9999"


def test_town_admin_sees_every_village_squad(town_admin, roster, export):
    names = set(by_name(xlsx_rows(export(town_admin, "volunteers"))))
    assert names == {"王五", "赵六"}
