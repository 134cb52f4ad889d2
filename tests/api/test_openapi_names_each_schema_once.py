"""The OpenAPI schema names each schema once: two different schemas of one class name
would share one component, and one of them would document the other's operations (the
essay counts were documented as the figures, a quantity total as a quantity record)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from ninja import Schema

from sanwei.core.api import ApiRouter, JsonErrorsAPI


def test_two_different_schemas_of_one_name_are_refused():
    def router_answering(schema: type[Schema]) -> ApiRouter:
        router = ApiRouter()

        @router.get("/counts", response=schema)
        def counts(request):
            return {}

        return router

    class CountsOut(Schema):
        registered: int

    first = CountsOut

    class CountsOut(Schema):  # the same name, in another app
        collected: int

    api = JsonErrorsAPI(title="t", version="t", urls_namespace="names-test")
    api.add_router("/activities", router_answering(first))
    api.add_router("/essays", router_answering(CountsOut))

    with pytest.raises(ImproperlyConfigured, match="'CountsOut'"):
        api.get_openapi_schema(path_prefix="/")


def test_the_essay_counts_are_documented_with_their_own_schema(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    answer = schema["paths"]["/api/v1/study/essays/counts"]["get"]["responses"]["200"]
    ref = answer["content"]["application/json"]["schema"]["$ref"]
    components = schema["components"]["schemas"]

    assert ref == "#/components/schemas/EssayFiguresOut"
    assert set(components["EssayCountsOut"]["properties"]) == {
        "region",
        "region_name",
        "collected",
        "recommended",
        "excellent",
    }
