"""A live search sends a request at each pause in typing, and paging or the picker sends the
same query again: a search of the roster is logged once per settled query — not for a
query of one character, and once per account and text within a minute."""

import datetime as dt
from unittest import mock

from django.utils import timezone

from sanwei.core.models import ActionLog

from ..factories import PersonFactory


def searched():
    return list(
        ActionLog.objects.filter(action_type="sanwei.person.searched")
        .order_by("pk")
        .values_list("user__username", "data")
    )


def test_typing_a_name_logs_the_query_once_it_has_two_characters(client, tree, secretary_a):
    PersonFactory(name="张三丰", region=tree["village_a"])
    client.force_login(secretary_a)

    for typed in ("张", "张三", "张三丰"):
        client.get("/people/", {"q": typed}, HTTP_HX_REQUEST="true")

    assert searched() == [
        ("secretary_a", {"query": "张三"}),
        ("secretary_a", {"query": "张三丰"}),
    ]


def test_the_same_query_again_within_a_minute_is_logged_once(client, tree, secretary_a):
    client.force_login(secretary_a)

    client.get("/people/", {"q": "张三"})
    client.get("/people/", {"q": "张三", "page": "2"})
    client.get("/api/v1/people/", {"q": "张三"})

    assert searched() == [("secretary_a", {"query": "张三"})]


def test_the_same_query_a_minute_later_is_a_new_search(client, tree, secretary_a):
    client.force_login(secretary_a)
    client.get("/people/", {"q": "张三"})
    later = timezone.now() + dt.timedelta(seconds=61)

    with mock.patch("django.utils.timezone.now", return_value=later):
        client.get("/people/", {"q": "张三"})

    assert len(searched()) == 2


def test_another_account_searching_the_same_is_logged_for_itself(
    client, tree, secretary_a, town_admin
):
    client.force_login(secretary_a)
    client.get("/people/", {"q": "张三"})
    client.force_login(town_admin)
    client.get("/people/", {"q": "张三"})

    assert searched() == [
        ("secretary_a", {"query": "张三"}),
        ("town_admin", {"query": "张三"}),
    ]


def test_four_digits_of_a_phone_are_a_search(client, tree, secretary_a):
    client.force_login(secretary_a)

    client.get("/people/", {"q": "1234"})

    assert searched() == [("secretary_a", {"query": "1234"})]
