"""The materials API: list, detail and create with the pages' scope and permissions."""

from __future__ import annotations

import json

import pytest

from sanwei.accounts.tokens import create_token
from sanwei.classroom.models import Material, MaterialKind

from ..factories import MaterialFactory


@pytest.fixture
def api(client):
    def call(user, method, path, body=None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user, 't')}"}
        return getattr(client, method)(
            f"/api/v1/classroom{path}",
            data=json.dumps(body) if body is not None else None,
            content_type="application/json",
            **headers,
        )

    return call


def test_list_and_detail(api, secretary_a, tree):
    town = MaterialFactory(region=tree["town"], title="镇里的要点", view_count=4)
    MaterialFactory(region=tree["village_b"], title="双岗村的")
    video = MaterialFactory(
        region=tree["village_a"], title="宣讲视频", kind=MaterialKind.VIDEO, url="https://a.cn/v"
    )

    listing = api(secretary_a, "get", "/materials").json()
    assert listing["count"] == 2
    assert sorted(m["title"] for m in listing["items"]) == ["宣讲视频", "镇里的要点"]
    videos = api(secretary_a, "get", "/materials?kind=video").json()
    assert [m["title"] for m in videos["items"]] == ["宣讲视频"]

    one = api(secretary_a, "get", f"/materials/{town.pk}").json()
    assert one["share_url"] == f"/m/{town.code}"
    assert one["qr_url"] == f"/m/{town.code}/qr.png"
    assert (one["view_count"], one["region"], one["kind_display"]) == (4, "430821104000", "文字")
    assert api(secretary_a, "get", f"/materials/{video.pk}").json()["url"] == "https://a.cn/v"


def test_another_villages_material_is_404(api, secretary_b, tree):
    material = MaterialFactory(region=tree["village_a"])
    response = api(secretary_b, "get", f"/materials/{material.pk}")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_create_a_link_material(api, secretary_a):
    response = api(
        secretary_a,
        "post",
        "/materials",
        {"title": "音频", "kind": "audio", "region": "430821104201", "url": "https://a.cn/a.mp3"},
    )

    assert response.status_code == 201
    material = Material.unscoped.get()
    assert (material.title, material.url, material.created_by) == (
        "音频",
        "https://a.cn/a.mp3",
        secretary_a,
    )


def test_create_refuses_missing_content_and_foreign_regions(api, secretary_a):
    missing = api(
        secretary_a,
        "post",
        "/materials",
        {"title": "视频", "kind": "video", "region": "430821104201"},
    )
    assert (missing.status_code, missing.json()["code"], missing.json()["field"]) == (
        400,
        "material_url_required",
        "url",
    )
    foreign = api(
        secretary_a,
        "post",
        "/materials",
        {"title": "x", "kind": "text", "body": "y", "region": "430821104202"},
    )
    assert (foreign.status_code, foreign.json()["code"]) == (400, "region_unknown")
    assert Material.unscoped.count() == 0


def test_a_volunteer_reads_but_does_not_create(api, volunteer_a, tree):
    MaterialFactory(region=tree["village_a"])
    assert api(volunteer_a, "get", "/materials").json()["count"] == 1
    response = api(
        volunteer_a,
        "post",
        "/materials",
        {"title": "x", "kind": "text", "body": "y", "region": "430821104201"},
    )
    assert response.status_code == 403
