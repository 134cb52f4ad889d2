"""For the hand-built town (tests/reports/conftest.py), its campaign and January–March, the
Excel workbook (openpyxl), the Word brief (python-docx; exact figures where declared
exact), the CSV archive and GET /api/v1/figures carry the same numbers. The documents are
built and downloaded through the documents page, the figures read through the API."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook

from sanwei.accounts.tokens import create_token
from sanwei.reports.approx import approximate
from sanwei.reports.models import ReportJob

TOTAL = "东岳观镇（合计）"


@pytest.fixture
def documents(login, town, town_admin):
    client = login(town_admin)
    params = {
        "region": town["town"].pk,
        "campaign": town["campaign"].pk,
        "start": "2023-01-01",
        "end": "2023-03-31",
    }
    files = {}
    for kind in ("workbook", "brief", "csv"):
        client.get("/reports/documents/", {"kind": kind, **params})
        job = ReportJob.unscoped.get(kind=kind)
        download = client.get(f"/reports/documents/{job.pk}/download/")
        files[kind] = io.BytesIO(b"".join(download.streaming_content))
    token = create_token(town_admin, "figures")
    api = client.get(
        "/api/v1/figures",
        {
            "region": town["town"].code,
            "campaign": town["campaign"].pk,
            "from": "2023-01-01",
            "to": "2023-03-31",
        },
        HTTP_AUTHORIZATION=f"Bearer {token}",
    ).json()
    return {
        "api": api,
        "workbook": load_workbook(files["workbook"]),
        "brief": Document(files["brief"]),
        "csv": zipfile.ZipFile(files["csv"]),
    }


def by_name(api: dict) -> dict[str, dict]:
    """The API's regions by the name the documents give them (the total row last)."""
    return {**{c["region"]["name"]: c for c in api["children"]}, TOTAL: api}


def sheet(wb, title: str) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in wb[title].iter_rows(min_row=2, values_only=True)}


def regions_row(f: dict) -> tuple:
    a = f["activities"].values()
    return (
        sum(c["sessions"] for c in a),
        sum(c["person_times"] for c in a),
        f["classroom"]["lectures"]["lectures"],
        f["classroom"]["deliveries"],
        f["seminar"]["meetings"],
        f["seminar"]["opinions"]["collected"],
        f["seminar"]["essays"]["collected"],
        f["service"]["activities"],
        f["service"]["hours"],
        f["service"]["needs"]["reported"],
        f["service"]["needs"]["resolved"],
    )


def test_the_workbook_carries_the_apis_figures(documents):
    api, wb = documents["api"], documents["workbook"]
    regions = by_name(api)
    assert sheet(wb, "下级区划") == {name: regions_row(f) for name, f in regions.items()}
    types = {row[1]: row[2:] for row in wb["活动类型"].iter_rows(min_row=2, values_only=True)}
    assert types == {
        code: (c["sessions"], c["person_times"], c["persons"])
        for code, c in api["activities"].items()
    }
    assert sheet(wb, "覆盖") == {
        name: tuple(
            f["coverage"][k][field]
            for k in ("persons", "party_members", "households")
            for field in ("reached", "total", "percent")
        )
        for name, f in regions.items()
    }
    assert sheet(wb, "意见建议") == {
        name: (
            f["seminar"]["meetings"],
            *tuple(
                f["seminar"]["opinions"][k]
                for k in (
                    "collected",
                    "answered",
                    "adopted",
                    "on_time",
                    "overdue",
                    "reply_rate",
                    "on_time_rate",
                    "adoption_rate",
                )
            ),
        )
        for name, f in regions.items()
    }
    assert sheet(wb, "心得体会") == {
        name: tuple(f["seminar"]["essays"][k] for k in ("collected", "excellent", "recommended"))
        for name, f in regions.items()
    }
    assert sheet(wb, "诉求") == {
        name: tuple(
            f["service"]["needs"][k]
            for k in (
                "reported",
                "resolved",
                "due_resolved",
                "on_time",
                "on_time_rate",
                "rated",
                "average_rating",
            )
        )
        for name, f in regions.items()
    }
    assert sheet(wb, "志愿服务") == {
        name: (
            f["service"]["activities"],
            f["service"]["volunteers"]["registered"],
            f["service"]["volunteers"]["active"],
            f["service"]["hours"],
            *(s["volunteers"] for s in f["service"]["stars"]),
        )
        for name, f in regions.items()
    }
    quantities = [row for row in wb["物资成果"].iter_rows(min_row=2, values_only=True)]
    assert quantities == [
        (name, q["item"], q["unit"], q["total"])
        for name, f in regions.items()
        for q in f["service"]["quantities"]
    ]
    overview = sheet(wb, "总览")
    assert overview["收集意见建议"] == (api["seminar"]["opinions"]["collected"],)
    assert overview["志愿服务时长（小时）"] == (api["service"]["hours"],)
    assert overview["宣讲队"] == (api["classroom"]["lectures"]["teams"],)


