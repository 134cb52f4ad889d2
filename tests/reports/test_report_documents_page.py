"""The documents page: a town admin builds the workbook, the brief, the CSV archive, the
record book or a list of the exporter registry in the background, watches the progress
(htmx polling, no inline script) and downloads the file; it is region-scoped, needs
reports.view_figures and is logged."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from sanwei.core.models import ActionLog
from sanwei.core.tasks import Progress
from sanwei.exports.models import ExportRecord
from sanwei.reports.models import ReportJob

URL = "/reports/documents/"


def build(client, town, kind: str, region=None, **extra):
    params = {
        "kind": kind,
        "region": (region or town["town"]).pk,
        "campaign": town["campaign"].pk,
        "start": "2023-01-01",
        "end": "2023-03-31",
        **extra,
    }
    return client.get(URL, params)


def test_a_town_admin_builds_the_workbook_and_downloads_it(login, town, town_admin):
    client = login(town_admin)
    page = client.get(URL)
    assert page.status_code == 200
    assert "工作简报（Word）" in page.content.decode()
    response = build(client, town, "workbook")
    job = ReportJob.unscoped.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/documents/{job.pk}/"
    assert (job.status, job.region, job.user, job.kind) == (
        "done",
        town["town"],
        town_admin,
        "workbook",
    )
    assert job.params == {"campaign": town["campaign"].pk, "from": "2023-01-01", "to": "2023-03-31"}
    detail = client.get(response["Location"]).content.decode()
    assert f"/reports/documents/{job.pk}/download/" in detail
    assert "<script>" not in detail
    download = client.get(f"/reports/documents/{job.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    wb = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert wb["下级区划"]["B5"].value == 6  # the town's sessions in the total row
    actions = list(
        ActionLog.objects.filter(content_type__model="reportjob").values_list(
            "action_type", flat=True
        )
    )
    assert sorted(actions) == [
        "sanwei.report.built", "sanwei.report.downloaded", "sanwei.report.requested"
    ]  # fmt: skip


def test_the_brief_the_csv_and_the_record_book_are_built_the_same_way(login, town, town_admin):
    client = login(town_admin)
    files = {}
    for kind in ("brief", "csv", "record_book_pdf"):
        build(client, town, kind)
        job = ReportJob.unscoped.get(kind=kind)
        assert job.status == "done", job.error
        download = client.get(f"/reports/documents/{job.pk}/download/")
        files[kind] = b"".join(download.streaming_content)
    assert Document(io.BytesIO(files["brief"])).paragraphs[0].text == "东岳观镇“三微”工作简报"
    assert "regions.csv" in zipfile.ZipFile(io.BytesIO(files["csv"])).namelist()
    assert (
        "东岳观镇活动台账"
        in PdfReader(io.BytesIO(files["record_book_pdf"])).pages[0].extract_text()
    )


def test_the_existing_background_export_task_runs_from_the_page(login, town, town_admin):
    client = login(town_admin)
    build(client, town, "export:persons", region=town["village_a"], campaign="", start="", end="")
    job = ReportJob.unscoped.get()
    assert job.status == "done", job.error
    download = client.get(f"/reports/documents/{job.pk}/download/")
    ws = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    names = {row[0] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert names == {"甲一", "甲二", "甲三"}  # village A's residents, masked
    record = ExportRecord.unscoped.get()
    assert (record.exporter, record.region, record.unmasked) == (
        "persons",
        town["village_a"],
        False,
    )


def test_the_progress_bar_polls_while_running_and_reloads_when_done(login, town, town_admin):
    client = login(town_admin)
    job = ReportJob.unscoped.create(region=town["town"], user=town_admin, kind="brief")
    Progress(job.progress_key).update(3, 10, "统计数字")
    partial = client.get(f"/reports/documents/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert f'hx-get="/reports/documents/{job.pk}/progress/"' in html
    assert 'hx-trigger="every 1s"' in html and 'value="30"' in html
    assert "HX-Refresh" not in partial
    ReportJob.unscoped.filter(pk=job.pk).update(status="done")
    done = client.get(f"/reports/documents/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"
    assert "hx-get" not in done.content.decode()


def test_volunteers_may_not_build_documents(login, town, volunteer_a):
    client = login(volunteer_a)
    assert client.get(URL).status_code == 403
    assert build(client, town, "workbook", region=town["village_a"]).status_code == 403
    assert not ReportJob.unscoped.exists()


def test_a_secretary_cannot_build_another_villages_documents(login, town, secretary_a):
    client = login(secretary_a)
    response = build(client, town, "workbook", region=town["village_b"])
    assert response.status_code == 200  # the form again: village B is not a choice
    assert "region" in response.context["form"].errors
    assert not ReportJob.unscoped.exists()


def test_another_users_document_is_theirs(login, town, town_admin, secretary_a, secretary_b):
    job = ReportJob.unscoped.create(
        region=town["village_a"], user=secretary_a, kind="workbook", status="done"
    )
    assert login(town_admin).get(f"/reports/documents/{job.pk}/download/").status_code == 403
    assert login(secretary_b).get(f"/reports/documents/{job.pk}/").status_code == 404


def test_the_region_page_links_to_the_documents(login, town, town_admin):
    html = login(town_admin).get(f"/regions/{town['town'].pk}/").content.decode()
    assert f'href="/reports/documents/?region={town["town"].pk}"' in html
