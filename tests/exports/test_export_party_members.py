"""The party-member roster: formal and probationary members only."""

import datetime as dt

from .conftest import by_name, xlsx_rows


def test_party_members_only_with_party_fields(town_admin, roster, export):
    rows = xlsx_rows(export(town_admin, "party_members"))
    assert rows[0] == [
        "姓名",
        "性别",
        "公民身份号码",
        "联系电话",
        "出生日期",
        "民族",
        "村(社区)",
        "组",
        "现住址",
        "政治面貌",
        "入党时间",
        "所在党支部",
        "备注",
    ]
    members = by_name(rows)
    assert set(members) == {"张三", "赵六"}  # town admin: both villages, not the other town
    assert members["张三"]["政治面貌"] == "中共党员"
    assert members["张三"]["入党时间"] == dt.datetime(1985, 7, 1)
    assert members["赵六"]["政治面貌"] == "中共预备党员"
    assert members["赵六"]["村(社区)"] == "双岗村"


def test_region_filter_narrows_the_list(town_admin, roster, export, tree):
    rows = xlsx_rows(export(town_admin, "party_members", region=tree["village_b"].pk))
    assert set(by_name(rows)) == {"赵六"}
