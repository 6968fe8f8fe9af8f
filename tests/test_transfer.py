"""Export, import and share links; and that no one reaches a network without its id."""
import json
import re

import pytest

from app import limits

TOKEN = re.compile(r"^[A-Za-z0-9_-]{22,}$")
"""secrets.token_urlsafe(16): 22 characters of a 64-letter alphabet = 128 random bits (>= 122)."""


def create(client, **spec) -> dict:
    r = client.post("/api/networks", json={"layers": [2, 3, 1], "dataset": "xor", "seed": 3, **spec})
    assert r.status_code == 201, r.text
    return r.json()


def ok(r) -> dict:
    assert r.is_success, r.text
    return r.json()


def parameters(network: dict) -> tuple:
    return network["weights"], network["biases"]


def test_export_is_an_attachment_without_the_id_and_imports_as_a_new_network(client):
    net = create(client)
    ok(client.post(f"/api/networks/{net['id']}/train", json={"steps": 37, "batch_size": 3}))
    net = ok(client.put(f"/api/networks/{net['id']}/weights/1/2/1", json={"value": -0.1234567890123456}))
    r = client.get(f"/api/networks/{net['id']}/export")
    assert r.status_code == 200
    assert re.fullmatch(r'attachment; filename="[\w.-]+\.json"', r.headers["content-disposition"])
    doc = r.json()
    assert (doc["format"], doc["version"]) == ("backprop-lab-network", 1)
    assert net["id"] not in r.text  # the id grants editing: a file passed around must not carry it
    for key in ("layers", "hidden_activation", "output_activation", "loss", "dataset", "seed", "step",
                "weights", "biases"):
        assert doc[key] == net[key], key
    copy = ok(client.post("/api/networks/import", json=doc))
    assert copy["id"] != net["id"] and TOKEN.match(copy["id"])
    # A new network: its own id, and version 1 as any network just made.
    assert copy["version"] == 1 and net["version"] > 1
    assert {k: v for k, v in copy.items() if k not in ("id", "version")} == \
        {k: v for k, v in net.items() if k not in ("id", "version")}
    # The copy continues the same mini-batch stream: training both alike keeps them equal.
    a = ok(client.post(f"/api/networks/{net['id']}/train", json={"steps": 20, "batch_size": 3}))["network"]
    b = ok(client.post(f"/api/networks/{copy['id']}/train", json={"steps": 20, "batch_size": 3}))["network"]
    assert parameters(a) == parameters(b) and a["step"] == b["step"] == 57
    # ... and they are separate networks.
    ok(client.put(f"/api/networks/{copy['id']}/biases/2/0", json={"value": 5}))
    assert ok(client.get(f"/api/networks/{net['id']}"))["biases"] == a["biases"]


def test_a_trained_value_beyond_the_hand_edit_bound_imports(client):
    """MAX_ABS_VALUE bounds typed-in numbers; training can go past it, and an export must import."""
    doc = ok(client.get(f"/api/networks/{create(client, dataset=None, layers=[1, 1])['id']}/export"))
    doc["weights"] = [[[limits.MAX_ABS_VALUE * 1e3]]]
    doc["biases"] = [[-1e300]]
    net = ok(client.post("/api/networks/import", json=doc))
    assert parameters(net) == ([[[1e9]]], [[-1e300]])


def largest_document() -> dict:
    layers = [255, 240, 160]
    value = -2.2250738585072014e-308  # as long as a float64 gets in JSON (24 characters)
    return {"format": "backprop-lab-network", "version": 1, "layers": layers, "hidden_activation": "tanh",
            "output_activation": "linear", "loss": "mse", "dataset": None, "seed": limits.MAX_SEED,
            "step": 0, "cursor": 0,
            "weights": [[[value] * layers[l - 1] for _ in range(layers[l])] for l in (1, 2)],
            "biases": [[value] * layers[l] for l in (1, 2)]}


def test_the_largest_legal_network_fits_in_a_request_body(client):
    doc = largest_document()
    count = sum(len(row) for matrix in doc["weights"] for row in matrix) + sum(map(len, doc["biases"]))
    assert count == limits.MAX_PARAMETERS
    text = json.dumps(doc)  # Python's separators (", ") are wider than a browser's JSON.stringify
    assert len(text.encode()) <= limits.MAX_BODY_BYTES
    r = client.post("/api/networks/import", content=text, headers={"content-type": "application/json"})
    assert r.status_code == 201, r.text[:300]
    exported = client.get(f"/api/networks/{r.json()['id']}/export")
    assert len(exported.content) <= limits.MAX_BODY_BYTES
    assert exported.json()["weights"] == doc["weights"]
    assert client.post("/api/networks/import", content=exported.content,
                       headers={"content-type": "application/json"}).status_code == 201


def broken(doc: dict, change) -> dict:
    doc = json.loads(json.dumps(doc))
    change(doc)
    return doc


