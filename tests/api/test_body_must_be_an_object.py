"""A JSON body that is not an object (a list, a string, a number) is a 400 `invalid` on
every operation that takes one. ninja's schemas read attributes, so `[null, null]` used
to pass as an empty PATCH (200, nothing changed) or an empty action body (found by the
schemathesis fuzz's negative cases)."""

import json

from sanwei.accounts.tokens import create_token
from sanwei.api import api

from ..accounts import test_permission_matrix as matrix

objects = matrix.objects

MESSAGE = '请求内容应为 JSON 对象，如 {"name": "…"}'


def test_a_list_as_a_patch_body_is_400(client, town_admin, objects):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(town_admin, 't')}"}
    response = client.patch(
        f"/api/v1/teams/{objects['team_pk']}",
        data="[null, null]",
        content_type="application/json",
        **headers,
    )

    assert response.status_code == 400
    assert response.json() == {"code": "invalid", "message": MESSAGE, "field": None}


def test_no_operation_takes_a_body_that_is_not_an_object(client, town_admin, objects):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(town_admin, 't')}"}
    answers, sent = set(), 0
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            if "application/json" not in operation.get("requestBody", {}).get("content", {}):
                continue
            for body in ([None, None], [], "x", 1, True):
                response = getattr(client, method)(
                    matrix.fill_api(path, objects),
                    data=json.dumps(body),
                    content_type="application/json",
                    **headers,
                )
                answers.add((response.status_code, response.json()["message"]))
                sent += 1
    assert answers == {(400, MESSAGE)}
    assert sent >= 5 * 60
