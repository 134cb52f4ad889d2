"""`manage.py loadregions`: a CSV of code,name; all or nothing."""

import pytest
from django.core.management import CommandError, call_command

from sanwei.regions.models import Region, RegionLevel

CSV = """code,name
430000000000,湖南省
430800000000,张家界市
430821000000,慈利县
430821104000,东岳观镇
430821104201,东岳观村
430821104201001,东岳观村一组
"""


def test_a_csv_builds_the_tree(db, tmp_path):
    path = tmp_path / "regions.csv"
    path.write_text(CSV, encoding="utf-8")
    call_command("loadregions", str(path), "--demo")
    group = Region.unscoped.get(code="430821104201001")
    assert group.level == RegionLevel.GROUP
    assert group.path == "430821104201001"
    assert group.parent.code == "430821104201"
    assert group.parent.parent.name == "东岳观镇"
    assert Region.unscoped.count() == 6
    assert all(Region.unscoped.values_list("is_demo", flat=True))


def test_loading_again_renames_and_counts(db, tmp_path, capsys):
    path = tmp_path / "regions.csv"
    path.write_text(CSV, encoding="utf-8")
    call_command("loadregions", str(path))
    path.write_text(CSV.replace("东岳观村一组", "一组"), encoding="gb18030")
    call_command("loadregions", str(path))
    assert "created 0, renamed 1, unchanged 5" in capsys.readouterr().out
    assert Region.unscoped.get(code="430821104201001").name == "一组"


@pytest.mark.parametrize(
    "bad_row",
    ["430821104999,", "43082110420X,坏代码", "430821105201,没有上级的村"],
)
def test_a_bad_row_leaves_nothing_written(db, tmp_path, bad_row):
    path = tmp_path / "regions.csv"
    path.write_text(CSV + bad_row + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as e:
        call_command("loadregions", str(path))
    assert "第" in str(e.value)
    assert not Region.unscoped.exists()
