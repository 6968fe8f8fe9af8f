"""The schema says what the server answers: the real error body, every status an operation can
give, and the methods each path takes (405 with Allow, OPTIONS 204 with Allow)."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from jsonschema_rs import Draft202012Validator

from app import openapi
from app.main import app


@pytest.fixture(scope="module")
def client():
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def schema(client) -> dict:
    return client.get("/openapi.json").json()


def operations(schema: dict):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield method.upper(), path, operation


def error_validator(schema: dict) -> Draft202012Validator:
    return Draft202012Validator({**schema["components"]["schemas"]["ErrorOut"],
                                 "components": schema["components"]})


def test_no_operation_documents_fastapis_array_shaped_error(schema):
    assert "HTTPValidationError" not in str(schema) and "ValidationError" not in schema["components"]["schemas"]
    for method, path, operation in operations(schema):
        for code, answer in operation["responses"].items():
            if code.startswith(("4", "5")):
                ref = answer["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/ErrorOut", (method, path, code)


def test_the_documented_error_body_is_the_one_sent(client, schema):
    validator = error_validator(schema)
    network = client.post("/api/networks", json={"layers": [1, 1], "seed": 1}).json()["id"]
    answers = {
        422: client.post("/api/networks", json={"layers": [2, "x"]}),
        404: client.get("/api/networks/no-such-id"),
        409: client.get(f"/api/networks/{network}/evaluate"),
        400: client.post("/api/networks", content=b"[" * 100_000, headers={"content-type": "application/json"}),
        413: client.post("/api/networks", content=b"x" * (5 * 1024 * 1024),
                         headers={"content-type": "application/json"}),
        405: client.put("/api/networks"),
    }
    for status, r in answers.items():
        assert r.status_code == status, (status, r.text[:200])
        body = r.json()
        assert isinstance(body["detail"], str) and body["detail"], body
        assert not list(validator.iter_errors(body)), (status, body)
    # The array-shaped body FastAPI documents by default would not pass for it.
    assert list(validator.iter_errors({"detail": [{"loc": ["body"], "msg": "x", "type": "y"}]}))


@pytest.mark.parametrize("method, path, expected", [
    ("POST", "/api/networks", {400, 403, 408, 413, 422, 429, 503, 507}),
    ("GET", "/api/networks/{network_id}", {404, 408, 413, 422, 503, 507}),
    ("DELETE", "/api/networks/{network_id}", {403, 404, 408, 413, 422, 429, 503, 507}),
    ("POST", "/api/networks/{network_id}/train", {400, 403, 404, 408, 409, 413, 422, 429, 503, 507}),
    ("GET", "/api/networks/{network_id}/train/stream", {404, 408, 409, 413, 422, 429, 503, 507}),
    ("GET", "/api/networks/{network_id}/evaluate", {404, 408, 409, 413, 422, 503, 507}),
    ("POST", "/api/networks/import", {400, 403, 408, 413, 422, 429, 503, 507}),
    ("POST", "/api/shares/{token}/copy", {403, 404, 408, 413, 422, 429, 503, 507}),
    ("GET", "/api/health", {408, 413, 503}),
])
def test_each_operation_lists_every_error_status_it_can_give(schema, method, path, expected):
    listed = {int(code) for code in schema["paths"][path][method.lower()]["responses"] if code[0] in "45"}
    assert listed == expected


def test_waiting_statuses_document_retry_after(schema):
    for method, path, operation in operations(schema):
        for code in ("429", "503"):
            if code in operation["responses"]:
                assert "Retry-After" in operation["responses"][code]["headers"], (method, path, code)


def test_every_extra_status_names_a_real_operation(schema):
    for method, path in openapi.EXTRA:
        assert method.lower() in schema["paths"].get(path, {}), (method, path)


def test_a_whole_float_is_the_integer_it_spells_and_a_fraction_is_refused(client):
    # JSON Schema 2020-12, which the OpenAPI 3.1 schema uses, counts 3.0 as an integer.
    made = client.post("/api/networks", json={"layers": [2, 3.0, 1], "dataset": "xor", "seed": 4.0})
    assert made.status_code == 201, made.text
    assert made.json()["layers"] == [2, 3, 1] and made.json()["seed"] == 4
    trained = client.post(f"/api/networks/{made.json()['id']}/train", json={"steps": 2.0, "batch_size": 4.0})
    assert trained.status_code == 200 and trained.json()["network"]["step"] == 2
    for bad in (3.5, True, "3"):
        assert client.post("/api/networks", json={"layers": [2, bad, 1]}).status_code == 422


def test_example_or_x_and_y_is_in_the_schema(schema):
    body = schema["components"]["schemas"]["BreakdownIn"]
    validator = Draft202012Validator(body)
    assert validator.is_valid({"example": 0, "layer": 1, "j": 0, "k": 0})
    assert validator.is_valid({"x": [0.0], "y": [1.0], "layer": 1, "j": 0, "k": 0})
    assert not validator.is_valid({"example": 0, "x": [0.0], "y": [1.0], "layer": 1, "j": 0, "k": 0})
    assert not validator.is_valid({"x": [0.0], "layer": 1, "j": 0, "k": 0})


# -- Methods -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path, allowed", [
    ("/api/networks/import", {"POST"}),  # not GET/DELETE of a network called "import"
    ("/api/networks/abc", {"GET", "DELETE", "PATCH"}),
    ("/api/networks", {"POST"}),
    ("/api/datasets", {"GET", "POST"}),
    ("/api/networks/abc/weights/1/0/0", {"PUT"}),
])
def test_options_answers_204_with_exactly_the_paths_methods(client, schema, path, allowed):
    r = client.options(path)
    assert r.status_code == 204 and r.content == b""
    advertised = {m.strip() for m in r.headers["allow"].split(",")}
    assert advertised - {"OPTIONS", "HEAD"} == allowed
    assert "access-control-allow-origin" not in r.headers  # no CORS: same-origin page only
    assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("method, path, allowed", [
    ("GET", "/api/networks/import", {"POST"}),
    ("DELETE", "/api/networks/import", {"POST"}),
    ("POST", "/api/networks/abc", {"GET", "DELETE", "PATCH"}),
    ("PUT", "/api/networks/abc", {"GET", "DELETE", "PATCH"}),
    ("PUT", "/api/health", {"GET"}),
])
def test_another_method_is_a_405_naming_the_ones_that_work(client, method, path, allowed):
    r = client.request(method, path)
    assert r.status_code == 405
    assert {m.strip() for m in r.headers["allow"].split(",")} - {"OPTIONS", "HEAD"} == allowed
    detail = r.json()["detail"]
    assert method in detail and all(m in detail for m in allowed)


def test_an_unknown_path_stays_a_404_whatever_the_method(client):
    for method in ("GET", "OPTIONS", "POST"):
        assert client.request(method, "/api/no-such-thing").status_code == 404
