"""Data controls (issue 18): noise, the held-out share and the data seed of a generated set, chosen
at creation, kept with the network (export, import, share), changed by /regenerate; and the
regression sets plane and gaussian_hills. Each is checked against the documented recipe recomputed
here, not against the engine's own arrays."""
import math

import numpy as np
import pytest

import reference as R
from app import limits


def create(client, **spec):
    r = client.post("/api/networks", json=spec)
    assert r.status_code == 201, r.text
    return r.json()


def rows(client, name, **options):
    r = client.get(f"/api/datasets/{name}", params=options)
    assert r.status_code == 200, r.text
    d = r.json()
    return d, np.array(d["x"]), np.array(d["y"])


def test_the_defaults_are_the_set_as_named(client):
    plain, x, y = rows(client, "circle")
    same, x2, y2 = rows(client, "circle", noise=0, test_ratio=0)
    assert (x.tolist(), y.tolist()) == (x2.tolist(), y2.tolist())
    net = create(client, layers=[2, 1], dataset="circle")
    assert (net["noise"], net["test_ratio"], net["data_seed"], net["features"]) == (0, 0, None, None)
    # The set's own seed is sum of the name's code points (datasets.default_seed), as before the options.
    own, x3, _ = rows(client, "circle", data_seed=sum(map(ord, "circle")))
    assert x3.tolist() == x.tolist()


def test_noise_is_seeded_gaussian_noise_on_the_inputs_and_keeps_the_targets(client):
    seed = 1234
    _, clean, y = rows(client, "xor", data_seed=seed)
    _, noisy, y_noisy = rows(client, "xor", data_seed=seed, noise=0.3)
    # The documented recipe: noise * standard normal from NumPy's default_rng([seed, 1]), per coordinate.
    expected = clean + 0.3 * np.random.default_rng([seed, 1]).standard_normal(clean.shape)
    assert np.abs(noisy - expected).max() < 1e-15
    assert y_noisy.tolist() == y.tolist()
    moved = (noisy - clean).ravel()
    assert abs(moved.std() - 0.3) < 0.03 and abs(moved.mean()) < 0.05
    _, twice, _ = rows(client, "xor", data_seed=seed, noise=0.3)
    assert twice.tolist() == noisy.tolist()


def test_a_new_data_seed_gives_new_points_of_the_same_set(client):
    _, a, ya = rows(client, "gaussians", data_seed=1)
    _, b, yb = rows(client, "gaussians", data_seed=2)
    assert a.shape == b.shape and not np.array_equal(a, b)
    # Still two blobs at (0.45, 0.45) (label 1) and (-0.45, -0.45): the set's description.
    for x, y in ((a, ya), (b, yb)):
        assert np.abs(x[y[:, 0] == 1].mean(axis=0) - 0.45).max() < 0.08
        assert np.abs(x[y[:, 0] == 0].mean(axis=0) + 0.45).max() < 0.08


@pytest.mark.parametrize("ratio", [0.1, 0.5, 0.9])
def test_the_held_out_share_is_per_class_and_the_splits_make_up_the_set(client, ratio):
    _, everything, labels = rows(client, "circle", data_seed=8)
    net = create(client, layers=[2, 3, 1], dataset="circle", data_seed=8, test_ratio=ratio, seed=1)
    d, train_x, train_y = rows(client, "circle", data_seed=8, test_ratio=ratio)
    evaluation = client.get(f"/api/networks/{net['id']}/evaluate").json()
    held = math.floor(ratio * 100 + 0.5)  # of each class's 100 rows, half up
    assert (evaluation["size"], evaluation["test_size"]) == (200 - 2 * held, 2 * held)
    assert (d["size"], d["test_size"]) == (200 - 2 * held, 2 * held)
    assert int(train_y.sum()) == 100 - held
    whole = {tuple(p) for p in everything.tolist()}
    assert {tuple(p) for p in train_x.tolist()} <= whole
    # Each training row keeps its own label.
    label_of = {tuple(p): l for p, l in zip(everything.tolist(), labels[:, 0].tolist())}
    assert [label_of[tuple(p)] for p in train_x.tolist()] == train_y[:, 0].tolist()


