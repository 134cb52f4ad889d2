"""Upload → preview → confirm through the pages, as a town admin does it."""

import datetime as dt
import os

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sanwei.core.tasks import Progress
from sanwei.imports.models import ImportJob
from sanwei.people.models import Person

from .conftest import id_number, write_xlsx


def xlsx_upload(tmp_path, rows, name="花名册.xlsx"):
    path = write_xlsx(tmp_path / name, rows)
    return SimpleUploadedFile(name, path.read_bytes())


ROWS = [
    ["东岳观镇花名册"],
    ["姓名", "身份证号", "手机", "村（社区）", "户主姓名", "与户主关系"],
    ["张三", id_number(dt.date(1960, 1, 1), "M", 1), "13800000001", "东岳观村", "张三", "户主"],
    ["李四", id_number(dt.date(1961, 1, 1), "F", 2), "13800000002", "东岳观村", "张三", "妻"],
    ["王五", "123", "", "东岳观村", "", ""],
]


def test_upload_preview_and_commit(tree, town_admin, login, tmp_path):
    client = login(town_admin)
    form = client.get(reverse("imports:import_create"))
    assert form.status_code == 200
    offered = list(form.context["form"].fields["region"].queryset.values_list("name", flat=True))
    assert offered == ["东岳观镇", "东岳观村", "双岗村"]

    response = client.post(
        reverse("imports:import_create"),
        {"kind": "persons", "region": tree["town"].pk, "file": xlsx_upload(tmp_path, ROWS)},
    )

    job = ImportJob.unscoped.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:import_detail", args=[job.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "确认导入：新增 2 人、更新 0 人，跳过 1 行有错误的行" in html
    assert (
        '<td data-label="行号">5</td><td data-label="原因">身份证号码应为18位，当前为3位</td>'
        in html
    )
    assert "表头在第 2 行" in html
    assert Person.unscoped.count() == 0

    response = client.post(reverse("imports:import_commit", args=[job.pk]))

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "committed"
    assert job.committed_by == town_admin
    assert sorted(Person.unscoped.values_list("name", "relation_to_head")) == [
        ("张三", "head"),
        ("李四", "spouse"),
    ]
    html = client.get(response["Location"]).content.decode()
    assert "导入结果" in html and "导入完成" in html
    listing = client.get(reverse("imports:import_list")).content.decode()
    assert "花名册.xlsx" in listing and "已导入" in listing


def test_the_column_mapping_can_be_corrected_and_checked_again(tree, town_admin, login, tmp_path):
    client = login(town_admin)
    client.post(
        reverse("imports:import_create"),
        {"kind": "persons", "region": tree["town"].pk, "file": xlsx_upload(tmp_path, ROWS)},
    )
    job = ImportJob.unscoped.get()
    assert job.column_mapping() == {
        0: "name",
        1: "id_number",
        3: "village",
        4: "household_head_name",
        5: "relation_to_head",
    }  # "手机" is not a known header
    page = client.get(reverse("imports:import_detail", args=[job.pk]))
    assert [letter for letter, _h, _f in page.context["mapping_form"].rows] == list("ABCDEF")

    fields = ["name", "id_number", "phone", "village", "household_head_name", "relation_to_head"]
    response = client.post(
        reverse("imports:import_detail", args=[job.pk]),
        {f"col_{i}": key for i, key in enumerate(fields)},
    )

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "previewed"
    assert job.column_mapping()[2] == "phone"
    client.post(reverse("imports:import_commit", args=[job.pk]))
    assert sorted(p.phone for p in Person.unscoped.all()) == [
        "13800000001",
        "13800000002",
    ]


def test_a_mapping_without_name_or_with_a_field_twice_is_refused(tree, town_admin, login, tmp_path):
    client = login(town_admin)
    client.post(
        reverse("imports:import_create"),
        {"kind": "persons", "region": tree["town"].pk, "file": xlsx_upload(tmp_path, ROWS)},
    )
    job = ImportJob.unscoped.get()
    url = reverse("imports:import_detail", args=[job.pk])

    no_name = client.post(url, {"col_1": "id_number"})
    twice = client.post(url, {"col_0": "name", "col_1": "phone", "col_2": "phone"})

    assert no_name.status_code == 400
    assert "请选择“姓名”所在的列" in no_name.content.decode()
    assert twice.status_code == 400
    assert "“联系电话”对应了多列，请只选一列" in twice.content.decode()


def test_progress_is_polled_while_working_and_reloads_the_page_when_done(
    tree, town_admin, login, tmp_path
):
    client = login(town_admin)
    client.post(
        reverse("imports:import_create"),
        {"kind": "persons", "region": tree["town"].pk, "file": xlsx_upload(tmp_path, ROWS)},
    )
    job = ImportJob.unscoped.get()
    ImportJob.unscoped.filter(pk=job.pk).update(status="committing")
    Progress(f"import:{job.pk}").update(1200, 4000, "写入数据库")
    url = reverse("imports:import_progress", args=[job.pk])

    running = client.get(url, HTTP_HX_REQUEST="true")

    assert running.status_code == 200
    html = running.content.decode()
    assert 'hx-trigger="every 1s"' in html and "1200 / 4000（30%）" in html
    assert "HX-Refresh" not in running
    assert "hx-get" in client.get(reverse("imports:import_detail", args=[job.pk])).content.decode()

    ImportJob.unscoped.filter(pk=job.pk).update(status="committed")
    done = client.get(url, HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"
    assert client.get(url).status_code == 200  # without htmx: the partial, no header


def test_cancel_deletes_the_file(tree, town_admin, login, tmp_path):
    client = login(town_admin)
    client.post(
        reverse("imports:import_create"),
        {"kind": "persons", "region": tree["town"].pk, "file": xlsx_upload(tmp_path, ROWS)},
    )
    job = ImportJob.unscoped.get()
    path = job.file.path

    response = client.post(reverse("imports:import_cancel", args=[job.pk]))

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "cancelled" and not job.file
    assert not os.path.exists(path)
    assert client.post(reverse("imports:import_commit", args=[job.pk])).status_code == 302
    assert Person.unscoped.count() == 0


def test_the_upload_form_still_needs_the_csrf_token(tree, town_admin, tmp_path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(town_admin)

    response = client.post(
        reverse("imports:import_create"),
        {"kind": "persons", "region": tree["town"].pk, "file": xlsx_upload(tmp_path, ROWS)},
    )

    assert response.status_code == 403
    assert not ImportJob.unscoped.exists()


def test_the_work_reports_its_progress(tree, town_admin, login, tmp_path):
    client = login(town_admin)
    client.post(
        reverse("imports:import_create"),
        {"kind": "persons", "region": tree["town"].pk, "file": xlsx_upload(tmp_path, ROWS)},
    )
    job = ImportJob.unscoped.get()
    progress = Progress(f"import:{job.pk}").read()
    assert (progress.finished, progress.stage, progress.percent) == (True, "检查完成", 100)

    client.post(reverse("imports:import_commit", args=[job.pk]))

    progress = Progress(f"import:{job.pk}").read()
    assert (progress.finished, progress.stage) == (True, "导入完成")
