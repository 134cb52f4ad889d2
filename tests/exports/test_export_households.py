"""The households roster: head, address, size and members of each household."""

from .conftest import by_name, xlsx_rows


def test_households_with_head_size_and_members(secretary_a, roster, export):
    rows = xlsx_rows(export(secretary_a, "households"))
    assert rows[0] == [
        "户号",
        "户主姓名",
        "公民身份号码",
        "联系电话",
        "村(社区)",
        "组",
        "现住址",
        "家庭人数",
        "家庭成员",
    ]
    households = by_name(rows, "户号")
    assert list(households) == ["A001"]  # village B's household is not in village A's export
    a001 = households["A001"]
    assert a001["户主姓名"] == "张三"
    assert a001["联系电话"] == "138****1234"
    assert (a001["村(社区)"], a001["组"], a001["现住址"]) == ("东岳观村", "一组", "东岳观村一组8号")
    assert a001["家庭人数"] == 2
    assert a001["家庭成员"] == "张三、李四"
