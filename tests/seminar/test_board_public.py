"""The public board of a village: no login, addressed by a random code, listing the
opinions with their answers and decisions and NO personal data — no raiser's name, phone
or ID number, no account name of whoever handled it; text escaped."""

import datetime as dt

from django.utils import timezone

from sanwei.accounts.models import Role, RoleAssignment
from sanwei.accounts.permissions import SYSTEM
from sanwei.seminar import services
from sanwei.seminar.models import PublicBoard

from ..factories import PersonFactory, UserFactory, make_id_number

RESIDENTS = (
    # name, phone, ID number (distinctive, to be searched for on the board)
    ("欧阳翠花", "13912345678", make_id_number(dt.date(1951, 3, 7), "F")),
    ("司马铁柱", "13787654321", make_id_number(dt.date(1962, 11, 23), "M")),
)


def _board(meeting_village) -> PublicBoard:
    return PublicBoard.unscoped.create(region=meeting_village["village"])


def _loop(meeting_village, handler):
    """Two residents raise opinions at the meeting; one typed name raises a third. One is
    assigned to a handler's account and answered, one to an office, answered and adopted
    in part, one left received."""
    village, meeting = meeting_village["village"], meeting_village["meeting"]
    residents = [
        PersonFactory(region=meeting_village["group1"], name=name, phone=phone, id_number=idn)
        for name, phone, idn in RESIDENTS
    ]
    today = timezone.localdate()
    first = services.create_opinion(
        user=SYSTEM, region=village, text="村口的路灯坏了，晚上走路不方便", raised_on=today,
        meeting=meeting, raised_by=residents[0],
    )  # fmt: skip
    second = services.create_opinion(
        user=SYSTEM, region=meeting_village["group1"], text="一组的水渠需要清淤",
        raised_on=today, meeting=meeting, raised_by=residents[1],
    )  # fmt: skip
    third = services.create_opinion(
        user=SYSTEM, region=village, text="希望办个老年食堂", raised_on=today,
        raised_by_name="诸葛春生",
    )  # fmt: skip
    due = today + dt.timedelta(days=10)
    services.assign_opinion(first, assignee=handler, due_on=due, user=SYSTEM)
    services.answer_opinion(first, reply="已报修，本周内修好。", user=SYSTEM)
    services.assign_opinion(second, assignee_office="镇水利站", due_on=due, user=SYSTEM)
    services.answer_opinion(second, reply="已列入今冬清淤计划。", user=SYSTEM)
    services.decide_opinion(
        second, decision="partly_adopted", reason="先清主渠，支渠明年安排", user=SYSTEM
    )
    return residents, (first, second, third)


def test_the_board_contains_no_name_phone_or_id_of_anyone(meeting_village, client):
    handler = UserFactory(username="wangxiaoer_handler", first_name="王", last_name="小二")
    RoleAssignment.objects.create(
        user=handler, role=Role.TEAM_LEADER, region=meeting_village["village"]
    )
    _loop(meeting_village, handler)
    board = _board(meeting_village)

    response = client.get(f"/b/{board.code}")

    page = response.content.decode()
    assert response.status_code == 200
    # what residents should see
    for text in ("村口的路灯坏了", "已报修，本周内修好。", "一组的水渠需要清淤", "镇水利站",
                 "部分采纳", "先清主渠，支渠明年安排", "希望办个老年食堂", "村委会"):  # fmt: skip
        assert text in page, text
    # and nobody's personal data
    for name, phone, id_number in RESIDENTS:
        assert name not in page
        assert phone not in page and phone[-4:] not in page and phone[:3] + "****" not in page
        assert id_number not in page and id_number[-6:] not in page
    for person in meeting_village["people"].values():
        assert person.name not in page and person.phone not in page
    for text in ("诸葛春生", "wangxiaoer_handler", "王小二", "小二", "李大爷"):
        assert text not in page


def test_the_board_is_open_without_login_and_unknown_codes_are_404(meeting_village, client):
    board = _board(meeting_village)

    assert client.get(f"/b/{board.code}").status_code == 200
    assert client.get(f"/b/{board.code}x").status_code == 404
    assert client.get(f"/b/{board.region_id}").status_code == 404
    assert client.get("/b/").status_code == 404


