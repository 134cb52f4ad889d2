"""Every data row is counted once — new, updated, unchanged or invalid — and the counts
are the same in the preview page, the command and the API; a row reported invalid is
not in the database; warnings are counted besides."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from sanwei.accounts.tokens import create_token
from sanwei.imports.models import ImportJob
from sanwei.people.models import Person

from ..people.conftest import ApiClient
from .conftest import errors_of, id_number, import_file, write_xlsx

HEADER = ["姓名", "身份证号", "手机号码", "村（社区）", "组", "户主姓名", "与户主关系"]
LI = id_number(dt.date(1950, 1, 1), "M", 1)
WANG = id_number(dt.date(1951, 1, 1), "M", 2)
ZHANG_1 = id_number(dt.date(1960, 1, 1), "M", 3)
ZHANG_2 = id_number(dt.date(1975, 1, 1), "M", 4)
LISI = id_number(dt.date(1970, 1, 1), "M", 5)

REGISTERED = [
    HEADER,
    ["老李", LI, "13800000001", "东岳观村", "一组", "老李", "户主"],
    ["老王", WANG, "", "东岳观村", "一组", "老王", "户主"],
]
ROSTER = [
    HEADER,
    ["老李", LI, "13800000009", "东岳观村", "一组", "老李", "户主"],  # 2 updated: phone
    ["老王", WANG, "", "东岳观村", "一组", "老王", "户主"],  # 3 unchanged
    ["张建国", ZHANG_1, "", "东岳观村", "一组", "张建国", "户主"],  # 4 new
    ["张建国", ZHANG_2, "", "东岳观村", "一组", "张建国", "户主"],  # 5 new
    ["张一", "", "", "东岳观村", "一组", "张建国", "儿子"],  # 6 new, no birth date: warning
    ["马六", "", "123", "东岳观村", "二组", "马六", "户主"],  # 7 invalid phone
    ["马小", "", "", "东岳观村", "二组", "马六", "女儿"],  # 8 invalid: its head's row is
    ["李四", LISI, "", "东岳观村", "一组", "李四", "户主"],  # 9 new
    ["张二", "", "", "东岳观村", "一组", "张建国", "女儿"],  # 10 invalid: which 张建国?
    ["流浪", "", "", "双岗村", "3组", "无名", "子"],  # 11 invalid: no such head anywhere
    ["老李", LI, "", "东岳观村", "一组", "老李", "户主"],  # 12 invalid: row 2 again
]
COUNTS = {
    "rows": 11,
    "new": 4,
    "updated": 1,
    "unchanged": 1,
    "invalid": 5,
    "warnings": 1,
    "households_new": 3,
    "households_updated": 0,
}
ERRORS = {
    7: ["电话号码“123”格式错误，应为11位手机号码，或区号加固定电话号码（如0744-1234567）"],
    8: ["户主“马六”所在的第7行有错误，请先更正"],
    10: [
        "本文件中东岳观村一组有2名户主叫“张建国”（第4行、第5行），无法确定本行属于哪一户："
        "请把本行排在其户主下方，或填写户号"
    ],
    11: ["未找到户主“无名”（本文件和双岗村3组已登记的群众中都没有），请先导入户主或更正户主姓名"],
    12: ["身份证号码与第2行重复"],
}
INVALID_NAMES = {"马六", "马小", "张二", "流浪"}


def registered(tree, town_admin, tmp_path):
    import_file(write_xlsx(tmp_path / "registered.xlsx", REGISTERED), tree["town"], town_admin)


def assert_written_as_counted(job: ImportJob) -> None:
    counts = job.counts
    assert (
        counts["new"] + counts["updated"] + counts["unchanged"] + counts["invalid"]
        == (counts["rows"])
    )
    names = sorted(Person.unscoped.values_list("name", flat=True))
    assert names == ["张一", "张建国", "张建国", "李四", "老李", "老王"]
    assert not INVALID_NAMES & set(names)
    assert Person.unscoped.get(name="老李").phone == "13800000009"
    assert not Person.unscoped.filter(household__isnull=True).exists()


def test_the_preview_page_and_the_job_count_every_row_once(
    tree, groups, town_admin, login, tmp_path
):
    registered(tree, town_admin, tmp_path)
    client = login(town_admin)
    path = write_xlsx(tmp_path / "roster.xlsx", ROSTER)
    upload = SimpleUploadedFile("roster.xlsx", path.read_bytes())

    response = client.post(
        reverse("imports:import_create"),
        {"kind": "persons", "region": tree["town"].pk, "file": upload},
    )
    job = ImportJob.unscoped.latest("pk")
    html = client.get(response["Location"]).content.decode()

    assert job.counts == COUNTS
    assert errors_of(job) == ERRORS
    tiles = [
        (11, "数据行"),
        (4, "新增群众"),
        (1, "更新群众"),
        (1, "没有变化"),
        (5, "有错误（跳过）"),
        (1, "需核对"),
    ]
    for number, label in tiles:
        assert (
            f'<span class="tile-num">{number}</span><span class="tile-label">{label}</span>' in html
        )
    assert "确认导入：新增 4 人、更新 1 人，跳过 5 行有错误的行" in html

    client.post(reverse("imports:import_commit", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == "committed"
    assert job.counts == COUNTS
    assert_written_as_counted(job)


def test_the_command_counts_every_row_once(tree, groups, town_admin, tmp_path):
    registered(tree, town_admin, tmp_path)
    path = write_xlsx(tmp_path / "roster.xlsx", ROSTER)
    out = io.StringIO()

    call_command(
        "import_roster", str(path), "--region", tree["town"].code, "--user", "town_admin",
        "--allow-invalid", "--no-progress", stdout=out,
    )  # fmt: skip

    text = out.getvalue()
    assert (
        "数据行11：新增4人，更新1人，没有变化1人，有错误5行，需核对1行；新建3户，更新0户。" in text
    )
    assert "导入完成：新增4人，更新1人，没有变化1人，跳过5行；新建3户，更新0户。" in text
    for line in ERRORS:
        assert f"  第{line}行：" in text
    job = ImportJob.unscoped.latest("pk")
    assert job.counts == COUNTS
    assert_written_as_counted(job)


def test_the_api_gives_the_same_counts_and_invalid_rows(tree, groups, town_admin, client, tmp_path):
    registered(tree, town_admin, tmp_path)
    job = import_file(write_xlsx(tmp_path / "roster.xlsx", ROSTER), tree["town"], town_admin)
    api = ApiClient(client, create_token(town_admin, "t"))

    response = api.get(f"/api/v1/imports/{job.pk}")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["status_display"], body["region"]) == (
        "committed",
        "已导入",
        tree["town"].code,
    )
    assert body["counts"] == COUNTS
    assert body["error_total"] == 5
    assert {e["line"]: e["messages"] for e in body["errors"]} == ERRORS
    assert [w["line"] for w in body["warnings"]] == [6]
    assert_written_as_counted(job)

    listing = api.get("/api/v1/imports/")

    assert listing.status_code == 200
    items = listing.json()["items"]
    assert [(i["id"], i["original_name"]) for i in items] == [
        (job.pk, "roster.xlsx"),
        (job.pk - 1, "registered.xlsx"),
    ]
    assert items[0]["counts"] == COUNTS


def test_the_api_shows_imports_only_to_who_may_import_there(
    tree, town_admin, secretary_b, county_viewer, client, tmp_path
):
    job = import_file(write_xlsx(tmp_path / "a.xlsx", REGISTERED), tree["village_a"], town_admin)

    other_village = ApiClient(client, create_token(secretary_b, "b"))
    viewer = ApiClient(client, create_token(county_viewer, "v"))

    assert other_village.get(f"/api/v1/imports/{job.pk}").status_code == 404
    assert other_village.get("/api/v1/imports/").json()["items"] == []
    assert viewer.get(f"/api/v1/imports/{job.pk}").status_code == 403
    assert viewer.get("/api/v1/imports/").status_code == 403
