"""An old-style .xls roster (BIFF, as WPS and old Excel save it): merged village cells,
date cells, numbers where text was meant."""

import datetime as dt

from sanwei.imports.normalise import ID_STORED_AS_NUMBER
from sanwei.people.models import Household, Person

from .conftest import errors_of, id_number, import_file, person_rows, write_xls

ZHANG = id_number(dt.date(1960, 1, 1), "M", 11)
WANG = id_number(dt.date(1985, 12, 12), "M", 12)
LI = id_number(dt.date(1962, 2, 2), "F", 13)


def test_xls_roster_is_imported_with_exact_persons_households_and_errors(
    tree, town_admin, tmp_path
):
    rows = [
        ["东岳观村花名册"],
        ["姓名", "性别", "身份证号", "出生日期", "所在村", "电话", "户主姓名", "与户主关系"],
        ["张三", "男", ZHANG, dt.date(1960, 1, 1), None, 13800138000.0, "张三", "户主"],
        ["李四", "女", float(LI), None, None, None, "张三", "配偶"],
        ["王五", "男", WANG.lower(), "1985年12月12日", None, "１３９１２３４５６７８", "张三", "儿子"],
        ["马六", "男", None, "1990-13-01", None, None, "张三", "女婿"],
    ]  # fmt: skip
    path = write_xls(
        tmp_path / "roster.xls",
        rows,
        merges=[(0, 0, 0, 7, "东岳观村花名册"), (2, 5, 4, 4, "东岳观村")],
    )

    job = import_file(path, tree["town"], town_admin)

    assert job.status == "committed", job.error_message
    assert job.file_format == "xls"
    assert errors_of(job) == {
        4: [ID_STORED_AS_NUMBER],
        6: ["出生日期“1990-13-01”无法识别"],
    }
    assert person_rows() == sorted(
        [
            ("张三", "M", dt.date(1960, 1, 1), "汉族", "13800138000", "东岳观村", "head",
             "张三", "", ZHANG),
            ("王五", "M", dt.date(1985, 12, 12), "汉族", "13912345678", "东岳观村", "child",
             "张三", "", WANG),
        ]
    )  # fmt: skip
    assert Household.unscoped.count() == 1
    assert Person.unscoped.filter(household__isnull=True).count() == 0
