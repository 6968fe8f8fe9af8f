"""Every answer about a network says which version of it it is about; every write makes a new one."""
import json

import numpy as np
import pytest

from app.engine import ACTIVATIONS, EngineError, ExampleError, IndexOutOfRange, Network, NetworkSpecError
from app.errors import BeyondFloat64
from app.schemas.base import Answer, FloatOrNull
from app.schemas.live import Frame
from app.store import NetworkNotFound, ShareNotFound, Store

SPEC = {"layers": [2, 3, 1], "dataset": "xor", "seed": 4}
WEIGHT = {"layer": 1, "j": 0, "k": 1}


def ok(r) -> dict:
    assert r.is_success, r.text
    return r.json()


def readings(client, network_id: str) -> dict[str, dict]:
    """Every answer computed from the network without changing it."""
    url = f"/api/networks/{network_id}"
    return {
        "get": ok(client.get(url)),
        "forward": ok(client.post(f"{url}/forward", json={"x": [0.1, 0.2], "y": [1]})),
        "backprop": ok(client.post(f"{url}/backprop", json={"example": 3})),
        "breakdown": ok(client.post(f"{url}/breakdown", json={**WEIGHT, "example": 3})),
        "batch": ok(client.post(f"{url}/breakdown/batch", json={**WEIGHT, "examples": [1, 2]})),
        "preview": ok(client.post(f"{url}/update-preview", json={**WEIGHT, "example": 3})),
        "grid": ok(client.post(f"{url}/grid", json={"resolution": 3})),
        "evaluate": ok(client.get(f"{url}/evaluate")),
        "stop": ok(client.post(f"{url}/train/stop")),
    }


def assert_all_at(client, network_id: str, version: int) -> None:
    got = {name: answer["version"] for name, answer in readings(client, network_id).items()}
    assert got == dict.fromkeys(got, version)


def test_every_write_makes_a_new_version_and_every_answer_names_it(client):
    net = ok(client.post("/api/networks", json=SPEC))
    url = f"/api/networks/{net['id']}"
    assert net["version"] == 1
    assert_all_at(client, net["id"], 1)  # reading, computing and stopping nothing are not writes

    writes = [
        lambda: ok(client.put(f"{url}/weights/1/0/1", json={"value": 0.5})),
        lambda: ok(client.put(f"{url}/biases/2/0", json={"value": -0.5})),
        lambda: ok(client.post(f"{url}/train", json={"steps": 3})),
        lambda: ok(client.post(f"{url}/reset")),
    ]
    for expected, write in enumerate(writes, start=2):
        answer = write()
        assert answer["version"] == expected
        if "network" in answer:  # /train: the network it returns is that version too
            assert answer["network"]["version"] == expected
        assert_all_at(client, net["id"], expected)

    # A refused write changes nothing, the version included.
    assert client.put(f"{url}/weights/1/0/7", json={"value": 1}).status_code == 422
    assert ok(client.get(url))["version"] == 5


def test_new_networks_start_at_version_1(client):
    net = ok(client.post("/api/networks", json=SPEC))
    ok(client.post(f"/api/networks/{net['id']}/train", json={"steps": 2}))
    doc = ok(client.get(f"/api/networks/{net['id']}/export"))
    assert doc["version"] == 1  # the file format's version, not the network's
    assert ok(client.post("/api/networks/import", json=doc))["version"] == 1
    token = ok(client.post(f"/api/networks/{net['id']}/share"))["token"]
    assert ok(client.post(f"/api/shares/{token}/copy"))["version"] == 1


def frames(text: str) -> list[dict]:
    return [json.loads(block.split("data: ", 1)[1]) for block in text.split("\n\n")
            if block.startswith("event: frame")]


def test_each_live_frame_carries_the_version_its_chunk_saved(client):
    net = ok(client.post("/api/networks", json=SPEC))
    url = f"/api/networks/{net['id']}"
    ok(client.put(f"{url}/weights/1/0/0", json={"value": 0.25}))
    r = client.get(f"{url}/train/stream", params={"steps": 20, "steps_per_frame": 4, "grid": 3})
    got = frames(r.text)
    assert [f["version"] for f in got] == [3, 4, 5, 6, 7]  # one write per chunk
    assert all(f["grid"]["version"] == f["version"] for f in got)
    final = ok(client.get(url))
    assert final["version"] == got[-1]["version"] and final["step"] == got[-1]["step"]
    assert ok(client.post(f"{url}/train/stop"))["version"] == final["version"]


