"""The endpoints behind the chapter's teaching views: cost choice, batch vs example, update preview."""
import numpy as np
import pytest

from app.engine import load_dataset


def create(client, **spec):
    r = client.post("/api/networks", json={"layers": [2, 3, 2, 1], "dataset": "xor", "seed": 11, **spec})
    assert r.status_code == 201, r.text
    return r.json()


def test_cost_choice_changes_only_the_error_factor(client):
    mse = create(client)
    ce = create(client, loss="cross_entropy")
    assert ce["weights"] == mse["weights"]
    q = {"layer": 3, "j": 0, "k": 1, "example": 4}
    as_mse = client.post(f"/api/networks/{mse['id']}/breakdown", json=q).json()
    as_ce = client.post(f"/api/networks/{mse['id']}/breakdown", json={**q, "loss": "cross_entropy"}).json()
    native_ce = client.post(f"/api/networks/{ce['id']}/breakdown", json=q).json()
    assert (as_mse["loss"], as_ce["loss"]) == ("mse", "cross_entropy")
    assert as_ce == {**native_ce}
    assert as_ce["slope"] == as_mse["slope"] and as_ce["input"] == as_mse["input"]
    assert as_ce["error"] != as_mse["error"]
    bp = client.post(f"/api/networks/{mse['id']}/backprop", json={"example": 4, "loss": "cross_entropy"}).json()
    assert bp["delta"][-1][0] == pytest.approx(bp["a"][-1][0] - bp["y"][0], rel=1e-14)
    # The network itself still uses its own cost.
    assert client.get(f"/api/networks/{mse['id']}").json()["loss"] == "mse"


def test_cross_entropy_override_needs_a_sigmoid_output(client):
    net = create(client, output_activation="tanh")
    r = client.post(f"/api/networks/{net['id']}/breakdown",
                    json={"layer": 1, "j": 0, "k": 0, "example": 0, "loss": "cross_entropy"})
    assert r.status_code == 422 and "sigmoid" in r.json()["detail"]


def test_batch_gradient_is_the_mean_of_products_not_the_product_of_means(client):
    net = create(client)
    rows = [0, 3, 7, 12, 50]
    q = {"layer": 2, "j": 1, "k": 2}
    bb = client.post(f"/api/networks/{net['id']}/breakdown/batch", json={**q, "examples": rows}).json()
    assert [e["example"] for e in bb["examples"]] == rows
    for e in bb["examples"]:
        one = client.post(f"/api/networks/{net['id']}/breakdown", json={**q, "example": e["example"]}).json()
        # A batched matmul may round z differently in the last bit from a single row's.
        for factor in ("error", "slope", "input"):
            assert e[factor] == pytest.approx(one[factor], rel=1e-14, abs=1e-300)
        assert e["product"] == pytest.approx(one["gradient"], rel=1e-13)
    products = [e["product"] for e in bb["examples"]]
    assert bb["mean_gradient"] == pytest.approx(np.mean(products), rel=1e-12)
    means = [np.mean([e[f] for e in bb["examples"]]) for f in ("error", "slope", "input")]
    assert bb["product_of_means"] == pytest.approx(np.prod(means), rel=1e-12)
    assert abs(bb["product_of_means"] - bb["mean_gradient"]) > 1e-6 * abs(bb["mean_gradient"])


def test_batch_errors(client):
    net = create(client)
    url = f"/api/networks/{net['id']}/breakdown/batch"
    assert client.post(url, json={"layer": 1, "j": 0, "k": 0, "examples": []}).status_code == 422
    r = client.post(url, json={"layer": 1, "j": 0, "k": 0, "examples": [0, 999]})
    assert r.status_code == 422 and "0..199" in r.json()["detail"]
    r = client.post(url, json={"layer": 1, "j": 9, "k": 0, "examples": [0]})
    assert r.status_code == 422 and "j must be" in r.json()["detail"]


def test_update_preview_predicts_the_edit_and_the_step(client):
    net = create(client)
    q = {"layer": 1, "j": 2, "k": 0, "example": 9, "learning_rate": 3.0}
    up = client.post(f"/api/networks/{net['id']}/update-preview", json=q).json()
    bd = client.post(f"/api/networks/{net['id']}/breakdown", json={"layer": 1, "j": 2, "k": 0, "example": 9}).json()
    assert up["gradient"] == bd["gradient"] and up["delta_w"] == -3.0 * bd["gradient"]
    assert up["weight_after"] == bd["weight"] + up["delta_w"]
    assert up["cost_after_all"] < up["cost_before"]
    # Nothing was saved; making the edit by hand gives the predicted cost.
    assert client.get(f"/api/networks/{net['id']}").json() == net
    client.put(f"/api/networks/{net['id']}/weights/1/2/0", json={"value": up["weight_after"]})
    d = load_dataset("xor")
    after = client.post(f"/api/networks/{net['id']}/forward", json={"x": d.x[9].tolist(), "y": d.y[9].tolist()}).json()
    assert after["cost"] == pytest.approx(up["cost_after_this_weight"], rel=1e-12)


def test_batch_breakdown_answers_null_for_an_error_beyond_float64_as_breakdown_does(client):
    # A saturated sigmoid output under cross-entropy: dC_0/da = (1-y)/(1-a) with a == 1.0 exactly.
    net = create(client, layers=[2, 1], loss="cross_entropy")
    for k in (0, 1):
        assert client.put(f"/api/networks/{net['id']}/weights/1/0/{k}", json={"value": 1e6}).status_code == 200
    examples = list(range(20))
    r = client.post(f"/api/networks/{net['id']}/breakdown/batch",
                    json={"layer": 1, "j": 0, "k": 0, "examples": examples})
    assert r.status_code == 200, r.text
    batch = r.json()
    nulls = [e["example"] for e in batch["examples"] if e["error"] is None]
    assert nulls, "the weights were meant to saturate some output"
    for row in batch["examples"]:
        one = client.post(f"/api/networks/{net['id']}/breakdown",
                          json={"layer": 1, "j": 0, "k": 0, "example": row["example"]}).json()
        assert row["error"] == one["error"] and row["product"] == one["gradient"]
    assert batch["mean_error"] is None
