import datetime as dt
import io

import pytest
from pypdf import PdfReader

from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import Attendance, AttendanceRole
from sanwei.volunteers.models import VolunteerProfile
from sanwei.volunteers.services import confirm_attendances, issue_certificate, verification_code

from ..factories import ActivityFactory, AttendanceFactory, PersonFactory, VolunteerProfileFactory
from .conftest import bj


def _served(person, start, amount):
    activity = ActivityFactory(region=person.region, starts_at=start, ends_at=start)
    AttendanceFactory(activity=activity, person=person, role=AttendanceRole.VOLUNTEER, hours=amount)
    confirm_attendances(activity, user=SYSTEM)


@pytest.fixture
def certified(tree):
    person = PersonFactory(region=tree["village_a"], name="陈志强")
    profile = VolunteerProfileFactory(person=person, number="430821104-0003")
    for day in range(1, 6):
        _served(person, bj(2023, 4, day), "21")
    certificate, code = issue_certificate(profile, user=SYSTEM, today=dt.date(2023, 5, 4))
    return certificate, code


def test_the_verification_page_shows_only_name_hours_level_and_date(client, certified):
    certificate, code = certified

    response = client.get(f"/verify/{code}")

    page = response.content.decode()
    assert response.status_code == 200
    assert "证明真实有效" in page
    assert "陈志强" in page and "105小时" in page and "一星级" in page and "2023年5月4日" in page
    assert "430821104-0003" not in page and certificate.issuer not in page


@pytest.mark.parametrize("wrong", ["wrongcode", "abcdefghjkmn-0123456789", "ALTERED"])
def test_a_wrong_or_altered_code_is_not_genuine_and_shows_no_data(client, certified, wrong):
    _certificate, code = certified
    if wrong == "ALTERED":
        wrong = code[:-1] + ("0" if code[-1] != "0" else "1")

    response = client.get(f"/verify/{wrong}")

    page = response.content.decode()
    assert response.status_code == 404
    assert "不是有效的证明" in page
    assert "陈志强" not in page and "105小时" not in page


def test_the_card_verification_page_and_a_wrong_card(client, tree):
    profile = VolunteerProfileFactory(person=PersonFactory(region=tree["village_a"], name="周敏"))

    good = client.get(f"/v/{profile.card_code}").content.decode()
    bad = client.get("/v/nosuchcard12")

    assert "有效的志愿者证" in good and "周敏" in good and profile.number in good
    assert bad.status_code == 404 and "不是有效的志愿者证" in bad.content.decode()


def test_a_secretary_registers_a_volunteer_through_the_page(login, secretary_a, tree):
    person = PersonFactory(region=tree["village_a"], name="吴刚", skills="木工")

    response = login(secretary_a).post(
        "/volunteers/new/",
        {"person": person.pk, "joined_on": "2023-02-01", "weekday_evening": "on", "skills": ""},
    )

    profile = VolunteerProfile.unscoped.get(person=person)
    assert response.status_code == 302
    assert response["Location"] == f"/volunteers/{profile.pk}/"
    assert (profile.number, profile.skills, profile.weekday_evening) == (
        "430821104-0001",
        "木工",
        True,
    )


def test_registering_with_a_bad_date_shows_a_chinese_error_and_saves_nothing(
    login, secretary_a, tree
):
    person = PersonFactory(region=tree["village_a"])

    response = login(secretary_a).post(
        "/volunteers/new/", {"person": person.pk, "joined_on": "2023-02-31"}
    )

    assert response.status_code == 200
    assert "输入一个有效的日期" in response.content.decode()
    assert not VolunteerProfile.unscoped.exists()


def test_the_list_and_detail_show_hours_and_stars_escaped(login, secretary_a, tree):
    person = PersonFactory(region=tree["village_a"], name="<b>马</b>")
    profile = VolunteerProfileFactory(person=person, skills="<script>x</script>")
    for day in range(1, 6):
        _served(person, bj(2023, 4, day), "20")
    client = login(secretary_a)

    listing = client.get("/volunteers/").content.decode()
    detail = client.get(f"/volunteers/{profile.pk}/").content.decode()

    assert "&lt;b&gt;马&lt;/b&gt;" in listing and "<script>x" not in listing
    assert "100小时" in detail and "一星级" in detail


def test_the_organiser_confirms_all_hours_on_the_activity_page(login, secretary_a, tree):
    activity = ActivityFactory(
        region=tree["village_a"], starts_at=bj(2023, 4, 1), ends_at=bj(2023, 4, 1, 11)
    )
    for _ in range(2):
        AttendanceFactory(
            activity=activity,
            role=AttendanceRole.VOLUNTEER,
            hours=2,
            person=PersonFactory(region=tree["village_a"]),
        )
    client = login(secretary_a)

    page = client.get(f"/volunteers/activities/{activity.pk}/hours/")
    response = client.post(
        f"/volunteers/activities/{activity.pk}/hours/", {"action": "confirm_all"}
    )

    assert "全部确认（2人）" in page.content.decode()
    assert response.status_code == 302
    assert Attendance.unscoped.filter(confirmed_at__isnull=False).count() == 2


def test_negative_hours_on_the_page_are_refused_with_a_message(login, secretary_a, tree):
    attendance = AttendanceFactory(
        activity=ActivityFactory(region=tree["village_a"]),
        role=AttendanceRole.VOLUNTEER,
        hours=2,
        person=PersonFactory(region=tree["village_a"]),
    )

    response = login(secretary_a).post(
        f"/volunteers/activities/{attendance.activity_id}/hours/",
        {"action": "hours", "attendance": attendance.pk, "hours": "-1"},
        follow=True,
    )

    assert "服务时长不能为负数" in response.content.decode()
    assert Attendance.unscoped.get(pk=attendance.pk).hours == 2


def test_the_ranking_page_lists_most_hours_first(login, secretary_a, tree):
    for name, amount in (("甲", "5"), ("乙", "9"), ("丙", "7")):
        person = PersonFactory(region=tree["village_a"], name=name)
        VolunteerProfileFactory(person=person)
        _served(person, bj(2023, 4, 1), amount)

    page = login(secretary_a).get("/volunteers/ranking/", {"region": tree["village_a"].code})

    text = page.content.decode()
    assert text.index("乙") < text.index("丙") < text.index("甲")


def test_issuing_on_the_page_gives_the_pdf_with_the_code(login, town_admin, tree):
    person = PersonFactory(region=tree["village_a"], name="郑丽")
    profile = VolunteerProfileFactory(person=person)
    _served(person, bj(2023, 4, 1), "6.5")
    client = login(town_admin)

    issued = client.post(
        f"/volunteers/{profile.pk}/certificates/new/", {"issuer": "东岳观镇志愿服务站"}
    )
    pdf = client.get(issued["Location"])

    certificate = profile.certificates.get()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert pdf["Content-Type"] == "application/pdf"
    assert "累计服务时长：6.5小时" in text and "出具单位：东岳观镇志愿服务站" in text
    assert verification_code(certificate) in text
