import datetime as dt
import io

import pytest
from pypdf import PdfReader

from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import AttendanceRole
from sanwei.core.errors import NotPermitted
from sanwei.volunteers.documents import card_pdf, certificate_pdf
from sanwei.volunteers.models import Certificate
from sanwei.volunteers.services import confirm_attendances, issue_certificate, verify

from ..factories import (
    ActivityFactory,
    AttendanceFactory,
    MembershipFactory,
    PersonFactory,
    VolunteerProfileFactory,
    make_id_number,
)
from .conftest import bj


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def volunteer(tree, squad_a):
    person = PersonFactory(
        region=tree["village_a"], name="刘红梅", id_number=make_id_number(dt.date(1975, 6, 1))
    )
    MembershipFactory(team=squad_a, person=person)
    profile = VolunteerProfileFactory(person=person, number="430821104-0012")
    for day, amount in ((1, "20"), (2, "20"), (3, "20"), (4, "20"), (5, "20"), (6, "12.5")):
        start = bj(2023, 3, day)
        activity = ActivityFactory(
            region=tree["village_a"], title=f"环境整治第{day}次", starts_at=start, ends_at=start
        )
        AttendanceFactory(
            activity=activity, person=person, role=AttendanceRole.VOLUNTEER, hours=amount
        )
        confirm_attendances(activity, user=SYSTEM)
    unconfirmed = ActivityFactory(region=tree["village_a"], starts_at=bj(2023, 3, 9))
    AttendanceFactory(activity=unconfirmed, person=person, role=AttendanceRole.VOLUNTEER, hours=7)
    return profile


def test_the_certificate_pdf_reads_back_with_hours_level_masked_id_and_code(volunteer, secretary_a):
    certificate, code = issue_certificate(volunteer, user=secretary_a, today=dt.date(2023, 3, 20))

    text = _text(certificate_pdf(certificate, code, f"https://sanwei.example/verify/{code}"))

    assert "志愿服务记录证明" in text
    assert "刘红梅" in text
    assert "累计服务时长：112.5小时" in text
    assert "星级：一星级" in text
    assert "所在小队：东岳观村志愿服务小队" in text
    assert "出具单位：东岳观志愿服务队" in text
    assert "出具日期：2023年3月20日" in text
    assert f"验证码：{code}" in text
    assert "环境整治第6次" in text and "12.5" in text
    assert certificate.masked_id == "430***************"
    assert certificate.masked_id in text and "19750601" not in text
    assert (certificate.total_hours, certificate.star_level, len(certificate.records)) == (
        112.5,
        1,
        6,
    )


def test_the_code_verifies_and_a_wrong_or_altered_one_does_not(volunteer):
    certificate, code = issue_certificate(volunteer, user=SYSTEM)
    serial, signature = code.split("-")
    altered_signature = f"{serial}-{signature[:-1]}{'0' if signature[-1] != '0' else '1'}"
    altered_serial = f"{'2' if serial[0] != '2' else '3'}{serial[1:]}-{signature}"

    assert verify(code) == certificate
    assert verify(code.upper()) == certificate
    for wrong in (altered_signature, altered_serial, serial, "", "abc", "x" * 200):
        assert verify(wrong) is None


def test_only_holders_of_the_right_in_the_volunteers_region_issue(
    volunteer, secretary_b, volunteer_a
):
    for user in (secretary_b, volunteer_a, None):
        with pytest.raises(NotPermitted):
            issue_certificate(volunteer, user=user)
    assert not Certificate.unscoped.exists()


def test_the_volunteer_card_shows_name_number_and_squad(volunteer):
    text = _text(card_pdf(volunteer, "https://sanwei.example/v/abc"))

    assert "刘红梅" in text
    assert "编号：430821104-0012" in text
    assert "小队：东岳观村志愿服务小队" in text
