"""The demo town's 报表与文件 page holds a finished work brief of the town for the campaign
and its activity record book; the brief has all three pillars' sections."""

from __future__ import annotations

import io

from django_scopes import scopes_disabled
from docx import Document

from sanwei.reports.models import ReportJob


def test_the_town_admin_finds_a_brief_and_a_record_book_ready(demo, client):
    with scopes_disabled():
        jobs = {j.kind: j for j in ReportJob.unscoped.select_related("user", "region")}
    assert set(jobs) == {"brief", "record_book_pdf"}
    assert all(j.status == "done" and j.user.username == "town" for j in jobs.values())
    client.force_login(jobs["brief"].user)
    page = client.get("/reports/documents/").content.decode()
    assert f"/reports/documents/{jobs['brief'].pk}/" in page
    download = client.get(f"/reports/documents/{jobs['brief'].pk}/download/")
    doc = Document(io.BytesIO(b"".join(download.streaming_content)))
    assert doc.paragraphs[0].text == "东岳观镇“三微”工作简报"
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "一、微课堂·深学",
        "二、微研讨·细悟",
        "三、微服务·笃行",
        "附：各村（社区）情况",
    ]
    pdf = client.get(f"/reports/documents/{jobs['record_book_pdf'].pk}/download/")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
