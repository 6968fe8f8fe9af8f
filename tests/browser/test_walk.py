"""The guided walk: each step shows the current example's numbers (as the API gives them) and lights the right parts."""
import math

LAYERS = [2, 3, 3, 1]
L = len(LAYERS) - 1
STEPS = ["path", "local", "bias", "pass-back", "sum", "delta", "matrix", "average"]


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)


def walk_value(page, quantity, i=None):
    selector = f'[data-part="walk"] [data-quantity="{quantity}"]' + ("" if i is None else f'[data-i="{i}"]')
    return float(page.get_attribute(selector, "data-value"))


def wait_step(ui, key, edge):
    ui.page.wait_for_selector(f'[data-part="walk"][data-walk-step="{key}"][data-walk-example="{ui.example()}"]')
    ui.wait_panel(*edge)


def api_numbers(ui, api):
    nid = ui.network_id()
    example = {"example": ui.example()}
    return (api.call("GET", f"/api/networks/{nid}"),
            api.call("POST", f"/api/networks/{nid}/backprop", example),
            lambda layer, j, k: api.call("POST", f"/api/networks/{nid}/breakdown", {"layer": layer, "j": j, "k": k, **example}))


def check_step(ui, api, key):
    """The numbers and highlights of one step against the API, for the example on the page."""
    page = ui.page
    network, bp, breakdown = api_numbers(ui, api)
    edges, neurons = ui.highlighted()
    if key == "path":
        assert walk_value(page, "walk-weight") == network["weights"][L - 1][0][0]
        assert walk_value(page, "walk-z") == bp["z"][L - 1][0]
        assert walk_value(page, "walk-a") == bp["a"][L][0]
        assert walk_value(page, "walk-cost") == bp["cost"]
        assert walk_value(page, "walk-y") == bp["y"][0]
        assert (edges, neurons) == ({(L, 0, 0)}, {(L - 1, 0), (L, 0)})
    elif key == "local":
        b = breakdown(L, 0, 0)
        shown = {name: walk_value(page, f"walk-{name}") for name in ("input", "slope", "error", "gradient")}
        assert shown == {name: b[name] for name in ("input", "slope", "error", "gradient")}
        assert close(shown["input"] * shown["slope"] * shown["error"], shown["gradient"])
        assert shown["error"] == 2 * (bp["a"][L][0] - bp["y"][0]) or close(shown["error"], 2 * (bp["a"][L][0] - bp["y"][0]))
        assert (edges, neurons) == ({(L, 0, 0)}, {(L - 1, 0), (L, 0)})
    elif key == "bias":
        assert walk_value(page, "walk-bias-gradient") == breakdown(L, 0, 0)["bias_gradient"]
        assert (edges, neurons) == (set(), {(L, 0)})
    elif key == "pass-back":
        factors = [walk_value(page, q) for q in ("walk-term-error", "walk-term-slope", "walk-term-weight")]
        assert factors == [bp["grad_a"][L][0], bp["slope"][L - 1][0], network["weights"][L - 1][0][0]]
        assert close(walk_value(page, "walk-path-contribution"), factors[0] * factors[1] * factors[2])
        assert walk_value(page, "walk-path-contribution") == breakdown(L - 1, 0, 0)["paths"][0]["contribution"]
        # One output: the single path is the whole error of a^(L-1), the breakdown's error for w^(L-1).
        assert walk_value(page, "walk-passed-error") == bp["grad_a"][L - 1][0] == breakdown(L - 1, 0, 0)["error"]
        assert close(walk_value(page, "walk-path-contribution"), bp["grad_a"][L - 1][0])
        assert (edges, neurons) == ({(L, 0, 0)}, {(L - 1, 0), (L, 0)})
    elif key == "sum":
        # Neuron 0 of layer 1 feeds the 3 neurons of layer 2: three paths, lit, adding up to its error.
        paths = breakdown(1, 0, 0)["paths"]
        terms = [walk_value(page, "walk-path-term", i) for i in range(3)]
        for i, path in enumerate(paths):
            assert walk_value(page, "walk-path-weight", i) == path["weight"] == network["weights"][1][i][0]
            assert walk_value(page, "walk-path-slope", i) == path["slope"]
            assert walk_value(page, "walk-path-error", i) == path["error"]
            assert terms[i] == path["contribution"]
        assert walk_value(page, "walk-path-sum") == bp["grad_a"][1][0]
        assert close(sum(terms), bp["grad_a"][1][0])
        assert edges == {(2, i, 0) for i in range(3)}
        assert neurons == {(1, 0)} | {(2, i) for i in range(3)}
    elif key == "delta":
        assert walk_value(page, "walk-delta") == bp["delta"][L - 1][0]
        assert walk_value(page, "walk-delta-bias") == bp["grad_b"][L - 1][0]
        assert walk_value(page, "walk-delta-input") == bp["a"][L - 1][0]
        assert walk_value(page, "walk-delta-gradient") == bp["grad_w"][L - 1][0][0]
        assert (edges, neurons) == (set(), {(L, 0)})
        page.wait_for_selector(f'[data-panel="layer"][data-layer="{L}"]:not([hidden])')
    elif key == "matrix":
        assert walk_value(page, "walk-matrix-delta") == bp["delta"][L - 2][0]
        assert edges == {(L, 0, k) for k in range(3)}
        assert neurons == {(L - 1, j) for j in range(3)} | {(L, 0)}
        page.wait_for_selector(f'[data-panel="layer"][data-layer="{L - 1}"]:not([hidden])')
    elif key == "average":
        assert walk_value(page, "walk-example-gradient") == bp["grad_w"][L - 1][0][0]
        page.wait_for_selector('[data-part="walk"] [data-quantity="walk-mean-gradient"]')
        batch = api.call("POST", f"/api/networks/{ui.network_id()}/breakdown/batch",
                         {"layer": L, "j": 0, "k": 0, "examples": list(range(200))})
        mean = sum(e["product"] for e in batch["examples"]) / 200
        assert walk_value(page, "walk-mean-gradient") == batch["mean_gradient"]
        assert close(walk_value(page, "walk-mean-gradient"), mean)
        assert walk_value(page, "walk-product-of-means") == batch["product_of_means"]
        assert (edges, neurons) == ({(L, 0, 0)}, {(L - 1, 0), (L, 0)})


