"""Helpers for the people and household tests: form data and an API client."""

from __future__ import annotations

import json

import pytest

from sanwei.accounts.tokens import create_token


@pytest.fixture
def person_data(tree):
    """POST data of the person form, for village A unless overridden."""

    def _data(**overrides) -> dict:
        data = {
            "name": "张三",
            "id_number": "",
            "gender": "",
            "birth_date": "",
            "ethnicity": "汉族",
            "phone": "",
            "region": tree["village_a"].pk,
            "household": "",
            "relation_to_head": "",
            "party_status": "",
            "party_joined_on": "",
            "party_branch": "",
            "migrant_destination": "",
            "lecturer_category": "",
            "cadre_post": "",
            "notes": "",
        }
        data.update(overrides)
        return data

    return _data


class ApiClient:
    """The test client speaking JSON with a bearer token."""

    def __init__(self, client, token: str) -> None:
        self.client = client
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def _send(self, method: str, path: str, body=None):
        data = json.dumps(body) if body is not None else ""
        return getattr(self.client, method)(
            path, data=data, content_type="application/json", **self.headers
        )

    def get(self, path: str, params: dict | None = None):
        return self.client.get(path, params or {}, **self.headers)

    def post(self, path: str, body: dict):
        return self._send("post", path, body)

    def patch(self, path: str, body: dict):
        return self._send("patch", path, body)

    def delete(self, path: str):
        return self._send("delete", path)


@pytest.fixture
def api_as(client):
    def _api(user) -> ApiClient:
        return ApiClient(client, create_token(user, "t"))

    return _api
