"""The admin lists people and households for superusers, without personal fields."""

import datetime as dt

from django.contrib.auth import get_user_model

from sanwei.people.admin import PersonAdmin

from ..factories import HouseholdFactory, PersonFactory, make_id_number


def test_superuser_sees_people_without_personal_fields(client, tree):
    admin = get_user_model().objects.create_superuser("root", password="pass-1234")
    number = make_id_number(birth=dt.date(1960, 5, 1))
    person = PersonFactory(
        name="张三", region=tree["village_a"], id_number=number, phone="13800001234"
    )
    HouseholdFactory(region=tree["village_a"])
    client.force_login(admin)
    listing = client.get("/admin/people/person/")
    assert listing.status_code == 200
    assert "张三" in listing.content.decode()
    assert "13800001234" not in listing.content.decode()
    change = client.get(f"/admin/people/person/{person.pk}/change/")
    assert change.status_code == 200
    content = change.content.decode()
    assert "id_number_encrypted" not in content
    assert number not in content
    assert client.get("/admin/people/household/").status_code == 200


def test_list_display_has_no_personal_fields():
    assert not {"phone", "id_number", "id_number_encrypted"} & set(PersonAdmin.list_display)
    assert "search_text" in PersonAdmin.readonly_fields
