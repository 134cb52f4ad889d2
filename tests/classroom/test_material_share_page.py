"""A material's public share page (/m/<code>): no login, WeChat-friendly, no personal data,
its views counted; its file and QR code are public too."""

from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from sanwei.classroom import services
from sanwei.classroom.models import Material, MaterialKind
from sanwei.core.qr import qr_png
from sanwei.urls import PUBLIC_URL_NAMES

from ..factories import MaterialFactory, PersonFactory, UserFactory

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture
def material(tree):
    author = UserFactory(username="author", first_name="王秘书")
    return MaterialFactory(
        region=tree["town"],
        title="二十大精神十条要点",
        summary="五分钟读懂二十大",
        body="一、高举中国特色社会主义伟大旗帜。",
        created_by=author,
    )


def test_the_share_routes_are_public(material):
    assert {"material_share", "material_share_file", "material_share_qr"} <= PUBLIC_URL_NAMES
    assert reverse("material_share", args=[material.code]) == f"/m/{material.code}"


def test_anyone_opens_the_share_page_without_logging_in(client, material):
    response = client.get(f"/m/{material.code}")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta property="og:title" content="二十大精神十条要点">' in html
    assert '<meta property="og:description" content="五分钟读懂二十大">' in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    assert "一、高举中国特色社会主义伟大旗帜。" in html


def test_the_share_page_shows_no_account_and_no_person(client, material, tree):
    PersonFactory(region=tree["village_a"], name="李四", phone="13912345678")
    html = client.get(f"/m/{material.code}").content.decode()

    assert "王秘书" not in html and "author" not in html
    assert "李四" not in html and "1391234" not in html
    assert "/accounts/" not in html and "mainnav" not in html


def test_each_view_is_counted(client, material):
    for _ in range(3):
        client.get(f"/m/{material.code}")

    material.refresh_from_db()
    assert material.view_count == 3


def test_the_counter_adds_in_the_database_so_stale_copies_lose_no_view(material):
    stale_a = Material.unscoped.get(pk=material.pk)
    stale_b = Material.unscoped.get(pk=material.pk)

    services.count_share_view(stale_a)
    services.count_share_view(stale_b)

    material.refresh_from_db()
    assert material.view_count == 2


def test_an_unknown_code_is_not_found_and_a_pk_is_no_address(client, material):
    assert client.get("/m/zzzzzzzzzz").status_code == 404
    assert client.get(f"/m/{material.pk}").status_code == 404


def test_a_documents_file_downloads_from_the_share_page(client, tree):
    material = MaterialFactory(region=tree["town"], kind=MaterialKind.DOCUMENT, body="")
    material.original_name = "政策解读.pdf"
    material.file.save("政策解读.pdf", ContentFile(PDF), save=True)

    page = client.get(f"/m/{material.code}").content.decode()
    assert f'href="/m/{material.code}/file"' in page
    response = client.get(f"/m/{material.code}/file")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]


def test_a_text_material_has_no_file_to_download(client, material):
    assert client.get(f"/m/{material.code}/file").status_code == 404


def test_the_qr_code_is_a_png_of_the_share_address(client, material):
    response = client.get(f"/m/{material.code}/qr.png")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert response.content == qr_png(f"http://testserver/m/{material.code}")


def test_the_staff_page_shows_the_share_link_qr_and_views(login, town_admin, material):
    Material.unscoped.filter(pk=material.pk).update(view_count=7)
    html = (
        login(town_admin)
        .get(reverse("classroom:material_detail", args=[material.pk]))
        .content.decode()
    )

    assert f"http://testserver/m/{material.code}" in html
    assert "<svg" in html
    assert f'href="/m/{material.code}/qr.png"' in html
    assert re.search(r'id="view-count">7<', html)
