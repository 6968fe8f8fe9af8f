"""Why is it zero? Dead ReLUs, saturated sigmoids and inactive inputs, flagged in the panel and the drawing."""
import pytest

from teach_support import create, number, open_network
from teach_support import no_console_errors  # noqa: F401 (autouse: importing it applies it here)

SATURATION_SLOPE = 0.01  # the threshold documented in static/js/panel/zero-flags.js


def put(api, network_id, path, value):
    return api.call("PUT", f"/api/networks/{network_id}/{path}", {"value": value})


def expected_flags(network, bp):
    """Every neuron's flags, computed from /backprop independently of the page."""
    last = len(network["layers"]) - 1
    flags = {}
    for l, size in enumerate(network["layers"]):
        for j in range(size):
            found = []
            if l > 0:
                activation = network["output_activation"] if l == last else network["hidden_activation"]
                slope = bp["slope"][l - 1][j]
                if activation == "relu" and slope == 0:
                    found.append("dead")
                elif activation in ("sigmoid", "tanh") and slope < SATURATION_SLOPE:
                    found.append("saturated")
            if l < last and bp["a"][l][j] == 0:
                found.append("inactive")
            flags[(l, j)] = found
    return flags


def shown_flags(page):
    return {(int(n["layer"]), int(n["j"])): (n["flags"] or "").split()
            for n in page.locator(".neuron").evaluate_all(
                "ns => ns.map(n => ({layer: n.dataset.layer, j: n.dataset.j, flags: n.dataset.flags}))")}


@pytest.fixture(scope="module")
def dead(api):
    """A ReLU network whose neuron 0 of layer 1 never fires: zero weights in, bias -1."""
    network = create(api, hidden_activation="relu", seed=3)
    put(api, network["id"], "weights/1/0/0", 0.0)
    put(api, network["id"], "weights/1/0/1", 0.0)
    return put(api, network["id"], "biases/1/0", -1.0)


def test_a_dead_relu_and_the_inputs_it_silences(page, api, dead):
    ui = open_network(page, dead["id"])
    bp = api.call("POST", f"/api/networks/{dead['id']}/backprop", {"example": ui.example()})
    assert bp["slope"][0][0] == 0 and bp["a"][1][0] == 0
    flags = shown_flags(page)
    assert flags == expected_flags(dead, bp)
    assert flags[(1, 0)] == ["dead", "inactive"]
    neuron = page.locator('.neuron[data-layer="1"][data-j="0"]')
    assert "flag-dead" in neuron.get_attribute("class")
    assert "dead" in neuron.locator(".flag-mark").text_content()
    for k in range(2):
        assert page.locator(f'.edge[data-layer="1"][data-j="0"][data-k="{k}"]').get_attribute("data-zero") == (
            "input" if bp["a"][0][k] == 0 else "slope")
    for j in range(3):
        assert page.locator(f'.edge[data-layer="2"][data-j="{j}"][data-k="0"]').get_attribute("data-zero") == "input"
    zero_edges = page.locator(".edge[data-zero]")
    assert all(float(g) == 0 for g in zero_edges.evaluate_all("es => es.map(e => e.dataset.gradient)"))

    ui.click_edge(1, 0, 1)
    note = page.locator("[data-part=zero-flags]")
    assert note.is_visible()
    assert note.locator("[data-flag=dead]").count() == 1
    assert number(note.locator('[data-term="zero-slope"]')) == 0.0
    assert "Dead ReLU" in note.text_content()
    breakdown = api.call("POST", f"/api/networks/{dead['id']}/breakdown",
                         {"layer": 1, "j": 0, "k": 1, "example": ui.example()})
    assert breakdown["slope"] == 0 and breakdown["gradient"] == 0
    assert ui.factors()["gradient"] == 0

    ui.click_edge(2, 1, 0)
    assert note.locator("[data-flag=inactive]").count() == 1
    assert note.locator("[data-flag=dead]").count() == 0
    assert number(note.locator('[data-term="zero-input"]')) == 0.0
    assert "Inactive input" in note.text_content()
    assert ui.factors()["input"] == 0 and ui.factors()["gradient"] == 0

    # An ordinary weight: no note.
    ui.click_edge(1, 1, 0)
    breakdown = api.call("POST", f"/api/networks/{dead['id']}/breakdown",
                         {"layer": 1, "j": 1, "k": 0, "example": ui.example()})
    if breakdown["slope"] != 0 and breakdown["input"] != 0:
        assert note.is_hidden()


def test_a_saturated_sigmoid(page, api):
    network = create(api, seed=5)
    network = put(api, network["id"], "biases/2/1", 9.0)
    ui = open_network(page, network["id"])
    bp = api.call("POST", f"/api/networks/{network['id']}/backprop", {"example": ui.example()})
    assert bp["slope"][1][1] < SATURATION_SLOPE
    flags = shown_flags(page)
    assert flags == expected_flags(network, bp)
    assert flags[(2, 1)] == ["saturated"]
    assert "saturated" in page.locator('.neuron[data-layer="2"][data-j="1"] .flag-mark').text_content()
    ui.click_edge(2, 1, 2)
    note = page.locator("[data-part=zero-flags]")
    assert note.locator("[data-flag=saturated]").count() == 1
    assert number(note.locator('[data-term="zero-slope"]')) == bp["slope"][1][1]
    assert "0.01" in note.text_content()
