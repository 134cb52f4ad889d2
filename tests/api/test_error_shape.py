"""What comes back on an error is exactly {code, message, field}: English code, Chinese
message, the field when one field is at fault."""

import logging

from sanwei.activities import services as activity_services
from sanwei.activities.models import Campaign

BAD_INPUT = {"code": "invalid", "field": "target_person_coverage"}


def test_an_unparseable_body_is_400_bad_json(client, api_as, town_admin, campaign):
    api = api_as(town_admin)
    response = client.patch(
        f"/api/v1/activities/campaigns/{campaign.pk}",
        data="{not json",
        content_type="application/json",
        **api.headers,
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "bad_json",
        "message": "请求内容不是有效的 JSON",
        "field": None,
    }


def test_an_invalid_field_is_400_invalid_naming_the_field(api_as, town_admin, campaign):
    response = api_as(town_admin).patch(
        f"/api/v1/activities/campaigns/{campaign.pk}", {"target_person_coverage": 101}
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": "target_person_coverage：不能大于 100",
        "field": "target_person_coverage",
    }
    assert Campaign.unscoped.get().target_person_coverage == 100


def test_a_missing_field_is_400_invalid(api_as, town_admin, tree):
    response = api_as(town_admin).post("/api/v1/teams/", {"kind": "lecture"})
    assert response.status_code == 400
    assert response.json() == {"code": "invalid", "message": "name：必填", "field": "name"}


def test_a_wrong_type_in_the_query_is_400_invalid(api_as, town_admin, tree):
    response = api_as(town_admin).get("/api/v1/activities/", {"campaign_id": "abc"})
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": "campaign_id：应为整数",
        "field": "campaign_id",
    }


def test_an_unknown_id_is_404_not_found(api_as, town_admin, tree):
    response = api_as(town_admin).get("/api/v1/activities/campaigns/999999")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "对象不存在", "field": None}


def test_a_forbidden_write_is_403_permission_denied(api_as, volunteer_a, campaign):
    response = api_as(volunteer_a).delete(f"/api/v1/activities/campaigns/{campaign.pk}")
    assert response.status_code == 403
    assert response.json() == {
        "code": "permission_denied",
        "message": "没有权限执行此操作",
        "field": None,
    }
    assert Campaign.unscoped.exists()


def test_no_token_is_401_unauthenticated(client, db):
    response = client.get("/api/v1/teams/")
    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthenticated",
        "message": "请先登录，或在 Authorization 头中提供有效的 API 令牌",
        "field": None,
    }


def test_a_method_the_path_does_not_have_is_405(api_as, town_admin, campaign):
    response = api_as(town_admin).post(f"/api/v1/activities/campaigns/{campaign.pk}", {})
    assert response.status_code == 405
    assert response.json() == {
        "code": "method_not_allowed",
        "message": "该地址不支持此请求方法",
        "field": None,
    }
    assert set(response["Allow"].split(", ")) == {"GET", "PATCH", "DELETE"}


def test_an_unexpected_exception_is_500_with_a_generic_message_and_a_log(
    api_as, town_admin, campaign, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(activity_services, "campaign_summary", broken)
    with caplog.at_level(logging.ERROR, logger="sanwei.api"):
        response = api_as(town_admin).get(f"/api/v1/activities/campaigns/{campaign.pk}")
    assert response.status_code == 500
    assert response.json() == {
        "code": "server_error",
        "message": "服务器内部错误，请稍后再试",
        "field": None,
    }
    assert "disk on fire" not in response.content.decode()
    [record] = [r for r in caplog.records if r.name == "sanwei.api"]
    assert record.getMessage() == (
        f"Unhandled error in GET /api/v1/activities/campaigns/{campaign.pk}"
    )
    assert record.exc_info[0] is RuntimeError


def test_an_empty_required_text_is_400_invalid(api_as, town_admin, team):
    response = api_as(town_admin).patch(f"/api/v1/teams/{team.pk}", {"name": ""})
    assert response.status_code == 400
    assert response.json() == {"code": "invalid", "message": "name：不能为空", "field": "name"}
