"""The chapter's single-neuron chain (1-1-1-1, sigmoid, squared error), worked by hand.

Every number below comes from the chapter's formulas in plain Python floats (math.exp), one step
at a time, so a reader can follow it with docs/NOTATION.md open:
    dC0/dw^(L) = 2(a^L - y) sigma'(z^L) a^(L-1),  dC0/db^(L) = 2(a^L - y) sigma'(z^L),
    dC0/da^(L-1) = 2(a^L - y) sigma'(z^L) w^(L),  and the same one layer further back.
"""
import math

import numpy as np
import pytest

from app.engine.network import Network

# Chosen so every neuron sits on a different part of the sigmoid and the output misses y.
W = [0.7, -1.3, 2.1]
B = [0.2, 0.5, -0.4]
X, Y = 0.8, 1.0  # the "chain" data set's one example


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def sigmoid_slope(z):
    return sigmoid(z) * (1.0 - sigmoid(z))


def by_hand(w, b, x, y):
    """Per layer l = 1..3: the factors of dC0/dw^(l) and what they multiply to."""
    a0 = x
    z1 = w[0] * a0 + b[0]
    a1 = sigmoid(z1)
    z2 = w[1] * a1 + b[1]
    a2 = sigmoid(z2)
    z3 = w[2] * a2 + b[2]
    a3 = sigmoid(z3)
    cost = (a3 - y) ** 2

    error3 = 2.0 * (a3 - y)  # dC0/da^(3): how wrong the output is
    slope3 = sigmoid_slope(z3)
    error2 = error3 * slope3 * w[2]  # dC0/da^(2): the one path through neuron 3
    slope2 = sigmoid_slope(z2)
    error1 = error2 * slope2 * w[1]  # dC0/da^(1)
    slope1 = sigmoid_slope(z1)

    layers = {
        3: dict(error=error3, slope=slope3, input=a2, weight=w[2], bias=b[2]),
        2: dict(error=error2, slope=slope2, input=a1, weight=w[1], bias=b[1]),
        1: dict(error=error1, slope=slope1, input=a0, weight=w[0], bias=b[0]),
    }
    for l, f in layers.items():
        f["gradient"] = f["error"] * f["slope"] * f["input"]
        f["bias_gradient"] = f["error"] * f["slope"]
        if l < 3:
            nxt = layers[l + 1]
            f["path"] = dict(i=0, weight=nxt["weight"], slope=nxt["slope"], error=nxt["error"],
                             contribution=nxt["weight"] * nxt["slope"] * nxt["error"])
    return dict(z=[z1, z2, z3], a=[a0, a1, a2, a3], cost=cost, layers=layers)


def cost_by_hand(w, b, x, y):
    return by_hand(w, b, x, y)["cost"]


def central_difference(kind, l, h=1e-6):
    up, down = ([list(W), list(B)] for _ in range(2))
    i = 0 if kind == "weight" else 1
    up[i][l - 1] += h
    down[i][l - 1] -= h
    return (cost_by_hand(*up, X, Y) - cost_by_hand(*down, X, Y)) / (2 * h)


HAND = by_hand(W, B, X, Y)


def test_the_hand_calculation_is_the_derivative_of_the_cost():
    # Guards the hand formulas themselves before the engine is compared with them.
    for l in (1, 2, 3):
        assert HAND["layers"][l]["gradient"] == pytest.approx(central_difference("weight", l), rel=1e-7)
        assert HAND["layers"][l]["bias_gradient"] == pytest.approx(central_difference("bias", l), rel=1e-7)


def chain_network():
    net = Network.create(layers=[1, 1, 1, 1], hidden_activation="sigmoid", output_activation="sigmoid",
                         loss="mse", seed=0)
    net.weights = [np.array([[w]]) for w in W]
    net.biases = [np.array([b]) for b in B]
    return net


def assert_matches_hand(bd, l, read):
    """read(bd, name) gets a field from an engine Breakdown or the /breakdown JSON."""
    hand = HAND["layers"][l]
    for name in ("weight", "bias", "error", "slope", "input", "gradient", "bias_gradient"):
        assert read(bd, name) == pytest.approx(hand[name], rel=1e-12, abs=1e-15), f"w^({l}) {name}"
    for name in ("numerical_gradient", "numerical_bias_gradient"):
        exact = hand["gradient" if name == "numerical_gradient" else "bias_gradient"]
        assert read(bd, name) == pytest.approx(exact, rel=1e-6), f"w^({l}) {name}"
    paths = read(bd, "paths")
    if l == 3:
        assert list(paths) == []
        return
    assert len(paths) == 1, "one neuron per layer: exactly one path"
    for name, value in hand["path"].items():
        assert read(paths[0], name) == pytest.approx(value, rel=1e-12, abs=1e-15), f"w^({l}) path {name}"
    # One path: its contribution is the whole error.
    assert read(paths[0], "contribution") == pytest.approx(hand["error"], rel=1e-12)


@pytest.mark.parametrize("l", [1, 2, 3])
def test_engine_breakdown_matches_the_hand_calculation(l):
    bd = chain_network().breakdown(np.array([X]), np.array([Y]), l, 0, 0)
    assert_matches_hand(bd, l, getattr)


def test_engine_forward_and_cost_match_the_hand_calculation():
    net = chain_network()
    fw = net.forward(np.array([[X]]))
    assert [float(z[0, 0]) for z in fw.z] == pytest.approx(HAND["z"], rel=1e-12)
    assert [float(a[0, 0]) for a in fw.a] == pytest.approx(HAND["a"], rel=1e-12)
    assert net.cost(np.array([[X]]), np.array([[Y]])) == pytest.approx(HAND["cost"], rel=1e-12)


@pytest.fixture
def chain_in_api(client):
    """A 1-1-1-1 network on the "chain" data set with the weights and biases above."""
    created = client.post("/api/networks", json={"layers": [1, 1, 1, 1], "hidden_activation": "sigmoid",
                                                "output_activation": "sigmoid", "loss": "mse",
                                                "dataset": "chain", "seed": 0})
    assert created.status_code == 201, created.text
    nid = created.json()["id"]
    for l in (1, 2, 3):
        r = client.put(f"/api/networks/{nid}/weights/{l}/0/0", json={"value": W[l - 1]})
        assert r.status_code == 200, r.text
        r = client.put(f"/api/networks/{nid}/biases/{l}/0", json={"value": B[l - 1]})
        assert r.status_code == 200, r.text
    net = r.json()
    assert net["weights"] == [[[w]] for w in W] and net["biases"] == [[b] for b in B]
    assert net["cost"] == pytest.approx(HAND["cost"], rel=1e-12), "cost over the one-example data set"
    return nid


@pytest.mark.parametrize("l", [1, 2, 3])
@pytest.mark.parametrize("example_form", [{"example": 0}, {"x": [X], "y": [Y]}])
def test_api_breakdown_matches_the_hand_calculation(client, chain_in_api, l, example_form):
    r = client.post(f"/api/networks/{chain_in_api}/breakdown", json={"layer": l, "j": 0, "k": 0, **example_form})
    assert r.status_code == 200, r.text
    bd = r.json()
    assert (bd["layer"], bd["j"], bd["k"]) == (l, 0, 0)
    assert_matches_hand(bd, l, lambda d, name: d[name])
