"""The interactive API docs work offline: Swagger UI is served from our own static files."""


def test_api_docs_load_swagger_from_local_static_files(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn." not in page


def test_openapi_schema_lists_every_app(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    prefixes = {path.split("/")[3] for path in schema["paths"]}
    assert {"regions", "people", "teams", "activities"} <= prefixes


def test_the_swagger_bundle_itself_is_served(client, db):
    response = client.get("/static/ninja/swagger-ui-bundle.js")
    assert response.status_code == 200
