"""A demo village secretary sees the residents of their own village and nobody else's."""

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django_scopes import scopes_disabled

from sanwei.accounts.permissions import user_scope
from sanwei.core.scoping import region_scope
from sanwei.demo.builder import DEMO_PASSWORD
from sanwei.people.models import Person


def _names_by_village():
    """Names of the first village's residents (registered in its 组) and of the others."""
    with scopes_disabled():
        own = set(
            Person.unscoped.filter(region__parent__name="东岳观村").values_list("name", flat=True)
        )
        others = set(
            Person.unscoped.exclude(region__parent__name="东岳观村").values_list("name", flat=True)
        )
    return own, others - own


def test_scoped_manager_gives_the_secretary_only_their_village(demo):
    with scopes_disabled():
        user = get_user_model().objects.get(username="secretary")
        expected = set(
            Person.unscoped.filter(region__parent__code="430821104201").values_list("pk", flat=True)
        )
    with region_scope(user_scope(user)):
        seen = set(Person.objects.values_list("pk", flat=True))
    assert seen == expected
    assert 0 < len(seen) < demo.persons


def test_people_page_shows_the_secretary_no_one_from_another_village(demo, client):
    own, foreign = _names_by_village()
    assert client.login(request=HttpRequest(), username="secretary", password=DEMO_PASSWORD)

    response = client.get("/people/")

    assert response.status_code == 200
    html = response.content.decode()
    assert not [name for name in foreign if name in html]
    assert [name for name in own if name in html]


def test_people_page_shows_the_second_secretary_their_own_village(demo, client):
    with scopes_disabled():
        own = set(
            Person.unscoped.filter(region__parent__name="双岗村").values_list("name", flat=True)
        )
        first_village = set(
            Person.unscoped.filter(region__parent__name="东岳观村").values_list("name", flat=True)
        )
    assert client.login(request=HttpRequest(), username="secretary2", password=DEMO_PASSWORD)

    response = client.get("/people/")

    assert response.status_code == 200
    html = response.content.decode()
    assert not [name for name in first_village - own if name in html]
    assert [name for name in own if name in html]
