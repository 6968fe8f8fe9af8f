"""The layer view (delta and matrix form) and the backward pass: every entry is the API's /backprop."""
import math

LAYERS = [2, 3, 3, 1]
L = len(LAYERS) - 1


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)


def backprop(api, network_id, example):
    return api.call("POST", f"/api/networks/{network_id}/backprop", {"example": example})


def entries(page, quantity, panel="layer"):
    """{(row, col): value} of one vector or matrix the view shows."""
    rows = page.eval_on_selector_all(
        f'[data-panel="{panel}"] [data-quantity="{quantity}"] [data-value]',
        "els => els.map(e => [Number(e.dataset.row), Number(e.dataset.col), e.dataset.value])")
    assert rows, f"no entries shown for {quantity}"
    return {(r, c): float(v) for r, c, v in rows}


def as_vector(shown):
    assert all(c == 0 for _, c in shown) or all(r == 0 for r, _ in shown)
    return [shown[key] for key in sorted(shown)]


def open_layer(ui, layer):
    if ui.page.get_attribute("[data-tab=layer]", "aria-selected") != "true":
        ui.page.click("[data-tab=layer]")
    ui.page.click(f'[data-layer-choice="{layer}"]')
    ui.page.wait_for_selector(f'[data-panel="layer"][data-layer="{layer}"][data-example="{ui.example()}"]')


def assert_layer_matches_api(ui, api, layer):
    page = ui.page
    network = api.call("GET", f"/api/networks/{ui.network_id()}")
    expected = backprop(api, ui.network_id(), ui.example())
    delta = as_vector(entries(page, "delta"))
    slope = as_vector(entries(page, "slope"))
    assert delta == expected["delta"][layer - 1]
    assert slope == expected["slope"][layer - 1]
    if layer == L:
        activation = as_vector(entries(page, "activation"))
        target = as_vector(entries(page, "target"))
        error = as_vector(entries(page, "output-error"))
        assert activation == expected["a"][L] and target == expected["y"]
        assert error == expected["grad_a"][L]
        # The output's error and delta reproduce from what the view shows: 2(a - y), then times the slope.
        for j in range(LAYERS[L]):
            assert close(2 * (activation[j] - target[j]), error[j])
            assert close(error[j] * slope[j], delta[j])
    else:
        weights_t = entries(page, "weights-t")
        delta_next = as_vector(entries(page, "delta-next"))
        grad_a = as_vector(entries(page, "grad-a"))
        assert as_vector(entries(page, "passed-error")) == grad_a
        assert delta_next == expected["delta"][layer]
        assert grad_a == expected["grad_a"][layer]
        assert weights_t == {(j, i): network["weights"][layer][i][j]
                             for i in range(LAYERS[layer + 1]) for j in range(LAYERS[layer])}
        # The recursion, entry by entry, from the shown W^T, delta^(l+1) and slope.
        for j in range(LAYERS[layer]):
            passed = sum(weights_t[(j, i)] * delta_next[i] for i in range(LAYERS[layer + 1]))
            assert close(passed, grad_a[j])
            assert close(passed * slope[j], delta[j])
    grad_w = entries(page, "grad-w")
    assert grad_w == {(j, k): expected["grad_w"][layer - 1][j][k]
                      for j in range(LAYERS[layer]) for k in range(LAYERS[layer - 1])}
    factor = as_vector(entries(page, "delta-factor"))
    a_prev = as_vector(entries(page, "a-prev"))
    assert factor == expected["delta"][layer - 1] and a_prev == expected["a"][layer - 1]
    for (j, k), g in grad_w.items():
        assert close(factor[j] * a_prev[k], g)
    assert as_vector(entries(page, "grad-b")) == expected["grad_b"][layer - 1]


def test_every_layer_shows_the_api_numbers_and_the_recursion_reproduces(ui, api):
    for layer in (L, 2, 1):
        open_layer(ui, layer)
        assert_layer_matches_api(ui, api, layer)
        assert ui.page.locator('[data-panel="layer"] math mtable').count() >= 5
    # Another example: the view follows it.
    ui.page.click("[data-role=example-next]")
    ui.page.wait_for_selector('[data-panel="layer"][data-layer="1"][data-example="1"]')
    ui.settled()
    assert_layer_matches_api(ui, api, 1)