def test_the_held_out_cost_is_the_mean_over_the_rows_not_trained_on(client):
    _, everything, labels = rows(client, "xor", data_seed=3, noise=0.1)
    net = create(client, layers=[2, 3, 1], dataset="xor", data_seed=3, noise=0.1, test_ratio=0.3, seed=6)
    _, train_x, _ = rows(client, "xor", data_seed=3, noise=0.1, test_ratio=0.3)
    trained_on = {tuple(p) for p in train_x.tolist()}
    held = np.array([p not in trained_on for p in map(tuple, everything.tolist())])
    weights = [np.array(w) for w in net["weights"]]
    biases = [np.array(b) for b in net["biases"]]
    evaluation = client.get(f"/api/networks/{net['id']}/evaluate").json()
    R.assert_close(evaluation["test_cost"], R.mean_cost(weights, biases, "sigmoid", "sigmoid", "mse",
                                                         everything[held], labels[held]), what="test cost")
    R.assert_close(evaluation["cost"], R.mean_cost(weights, biases, "sigmoid", "sigmoid", "mse",
                                                    everything[~held], labels[~held]), what="train cost")


def test_the_regression_sets_are_listed_and_follow_their_formulas(client):
    listed = {d["name"]: d for d in client.get("/api/datasets").json()}
    for name in ("plane", "gaussian_hills"):
        assert listed[name]["task"] == "regression" and (listed[name]["inputs"], listed[name]["outputs"]) == (2, 1)
        assert listed[name]["description"]
    _, x, y = rows(client, "plane")
    assert np.abs(y[:, 0] - (x[:, 0] + x[:, 1]) / 2).max() < 1e-15
    hills = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)]
    _, x, y = rows(client, "gaussian_hills")
    for (p, q), target in zip(x.tolist(), y[:, 0].tolist()):
        # TensorFlow Playground's regress-gaussian in its own units ([-6, 6], fall-off over distance 2).
        best = 0.0
        for cx, cy, sign in hills:
            height = sign * max(0.0, 1 - math.hypot(6 * p - cx, 6 * q - cy) / 2)
            if abs(height) > abs(best):
                best = height
        assert target == pytest.approx(best, abs=1e-12)
    assert (y > 0.3).any() and (y < -0.3).any()
    # With noise the targets stay those of the clean points.
    _, clean, y_clean = rows(client, "plane", data_seed=4)
    _, noisy, y_noisy = rows(client, "plane", data_seed=4, noise=0.2)
    assert y_noisy.tolist() == y_clean.tolist() and not np.array_equal(noisy, clean)


OPTIONS = dict(noise=0.25, test_ratio=0.4, data_seed=77, features=["x1", "x1x2", "sin x2"])


def same_data(client, a, b):
    ea, eb = (client.get(f"/api/networks/{n['id']}/evaluate").json() for n in (a, b))
    assert {k: v for k, v in ea.items() if k != "version"} == {k: v for k, v in eb.items() if k != "version"}
    for row in (0, 5):
        ba, bb = (client.post(f"/api/networks/{n['id']}/backprop", json={"example": row}).json()["a"][0]
                  for n in (a, b))
        assert ba == bb


def test_the_options_are_kept_through_export_import_and_share(client):
    net = create(client, layers=[3, 4, 1], dataset="spiral", seed=2, **OPTIONS)
    assert {k: net[k] for k in OPTIONS} == OPTIONS
    client.post(f"/api/networks/{net['id']}/train", json={"steps": 5, "learning_rate": 0.5, "batch_size": 8})
    doc = client.get(f"/api/networks/{net['id']}/export").json()
    assert {k: doc[k] for k in OPTIONS} == OPTIONS
    imported = client.post("/api/networks/import", json=doc)
    assert imported.status_code == 201, imported.text
    assert {k: imported.json()[k] for k in OPTIONS} == OPTIONS
    same_data(client, net, imported.json())
    token = client.post(f"/api/networks/{net['id']}/share").json()["token"]
    copy = client.post(f"/api/shares/{token}/copy").json()
    assert {k: copy[k] for k in OPTIONS} == OPTIONS
    same_data(client, net, copy)
    assert client.get(f"/api/networks/{copy['id']}").json()["features"] == OPTIONS["features"]


