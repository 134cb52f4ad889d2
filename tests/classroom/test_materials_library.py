"""The materials library: create, edit, delete on the staff pages, with the attachment
checks on uploaded files and the permissions of each role."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanwei.classroom.models import Material, MaterialKind
from sanwei.core.models import ActionLog

from ..factories import MaterialFactory

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def _create(client, tree, **fields):
    data = {
        "title": "二十大精神要点",
        "kind": "text",
        "region": tree["town"].pk,
        "summary": "十条要点，五分钟读完",
        "body": "一、……",
        "url": "",
        **fields,
    }
    return client.post(reverse("classroom:material_create"), data)


def test_a_town_admin_creates_a_text_material(login, town_admin, tree):
    response = _create(login(town_admin), tree)

    assert response.status_code == 302
    material = Material.unscoped.get()
    assert response["Location"] == reverse("classroom:material_detail", args=[material.pk])
    assert (material.title, material.kind, material.region) == (
        "二十大精神要点",
        MaterialKind.TEXT,
        tree["town"],
    )
    assert material.created_by == town_admin
    assert len(material.code) == 10
    assert ActionLog.objects.filter(action_type="sanwei.material.created").count() == 1


def test_a_document_is_uploaded_under_a_random_name(login, town_admin, tree):
    client = login(town_admin)
    upload = SimpleUploadedFile("政策解读.pdf", PDF)
    response = _create(client, tree, kind="document", body="", upload=upload)

    assert response.status_code == 302
    material = Material.unscoped.get()
    assert material.original_name == "政策解读.pdf"
    assert "政策解读" not in material.file.name
    assert material.file.read() == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("假文件.pdf", b"hello, not a pdf", "文件内容与扩展名“.pdf”不符，请检查文件"),
        ("程序.exe", b"MZ\x90\x00", "不支持该文件类型"),
        ("空.pdf", b"", "所提交的是空文件。"),
    ],
)
def test_an_upload_failing_the_attachment_checks_saves_nothing(
    login, town_admin, tree, name, content, message
):
    upload = SimpleUploadedFile(name, content)
    response = _create(login(town_admin), tree, kind="document", body="", upload=upload)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Material.unscoped.count() == 0


def test_a_file_over_the_limit_is_refused_while_it_arrives(login, town_admin, tree, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    upload = SimpleUploadedFile("大文件.pdf", PDF + b"0" * 4096)
    response = _create(login(town_admin), tree, kind="document", body="", upload=upload)

    assert response.status_code == 200
    assert "文件过大：不能超过1 KB" in response.content.decode()
    assert Material.unscoped.count() == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "text", "body": ""}, "文字资料请填写正文"),
        ({"kind": "document", "body": ""}, "文档资料请上传文件"),
        ({"kind": "video", "url": ""}, "音频、视频资料请填写链接地址"),
    ],
)
def test_each_kind_needs_its_content(login, town_admin, tree, fields, message):
    response = _create(login(town_admin), tree, **fields)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Material.unscoped.count() == 0


def test_a_link_material_keeps_its_address(login, town_admin, tree):
    response = _create(
        login(town_admin), tree, kind="video", body="", url="https://v.example.cn/20da.mp4"
    )

    assert response.status_code == 302
    assert Material.unscoped.get().url == "https://v.example.cn/20da.mp4"


def test_editing_replaces_the_file_and_removes_the_old_one(
    login, town_admin, tree, django_capture_on_commit_callbacks
):
    client = login(town_admin)
    _create(client, tree, kind="document", body="", upload=SimpleUploadedFile("一.pdf", PDF))
    material = Material.unscoped.get()
    old = material.file.name
    storage = material.file.storage

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("classroom:material_edit", args=[material.pk]),
            {
                "title": "新标题",
                "kind": "document",
                "region": tree["town"].pk,
                "upload": SimpleUploadedFile("二.pdf", PDF + b"2"),
            },
        )

    assert response.status_code == 302
    material.refresh_from_db()
    assert (material.title, material.original_name) == ("新标题", "二.pdf")
    assert not storage.exists(old)
    assert storage.exists(material.file.name)


def test_delete_removes_the_material_and_its_file(
    login, town_admin, tree, django_capture_on_commit_callbacks
):
    client = login(town_admin)
    _create(client, tree, kind="document", body="", upload=SimpleUploadedFile("一.pdf", PDF))
    material = Material.unscoped.get()
    name, storage = material.file.name, material.file.storage

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("classroom:material_delete", args=[material.pk]))

    assert response.status_code == 302
    assert Material.unscoped.count() == 0
    assert not storage.exists(name)


def test_a_village_sees_the_towns_material_but_may_not_change_it(login, secretary_a, tree):
    material = MaterialFactory(region=tree["town"], title="镇里的资料")
    client = login(secretary_a)

    assert client.get(reverse("classroom:material_list")).status_code == 200
    detail = client.get(reverse("classroom:material_detail", args=[material.pk]))
    assert detail.status_code == 200
    assert "镇里的资料" in detail.content.decode()
    assert reverse("classroom:material_edit", args=[material.pk]) not in detail.content.decode()
    edit = client.post(
        reverse("classroom:material_edit", args=[material.pk]),
        {"title": "改", "kind": "text", "region": tree["village_a"].pk, "body": "x"},
    )
    assert edit.status_code == 403
    material.refresh_from_db()
    assert material.title == "镇里的资料"


def test_another_villages_material_is_not_found(login, secretary_b, tree):
    material = MaterialFactory(region=tree["village_a"])
    client = login(secretary_b)

    assert client.get(reverse("classroom:material_detail", args=[material.pk])).status_code == 404
    assert client.get(reverse("classroom:material_edit", args=[material.pk])).status_code == 404


@pytest.mark.parametrize("role", ["volunteer_a", "county_viewer"])
def test_volunteers_and_the_county_read_but_do_not_write(request, login, tree, role):
    user = request.getfixturevalue(role)
    MaterialFactory(region=tree["village_a"], title="可读资料")
    client = login(user)

    listing = client.get(reverse("classroom:material_list"))
    assert listing.status_code == 200
    assert "可读资料" in listing.content.decode()
    assert reverse("classroom:material_create") not in listing.content.decode()
    assert client.get(reverse("classroom:material_create")).status_code == 403
    assert _create(client, tree, region=tree["village_a"].pk).status_code == 403
    assert Material.unscoped.count() == 1


def test_a_team_leader_may_change_materials_of_their_village(login, team_leader_a, tree):
    response = _create(login(team_leader_a), tree, region=tree["village_a"].pk)

    assert response.status_code == 302
    assert Material.unscoped.get().region == tree["village_a"]


def test_the_list_filters_by_kind_and_words(login, town_admin, tree):
    MaterialFactory(region=tree["town"], title="文字稿", kind=MaterialKind.TEXT)
    MaterialFactory(
        region=tree["town"], title="宣讲视频", kind=MaterialKind.VIDEO, url="https://a.cn/v"
    )
    client = login(town_admin)

    videos = client.get(reverse("classroom:material_list"), {"kind": "video"})
    assert [m.title for m in videos.context["page_obj"]] == ["宣讲视频"]
    words = client.get(reverse("classroom:material_list"), {"q": "文字"})
    assert [m.title for m in words.context["page_obj"]] == ["文字稿"]
