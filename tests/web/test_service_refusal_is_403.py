"""A service's refusal (NotPermitted) is a 403 everywhere: Django's 403 page (in Chinese,
in the layout) for pages, and 403 with the one error shape in the API."""

import json

import pytest
from django.test import RequestFactory

from sanwei.api import api
from sanwei.core.errors import NotPermitted
from sanwei.people.models import Household

from ..factories import HouseholdFactory


@pytest.mark.urls("tests.web.refusing_urls")
def test_a_page_whose_service_refuses_answers_the_403_page(login, volunteer_a, tree):
    HouseholdFactory(region=tree["village_a"])

    response = login(volunteer_a).post("/probe/delete-household/")

    assert response.status_code == 403
    assert "没有权限" in response.content.decode()
    assert Household.unscoped.count() == 1


def test_the_api_answers_a_refusal_with_403_and_the_error_shape():
    request = RequestFactory().post("/api/v1/people/")

    response = api.on_exception(request, NotPermitted("permission_denied", "没有权限执行此操作"))

    assert response.status_code == 403
    assert json.loads(response.content) == {
        "code": "permission_denied",
        "message": "没有权限执行此操作",
        "field": None,
    }