def test_a_file_from_before_the_options_imports_with_the_set_as_named(client):
    net = create(client, layers=[2, 1], dataset="circle", seed=1)
    doc = client.get(f"/api/networks/{net['id']}/export").json()
    for key in OPTIONS:
        doc.pop(key)
    imported = client.post("/api/networks/import", json=doc).json()
    assert (imported["noise"], imported["test_ratio"], imported["data_seed"], imported["features"]) == (0, 0, None, None)
    assert imported["cost"] == net["cost"]


def test_regenerate_draws_new_points_and_keeps_the_network(client):
    net = create(client, layers=[2, 3, 1], dataset="circle", seed=2, noise=0.1, test_ratio=0.2, data_seed=5,
                 features=["x1^2", "x2^2"])
    net = client.post(f"/api/networks/{net['id']}/train",
                      json={"steps": 3, "learning_rate": 1.0, "batch_size": 10}).json()["network"]
    assert len(client.get(f"/api/networks/{net['id']}/history").json()["batch"]) == 3
    before = client.post(f"/api/networks/{net['id']}/backprop", json={"example": 0}).json()["a"][0]
    r = client.post(f"/api/networks/{net['id']}/regenerate", json={"data_seed": 6})
    assert r.status_code == 200, r.text
    after = r.json()
    assert after["data_seed"] == 6 and (after["noise"], after["test_ratio"]) == (0.1, 0.2)
    assert (after["weights"], after["step"], after["features"]) == (net["weights"], net["step"], net["features"])
    _, x, y = rows(client, "circle", data_seed=6, noise=0.1, test_ratio=0.2)
    X = np.column_stack([x[:, 0] ** 2, x[:, 1] ** 2])
    weights = [np.array(w) for w in net["weights"]]
    biases = [np.array(b) for b in net["biases"]]
    R.assert_close(after["cost"], R.mean_cost(weights, biases, "sigmoid", "sigmoid", "mse", X, y), what="cost")
    now = client.post(f"/api/networks/{net['id']}/backprop", json={"example": 0}).json()["a"][0]
    assert now != before and now == pytest.approx(X[0].tolist(), rel=1e-15)
    history = client.get(f"/api/networks/{net['id']}/history").json()
    # The curve starts again: costs of other rows are not one curve.
    assert history["batch"] == [] and [p["step"] for p in history["evals"]] == [3]
    random = client.post(f"/api/networks/{net['id']}/regenerate").json()
    assert random["data_seed"] != 6 and 0 <= random["data_seed"] <= limits.MAX_SEED


@pytest.mark.parametrize("spec,words", [
    (dict(layers=[2, 1], dataset="circle", noise=limits.MAX_NOISE + 0.01), "noise"),
    (dict(layers=[2, 1], dataset="circle", test_ratio=limits.MAX_TEST_RATIO + 0.01), "test ratio 0.91 is more than the most allowed, 0.9"),
    (dict(layers=[2, 1], dataset="circle", data_seed=-1), "data seed"),
    (dict(layers=[64, 10], dataset="digits", noise=0.1), "generated data sets"),
    (dict(layers=[64, 10], dataset="digits", test_ratio=0.2), "generated data sets"),
    (dict(layers=[1, 1, 1, 1], dataset="chain", test_ratio=0.3), "no rows to test on"),
    (dict(layers=[1, 1, 1, 1], dataset="chain", test_ratio=0.5), "no rows to train on"),
    (dict(layers=[2, 1], noise=0.1), "need a data set"),
])
def test_refused_options_are_a_422_saying_what_to_change(client, spec, words):
    r = client.post("/api/networks", json=spec)
    assert r.status_code == 422, r.text
    assert words in r.json()["detail"]


def test_refused_data_requests(client):
    assert client.get("/api/datasets/circle", params={"noise": 2}).status_code == 422
    r = client.get("/api/datasets/digits", params={"noise": 0.1})
    assert r.status_code == 422 and "generated" in r.json()["detail"]
    digits = create(client, layers=[64, 10], dataset="digits")
    r = client.post(f"/api/networks/{digits['id']}/regenerate")
    assert r.status_code == 422 and "only the generated data sets" in r.json()["detail"]
    bare = create(client, layers=[2, 1])
    r = client.post(f"/api/networks/{bare['id']}/regenerate")
    assert r.status_code == 409 and "data set" in r.json()["detail"]
