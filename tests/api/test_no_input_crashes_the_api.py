"""No input crashes the API: every operation, with each body field and each query
parameter set in turn to a value the database cannot take, answers below 500.

Operations and their bodies come from the OpenAPI schema (as the permission matrix
builds them), so a new operation is covered without editing this file."""

import json

from sanwei.accounts.tokens import create_token
from sanwei.api import api

from ..accounts import test_permission_matrix as matrix

objects = matrix.objects  # one object of every kind in village A, for path parameters

BAD_VALUES = [None, 2**70, -(2**70), "\x00", "长" * 5000, {"a": 1}, "2024-13-45"]
BAD_PARAMS = [str(2**70), "-1", "\x00", ""]


def body_variants(operation: dict, root: dict):
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return
    valid = matrix.example(content["schema"], root, {})
    name = content["schema"]["$ref"].split("/")[-1]
    for field in root["components"]["schemas"][name].get("properties", {}):
        for bad in BAD_VALUES:
            yield json.dumps({**valid, field: bad}), field


def test_no_body_field_or_query_parameter_makes_a_500(client, town_admin, objects):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(town_admin, 't')}"}
    root = api.get_openapi_schema()
    crashes, sent = [], 0
    for path, operations in root["paths"].items():
        url = matrix.fill_api(path, objects)
        for method, operation in operations.items():
            for body, field in body_variants(operation, root):
                response = getattr(client, method)(
                    url, data=body, content_type="application/json", **headers
                )
                sent += 1
                if response.status_code >= 500:
                    crashes.append((method, path, field, body[:60]))
            if method != "get":
                continue
            for param in (p["name"] for p in operation.get("parameters", []) if p["in"] == "query"):
                for bad in BAD_PARAMS:
                    response = client.get(url, {param: bad}, **headers)
                    sent += 1
                    if response.status_code >= 500:
                        crashes.append((method, path, param, bad))
    assert crashes == []
    assert sent > 500
