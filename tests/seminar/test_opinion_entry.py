"""Opinions entered on a phone at a meeting, one after another: each htmx post saves one
and answers with a cleared form and the longer list (the page stays). The raiser is a
resident of the meeting's village or a typed name; a photo is optional (a real jpg or
png, within its size limit)."""

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sanwei.seminar.models import Opinion

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "opinion-entry"}


def _url(meeting_village):
    return f"/seminar/meetings/{meeting_village['meeting'].pk}/opinions/"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_opinion_is_saved_and_the_answer_is_a_cleared_form_with_the_list(
    meeting_village, login, secretary_a
):
    client = login(secretary_a)

    response = client.post(
        _url(meeting_village), {"text": "村口的路灯坏了", "raised_by_name": "赵大爷"}, **HTMX
    )

    page = response.content.decode()
    opinion = Opinion.unscoped.get()
    assert response.status_code == 200
    assert "<html" not in page  # a partial, swapped into the page
    assert "已记录第1条意见" in page
    assert "村口的路灯坏了" in page  # in the list below the form
    textarea = re.search(r'<textarea name="text"([^>]*)>([^<]*)</textarea>', page)
    assert textarea.group(2) == "\n"  # cleared
    assert "autofocus" in textarea.group(1)  # ready for the next one
    assert opinion.meeting == meeting_village["meeting"]
    assert opinion.region == meeting_village["village"]
    assert opinion.campaign == meeting_village["campaign"]
    assert opinion.raised_by is None and opinion.raised_by_name == "赵大爷"
    assert opinion.state == "received"


def test_three_opinions_in_a_row_all_appear_newest_first(meeting_village, login, secretary_a):
    client = login(secretary_a)
    for text in ("修一下进组的路", "自来水压力太小", "希望办个老年食堂"):
        client.post(_url(meeting_village), {"text": text, "raised_by_name": "村民"}, **HTMX)

    page = client.get(_url(meeting_village)).content.decode()

    assert Opinion.unscoped.filter(meeting=meeting_village["meeting"]).count() == 3
    assert (
        page.index("希望办个老年食堂") < page.index("自来水压力太小") < page.index("修一下进组的路")
    )
    assert "本场已录入 3 条意见" in page


def test_the_raiser_may_be_a_resident_of_the_meeting_village(meeting_village, login, secretary_a):
    person = meeting_village["people"]["王德福"]

    login(secretary_a).post(
        _url(meeting_village), {"text": "组里的水渠要清淤", "raised_by": person.pk}, **HTMX
    )

    assert Opinion.unscoped.get().raised_by == person


def test_the_raiser_search_lists_only_the_meeting_village(meeting_village, login, secretary_a):
    url = f"/seminar/meetings/{meeting_village['meeting'].pk}/people/"
    client = login(secretary_a)

    found = client.get(url, {"q": "zjg"}).content.decode()
    outsider = client.get(url, {"q": "刘强"}).content.decode()

    assert "张建国（一组）" in found
    assert "刘强" not in outsider


def test_a_resident_of_another_village_is_refused(meeting_village, login, secretary_a):
    response = login(secretary_a).post(
        _url(meeting_village),
        {"text": "路灯坏了", "raised_by": meeting_village["outsider"].pk},
        **HTMX,
    )

    assert response.status_code == 200  # htmx swaps only 2xx: the form with its error
    assert "errorlist" in response.content.decode()
    assert not Opinion.unscoped.exists()


def test_empty_text_or_no_raiser_are_form_errors_and_the_text_is_kept(
    meeting_village, login, secretary_a
):
    client = login(secretary_a)

    empty = client.post(_url(meeting_village), {"text": " ", "raised_by_name": "赵大爷"}, **HTMX)
    nobody = client.post(_url(meeting_village), {"text": "路灯坏了"}, **HTMX)
    overlong = client.post(
        _url(meeting_village), {"text": "长" * 1001, "raised_by_name": "赵大爷"}, **HTMX
    )

    assert "请填写意见内容" in empty.content.decode()
    assert "请选择或填写提出人" in nobody.content.decode()
    assert "\n路灯坏了</textarea>" in nobody.content.decode()
    assert "意见内容不能超过1000个字" in overlong.content.decode()
    assert not Opinion.unscoped.exists()


def test_a_png_photo_is_stored_with_the_opinion(meeting_village, login, secretary_a):
    photo = SimpleUploadedFile("路灯.png", _png(), content_type="image/png")

    login(secretary_a).post(
        _url(meeting_village),
        {"text": "路灯坏了", "raised_by_name": "赵大爷", "photo": photo},
        **HTMX,
    )

    opinion = Opinion.unscoped.get()
    assert opinion.photo.name.endswith(".png")
    assert opinion.photo.read() == _png()


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(
    meeting_village, login, secretary_a
):
    fake = SimpleUploadedFile("路灯.jpg", b"MZ\x90\x00 not a picture", content_type="image/jpeg")

    response = login(secretary_a).post(
        _url(meeting_village),
        {"text": "路灯坏了", "raised_by_name": "赵大爷", "photo": fake},
        **HTMX,
    )

    assert "照片无法识别，请上传 jpg 或 png 图片" in response.content.decode()
    assert not Opinion.unscoped.exists()


def test_a_photo_over_the_limit_is_refused(meeting_village, login, secretary_a, settings):
    settings.OPINION_PHOTO_MAX_BYTES = 50
    photo = SimpleUploadedFile("路灯.png", _png() + b"\x00" * 100, content_type="image/png")

    response = login(secretary_a).post(
        _url(meeting_village),
        {"text": "路灯坏了", "raised_by_name": "赵大爷", "photo": photo},
        **HTMX,
    )

    assert "照片过大" in response.content.decode()
    assert not Opinion.unscoped.exists()


def test_without_htmx_the_post_returns_to_the_entry_page(meeting_village, login, secretary_a):
    response = login(secretary_a).post(
        _url(meeting_village), {"text": "路灯坏了", "raised_by_name": "赵大爷"}
    )

    assert response.status_code == 302
    assert response["Location"] == _url(meeting_village)
    assert Opinion.unscoped.count() == 1


def test_a_team_leader_without_the_right_to_record_opinions_is_refused(
    meeting_village, login, tree
):
    from sanwei.accounts.models import Role

    from ..factories import user_with_role

    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader")

    response = login(leader).post(
        _url(meeting_village), {"text": "路灯坏了", "raised_by_name": "赵大爷"}, **HTMX
    )

    assert response.status_code == 403
    assert not Opinion.unscoped.exists()
