"""An activity's attendance list: a form page, then the file."""

from sanwei.exports.models import ExportRecord

from .conftest import by_name, csv_rows, xlsx_rows


def _url(activity) -> str:
    return f"/exports/activity/{activity.pk}/attendance/"


def test_form_page_shows_the_activity(secretary_a, roster, login):
    response = login(secretary_a).get(_url(roster["activity"]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "院坝宣讲" in content
    assert "导出完整身份证号和手机号" in content
    assert response.context["attendance_count"] == 2


def test_attendance_rows_masked(secretary_a, roster, login):
    rows = xlsx_rows(login(secretary_a).get(_url(roster["activity"]), {"format": "xlsx"}))
    assert rows[0] == [
        "姓名",
        "性别",
        "公民身份号码",
        "联系电话",
        "村(社区)",
        "组",
        "身份",
        "时长(小时)",
        "登记方式",
        "登记时间",
    ]
    people = by_name(rows)
    assert set(people) == {"张三", "王五"}
    assert people["王五"]["身份"] == "志愿者"
    assert people["王五"]["时长(小时)"] == 2.5
    assert people["张三"]["身份"] == "受众"
    assert people["张三"]["联系电话"] == "138****1234"
    assert people["张三"]["组"] == "一组"
    record = ExportRecord.unscoped.get()
    assert record.exporter == "attendance"
    assert record.region == roster["activity"].region
    assert record.params == {"activity": roster["activity"].pk}


def test_attendance_unmasked_when_asked(secretary_a, roster, login):
    response = login(secretary_a).post(_url(roster["activity"]), {"format": "csv", "unmask": "on"})
    people = by_name(csv_rows(response))
    assert people["张三"]["联系电话"] == "13800001234"
    assert ExportRecord.unscoped.get().unmasked is True


def test_county_viewer_gets_the_form_and_a_masked_file_but_may_not_post(
    county_viewer, roster, login
):
    client = login(county_viewer)
    page = client.get(_url(roster["activity"]))
    assert page.status_code == 200
    assert "导出完整身份证号和手机号" not in page.content.decode()
    rows = xlsx_rows(client.get(_url(roster["activity"]), {"format": "xlsx"}))
    assert len(rows) == 3
    assert client.post(_url(roster["activity"]), {"format": "xlsx"}).status_code == 403
