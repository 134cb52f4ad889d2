"""The export page: the exporters a user may use, the unmask box only where allowed."""

import pytest
from django.urls import reverse

from sanwei.exports.models import ExportRecord


def test_page_lists_the_exporters_with_formats(secretary_a, roster, login):
    response = login(secretary_a).get(reverse("exports:index"))
    assert response.status_code == 200
    identifiers = [c["exporter"].identifier for c in response.context["cards"]]
    assert identifiers == [
        "persons",
        "households",
        "party_members",
        "volunteers",
        "activity_record_book",
    ]
    content = response.content.decode()
    assert "群众名册" in content and "志愿者名册" in content
    assert 'value="xlsx"' in content and 'value="csv"' in content


def test_unmask_checkbox_and_post_for_users_allowed_to_see_personal_fields(
    secretary_a, roster, login
):
    content = login(secretary_a).get(reverse("exports:index")).content.decode()
    assert "导出完整身份证号和手机号" in content
    assert 'method="post"' in content
    assert "csrfmiddlewaretoken" in content


def test_no_unmask_checkbox_for_the_county_viewer(county_viewer, roster, login):
    content = login(county_viewer).get(reverse("exports:index")).content.decode()
    assert "导出完整身份证号和手机号" not in content
    assert 'method="get" action="/exports/run/"' in content


def test_an_unknown_exporter_shows_the_page_with_an_error(secretary_a, roster, login):
    response = login(secretary_a).get("/exports/run/", {"identifier": "nope", "format": "xlsx"})
    assert response.status_code == 200
    assert response.context["top_errors"]
    assert not ExportRecord.unscoped.exists()


def test_an_unknown_format_is_a_field_error(secretary_a, roster, login):
    response = login(secretary_a).get("/exports/run/", {"identifier": "persons", "format": "pdf"})
    assert response.status_code == 200
    card = next(c for c in response.context["cards"] if c["exporter"].identifier == "persons")
    assert "format" in card["form"].errors


def test_file_name_and_type(secretary_a, roster, login):
    response = login(secretary_a).get("/exports/run/", {"identifier": "persons", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition  # the Chinese name, RFC 5987
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/exports/", "/exports/run/?identifier=persons&format=xlsx"])
def test_volunteers_are_forbidden(volunteer_a, roster, login, url):
    client = login(volunteer_a)
    assert client.get(url).status_code == 403
    assert not ExportRecord.unscoped.exists()


def test_volunteers_cannot_export_an_activitys_attendance(volunteer_a, roster, login):
    client = login(volunteer_a)
    url = f"/exports/activity/{roster['activity'].pk}/attendance/"
    assert client.get(url).status_code == 403
    assert client.get(url, {"format": "xlsx"}).status_code == 403
    assert client.post(url, {"format": "xlsx"}).status_code == 403
    assert (
        client.post("/exports/run/", {"identifier": "persons", "format": "xlsx"}).status_code == 403
    )


def test_anonymous_users_go_to_the_login_page(client, roster):
    response = client.get("/exports/run/", {"identifier": "persons", "format": "xlsx"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_lists_recent_exports(secretary_a, roster, login, export):
    export(secretary_a, "persons", method="post", unmask="on")
    response = login(secretary_a).get(reverse("exports:index"))
    records = list(response.context["records"])
    assert len(records) == 1
    assert "3 人未遮盖" in response.content.decode()
