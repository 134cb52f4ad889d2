"""What the public endpoint shows of a need holds nothing personal: no resident's name,
phone, ID number or household address, no volunteer's name, no description, reason,
rating comment or resolution text (free text that may name people), no 组."""

from __future__ import annotations

from sanwei.needs.models import Need
from sanwei.regions.models import RegionLevel

from ..factories import (
    HouseholdFactory,
    PersonFactory,
    RegionFactory,
    need_in_state,
    squad_volunteer,
)

PRIVATE = ("张秀英", "13912345678", "430821195001010027", "5678", "三组18号", "王志愿",
           "水管漏水", "不属于服务范围", "已修好", "很满意", "一组")  # fmt: skip


def test_no_personal_data_in_any_answer(client, tree):
    group = RegionFactory(code="430821104201001", name="一组", level=RegionLevel.GROUP,
                          parent=tree["village_a"])  # fmt: skip
    household = HouseholdFactory(region=group, address="东岳观村三组18号")
    resident = PersonFactory(region=group, household=household, name="张秀英",
                             phone="13912345678", id_number="430821195001010027")  # fmt: skip
    volunteer = squad_volunteer(tree["village_a"], name="王志愿")
    made = [
        need_in_state("closed", region=group, volunteer=volunteer),
        need_in_state("rejected", region=group),
        need_in_state("in_progress", region=tree["village_a"], volunteer=volunteer),
    ]
    Need.unscoped.filter(pk__in=[n.pk for n in made]).update(person=resident, household=household)
    codes = [n.code for n in made]
    answers = []
    for fmt in ("xml", "json"):
        answers.append((client.get(f"/open311/v2/requests.{fmt}"), codes))
        answers.append(
            (
                client.get(f"/open311/v2/requests.{fmt}", {"service_request_id": ",".join(codes)}),
                codes,
            )
        )
        answers += [(client.get(f"/open311/v2/requests/{c}.{fmt}"), [c]) for c in codes]
    for response, expected in answers:
        assert response.status_code == 200
        text = response.content.decode()
        assert all(code in text for code in expected)
        for private in PRIVATE:
            assert private not in text, (private, response.request["PATH_INFO"])
