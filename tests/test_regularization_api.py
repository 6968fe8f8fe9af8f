"""Regularisation through the HTTP API: the fields, PATCH, /breakdown, /update-preview and /train
against the autograd reference (test_regularization.ref_gradients), and persistence through the
store, export, import and share links."""
import numpy as np
import pytest

import reference as R
from app import limits
from test_regularization import ref_gradients, ref_total


def create(client, **spec) -> dict:
    body = {"layers": [2, 3, 1], "dataset": "xor", "seed": 3, **spec}
    r = client.post("/api/networks", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def ok(r) -> dict:
    assert r.is_success, r.text
    return r.json()


def patch(client, net, **body):
    return client.patch(f"/api/networks/{net['id']}", json=body)


def dataset(client, name):
    d = ok(client.get(f"/api/datasets/{name}"))
    return d, np.array(d["x"], dtype=float), np.array(d["y"], dtype=float)


def test_created_network_carries_its_regularization_and_defaults_to_none(client):
    assert (create(client)["regularization"], create(client)["regularization_rate"]) == ("none", 0.0)
    net = create(client, regularization="l2", regularization_rate=0.03)
    assert (net["regularization"], net["regularization_rate"]) == ("l2", 0.03)
    assert ok(client.get(f"/api/networks/{net['id']}"))["regularization"] == "l2"
    # The reported cost is the total cost: the data set's mean C_0 plus the penalty.
    _, X, Y = dataset(client, "xor")
    weights = [np.array(w) for w in net["weights"]]
    data = R.mean_cost(weights, [np.array(b) for b in net["biases"]], "sigmoid", "sigmoid", "mse", X, Y)
    R.assert_close(net["cost"], data + 0.03 * sum(float(np.sum(w ** 2)) for w in weights), what="cost")


def test_patch_changes_the_regularization_and_bumps_the_version(client):
    net = create(client)
    changed = ok(patch(client, net, regularization="l1", regularization_rate=0.1))
    assert (changed["regularization"], changed["regularization_rate"]) == ("l1", 0.1)
    assert changed["version"] == net["version"] + 1
    assert (changed["weights"], changed["biases"]) == (net["weights"], net["biases"])
    l1 = 0.1 * sum(float(np.abs(np.array(w)).sum()) for w in net["weights"])
    R.assert_close(changed["cost"], net["cost"] + l1, what="cost gains the L1 penalty")
    # A field left out keeps its value.
    rate_only = ok(patch(client, net, regularization_rate=1))
    assert (rate_only["regularization"], rate_only["regularization_rate"]) == ("l1", 1.0)
    off = ok(patch(client, net, regularization="none"))
    assert (off["regularization"], off["regularization_rate"]) == ("none", 1.0)
    R.assert_close(off["cost"], net["cost"], rtol=1e-15, what="none: the data cost again")
    # A reset keeps the regularisation (it resets the parameters only).
    again = ok(patch(client, net, regularization="l2"))
    reset = ok(client.post(f"/api/networks/{net['id']}/reset"))
    assert (reset["regularization"], reset["regularization_rate"]) == ("l2", 1.0) and again["version"] < reset["version"]


@pytest.mark.parametrize("body,field", [
    ({"regularization": "l3"}, "regularization"),
    ({"regularization_rate": -0.1}, "regularization_rate"),
    ({"regularization_rate": limits.MAX_REGULARIZATION_RATE * 2}, "regularization_rate"),
    ({"regularization_rate": "0.1"}, "regularization_rate"),
    ({"regularization": "l2", "weights": []}, "weights"),
])
def test_bad_settings_are_refused_with_a_plain_detail(client, body, field):
    net = create(client)
    r = patch(client, net, **body)
    assert r.status_code == 422, r.text
    out = r.json()
    assert out["field"] == field and field.split("_")[0] in out["detail"]
    assert "Input should" not in out["detail"]  # pydantic's own wording is translated
    r = client.post("/api/networks", json={"layers": [2, 1], **body})
    assert r.status_code == 422 and r.json()["field"] == field
    assert ok(client.get(f"/api/networks/{net['id']}"))["version"] == net["version"]


def test_patch_of_an_unknown_network_is_a_404(client):
    r = client.patch("/api/networks/nope", json={"regularization": "l2"})
    assert r.status_code == 404 and r.json()["detail"]


@pytest.mark.parametrize("kind,rate", [("l1", 0.05), ("l2", 0.2)])
def test_breakdown_of_every_weight_matches_the_reference(client, kind, rate):
    net = create(client, layers=[2, 3, 2], dataset=None, seed=9, hidden_activation="tanh",
                 regularization=kind, regularization_rate=rate)
    weights, biases = [np.array(w) for w in net["weights"]], [np.array(b) for b in net["biases"]]
    x, y = np.array([0.4, -1.1]), np.array([0.2, 0.9])
    ref_w, ref_b, _ = ref_gradients(weights, biases, [x], [y], "tanh", "sigmoid", "mse", kind, rate)
    data = R.example(weights, biases, "tanh", "sigmoid", "mse", x, y)
    for l in (1, 2):
        for j in range(net["layers"][l]):
            for k in range(net["layers"][l - 1]):
                bd = ok(client.post(f"/api/networks/{net['id']}/breakdown",
                                    json={"layer": l, "j": j, "k": k, "x": x.tolist(), "y": y.tolist()}))
                what = f"{kind} w^({l})_{j}{k}"
                assert (bd["regularization"], bd["regularization_rate"]) == (kind, rate)
                R.check_breakdown(bd, data, weights, biases, l, j, k, what, "tanh", "sigmoid")
                w = weights[l - 1][j][k]
                R.assert_close(bd["regularization_term"], rate * np.sign(w) if kind == "l1" else 2 * rate * w,
                               what=f"{what} term")
                R.assert_close(bd["total_gradient"], ref_w[l - 1][j][k], what=f"{what} total vs autograd")
                R.assert_close(bd["numerical_total_gradient"], ref_w[l - 1][j][k], rtol=1e-6, atol=1e-8,
                               what=f"{what} numerical total")
                R.assert_close(bd["bias_gradient"], ref_b[l - 1][j], what=f"{what} bias not regularised")
                assert bd["numerical_total_note"] is None or bd["numerical_total_note"]["case"] == "round_off"


def test_breakdown_without_regularization_has_a_zero_term(client):
    net = create(client)
    bd = ok(client.post(f"/api/networks/{net['id']}/breakdown", json={"layer": 1, "j": 0, "k": 1, "example": 2}))
    assert bd["regularization"] == "none" and bd["regularization_term"] == 0.0
    assert bd["total_gradient"] == bd["gradient"] and bd["numerical_total_gradient"] == bd["numerical_gradient"]
    assert bd["numerical_total_note"] == bd["numerical_note"]


def test_update_preview_follows_the_total_gradient(client):
    net = create(client, regularization="l2", regularization_rate=0.5)
    _, X, Y = dataset(client, "xor")
    weights, biases = [np.array(w) for w in net["weights"]], [np.array(b) for b in net["biases"]]
    up = ok(client.post(f"/api/networks/{net['id']}/update-preview",
                        json={"layer": 2, "j": 0, "k": 1, "example": 4, "learning_rate": 0.3}))
    ref_w, ref_b, ref_cost = ref_gradients(weights, biases, X[4:5], Y[4:5], "sigmoid", "sigmoid", "mse", "l2", 0.5)
    R.assert_close(up["total_gradient"], ref_w[1][0][1], what="total gradient")
    R.assert_close(up["total_gradient"], up["gradient"] + up["regularization_term"], rtol=1e-15, what="sum")
    R.assert_close(up["delta_w"], -0.3 * ref_w[1][0][1], what="delta_w")
    R.assert_close(up["cost_before"], ref_cost, what="cost before")
    params = [p - 0.3 * g for p, g in zip([p for wb in zip(weights, biases) for p in wb],
                                          [g for wb in zip(ref_w, ref_b) for g in wb])]
    R.assert_close(up["cost_after_all"], ref_total(params, X[4:5], Y[4:5], ["sigmoid"] * 2, "mse", "l2", 0.5),
                   what="cost after a full step")


@pytest.mark.parametrize("kind,rate", [("l1", 0.01), ("l2", 0.03)])
def test_training_follows_the_textbook_loop(client, kind, rate):
    d, X, Y = dataset(client, "xor")
    net = create(client, seed=7, regularization=kind, regularization_rate=rate)
    weights, biases = [np.array(w) for w in net["weights"]], [np.array(b) for b in net["biases"]]
    out = ok(client.post(f"/api/networks/{net['id']}/train",
                         json={"steps": 4, "learning_rate": 0.8, "batch_size": d["size"]}))
    costs = []
    for _ in range(4):
        gw, gb, c = ref_gradients(weights, biases, X, Y, "sigmoid", "sigmoid", "mse", kind, rate)
        costs.append(c)
        weights = [w - 0.8 * g for w, g in zip(weights, gw)]
        biases = [b - 0.8 * g for b, g in zip(biases, gb)]
    R.assert_close(out["costs"], costs, what="mini-batch cost (data + penalty) before each step")
    R.assert_lists_close(out["network"]["weights"], weights, "weights")
    R.assert_lists_close(out["network"]["biases"], biases, "biases")
    _, _, after = ref_gradients(weights, biases, X, Y, "sigmoid", "sigmoid", "mse", kind, rate)
    R.assert_close(out["network"]["cost"], after, what="data set cost after training, with the penalty")


def test_regularization_survives_export_import_share_and_old_files(client):
    net = create(client, regularization="l1", regularization_rate=0.3)
    doc = ok(client.get(f"/api/networks/{net['id']}/export"))
    assert (doc["regularization"], doc["regularization_rate"]) == ("l1", 0.3)
    copy = ok(client.post("/api/networks/import", json=doc))
    assert (copy["regularization"], copy["regularization_rate"], copy["cost"]) == ("l1", 0.3, net["cost"])
    token = ok(client.post(f"/api/networks/{net['id']}/share"))["token"]
    shared = ok(client.post(f"/api/shares/{token}/copy"))
    assert (shared["regularization"], shared["regularization_rate"]) == ("l1", 0.3)
    # A file from before regularisation existed imports as unregularised.
    del doc["regularization"], doc["regularization_rate"]
    old = ok(client.post("/api/networks/import", json=doc))
    assert (old["regularization"], old["regularization_rate"]) == ("none", 0.0)
    bad = dict(doc, regularization="l2", regularization_rate=11)
    r = client.post("/api/networks/import", json=bad)
    assert r.status_code == 422 and r.json()["field"] == "regularization_rate"


def test_a_row_stored_before_regularization_loads_as_none(client, data_dir):
    import json
    import sqlite3

    net = create(client, regularization="l2", regularization_rate=0.1)
    db = sqlite3.connect(data_dir / "backprop-lab.sqlite3")
    spec = json.loads(db.execute("SELECT spec FROM networks WHERE id = ?", (net["id"],)).fetchone()[0])
    del spec["regularization"], spec["regularization_rate"]
    # A new version, so that every worker's cache reads the row again.
    db.execute("UPDATE networks SET spec = ?, version = version + 1 WHERE id = ?", (json.dumps(spec), net["id"]))
    db.commit()
    db.close()
    loaded = ok(client.get(f"/api/networks/{net['id']}"))
    assert (loaded["regularization"], loaded["regularization_rate"]) == ("none", 0.0)


def test_an_empty_patch_is_refused(client):
    net = create(client)
    r = patch(client, net)
    assert r.status_code == 422 and "nothing to change" in r.json()["detail"]
    r = patch(client, net, regularization=None)
    assert r.status_code == 422 and r.json()["field"] == "regularization"


def test_learn_takes_a_regularized_step_and_reports_total_costs(client):
    net = create(client, dataset=None, regularization="l1", regularization_rate=0.02)
    weights, biases = [np.array(w) for w in net["weights"]], [np.array(b) for b in net["biases"]]
    x, y = [0.3, -0.8], [1.0]
    out = ok(client.post(f"/api/networks/{net['id']}/learn", json={"x": x, "y": y, "learning_rate": 0.9}))
    gw, gb, before = ref_gradients(weights, biases, [x], [y], "sigmoid", "sigmoid", "mse", "l1", 0.02)
    weights = [w - 0.9 * g for w, g in zip(weights, gw)]
    biases = [b - 0.9 * g for b, g in zip(biases, gb)]
    R.assert_lists_close(out["network"]["weights"], weights, "weights after /learn")
    R.assert_lists_close(out["network"]["biases"], biases, "biases after /learn")
    _, _, after = ref_gradients(weights, biases, [x], [y], "sigmoid", "sigmoid", "mse", "l1", 0.02)
    R.assert_close(out["cost_before"], before, what="cost before: C_0 + penalty")
    R.assert_close(out["cost_after"], after, what="cost after: C_0 + penalty")