BAD_IMPORTS = [
    (lambda d: d.update(format="keras"), "format"),
    (lambda d: d.update(version=2), "version"),
    (lambda d: d.pop("seed"), "seed"),
    (lambda d: d.update(id="x"), "id"),
    (lambda d: d["weights"].pop(), "weights and biases must each hold 2"),
    (lambda d: d["biases"].append([0.0]), "weights and biases must each hold 2"),
    (lambda d: d["weights"][0].pop(), "W^(1)"),
    (lambda d: d["weights"][1][0].append(1.0), "W^(2)"),
    (lambda d: d["weights"].__setitem__(0, [[1.0, 2.0]] * 2 + [[3.0]]), "W^(1)"),
    (lambda d: d["biases"][1].append(0.0), "b^(2)"),
    (lambda d: d["weights"][0][0].__setitem__(0, "one"), "weights"),
    (lambda d: d["weights"][0].__setitem__(0, 1.0), "weights"),
    (lambda d: d.update(layers=[3, 3, 1], weights=[[[0.0] * 3] * 3, [[0.0] * 3]]), "data set xor"),
    (lambda d: d.update(dataset="imagenet"), "unknown data set"),
    (lambda d: d.update(output_activation="linear", loss="cross_entropy"), "sigmoid"),
    (lambda d: d.update(hidden_activation="elu"), "hidden activation should be 'sigmoid'"),
    (lambda d: d.update(hidden_activation="softmax"), "softmax is an output activation only"),
    (lambda d: d.update(layers=[2, 0, 1]), "layer 1 has 0 neurons; at least 1"),
    (lambda d: d.update(layers=[2] * (limits.MAX_LAYERS + 1)), "layers"),
    (lambda d: d.update(seed=-1), "seed"),
    (lambda d: d.update(step=-1), "step"),
    (lambda d: d.update(cursor=2**53), "cursor"),
]


@pytest.mark.parametrize("change, hint", BAD_IMPORTS)
def test_bad_imports_say_what_to_change(client, change, hint):
    doc = ok(client.get(f"/api/networks/{create(client)['id']}/export"))
    r = client.post("/api/networks/import", json=broken(doc, change))
    assert r.status_code == 422, r.text
    assert hint in r.json()["detail"], r.json()["detail"]


def test_import_over_the_parameter_limit_names_it(client):
    doc = largest_document()
    doc["layers"] = [254, 240, 161]
    r = client.post("/api/networks/import", json=doc)
    assert r.status_code == 422
    assert f"the limit is {limits.MAX_PARAMETERS}" in r.json()["detail"]


def test_a_share_link_opens_a_copy_as_it_was_when_shared(client):
    net = ok(client.post(f"/api/networks/{create(client)['id']}/train", json={"steps": 5}))["network"]
    r = client.post(f"/api/networks/{net['id']}/share")
    assert r.status_code == 201
    share = r.json()
    assert TOKEN.match(share["token"]) and share["token"] != net["id"]
    assert share["url"] == f"/?share={share['token']}"
    assert ok(client.post(f"/api/networks/{net['id']}/share"))["token"] == share["token"]  # unchanged
    # The token is not a network id: it neither reads nor edits the original.
    assert client.get(f"/api/networks/{share['token']}").status_code == 404
    assert client.put(f"/api/networks/{share['token']}/biases/1/0", json={"value": 1}).status_code == 404
    edited = ok(client.put(f"/api/networks/{net['id']}/weights/2/0/0", json={"value": 9}))
    assert ok(client.post(f"/api/networks/{net['id']}/share"))["token"] != share["token"]
    copies = [client.post(f"/api/shares/{share['token']}/copy") for _ in range(2)]
    assert [c.status_code for c in copies] == [201, 201]
    first, second = (c.json() for c in copies)
    assert len({net["id"], first["id"], second["id"]}) == 3
    for copy in (first, second):
        assert copy["version"] == 1
        assert {k: v for k, v in copy.items() if k not in ("id", "version")} == \
            {k: v for k, v in net.items() if k not in ("id", "version")}
    # Editing a copy changes neither the original nor the snapshot.
    ok(client.put(f"/api/networks/{first['id']}/biases/1/0", json={"value": 4}))
    assert ok(client.get(f"/api/networks/{net['id']}")) == edited
    assert ok(client.post(f"/api/shares/{share['token']}/copy"))["biases"] == net["biases"]
    # The snapshot outlives the network it came from.
    assert client.delete(f"/api/networks/{net['id']}").status_code == 204
    assert client.post(f"/api/shares/{share['token']}/copy").status_code == 201


def test_unknown_networks_and_share_tokens_are_404(client):
    net = create(client)
    unknown = "A" * 22
    for method, path in (("GET", f"/api/networks/{unknown}/export"), ("POST", f"/api/networks/{unknown}/share"),
                         ("POST", f"/api/shares/{unknown}/copy"), ("POST", f"/api/shares/{net['id']}/copy")):
        r = client.request(method, path)
        assert r.status_code == 404 and r.json()["detail"], (path, r.text)


def test_ids_are_random_128_bit_tokens_and_nothing_lists_them(client):
    ids = [create(client, seed=1)["id"] for _ in range(20)]
    assert len(set(ids)) == len(ids)
    assert all(TOKEN.match(i) for i in ids)
    for method in ("GET", "HEAD", "PUT", "DELETE"):
        assert client.request(method, "/api/networks").status_code in (404, 405)
    assert client.get("/api/shares").status_code in (404, 405)
    # No operation in the API lists networks or shares: every GET under /api/networks names one.
    paths = client.get("/openapi.json").json()["paths"]
    for path, operations in paths.items():
        if "get" in operations and path.startswith(("/api/networks", "/api/shares")):
            assert "{network_id}" in path, path
    for i in ids:
        assert client.get(f"/api/networks/{i}").json()["id"] == i
    assert client.get(f"/api/networks/{ids[0][:-1]}").status_code == 404