def test_html_in_an_opinion_or_reply_is_shown_as_text(meeting_village, client):
    opinion = services.create_opinion(
        user=SYSTEM, region=meeting_village["village"], raised_on=timezone.localdate(),
        text='<script>alert("x")</script><b>路灯</b>', raised_by_name="某村民",
    )  # fmt: skip
    services.assign_opinion(
        opinion, assignee_office="<i>镇</i>", due_on=timezone.localdate(), user=SYSTEM
    )
    services.answer_opinion(opinion, reply="<img src=x onerror=alert(1)>已修", user=SYSTEM)
    board = _board(meeting_village)

    page = client.get(f"/b/{board.code}").content.decode()

    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;路灯&lt;/b&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;已修" in page
    assert "&lt;i&gt;镇&lt;/i&gt;" in page
    assert "<script>" not in page and "<img" not in page and "<i>" not in page


def test_the_board_lists_only_its_own_villages_opinions(meeting_village, client, tree):
    today = timezone.localdate()
    services.create_opinion(
        user=SYSTEM, region=meeting_village["village"], text="东岳观村的意见", raised_on=today,
        raised_by_name="甲",
    )  # fmt: skip
    services.create_opinion(
        user=SYSTEM, region=tree["village_b"], text="双岗村的意见", raised_on=today,
        raised_by_name="乙",
    )  # fmt: skip
    board = _board(meeting_village)

    page = client.get(f"/b/{board.code}").content.decode()

    assert "东岳观村的意见" in page and "双岗村的意见" not in page


def test_the_qr_code_and_the_poster_carry_the_board_link(meeting_village, client):
    import io

    from pypdf import PdfReader

    board = _board(meeting_village)

    qr = client.get(f"/b/{board.code}/qr.png")
    poster = client.get(f"/b/{board.code}/poster.pdf")

    assert qr.status_code == 200 and qr["Content-Type"] == "image/png"
    assert qr.content.startswith(b"\x89PNG")
    assert poster.status_code == 200 and poster["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(poster.content)).pages[0].extract_text()
    assert "东岳观村群众意见公开栏" in text
    assert f"http://testserver/b/{board.code}" in text


def test_staff_open_the_board_and_renewing_the_code_retires_the_old_link(
    meeting_village, login, secretary_a
):
    client = login(secretary_a)
    url = f"/seminar/boards/{meeting_village['village'].pk}/"

    assert "开设公开栏" in client.get(url).content.decode()
    client.post(url, {"action": "open"})
    old = PublicBoard.unscoped.get(region=meeting_village["village"]).code
    assert f"/b/{old}" in client.get(url).content.decode()
    client.post(url, {"action": "renew"})
    new = PublicBoard.unscoped.get(region=meeting_village["village"]).code

    assert new != old and len(new) == 10
    assert client.get(f"/b/{old}").status_code == 404
    assert client.get(f"/b/{new}").status_code == 200


def test_a_board_is_opened_for_a_village_only(meeting_village, login, town_admin, tree):
    response = login(town_admin).post(f"/seminar/boards/{tree['town'].pk}/", {"action": "open"})

    assert response.status_code == 302
    assert not PublicBoard.unscoped.exists()


def test_a_volunteer_may_not_open_a_board(meeting_village, login, volunteer_a):
    response = login(volunteer_a).post(
        f"/seminar/boards/{meeting_village['village'].pk}/", {"action": "open"}
    )

    assert response.status_code == 403
    assert not PublicBoard.unscoped.exists()


def test_the_board_list_shows_the_callers_villages_and_their_links(
    meeting_village, login, secretary_a, town_admin
):
    board = _board(meeting_village)

    own = login(secretary_a).get("/seminar/boards/").content.decode()
    town = login(town_admin).get("/seminar/boards/").content.decode()

    assert f"http://testserver/b/{board.code}" in own
    assert "双岗村" not in own
    assert "东岳观村" in town and "双岗村" in town and "未开设" in town