EDGE = {"path": (L, 0, 0), "local": (L, 0, 0), "bias": (L, 0, 0), "pass-back": (L - 1, 0, 0),
        "sum": (1, 0, 0), "delta": (L, 0, 0), "matrix": (L - 1, 0, 0), "average": (L, 0, 0)}


def walk_to(ui, key):
    ui.page.click("[data-role=walk-start]")
    wait_step(ui, "path", EDGE["path"])
    for _ in range(STEPS.index(key)):
        ui.page.click("[data-role=walk-next]")
    wait_step(ui, key, EDGE[key])


def test_the_walk_goes_through_the_chapter_with_this_examples_numbers(ui, api):
    page = ui.page
    page.click("[data-role=example-next]")
    page.wait_for_selector("[data-example='1']")
    ui.settled()
    page.click("[data-role=walk-start]")
    for index, key in enumerate(STEPS):
        wait_step(ui, key, EDGE[key])
        assert page.text_content('[data-part="walk"] .walk-progress') == f"Step {index + 1} of {len(STEPS)}"
        check_step(ui, api, key)
        page.click("[data-role=walk-next]")
    # Next on the last step is Finish: the walk closes and offers to resume.
    page.wait_for_selector('[data-part="walk"] [data-role="walk-body"]', state="hidden")
    assert page.text_content("[data-role=walk-start]").startswith("Resume at step 8")
    assert ui.highlighted() == (set(), set())


def test_back_returns_to_the_previous_step(ui, api):
    page = ui.page
    walk_to(ui, "sum")
    page.click("[data-role=walk-back]")
    wait_step(ui, "pass-back", EDGE["pass-back"])
    check_step(ui, api, "pass-back")


def test_leaving_keeps_the_state_and_resuming_uses_the_new_numbers(ui, api):
    page = ui.page
    walk_to(ui, "sum")
    network_id = ui.network_id()
    page.click("[data-role=walk-leave]")
    page.wait_for_selector('[data-part="walk"] [data-role="walk-body"]', state="hidden")
    # The learner plays on: same network, the walk's weight still in the panel, then an own choice.
    assert ui.network_id() == network_id
    ui.wait_panel(*EDGE["sum"])
    assert ui.highlighted() == (set(), set())
    page.click("[data-role=example-next]")
    page.wait_for_selector("[data-example='1']")
    ui.click_edge(2, 1, 2)
    page.click("[data-role=walk-start]")
    wait_step(ui, "sum", EDGE["sum"])
    assert page.get_attribute('[data-part="walk"]', "data-walk-example") == "1"
    check_step(ui, api, "sum")
    # A training step changes the weights: the open step shows the trained network's numbers.
    page.click("[data-role=step]")
    ui.wait_until(lambda: ui.step() == 1)
    page.wait_for_selector('[data-part="walk"][data-walk-network-step="1"]')
    ui.settled()
    check_step(ui, api, "sum")


def test_on_the_single_neuron_chain_the_walk_opens_the_chain_view(ui, api):
    page = ui.page
    network = api.call("POST", "/api/networks", {
        "layers": [1, 1, 1, 1], "hidden_activation": "sigmoid", "output_activation": "sigmoid",
        "loss": "mse", "dataset": "chain", "seed": 1})
    page.evaluate("id => localStorage.setItem('backprop-lab:network-id', id)", network["id"])
    page.reload()
    page.wait_for_selector(f'[data-network-id="{network["id"]}"][aria-busy=false]')
    walk_to(ui, "local")
    page.wait_for_selector('[data-panel="chain"][data-layer="3"]:not([hidden])')
    b = api.call("POST", f"/api/networks/{network['id']}/breakdown", {"layer": 3, "j": 0, "k": 0, "example": 0})
    for name in ("input", "slope", "error"):
        chain = float(page.get_attribute(f'[data-panel="chain"] [data-quantity="chain-{name}"]', "data-value"))
        assert walk_value(page, f"walk-{name}") == chain == b[name]
    assert ui.highlighted() == ({(3, 0, 0)}, {(2, 0), (3, 0)})
    # The sum over paths has a single term here: one neuron per layer.
    page.click("[data-role=walk-next]")
    page.click("[data-role=walk-next]")
    page.click("[data-role=walk-next]")
    wait_step(ui, "sum", (1, 0, 0))
    assert page.locator('[data-part="walk"] [data-quantity="walk-path-term"]').count() == 1
    assert close(walk_value(page, "walk-path-term", 0), walk_value(page, "walk-path-sum"))
