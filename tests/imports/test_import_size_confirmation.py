"""An import with more data rows than its region can plausibly hold (more than twice the
residents registered there plus IMPORT_ROWS_MARGIN, or more than IMPORT_ROWS_CONFIRM_ABOVE)
shows a warning in its preview and is committed only when explicitly confirmed: the page's
checkbox, the API's `confirm_large`, the command's `--yes-large`. Otherwise it is refused
and nothing is written."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from sanwei.imports.models import ImportJob
from sanwei.people.models import Person

from ..factories import PersonFactory
from .conftest import id_number, preview_file, write_csv, write_xlsx

HEADER = ["姓名", "身份证号", "村（社区）", "户主姓名", "与户主关系"]
FIVE = [
    HEADER,
    ["张三", id_number(dt.date(1960, 1, 1), "M", 1), "东岳观村", "张三", "户主"],
    ["李四", id_number(dt.date(1961, 1, 1), "F", 2), "东岳观村", "张三", "配偶"],
    ["张一", id_number(dt.date(1985, 1, 1), "M", 3), "东岳观村", "张三", "子"],
    ["张二", id_number(dt.date(1987, 1, 1), "F", 4), "东岳观村", "张三", "女"],
    ["张四", id_number(dt.date(1990, 1, 1), "M", 5), "东岳观村", "张三", "子"],
]
# Village A holds one resident: 2 × 1 + 2 = 4 rows are plausible, the file has 5.
WARNING = (
    "文件有 5 行数据，而东岳观村目前登记 1 人，超出合理范围（不超过 4 行），"
    "请核对文件和导入到的区划"
)
REFUSED = WARNING + "；确认无误后须明确确认才能导入"


@pytest.fixture(autouse=True)
def small_margin(settings, tree):
    settings.IMPORT_ROWS_MARGIN = 2
    PersonFactory(region=tree["village_a"], name="老住户")


@pytest.fixture
def previewed(tree, tmp_path) -> ImportJob:
    job = preview_file(write_xlsx(tmp_path / "名册.xlsx", FIVE), tree["village_a"])
    assert (job.status, job.counts["rows"], job.counts["new"]) == ("previewed", 5, 5)
    return job


# --------------------------------------------------------------------------- page


def test_the_preview_page_warns_and_offers_the_confirmation(previewed, town_admin, login):
    page = login(town_admin).get(reverse("imports:import_detail", args=[previewed.pk]))

    html = page.content.decode()
    assert WARNING + "。确认无误后勾选“确认导入这么多行”再导入。" in html
    assert 'name="confirm_large" value="yes" required' in html


def test_the_page_refuses_the_commit_without_the_checkbox(previewed, town_admin, login):
    client = login(town_admin)

    response = client.post(reverse("imports:import_commit", args=[previewed.pk]), follow=True)

    assert REFUSED in response.content.decode()
    previewed.refresh_from_db()
    assert previewed.status == "previewed"
    assert Person.unscoped.count() == 1


def test_the_page_commits_with_the_checkbox(previewed, town_admin, login):
    client = login(town_admin)

    client.post(reverse("imports:import_commit", args=[previewed.pk]), {"confirm_large": "yes"})

    previewed.refresh_from_db()
    assert (previewed.status, previewed.counts["new"]) == ("committed", 5)
    assert Person.unscoped.count() == 6


def test_a_plausible_import_needs_no_confirmation(tree, tmp_path, town_admin, login):
    four = FIVE[:5]
    job = preview_file(write_xlsx(tmp_path / "四人.xlsx", four), tree["village_a"])
    client = login(town_admin)

    page = client.get(reverse("imports:import_detail", args=[job.pk])).content.decode()
    client.post(reverse("imports:import_commit", args=[job.pk]))

    assert "超出合理范围" not in page and "confirm_large" not in page
    job.refresh_from_db()
    assert (job.status, job.counts["new"]) == ("committed", 4)


def test_the_absolute_cap_applies_whatever_the_region_holds(tree, tmp_path, settings):
    settings.IMPORT_ROWS_MARGIN = 1000
    settings.IMPORT_ROWS_CONFIRM_ABOVE = 3
    job = preview_file(write_xlsx(tmp_path / "名册.xlsx", FIVE), tree["town"])

    from sanwei.imports.services import job_size_warning

    assert job_size_warning(job) == (
        "文件有 5 行数据，而东岳观镇目前登记 1 人，超出合理范围（不超过 3 行），"
        "请核对文件和导入到的区划"
    )


# --------------------------------------------------------------------------- API


def test_the_api_shows_the_warning_and_refuses_without_confirm_large(previewed, town_admin, login):
    client = login(town_admin)
    detail = client.get(f"/api/v1/imports/{previewed.pk}").json()

    refused = client.post(
        f"/api/v1/imports/{previewed.pk}/commit", {}, content_type="application/json"
    )

    assert detail["size_warning"] == WARNING
    assert refused.status_code == 400
    assert refused.json() == {
        "code": "import_size_unconfirmed",
        "message": REFUSED,
        "field": "confirm_large",
    }
    previewed.refresh_from_db()
    assert previewed.status == "previewed"
    assert Person.unscoped.count() == 1


def test_the_api_commits_with_confirm_large(previewed, town_admin, login):
    client = login(town_admin)

    response = client.post(
        f"/api/v1/imports/{previewed.pk}/commit",
        {"confirm_large": True},
        content_type="application/json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["counts"]["new"], body["size_warning"]) == ("committed", 5, "")
    assert Person.unscoped.count() == 6


# --------------------------------------------------------------------------- command


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_roster", *map(str, args), "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_refuses_without_yes_large(tree, tmp_path):
    path = write_csv(tmp_path / "名册.csv", FIVE)

    with pytest.raises(CommandError) as refused:
        _run(path, "--region", tree["village_a"].code)

    assert str(refused.value) == WARNING + "。未导入；确认无误请加 --yes-large 重新运行。"
    assert ImportJob.unscoped.get().status == "cancelled"
    assert Person.unscoped.count() == 1


def test_the_command_dry_run_warns(tree, tmp_path):
    path = write_csv(tmp_path / "名册.csv", FIVE)

    _out, err = _run(path, "--region", tree["village_a"].code, "--dry-run")

    assert WARNING + "；导入时须加 --yes-large 确认。" in err


def test_the_command_imports_with_yes_large(tree, tmp_path):
    path = write_csv(tmp_path / "名册.csv", FIVE)

    out, err = _run(path, "--region", tree["village_a"].code, "--yes-large")

    assert WARNING in err
    assert "导入完成：新增5人" in out
    assert Person.unscoped.count() == 6


def test_the_upload_is_unaffected_by_the_row_count(tree, town_admin, login, tmp_path):
    """The warning is the preview's: uploading and checking go on as before."""
    path = write_xlsx(tmp_path / "名册.xlsx", FIVE)
    response = login(town_admin).post(
        reverse("imports:import_create"),
        {
            "kind": "persons",
            "region": tree["village_a"].pk,
            "file": SimpleUploadedFile("名册.xlsx", path.read_bytes()),
        },
    )
    assert response.status_code == 302
    assert ImportJob.unscoped.get().status == "previewed"
