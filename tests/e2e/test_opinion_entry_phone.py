"""End to end at a phone's viewport (390×844): a village secretary opens a 屋场会, taps
现场录入意见 and enters three opinions one after another — one raised by a resident
picked by name search, one by a typed name, one with a photo. Each appears in the list
below the form and the form clears; the page never reloads (a marker set on `window`
survives all three). The database holds the three opinions at that meeting."""

from __future__ import annotations

import io

import pytest
from django_scopes import scopes_disabled
from PIL import Image
from playwright.sync_api import Page, expect

from sanwei.accounts.models import Role
from sanwei.seminar.models import CourtyardMeeting, Opinion

from ..factories import (
    ActivityFactory,
    CampaignFactory,
    PersonFactory,
    build_town_tree,
    default_activity_type,
    user_with_role,
)
from .conftest import PASSWORD, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def meeting(settings) -> CourtyardMeeting:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with scopes_disabled():
        tree = build_town_tree()
        secretary = user_with_role(Role.VILLAGE_SECRETARY, tree["village_a"], username="cun_shuji")
        secretary.set_password(PASSWORD)
        secretary.save()
        for name in ("张秀英", "李建国", "王桂兰"):
            PersonFactory(region=tree["village_a"], name=name)
        from django.utils import timezone

        starts = timezone.now().replace(microsecond=0) - timezone.timedelta(hours=1)
        activity = ActivityFactory(
            region=tree["village_a"],
            campaign=CampaignFactory(region=tree["town"]),
            activity_type=default_activity_type("courtyard_meeting"),
            title="屋场会：聊聊二十大，说说村里事",
            starts_at=starts,
            ends_at=starts + timezone.timedelta(hours=2),
        )
        return CourtyardMeeting.unscoped.create(activity=activity)


def _photo(tmp_path) -> str:
    path = tmp_path / "水渠.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), "green").save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_three_opinions_are_entered_on_a_phone_without_a_page_reload(
    live_server, phone: Page, meeting: CourtyardMeeting, tmp_path
) -> None:
    log_in(phone, live_server.url, "cun_shuji")
    phone.goto(f"{live_server.url}/seminar/meetings/{meeting.pk}/")
    phone.get_by_role("link", name="现场录入意见").click()
    expect(phone.get_by_role("heading", name="现场录入意见")).to_be_visible()
    phone.evaluate("window.__notReloaded = 'still here'")
    text = phone.get_by_label("意见内容")
    listed = phone.locator("#opinion-list li")

    # 1: a resident found by name search (pinyin initials) and tapped
    text.fill("村口的路灯坏了，晚上走路不方便")
    phone.get_by_label("提出人（本村群众）").fill("zxy")
    phone.get_by_role("button", name="张秀英（东岳观村）").tap()
    phone.get_by_role("button", name="保存，录入下一条").tap()
    expect(phone.locator("#opinion-notice")).to_have_text("已记录第1条意见")
    expect(listed).to_have_count(1)
    expect(text).to_have_value("")

    # 2: a typed name
    text.fill("自来水水压太小，高处的人家接不到水")
    phone.get_by_label("或填写提出人姓名").fill("外出返乡的老周")
    phone.get_by_role("button", name="保存，录入下一条").tap()
    expect(phone.locator("#opinion-notice")).to_have_text("已记录第2条意见")
    expect(listed).to_have_count(2)
    expect(phone.get_by_label("或填写提出人姓名")).to_have_value("")

    # 3: with a photo
    text.fill("二组的水渠淤塞了，需要清淤")
    phone.get_by_label("或填写提出人姓名").fill("王桂兰")
    phone.get_by_label("照片（可选，jpg/png）").set_input_files(_photo(tmp_path))
    phone.get_by_role("button", name="保存，录入下一条").tap()
    expect(phone.locator("#opinion-notice")).to_have_text("已记录第3条意见")
    expect(listed).to_have_count(3)
    expect(listed.first).to_contain_text("二组的水渠淤塞了")

    assert phone.evaluate("window.__notReloaded") == "still here"
    with scopes_disabled():
        opinions = {o.text: o for o in Opinion.unscoped.filter(meeting=meeting)}
        assert len(opinions) == 3
        assert opinions["村口的路灯坏了，晚上走路不方便"].raised_by.name == "张秀英"
        assert opinions["自来水水压太小，高处的人家接不到水"].raised_by_name == "外出返乡的老周"
        assert opinions["二组的水渠淤塞了，需要清淤"].photo.name.endswith(".jpg")