def value(text: str) -> float | str:
    """A CSV cell as a number when it is one (CSV says 100.0 where Excel keeps 100)."""
    try:
        return float(text)
    except ValueError:
        return text


def test_the_csv_files_carry_the_workbooks_rows(documents):
    wb, archive = documents["workbook"], documents["csv"]
    names = {
        "overview": "总览", "regions": "下级区划", "activity_types": "活动类型",
        "coverage": "覆盖", "opinions": "意见建议", "essays": "心得体会", "needs": "诉求",
        "service": "志愿服务", "quantities": "物资成果",
    }  # fmt: skip
    assert sorted(archive.namelist()) == sorted(f"{key}.csv" for key in names)
    for key, title in names.items():
        text = archive.read(f"{key}.csv").decode("utf-8-sig")
        rows = [[value(v) for v in row] for row in csv.reader(io.StringIO(text))]
        expected = [
            [value("" if v is None else str(v)) for v in row]
            for row in wb[title].iter_rows(values_only=True)
        ]
        assert rows == expected, key


def test_the_brief_carries_the_apis_figures(documents):
    api, doc = documents["api"], documents["brief"]
    text = "".join(p.text for p in doc.paragraphs)
    opinions, essays = api["seminar"]["opinions"], api["seminar"]["essays"]
    coverage, needs = api["coverage"], api["service"]["needs"]
    # Declared exact: training sessions, opinions, essays, coverage, lecture teams, rates.
    exact = [
        f"线下培训{api['activities']['offline_training']['sessions']}场次",
        f"收集意见建议{opinions['collected']}条，已答复{opinions['answered']}条，"
        f"采纳{opinions['adopted']}条",
        f"征集心得体会{essays['collected']}篇，评选优秀心得{essays['excellent']}篇，"
        f"向上级推介{essays['recommended']}篇",
        f"累计覆盖群众{coverage['persons']['reached']}人、"
        f"党员{coverage['party_members']['reached']}人、"
        f"农户{coverage['households']['reached']}户，"
        f"人员覆盖率{coverage['persons']['percent']}%",
        f"{api['classroom']['lectures']['teams']}支宣讲队",
        f"按时办结率{needs['on_time_rate']}%",
    ]
    for sentence in exact:
        assert sentence in text
    # Declared approximate: the same figure in the government style.
    lectures = api["classroom"]["lectures"]
    assert (
        f"流动宣讲{approximate(lectures['lectures'])}场次，"
        f"受众{approximate(lectures['person_times'])}人次" in text
    )
    assert f"累计服务{approximate(int(api['service']['hours']))}小时" in text
    quantities = "、".join(
        f"{q['item']}{q['total']:g}{q['unit']}" for q in api["service"]["quantities"]
    )
    assert f"发放和办理{quantities}。" in text
    table = [[c.text for c in row.cells] for row in doc.tables[0].rows][1:]
    regions = by_name(api)
    assert table == [
        [
            "合计" if name == TOTAL else name,
            str(regions_row(f)[0]),
            str(regions_row(f)[1]),
            str(f["seminar"]["opinions"]["collected"]),
            f"{f['service']['hours']:g}",
            str(f["service"]["needs"]["resolved"]),
        ]
        for name, f in regions.items()
    ]
