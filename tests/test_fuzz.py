"""Hostile input from outside: schemathesis over the OpenAPI schema, and NaN/Infinity in every number.

Both run against a live server (two workers), the way a class of students would reach it.
"""
from __future__ import annotations

import json
import zlib
from collections import Counter, defaultdict
from typing import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from live_server import LiveServer

EXAMPLES = 25
"""Per operation and generation mode (positive, negative): ~1,100 requests with the fixed seed."""
NETWORKS = (
    {"layers": [2, 3, 1], "dataset": "xor"},
    {"layers": [1, 4, 1], "hidden_activation": "tanh", "output_activation": "linear", "dataset": "sine"},
    {"layers": [2, 2, 1], "loss": "cross_entropy", "dataset": "gaussians"},
    {"layers": [1, 1]},
    None,  # keep the generated (unknown) id
)
HOSTILE = ("NaN", "Infinity", "-Infinity", "1e999", "-1e999")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with LiveServer(tmp_path_factory.mktemp("fuzz") / "data", workers=2) as s:
        yield s


def fresh_network(c: httpx.Client, pick: int) -> str | None:
    spec = NETWORKS[pick % len(NETWORKS)]
    if spec is None:
        return None
    r = c.post("/api/networks", json={**spec, "seed": pick})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def aim_at_real_networks(c: httpx.Client, case) -> None:
    """Most generated ids name no network (a 404 at once): swap in real ones, chosen from the case."""
    params = case.path_parameters or {}
    if "network_id" in params:
        pick = zlib.crc32(str(params["network_id"]).encode())
        params["network_id"] = fresh_network(c, pick) or params["network_id"]
    if "token" in params:
        pick = zlib.crc32(str(params["token"]).encode())
        source = fresh_network(c, pick)
        if source is not None:
            params["token"] = c.post(f"/api/networks/{source}/share").json()["token"]


def call_streaming(server: LiveServer, case) -> int:
    """A live stream runs for hours: its status line is what counts; then hang up."""
    kwargs = case.as_transport_kwargs(base_url=server.url)
    with httpx.Client(timeout=60) as c:
        with c.stream(kwargs["method"], kwargs["url"], params=kwargs.get("params"),
                      headers=kwargs.get("headers")) as r:
            next(r.iter_bytes(), b"")
            return r.status_code


