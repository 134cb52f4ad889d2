"""Opinions typed up in a spreadsheet: a preview (nothing written) that counts every row
once and lists invalid rows in Chinese with their row numbers, then a commit that writes
all valid rows through the opinion loop or none. A town admin imports a month's opinions
across villages; a meeting's page imports that meeting's."""

import io

from openpyxl import Workbook

from sanwei.accounts.permissions import SYSTEM
from sanwei.seminar import services
from sanwei.seminar.models import Opinion

HEADER = ["日期", "村", "组", "提出人", "意见内容", "屋场会"]


def _xlsx(rows, header=HEADER) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "意见.xlsx"
    return buffer


def _csv(text: str, encoding="utf-8") -> io.BytesIO:
    buffer = io.BytesIO(text.encode(encoding))
    buffer.name = "意见.csv"
    return buffer


MONTH = [
    [
        "2026-11-03",
        "东岳观村",
        "一组",
        "张建国",
        "村口的路灯坏了",
        "屋场会：聊聊二十大，说说村里事",
    ],
    ["2026-11-05", "东岳观村", "二组", "赵大爷", "进组的路太窄，会车困难", ""],
    ["2026年11月6日", "双岗村", "", "孙红", "自来水水压太小", ""],
    ["", "东岳观村", "", "王德福", "缺日期的一条", ""],
    ["2026-11-07", "不存在村", "", "李四", "村名写错的一条", ""],
    ["2026-11-08", "东岳观村", "", "", "没写提出人的一条", ""],
    ["2026-11-08", "东岳观村", "", "李桂兰", "", ""],
    ["2026-11-05", "东岳观村", "二组", "赵大爷", "进组的路太窄，会车困难", ""],
    ["2026-11-09", "东岳观村", "", "王德福", "要办老年食堂", "没有这场会"],
]


def _preview(client, upload, url="/seminar/opinions/import/"):
    return client.post(url, {"file": upload})


def test_the_preview_counts_every_row_once_and_names_the_invalid_rows(
    meeting_village, login, town_admin
):
    response = _preview(login(town_admin), _xlsx(MONTH))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="count-new">3<' in page
    assert 'id="count-duplicate">1<' in page
    assert 'id="count-invalid">5<' in page
    for message in (
        "第5行：未填写日期",
        "第6行：村（社区）“不存在村”不在东岳观镇的区划中",
        "第7行：未填写提出人",
        "第8行：未填写意见内容",
        "第10行：东岳观村没有名为“没有这场会”的屋场会",
    ):
        assert message in page, message
    assert "与第3行重复" in page
    assert not Opinion.unscoped.exists()


def test_the_commit_writes_every_valid_row_with_its_village_group_raiser_and_meeting(
    meeting_village, login, town_admin, tree
):
    client = login(town_admin)
    token = _preview(client, _xlsx(MONTH)).context["preview"].token

    response = client.post("/seminar/opinions/import/commit/", {"token": token})

    assert response.status_code == 302
    opinions = {o.text: o for o in Opinion.unscoped.select_related("region", "meeting")}
    assert sorted(opinions) == ["村口的路灯坏了", "自来水水压太小", "进组的路太窄，会车困难"]
    lamp = opinions["村口的路灯坏了"]
    assert lamp.region == meeting_village["group1"]
    assert lamp.raised_by == meeting_village["people"]["张建国"]
    assert lamp.meeting == meeting_village["meeting"]
    assert str(lamp.raised_on) == "2026-11-03"
    road = opinions["进组的路太窄，会车困难"]
    assert (road.region, road.raised_by, road.raised_by_name) == (
        meeting_village["group2"], None, "赵大爷"
    )  # fmt: skip
    assert road.campaign is None  # the fixture campaign ends in 2023
    assert opinions["自来水水压太小"].region == tree["village_b"]
    assert all(o.state == "received" for o in opinions.values())


def test_a_second_commit_of_the_same_preview_writes_nothing_twice(
    meeting_village, login, town_admin
):
    client = login(town_admin)
    token = _preview(client, _xlsx(MONTH)).context["preview"].token
    client.post("/seminar/opinions/import/commit/", {"token": token})

    client.post("/seminar/opinions/import/commit/", {"token": token})

    assert Opinion.unscoped.count() == 3


