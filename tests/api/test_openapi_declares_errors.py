"""Every API operation declares the one error shape for 400, 401, 403 and 404."""

ERROR_REF = "#/components/schemas/ErrorOut"
METHODS = {"get", "post", "put", "patch", "delete"}


def test_every_operation_declares_the_error_shape_for_400_401_403_404(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    checked = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            responses = operation["responses"]
            for status in ("400", "401", "403", "404"):
                declared = responses.get(status, {}).get("content", {})
                ref = declared.get("application/json", {}).get("schema", {}).get("$ref")
                assert ref == ERROR_REF, (method, path, status)
            checked += 1
    assert checked > 20


def test_the_error_schema_is_code_message_and_optional_field(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    error = schema["components"]["schemas"]["ErrorOut"]
    assert error["required"] == ["code", "message"]
    assert set(error["properties"]) == {"code", "message", "field"}
