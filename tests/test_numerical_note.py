"""The numerical check explains itself: each case where the central difference is the one that is
wrong gets its note, built here from the network that causes it; agreement gets none."""
import math

import numpy as np
import pytest

from app.engine import Network
from app.engine.numerical_check import AGREEMENT, relative_difference

from test_api import create


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def one_weight(kind_hidden, kind_output, w1, w2, b1=0.0):
    return Network([1, 1, 1], kind_hidden, kind_output, "mse",
                   [np.array([[w1]]), np.array([[w2]])], [np.array([b1]), np.zeros(1)])


def check_relative(note, b_grad, n_grad):
    # The relative difference is still reported, as the page computes it.
    scale = max(abs(b_grad), abs(n_grad))
    assert note.relative_difference == pytest.approx(abs(b_grad - n_grad) / scale, rel=1e-12)
    assert note.relative_difference > AGREEMENT


def test_an_ordinary_weight_agrees_and_gets_no_note():
    net = Network.create([2, 3, 3, 1], seed=1)
    bd = net.breakdown(np.array([0.5, -0.3]), np.array([1.0]), 1, 0, 0)
    assert abs(bd.gradient) > 1e-4
    assert relative_difference(bd.gradient, bd.numerical_gradient) <= AGREEMENT
    assert bd.numerical_note is None and bd.numerical_bias_note is None


def test_a_relu_kink_within_h_of_z_0():
    # z = 1 x 1 + (-1 - 3e-6) = -3e-6: below the kink, so backprop's slope is 0; w + h lifts z above 0.
    net = one_weight("relu", "linear", 1.0, 2.0, b1=-1 - 3e-6)
    bd = net.breakdown(np.array([1.0]), np.array([1.0]), 1, 0, 0)
    assert bd.gradient == 0.0 and bd.slope == 0.0
    # Over [w - h, w + h] only the upper part, z in (0, 7e-6], moves the output: C changes there at
    # 2 (a2 - y) x w2 = 2 (0 - 1) x 2 = -4 per unit z, over 7e-6 of the 2e-5 step.
    assert bd.numerical_gradient == pytest.approx(-4 * 7e-6 / 2e-5, rel=1e-3)
    note = bd.numerical_note
    assert note.case == "kink"
    assert "neuron 0 in layer 1" in note.text and "kink at z = 0" in note.text and "-3e-6" in note.text
    check_relative(note, bd.gradient, bd.numerical_gradient)
    assert bd.numerical_bias_note.case == "kink"


def test_a_saturated_sigmoid_output_with_squared_error():
    net = Network([1, 1], "sigmoid", "sigmoid", "mse", [np.array([[40.0]])], [np.zeros(1)])
    bd = net.breakdown(np.array([1.0]), np.array([0.0]), 1, 0, 0)
    # The true gradient 2 a sigma'(40) x 1, with sigma'(40) = e^-40 / (1 + e^-40)^2.
    slope = math.exp(-40) / (1 + math.exp(-40)) ** 2
    assert bd.gradient == pytest.approx(2 * sigmoid(40) * slope, rel=1e-12)
    assert bd.gradient == pytest.approx(8.5e-18, rel=1e-2)
    assert bd.numerical_gradient == 0.0
    note = bd.numerical_note
    assert note.case == "below_resolution"
    assert "saturated" in note.text and "z = 40" in note.text and "8.5e-18" in note.text
    check_relative(note, bd.gradient, bd.numerical_gradient)


def test_a_weight_near_1e300_leaves_h_below_float_resolution():
    net = one_weight("relu", "linear", 1e300, 2.0)
    bd = net.breakdown(np.array([1e-300]), np.array([0.0]), 1, 0, 0)
    assert bd.gradient != 0.0 and bd.numerical_gradient == 0.0
    assert 1e300 + 1e-5 == 1e300  # what the note is about
    note = bd.numerical_note
    assert note.case == "huge_parameter"
    assert "w = 1e300" in note.text and "0 apart instead of 2h" in note.text
    check_relative(note, bd.gradient, bd.numerical_gradient)
    # The bias is an ordinary number: its check agrees.
    assert bd.numerical_bias_note is None


def test_a_difference_within_round_off():
    # z = 18: the gradient (3e-8) is well above the cost's resolution but the central difference's
    # round-off (about 1e-11) is a visible fraction of it.
    net = Network([1, 1], "sigmoid", "sigmoid", "mse", [np.array([[18.0]])], [np.zeros(1)])
    bd = net.breakdown(np.array([1.0]), np.array([0.0]), 1, 0, 0)
    slope = math.exp(-18) / (1 + math.exp(-18)) ** 2
    assert bd.gradient == pytest.approx(2 * sigmoid(18) * slope, rel=1e-12)
    note = bd.numerical_note
    assert note.case == "round_off"
    eps_bound = 64 * np.finfo(float).eps * 1.0 / 2e-5
    assert abs(bd.gradient - bd.numerical_gradient) <= eps_bound
    assert "within the central difference's round-off" in note.text
    check_relative(note, bd.gradient, bd.numerical_gradient)


def test_a_cost_that_bends_within_h_is_said_to_be_unexplained_by_the_other_cases():
    # x = 1e5 makes z move by +-1 over +-h: the central difference's truncation error, not round-off.
    net = one_weight("sigmoid", "linear", 1e-5, 3.0)
    bd = net.breakdown(np.array([1e5]), np.array([0.0]), 1, 0, 0)
    note = bd.numerical_note
    assert note.case == "unexplained" and "bends sharply" in note.text
    check_relative(note, bd.gradient, bd.numerical_gradient)


# -- the API ---------------------------------------------------------------------------------------
def test_the_breakdown_answer_carries_the_note(client):
    net = create(client, layers=[1, 1, 1], hidden_activation="relu", output_activation="linear", dataset=None)
    url = f"/api/networks/{net['id']}"
    for path, value in (("weights/1/0/0", 1.0), ("biases/1/0", -1 - 3e-6), ("weights/2/0/0", 2.0)):
        assert client.put(f"{url}/{path}", json={"value": value}).status_code == 200
    bd = client.post(f"{url}/breakdown", json={"layer": 1, "j": 0, "k": 0, "x": [1], "y": [1]}).json()
    assert bd["gradient"] == 0.0 and bd["numerical_gradient"] < -1
    assert bd["numerical_note"]["case"] == "kink"
    assert bd["numerical_note"]["relative_difference"] == 1.0
    assert "kink" in bd["numerical_note"]["text"]
    # The output weight is ordinary: no note.
    out = client.post(f"{url}/breakdown", json={"layer": 2, "j": 0, "k": 0, "x": [1], "y": [1]}).json()
    assert out["numerical_note"] is None and out["numerical_bias_note"] is None


def test_a_huge_weight_planted_by_training_is_explained_by_the_api(client):
    net = create(client, layers=[1, 1, 1], hidden_activation="relu", output_activation="linear", dataset=None)
    with client.app.state.store.edit(net["id"]) as draft:
        draft.network.weights[0][0, 0] = 1e300
    r = client.post(f"/api/networks/{net['id']}/breakdown", json={"layer": 1, "j": 0, "k": 0, "x": [1e-300], "y": [0]})
    assert r.status_code == 200, r.text
    assert r.json()["numerical_note"]["case"] == "huge_parameter"


def test_the_schema_lists_the_cases(client):
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    assert set(schema["NumericalNoteOut"]["properties"]["case"]["enum"]) == {
        "huge_parameter", "kink", "l1_corner", "below_resolution", "round_off", "unexplained"}
    assert "numerical_note" in schema["BreakdownOut"]["properties"]