def test_the_schema_promises_version_in_every_answer_about_a_network(client):
    paths = client.get("/openapi.json").json()
    schemas = paths["components"]["schemas"]
    without = []
    for path, operations in paths["paths"].items():
        for method, op in operations.items():
            for status, answer in op["responses"].items():
                body = answer.get("content", {}).get("application/json", {}).get("schema", {})
                name = body.get("$ref", "").rsplit("/", 1)[-1]
                about_a_network = "network_id" in path or name == "NetworkOut"
                if status.startswith("2") and name and about_a_network:
                    if "version" not in schemas[name].get("required", []):
                        without.append((method, path, name))
    # An export is a file (its `version` is the format's), a share link names a snapshot.
    assert sorted(without) == [("get", "/api/networks/{network_id}/export", "NetworkExport"),
                               ("post", "/api/networks/{network_id}/share", "ShareOut")]
    # The stream's frames are not in the schema's paths (text/event-stream), so ask the model.
    assert Frame.model_fields["version"].is_required()


# -- the store: a missing network raises, cached parameters cannot be changed in place ---------------
@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "data", max_networks=10, ttl_seconds=3600)


def test_missing_networks_and_shares_raise(store):
    for call in (store.get, store.delete, store.share, store.stop_runs):
        with pytest.raises(NetworkNotFound):
            call("nope")
    with pytest.raises(NetworkNotFound), store.edit("nope"):
        pass  # pragma: no cover
    with pytest.raises(ShareNotFound):
        store.copy_share("nope")


def test_cached_parameters_are_read_only_and_an_edit_works_on_a_copy(store):
    created = store.create(Network.create([2, 2, 1], seed=0), None, 0, None)
    cached = store.get(created.id)
    with pytest.raises(ValueError):
        cached.network.weights[0][0, 0] = 1.0
    with store.edit(created.id) as draft:
        draft.network.set_weight(1, 0, 0, 1.0)
        draft.network.biases[0][1] = 2.0
        assert cached.network.weights[0][0, 0] != 1.0
    after = store.get(created.id)
    assert (after.version, after.network.weights[0][0, 0], after.network.biases[0][1]) == (2, 1.0, 2.0)
    assert not after.network.weights[0].flags.writeable
    with pytest.raises(RuntimeError), store.edit(created.id) as draft:
        draft.network.set_bias(1, 0, 5.0)
        raise RuntimeError("an exception inside the block commits nothing")
    assert store.get(created.id).version == 2


# -- the engine refuses with its own exceptions; answers refuse what JSON cannot carry ---------------
def test_engine_refusals_are_engine_errors_not_value_errors():
    net = Network.create([2, 2, 1], seed=0)
    for call, kind in ((lambda: net.set_weight(3, 0, 0, 1.0), IndexOutOfRange),
                       (lambda: net.check_example(np.zeros(3), None), ExampleError),
                       (lambda: Network.create([2, 1], loss="cross_entropy", output_activation="tanh"),
                        NetworkSpecError)):
        with pytest.raises(kind) as raised:
            call()
        assert isinstance(raised.value, EngineError) and not isinstance(raised.value, ValueError)


class _Inner(Answer):
    value: float


class _Outer(Answer):
    plain: list[list[float]]
    nullable: list[FloatOrNull]
    nested: list[_Inner]


class _Numbers:
    def __init__(self, plain=1.0, nullable=1.0, nested=1.0):
        self.plain, self.nullable = np.array([[0.0, plain]]), np.array([nullable])
        self.nested = [type("Row", (), {"value": nested})()]


def test_a_non_finite_number_in_any_answer_field_is_refused_or_null_where_the_schema_allows():
    assert _Outer.of(_Numbers(nullable=np.inf)).nullable == [None]
    for bad in ({"plain": np.nan}, {"nested": -np.inf}):
        with pytest.raises(BeyondFloat64):
            _Outer.of(_Numbers(**bad))
    assert _Outer.of(_Numbers(), plain=[[2.0]]).plain == [[2.0]]  # keywords override attributes


# -- one kernel per activation, shared by backprop and SGD -----------------------------------------
@pytest.mark.parametrize("name", [name for name, a in ACTIVATIONS.items() if not a.jacobian])
def test_the_fused_kernel_is_sigma_and_its_slope(name):
    activation = ACTIVATIONS[name]
    z = np.linspace(-50, 50, 101).reshape(1, -1)
    a, slope = np.empty_like(z), np.empty_like(z)
    with np.errstate(over="ignore"):
        activation.sigma_and_slope(z, a, slope)
    assert np.array_equal(a, activation.sigma(z)) and np.array_equal(slope, activation.slope(z))
    bp = Network.create([1, 1], name, name, seed=0).backprop(z.T, z.T)
    assert np.array_equal(bp.slope[0], activation.slope(bp.z[0]))


def test_softmax_s_kernel_is_its_sigma_and_leaves_the_slope_to_its_jacobian():
    softmax = ACTIVATIONS["softmax"]
    z = np.linspace(-50, 50, 12).reshape(3, 4)
    a, slope = np.empty_like(z), np.full_like(z, 7.0)
    softmax.sigma_and_slope(z, a, slope)
    assert np.array_equal(a, softmax.sigma(z)) and (slope == 7.0).all()
    with pytest.raises(TypeError, match="Jacobian"):
        softmax.slope(z)
