"""A CSV saved by Excel or WPS in GBK: a title row, Excel's ="…" text wrappers, party
members with their admission dates, 户号 and addresses."""

import datetime as dt

from sanwei.imports.normalise import ID_STORED_AS_NUMBER
from sanwei.people.models import Household

from .conftest import (
    errors_of,
    excel_serial,
    id_number,
    id_number_ending_in_x,
    import_file,
    person_rows,
    warnings_of,
    write_csv,
)

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ZHANG = id_number(dt.date(1949, 12, 31), "M", 21)
LI = id_number_ending_in_x(dt.date(1950, 1, 2), "F")
WANG = id_number(dt.date(1974, 6, 15), "M", 22)
HUANG = id_number(dt.date(1970, 3, 3), "M", 23)

HEADER = ["姓名", "性别", "身份证号码", "出生日期", "联系电话", "村（社区）", "组", "户主姓名",
          "与户主关系", "户号", "现住址", "政治面貌", "入党时间", "所在党支部"]  # fmt: skip


def test_gbk_csv_roster(tree, town_admin, tmp_path):
    rows = [
        ["东岳观镇居民花名册", "", "", ""],
        HEADER,
        # line 3
        ["张三", "男", f'="{ZHANG}"', "1949-12-31", "+86 138-0000-0000", "双岗村", "",
         "张三", "户主", "H001", "双岗村 1号", "党员", "1970.7.1", "双岗村党支部"],
        # line 4
        ["李四", "女", LI.lower(), "1950年01月02日", "0086 13900000001", "双岗村", "", "张三",
         "配偶", "H001", "", "群众", "", ""],
        # line 5: full-width ID, an Excel serial date as text
        ["王小", "男", WANG.translate(FULLWIDTH), str(excel_serial(dt.date(1974, 6, 15))),
         "13800000003", "双岗村", "", "张三", "儿子", "H001", "", "", "", ""],
        # line 6: Excel wrote the ID number in scientific notation
        ["刘备", "男", "4.30821E+17", "", "", "双岗村", "", "", "", "", "", "", "", ""],
        # line 7: an impossible date
        ["关羽", "男", "", "1960.13.01", "", "双岗村", "", "", "", "", "", "", "", ""],
        # line 8: an admission date for someone who is not a member
        ["张飞", "男", "", "1961.1.1", "", "双岗村", "", "", "", "", "", "群众", "1980.1.1", ""],
        # line 9: no village in a town-wide import
        ["赵云", "男", "", "1962.2.2", "", "", "", "", "", "", "", "", "", ""],
        # line 10: a son-in-law whose head is neither in the file nor registered: his
        # household is unknown, so he is not written (not without a household)
        ["黄忠", "男", HUANG, "", "", "双岗村", "", "马超", "女婿", "", "", "", "", ""],
    ]  # fmt: skip
    path = write_csv(tmp_path / "花名册.csv", rows, encoding="gbk")

    job = import_file(path, tree["town"], town_admin)

    assert job.status == "committed", job.error_message
    assert job.file_format == "csv"
    assert errors_of(job) == {
        6: [ID_STORED_AS_NUMBER],
        7: ["出生日期“1960.13.01”无法识别"],
        8: ["政治面貌不是党员，却填写了入党时间"],
        9: ["未填写村（社区）"],
        10: ["未找到户主“马超”（本文件和双岗村已登记的群众中都没有），请先导入户主或更正户主姓名"],
    }
    assert warnings_of(job) == {}
    assert person_rows() == sorted(
        [
            ("张三", "M", dt.date(1949, 12, 31), "汉族", "13800000000", "双岗村", "head",
             "张三", "formal", ZHANG),
            ("李四", "F", dt.date(1950, 1, 2), "汉族", "13900000001", "双岗村", "spouse",
             "张三", "", LI),
            ("王小", "M", dt.date(1974, 6, 15), "汉族", "13800000003", "双岗村", "child",
             "张三", "", WANG),
        ]
    )  # fmt: skip
    household = Household.unscoped.get()
    assert (household.number, household.address, household.region.name) == (
        "H001",
        "双岗村 1号",
        "双岗村",
    )
    zhang = household.head
    assert (zhang.party_joined_on, zhang.party_branch) == (dt.date(1970, 7, 1), "双岗村党支部")
