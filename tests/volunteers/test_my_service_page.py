from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import AttendanceRole
from sanwei.needs.models import VolunteerAccount
from sanwei.volunteers.services import confirm_attendances

from ..factories import ActivityFactory, AttendanceFactory, PersonFactory, VolunteerProfileFactory
from .conftest import bj


def _served(person, start, amount, title, confirm=True):
    activity = ActivityFactory(region=person.region, starts_at=start, ends_at=start, title=title)
    AttendanceFactory(activity=activity, person=person, role=AttendanceRole.VOLUNTEER, hours=amount)
    if confirm:
        confirm_attendances(activity, user=SYSTEM)


def test_a_volunteer_sees_their_hours_stars_and_history_on_the_phone_page(login, volunteer_a, tree):
    person = PersonFactory(region=tree["village_a"], name="何芳")
    VolunteerProfileFactory(person=person, number="430821104-0009")
    VolunteerAccount.unscoped.create(user=volunteer_a, person=person)
    for day in range(1, 6):
        _served(person, bj(2023, 6, day), "22", f"护学岗第{day}天")
    _served(person, bj(2023, 6, 9), "3", "文明劝导", confirm=False)

    page = login(volunteer_a).get("/volunteers/me/", HTTP_USER_AGENT="iPhone")

    text = page.content.decode()
    assert page.status_code == 200
    assert "累计 110 小时" in text
    assert "一星级 · 距下一星级还差 190 小时" in text
    assert "另有 1 条待组织者确认" in text
    assert text.index("护学岗第5天") < text.index("护学岗第1天")
    assert "文明劝导" not in text


def test_a_volunteer_login_without_a_profile_is_told_so(login, volunteer_a):
    page = login(volunteer_a).get("/volunteers/me/")

    assert "您的账号尚未关联志愿者登记信息" in page.content.decode()


def test_staff_have_no_own_service_page(login, secretary_a):
    assert login(secretary_a).get("/volunteers/me/").status_code == 403