def test_a_row_refused_at_commit_undoes_the_whole_import(meeting_village, login, secretary_a, tree):
    """A secretary's preview is committed after her role was taken away from one of the
    rows' regions: nothing is written."""
    client = login(secretary_a)
    rows = [
        ["2026-11-03", "东岳观村", "", "张建国", "第一条意见", ""],
        ["2026-11-04", "东岳观村", "", "张建国", "第二条意见", ""],
    ]
    token = _preview(client, _xlsx(rows)).context["preview"].token
    from django.core import signing

    from sanwei.seminar.opinion_import import IMPORT_SALT

    data = signing.loads(token, salt=IMPORT_SALT)
    data["rows"][1]["region"] = tree["village_b"].pk
    forged = signing.dumps(data, salt=IMPORT_SALT, compress=True)

    response = client.post("/seminar/opinions/import/commit/", {"token": forged})

    assert response.status_code == 403
    assert not Opinion.unscoped.exists()


def test_a_tampered_token_is_refused(meeting_village, login, town_admin):
    client = login(town_admin)
    token = _preview(client, _xlsx(MONTH)).context["preview"].token

    response = client.post(
        "/seminar/opinions/import/commit/", {"token": token[:-2] + "xx"}, follow=True
    )

    assert "预览数据无效，请重新上传意见表" in response.content.decode()
    assert not Opinion.unscoped.exists()


def test_an_opinion_already_recorded_is_a_duplicate(meeting_village, login, town_admin):
    import datetime as dt

    services.create_opinion(
        user=SYSTEM, region=meeting_village["village"], text="村口的路灯 坏了",
        raised_on=dt.date(2026, 11, 3), raised_by_name="张建国",
    )  # fmt: skip

    response = _preview(login(town_admin), _xlsx(MONTH[:1]))

    assert 'id="count-duplicate">1<' in response.content.decode()
    assert "该意见已登记过" in response.content.decode()


def test_a_meeting_import_puts_every_row_at_that_meeting(meeting_village, login, secretary_a):
    client = login(secretary_a)
    meeting = meeting_village["meeting"]
    url = f"/seminar/meetings/{meeting.pk}/import/"
    upload = _csv(
        "日期,提出人,意见内容\n2026-11-03,王德福,组里的水渠要清淤\n2026-11-03,外村人,希望多办几场\n"
    )

    token = _preview(client, upload, url).context["preview"].token
    response = client.post(
        "/seminar/opinions/import/commit/", {"token": token, "meeting": meeting.pk}
    )

    assert response["Location"] == f"/seminar/meetings/{meeting.pk}/#opinions"
    opinions = {o.text: o for o in Opinion.unscoped.all()}
    assert [o.meeting for o in opinions.values()] == [meeting, meeting]
    assert opinions["组里的水渠要清淤"].raised_by == meeting_village["people"]["王德福"]
    assert opinions["希望多办几场"].raised_by is None
    assert opinions["希望多办几场"].raised_by_name == "外村人"


def test_a_secretary_cannot_import_into_another_village(meeting_village, login, secretary_a):
    rows = [["2026-11-03", "双岗村", "", "孙红", "自来水水压太小", ""]]

    response = _preview(login(secretary_a), _xlsx(rows))

    page = response.content.decode()
    assert 'id="count-invalid">1<' in page
    assert "不在东岳观村的区划中" in page


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_nothing_written(
    meeting_village, login, town_admin
):
    fake = io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    fake.name = "意见.xlsx"

    response = _preview(login(town_admin), fake)

    assert response.status_code == 400
    assert "无法识别的文件格式" in response.content.decode()
    assert not Opinion.unscoped.exists()


def test_a_sheet_without_the_opinion_columns_is_refused(meeting_village, login, town_admin):
    response = _preview(login(town_admin), _csv("提出人,村\n张三,东岳观村\n"))

    assert response.status_code == 400
    assert "意见表缺少列：日期、意见内容" in response.content.decode()


def test_a_gbk_csv_is_read(meeting_village, login, town_admin):
    upload = _csv("日期,村,提出人,意见内容\n2026-11-03,东岳观村,张建国,村口的路灯坏了\n", "gbk")

    response = _preview(login(town_admin), upload)

    assert 'id="count-new">1<' in response.content.decode()