def test_schemathesis_finds_no_server_error(server):
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    counted, no_negative = {"requests": 0}, []
    statuses: dict[str, Counter] = defaultdict(Counter)
    with httpx.Client(base_url=server.url, timeout=60) as c:
        for operation in operations:
            raw = operation.definition.raw
            streaming = "text/event-stream" in json.dumps(raw.get("responses", {}))
            # Without any input there is nothing to make invalid.
            has_input = raw.get("parameters") or raw.get("requestBody")
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)[:2 if has_input else 1]:

                @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                          suppress_health_check=list(HealthCheck))
                @given(case=operation.as_strategy(generation_mode=mode))
                def fuzz(case):
                    aim_at_real_networks(c, case)
                    counted["requests"] += 1
                    if streaming:
                        status = call_streaming(server, case)
                        statuses[operation.label][status // 100] += 1
                        assert status < 500, (case.as_curl_command(), server.output()[-3000:])
                    else:
                        try:
                            r = case.call_and_validate(base_url=server.url, checks=[not_a_server_error], timeout=60)
                            statuses[operation.label][r.status_code // 100] += 1
                        except AssertionError as e:
                            raise AssertionError(f"{e}\nserver log:\n{server.output()[-3000:]}") from None

                try:
                    fuzz()
                except Unsatisfiable:
                    # e.g. one unconstrained string in the path: there is no invalid value to send.
                    assert mode == GenerationMode.NEGATIVE, operation.label
                    no_negative.append(operation.label)
    print(f"schemathesis: {counted['requests']} requests over {len(operations)} operations; "
          f"nothing invalid to generate for {no_negative}")
    for label, count in statuses.items():
        print(f"  {label}: " + ", ".join(f"{k}xx {n}" for k, n in sorted(count.items())))
    assert counted["requests"] >= 10 * len(operations)


# -- NaN, Infinity and overflowing numbers, in every numeric field the schema declares -------------
def resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def numeric_places(schema: dict, components: dict, where: str = "") -> Iterator[tuple[str, object, dict]]:
    """(field path, JSON value with the marker "@" where a number goes, the number's schema)."""
    schema = resolve(schema, components)
    for alternative in schema.get("anyOf", []) + schema.get("oneOf", []):
        yield from numeric_places(alternative, components, where)
    kind = schema.get("type")
    if kind in ("number", "integer"):
        yield where, "@", schema
    elif kind == "array" and "items" in schema:
        for path, value, leaf in numeric_places(schema["items"], components, f"{where}.0"):
            yield path, [value], leaf
    elif kind == "object":
        for name, sub in schema.get("properties", {}).items():
            for path, value, leaf in numeric_places(sub, components, f"{where}.{name}".lstrip(".")):
                yield path, {name: value}, leaf


def hostile_requests(openapi: dict) -> Iterator[tuple[str, str, str, dict]]:
    """(method, path template, field, request kwargs with the marker) for every numeric input.

    A body holds only the one field: the 422 must come from the number, named in the detail.
    """
    components = openapi["components"]["schemas"]
    for path, operations in openapi["paths"].items():
        for method, op in operations.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                for field, value, leaf in numeric_places(body["schema"], components):
                    # A constant (format version) is named with the value it must have instead.
                    yield method, path, field, {"content": json.dumps(value), "finite": "const" not in leaf}
            for p in op.get("parameters", []):
                if p["in"] in ("query", "path") and list(numeric_places(p["schema"], components)):
                    yield method, path, p["name"], {"params": {p["name"]: "@"}} if p["in"] == "query" else {
                        "path": p["name"]}


def test_nan_and_infinity_anywhere_are_a_422_that_names_the_field(server):
    with httpx.Client(base_url=server.url, timeout=60) as c:
        openapi = c.get("/openapi.json").json()
        places = list(hostile_requests(openapi))
        fields = {(path, field) for _, path, field, _ in places}
        for expected in (("/api/networks", "layers.0"), ("/api/networks", "seed"),
                         ("/api/networks/{network_id}/forward", "x.0"),
                         ("/api/networks/{network_id}/breakdown", "k"),
                         ("/api/networks/{network_id}/train", "learning_rate"),
                         ("/api/networks/{network_id}/weights/{layer}/{j}/{k}", "value"),
                         ("/api/networks/import", "weights.0.0.0"), ("/api/networks/import", "step")):
            assert expected in fields, expected
        network = fresh_network(c, 0)
        checked = 0
        for method, path, field, kwargs in places:
            for literal in HOSTILE:
                params = {"network_id": network, "layer": 1, "j": 0, "k": 0, "token": "t", "name": "xor"}
                request = {"headers": {"content-type": "application/json"}}
                if "content" in kwargs:
                    request["content"] = kwargs["content"].replace('"@"', literal)
                if "params" in kwargs:
                    request["params"] = {field: literal}
                if "path" in kwargs:
                    params[field] = literal
                url = path.format(**params)
                with c.stream(method.upper(), url, **request) as r:
                    r.read() if r.status_code != 200 else None
                    assert r.status_code == 422, (method, path, field, literal, r.status_code)
                    detail = r.json()["detail"]
                # The field at fault, as a body path, a query parameter or a path parameter.
                assert r.json()["field"] == field, (path, field, literal, r.json())
                if "content" in kwargs:
                    assert "finite" in detail or not kwargs["finite"], (path, field, literal, detail)
                checked += 1
    print(f"hostile numbers: {checked} requests over {len(fields)} numeric fields")