def test_a_big_layer_is_cut_down_with_its_size_stated(ui, api):
    network = api.call("POST", "/api/networks", {
        "layers": [64, 12, 10], "hidden_activation": "sigmoid", "output_activation": "sigmoid",
        "loss": "mse", "dataset": "digits", "seed": 3})
    ui.page.evaluate("id => localStorage.setItem('backprop-lab:network-id', id)", network["id"])
    ui.page.reload()
    ui.page.wait_for_selector(f'[data-network-id="{network["id"]}"][aria-busy=false]')
    open_layer(ui, 1)
    expected = backprop(api, network["id"], ui.example())
    grad_w = ui.page.locator('[data-panel="layer"] [data-quantity="grad-w"]')
    assert grad_w.get_attribute("data-rows") == "12" and grad_w.get_attribute("data-cols") == "64"
    assert "12×64" in grad_w.text_content()
    shown = entries(ui.page, "grad-w")
    # First rows and columns, then an ellipsis: 5 of 12 rows, 4 of 64 columns.
    assert set(shown) == {(j, k) for j in range(5) for k in range(4)}
    assert shown == {(j, k): expected["grad_w"][0][j][k] for j, k in shown}
    assert grad_w.locator("mo", has_text="⋱").count() == 1
    delta = entries(ui.page, "delta")
    assert delta == {(j, 0): expected["delta"][0][j] for j in range(5)}
    # The layer view still fits beside the drawing: nothing wider than the middle column.
    stage = ui.page.locator(".stage").bounding_box()
    panel = ui.page.locator('[data-panel="layer"]').bounding_box()
    assert panel["x"] >= stage["x"] and panel["x"] + panel["width"] <= stage["x"] + stage["width"] + 1


def backward_values(page, quantity):
    rows = page.eval_on_selector_all(
        f'[data-panel="backward"] [data-quantity="{quantity}"]',
        "els => els.map(e => [+e.dataset.layer, +e.dataset.j, e.dataset.value])")
    return {(layer, j): float(v) for layer, j, v in rows}


def test_stepping_back_passes_the_error_from_the_output_to_layer_1(ui, api):
    page = ui.page
    expected = backprop(api, ui.network_id(), ui.example())
    page.click("[data-tab=backward]")
    for layer in (3, 2, 1):
        page.click("[data-role=backward-step]")
        page.wait_for_selector(f'[data-panel="backward"][data-backward-layer="{layer}"]')
        edges, neurons = ui.highlighted()
        assert neurons == {(layer, j) for j in range(LAYERS[layer])}
        # The weights that carried the error back from layer + 1 are lit with the layer.
        assert edges == {(layer + 1, i, j) for i in range(LAYERS[layer + 1]) for j in range(LAYERS[layer])} if layer < L else edges == set()
        deltas = backward_values(page, "backward-delta")
        # Only the layers the pass has reached show their delta, and those are the API's.
        assert deltas == {(l, j): expected["delta"][l - 1][j] for l in range(layer, L + 1) for j in range(LAYERS[l])}
        errors = backward_values(page, "backward-grad-a")
        assert errors == {(l, j): expected["grad_a"][l][j] for l in range(layer, L + 1) for j in range(LAYERS[l])}
        assert "is-current" in page.get_attribute(f'.backward-column[data-layer="{layer}"]', "class")
    page.click("[data-role=backward-clear]")
    page.wait_for_selector('[data-panel="backward"][data-backward-layer=""]')
    assert ui.highlighted() == (set(), set())


def test_the_animation_runs_from_the_output_to_layer_1_on_its_own(ui, api, console_errors):
    page = ui.page
    expected = backprop(api, ui.network_id(), ui.example())
    page.click("[data-tab=backward]")
    page.click("[data-role=backward-animate]")
    seen = []
    def reached_layer_1():
        layer = page.get_attribute('[data-panel="backward"]', "data-backward-layer")
        if layer and (not seen or seen[-1] != layer):
            seen.append(layer)
        return layer == "1" and page.get_attribute('[data-panel="backward"]', "data-running") == "false"
    ui.wait_until(reached_layer_1, timeout_s=15)
    assert seen == ["3", "2", "1"]
    edges, neurons = ui.highlighted()
    assert neurons == {(1, j) for j in range(3)}
    assert edges == {(2, i, j) for i in range(3) for j in range(3)}
    assert backward_values(page, "backward-delta") == {
        (l, j): expected["delta"][l - 1][j] for l in range(1, L + 1) for j in range(LAYERS[l])}
    assert page.is_enabled("[data-role=backward-animate]") and not page.is_enabled("[data-role=backward-stop]")


def test_pointing_at_an_entry_lights_its_weight_or_neuron(ui, api):
    open_layer(ui, 2)
    cell = ui.page.locator('[data-panel="layer"] [data-quantity="grad-w"] [data-row="1"][data-col="2"]')
    cell.hover()
    ui.wait_until(lambda: ui.highlighted() == ({(2, 1, 2)}, {(1, 2), (2, 1)}))
    ui.page.locator('[data-panel="layer"] [data-quantity="weights-t"] [data-row="2"][data-col="0"]').hover()
    ui.wait_until(lambda: ui.highlighted() == ({(3, 0, 2)}, {(2, 2), (3, 0)}))
    ui.page.locator('[data-panel="layer"] [data-quantity="delta"] [data-row="1"]').hover()
    ui.wait_until(lambda: ui.highlighted() == (set(), {(2, 1)}))
    ui.page.hover("[data-role=example-position]")
    ui.wait_until(lambda: ui.highlighted() == (set(), set()))
