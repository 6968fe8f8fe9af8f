"""Clicking weights: the panel's factors are the API's, and their product is the gradient shown."""
import math
import re

LAYERS = [2, 3, 3, 1]
# The colour of an edge whose gradient is 0 (color-scale.js: NEUTRAL, intensity 0).
NEUTRAL_GREY = (212, 216, 222)


def rgb(colour: str):
    return tuple(int(c) for c in re.findall(r"\d+", colour))


def breakdown(api, network_id, layer, j, k, example):
    return api.call("POST", f"/api/networks/{network_id}/breakdown",
                    {"layer": layer, "j": j, "k": k, "example": example})


def assert_panel_matches_api(ui, api, layer, j, k):
    expected = breakdown(api, ui.network_id(), layer, j, k, ui.example())
    shown = ui.factors()
    assert shown == {name: expected[name] for name in ("error", "slope", "input", "gradient")}
    assert math.isclose(shown["error"] * shown["slope"] * shown["input"], shown["gradient"],
                        rel_tol=1e-12, abs_tol=1e-300)
    assert ui.quantity("bias-gradient") == expected["bias_gradient"]
    assert ui.quantity("numerical-weight-gradient") == expected["numerical_gradient"]
    assert ui.quantity("numerical-bias-gradient") == expected["numerical_bias_gradient"]


def test_first_visit_creates_the_default_network_and_a_reload_resumes_it(ui, api):
    network = api.call("GET", f"/api/networks/{ui.network_id()}")
    assert network["layers"] == LAYERS
    assert network["dataset"] == "xor"
    assert ui.page.locator(".edge").count() == sum(a * b for a, b in zip(LAYERS, LAYERS[1:]))
    assert ui.example() == 0
    first = ui.network_id()
    ui.page.reload()
    ui.settled()
    assert ui.network_id() == first


def test_clicked_weights_in_every_layer_show_the_api_breakdown(ui, api):
    for layer, j, k in [(1, 2, 1), (2, 0, 2), (2, 1, 1), (3, 0, 1), (1, 0, 0)]:
        ui.click_edge(layer, j, k)
        assert_panel_matches_api(ui, api, layer, j, k)
        edge = ui.edge(layer, j, k)
        assert "is-selected" in edge.get_attribute("class")
        assert ui.page.locator(".neuron.is-source").get_attribute("data-neuron-layer") == str(layer - 1)
        assert ui.page.locator(".neuron.is-source").get_attribute("data-neuron-index") == str(k)
        assert ui.page.locator(".neuron.is-destination").get_attribute("data-neuron-index") == str(j)
        assert ui.page.locator('.breakdown-body .formula math').count() == 1


def test_edge_colour_encodes_the_sign_of_the_gradient(ui, api):
    # Zero the weights out of neuron 0 of layer 1: nothing carries its activation onward, so its
    # error is exactly 0 and so are the gradients of the two weights into it.
    network_id = ui.network_id()
    for j in range(LAYERS[2]):
        api.call("PUT", f"/api/networks/{network_id}/weights/2/{j}/0", {"value": 0.0})
    ui.page.reload()
    ui.settled()
    expected = api.call("POST", f"/api/networks/{network_id}/backprop", {"example": ui.example()})
    largest = max(abs(g) for layer in expected["grad_w"] for row in layer for g in row)
    zero = {f"1:0:{k}" for k in range(LAYERS[0])}
    assert {f"{l}:{j}:{k}" for l, layer in enumerate(expected["grad_w"], start=1)
            for j, row in enumerate(layer) for k, g in enumerate(row) if g == 0} == zero
    neutral = {}
    for key, colour in ui.edge_colours().items():
        layer, j, k = map(int, key.split(":"))
        gradient = expected["grad_w"][layer - 1][j][k]
        assert float(ui.edge(layer, j, k).get_attribute("data-gradient")) == gradient
        red, _, blue = rgb(colour)
        if abs(gradient) == largest:
            # The largest gradient gets the full hue of its sign.
            assert (red > 2 * blue) if gradient > 0 else (blue > 2 * red), key
        if abs(gradient) > largest / 20:
            # The neutral grey is bluish: a faint red has more red than blue only from ~6% on, but
            # either hue moves red - blue away from the grey's in its own direction.
            grey = NEUTRAL_GREY[0] - NEUTRAL_GREY[2]
            assert (red - blue > grey) if gradient > 0 else (red - blue < grey), key
        if gradient == 0:
            neutral[key] = rgb(colour)
    # A zero gradient has neither sign's hue: it is drawn in the neutral grey both hues fade from.
    assert neutral == {key: NEUTRAL_GREY for key in zero}


def test_other_examples_show_their_own_numbers(ui, api):
    ui.click_edge(2, 1, 0)
    ui.page.click("[data-role=example-next]")
    ui.page.wait_for_selector("[data-example='1']")
    ui.wait_panel(2, 1, 0)
    assert_panel_matches_api(ui, api, 2, 1, 0)
    data = api.call("GET", "/api/datasets/xor")
    shown_x = ui.page.text_content("[data-role=example-x]")
    assert shown_x.count(",") == len(data["x"][1]) - 1

    ui.page.click("[data-role=example-prev]")
    ui.page.wait_for_selector("[data-example='0']")
    ui.page.click("[data-role=example-prev]")
    ui.page.wait_for_selector(f"[data-example='{data['size'] - 1}']")
    ui.wait_panel(2, 1, 0)
    assert_panel_matches_api(ui, api, 2, 1, 0)

    ui.page.click("[data-role=example-random]")
    ui.settled()
    ui.wait_panel(2, 1, 0)
    assert 0 <= ui.example() < data["size"]
    assert_panel_matches_api(ui, api, 2, 1, 0)


def test_hovering_a_neuron_shows_its_z_and_a(ui, api):
    expected = api.call("POST", f"/api/networks/{ui.network_id()}/backprop", {"example": ui.example()})
    neuron = ui.page.locator('.neuron[data-neuron-layer="2"][data-neuron-index="1"]')
    neuron.hover()
    tooltip = ui.page.locator("[data-role=tooltip]")
    tooltip.wait_for(state="visible")
    assert "z =" in tooltip.text_content() and "a =" in tooltip.text_content()
    assert float(neuron.get_attribute("data-z")) == expected["z"][1][1]
    assert float(neuron.get_attribute("data-a")) == expected["a"][2][1]


def test_the_log_scale_brightens_small_gradients(ui):
    linear = ui.edge_colours()
    ui.page.check("input[name=scale][value=log]")
    ui.page.wait_for_selector("[data-part=legend][data-scale=log]")
    log = ui.edge_colours()
    assert log != linear
    assert ui.page.locator(".legend-tick").count() >= 5
