"""A file whose content (SHA-256) was already imported into the region is flagged, on the
page, in the API and by the command; another region, a cancelled import or a changed
file is not."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from sanwei.imports import services
from sanwei.imports.models import ImportJob

from .conftest import id_number, import_file, preview_file, write_xlsx

ROWS = [
    ["姓名", "身份证号", "村（社区）", "户主姓名", "与户主关系"],
    ["张三", id_number(dt.date(1960, 1, 1), "M", 1), "东岳观村", "张三", "户主"],
]


def upload(client, region, path):
    response = client.post(
        reverse("imports:import_create"),
        {
            "kind": "persons",
            "region": region.pk,
            "file": SimpleUploadedFile(path.name, path.read_bytes()),
        },
    )
    assert response.status_code == 302
    return ImportJob.unscoped.latest("pk")


def test_the_same_file_again_into_the_region_is_flagged_on_the_page_and_in_the_api(
    tree, town_admin, login, tmp_path
):
    path = write_xlsx(tmp_path / "花名册.xlsx", ROWS)
    first = import_file(path, tree["town"])
    assert first.status == "committed"
    client = login(town_admin)

    again = upload(client, tree["town"], tmp_path / "花名册.xlsx")

    assert again.sha256 == first.sha256
    html = client.get(reverse("imports:import_detail", args=[again.pk])).content.decode()
    assert "内容完全相同的文件已于" in html
    assert f"导入到东岳观镇（“花名册.xlsx”，导入记录 #{first.pk}），请确认不是重复上传" in html
    api = client.get(f"/api/v1/imports/{again.pk}").json()
    assert api["same_file_imports"] == [first.pk]


def test_a_changed_file_another_region_or_a_cancelled_import_is_not_flagged(
    tree, town_admin, login, tmp_path
):
    path = write_xlsx(tmp_path / "花名册.xlsx", ROWS)
    cancelled = preview_file(path, tree["village_b"])
    services.cancel(cancelled, town_admin)
    import_file(path, tree["town"])
    client = login(town_admin)

    into_village = upload(client, tree["village_a"], path)
    changed = upload(
        client, tree["town"], write_xlsx(tmp_path / "改过.xlsx", [*ROWS, ["李四", "", "东岳观村"]])
    )
    into_b = upload(client, tree["village_b"], path)

    for job in (into_village, changed, into_b):
        html = client.get(reverse("imports:import_detail", args=[job.pk])).content.decode()
        assert "内容完全相同的文件" not in html
        assert client.get(f"/api/v1/imports/{job.pk}").json()["same_file_imports"] == []


def test_the_command_warns_about_a_file_imported_before(tree, tmp_path, capsys):
    path = write_xlsx(tmp_path / "花名册.xlsx", ROWS)
    first = import_file(path, tree["town"])

    call_command("import_roster", str(path), "--region", tree["town"].code, "--no-progress")

    err = capsys.readouterr().err
    assert f"导入记录 #{first.pk}），请确认不是重复上传" in err
