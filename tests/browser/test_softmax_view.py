"""A softmax output on the page: the "digits, softmax" preset, the breakdown of an output weight
(no slope per neuron: the Jacobian, delta = a - y and the sum over the outputs), the paths through
the softmax layer and the cost switch, every number against the API."""
from conftest import wait_settled
from teach_support import close, number, numbers, open_section
from teach_support import no_console_errors  # noqa: F401 (autouse: importing it applies it here)

PRESET = "64-16-16-10 on digits, softmax"


def create_preset(ui, api):
    page = ui.page
    first = ui.network_id()
    page.click("[data-part=new-network] summary")
    page.select_option("select[name=preset]", label=PRESET)
    page.click("[data-part=new-network] button[type=submit]")
    ui.wait_until(lambda: ui.network_id() != first)
    ui.settled()
    return api.call("GET", f"/api/networks/{ui.network_id()}")


def open_weight(ui, layer, j, k):
    """The weight's breakdown, reached as a learner does on a canvas-drawn network: click neuron j of
    the layer, then weight k in its list of incoming weights."""
    page = ui.page
    page.locator(f'.neuron[data-layer="{layer}"][data-j="{j}"] circle').click()
    view = page.locator(f'[data-part=neuron][data-layer="{layer}"][data-j="{j}"]:not([hidden])')
    view.wait_for()
    # No number stands for the slope a softmax output does not have (null would read "overflow").
    assert "overflow" not in view.text_content()
    if layer == 3 or view.locator(".jacobian-note").count():
        assert "Jacobian" in view.locator(".jacobian-note").text_content()
        view.screenshot(path="/tmp/softmax_neuron.png")
    more = view.locator("button", has_text="Show all")
    if more.count():
        more.click()
    view.locator(f"tr.incoming-weight[data-k='{k}']").click()
    ui.wait_panel(layer, j, k)


def box(locator):
    b = locator.bounding_box()
    assert b is not None, "not laid out"
    return b


def overlaps(a, b):
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def test_the_softmax_preset_explains_an_output_weight_as_a_sum_over_the_outputs(ui, api):
    network = create_preset(ui, api)
    assert network["layers"] == [64, 16, 16, 10]
    assert (network["dataset"], network["output_activation"], network["loss"], network["hidden_activation"]) == \
        ("digits", "softmax", "categorical_cross_entropy", "sigmoid")
    page = ui.page
    assert page.input_value("[data-role=learning-rate]") == "0.5"

    open_weight(ui, 3, 4, 7)
    example = ui.example()
    b = api.call("POST", f"/api/networks/{network['id']}/breakdown", {"example": example, "layer": 3, "j": 4, "k": 7})
    bp = api.call("POST", f"/api/networks/{network['id']}/backprop", {"example": example})
    assert b["jacobian"] is True and b["slope"] is None
    panel = page.locator("[data-part=breakdown]")
    factor = lambda name: number(panel.locator(f'[data-factor="{name}"]'))  # noqa: E731
    assert factor("error") == b["error"]
    assert factor("delta") == b["bias_gradient"]
    assert factor("input") == b["input"]
    assert factor("gradient") == b["gradient"]
    assert panel.locator('[data-factor="slope"]').text_content() == "a Jacobian"
    a, y = bp["a"][-1], bp["y"]
    assert close(b["bias_gradient"], a[4] - y[4])
    text = panel.text_content()
    assert "a − y" in text and "Jacobian" in text

    # The sum over the outputs: one row per output, each term error_i x da_i/dz_4, adding up to delta.
    table = panel.locator("[data-role=softmax-sum]")
    assert numbers(table.locator('[data-term="output-error"]')) == bp["grad_a"][-1]
    jac = numbers(table.locator('[data-term="jacobian"]'))
    assert all(close(jac[i], a[i] * ((i == 4) - a[4])) for i in range(10))
    terms = numbers(table.locator('[data-term="output-term"]'))
    assert len(terms) == 10
    assert close(sum(terms), b["bias_gradient"], rel=1e-9)
    assert close(number(table.locator('[data-term="output-sum"]')), b["bias_gradient"], rel=1e-9)
    label = y.index(1.0)
    assert [i for i, t in enumerate(terms) if t != 0] in ([label], [])  # only the labelled output's error is not 0

    # Laid out: the factor rows stack without overlapping, and the sum table sits inside the panel.
    rows = [box(r) for r in panel.locator(".factors .factor").all()]
    assert len(rows) == 5
    for upper, lower in zip(rows, rows[1:]):
        assert not overlaps(upper, lower) and upper["y"] < lower["y"]
    table.scroll_into_view_if_needed()
    outer, inner = box(panel), box(table)
    assert outer["x"] - 1 <= inner["x"] and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 1
    assert not overlaps(box(panel.locator(".factors")), inner)
    panel.screenshot(path="/tmp/softmax_breakdown.png")
    panel.locator(".breakdown-heading").scroll_into_view_if_needed()
    formula = box(panel.locator(".formula"))
    assert formula["width"] <= outer["width"] and not overlaps(formula, rows[0])
    page.screenshot(path="/tmp/softmax_page.png")

    # A weight into the last hidden layer: its paths go through the softmax layer, terms w x delta_i.
    open_weight(ui, 2, 3, 5)
    hidden = api.call("POST", f"/api/networks/{network['id']}/breakdown", {"example": example, "layer": 2, "j": 3, "k": 5})
    paths = page.locator("[data-part=paths]")
    paths.locator("[data-path]").first.wait_for()
    assert numbers(paths.locator('[data-term="contribution"]')) == [p["contribution"] for p in hidden["paths"]]
    assert paths.locator('[data-term="slope"]').all_text_contents() == ["Jacobian"] * 10
    assert close(sum(network["weights"][2][i][3] * bp["delta"][-1][i] for i in range(10)), hidden["error"], rel=1e-9)
    assert "softmax output" in paths.text_content()


def test_the_cost_switch_compares_categorical_cross_entropy_with_squared_error(ui, api):
    network = create_preset(ui, api)
    open_weight(ui, 3, 2, 0)
    section = open_section(ui, "cost-switch")
    assert section.get_attribute("data-loss") == "categorical_cross_entropy"
    assert section.locator("input[value=cross_entropy]").is_disabled()
    assert section.locator("input[value=categorical_cross_entropy]").is_enabled()
    section.locator("input[name=cost-view][value=mse]").check()
    ui.page.wait_for_selector("[data-part=cost-switch][data-loss=mse][data-ready=true]")
    ui.settled()
    body = {"example": ui.example(), "layer": 3, "j": 2, "k": 0}
    own = api.call("POST", f"/api/networks/{network['id']}/breakdown", body)
    mse = api.call("POST", f"/api/networks/{network['id']}/breakdown", {**body, "loss": "mse"})
    for name in ("error", "bias_gradient", "input", "gradient"):
        assert number(section.locator(f'[data-cost="categorical_cross_entropy"][data-term="{name}"]')) == own[name]
        assert number(section.locator(f'[data-cost="mse"][data-term="{name}"]')) == mse[name]
    bp = api.call("POST", f"/api/networks/{network['id']}/backprop", {"example": body["example"], "loss": "mse"})
    assert numbers(section.locator('tr[data-output] [data-term="delta"]')) == bp["delta"][-1]
    assert section.locator('tr[data-output] [data-term="slope"]').count() == 0
    assert "Jacobian" in section.text_content()
    section.scroll_into_view_if_needed()
    ui.page.locator("[data-part=breakdown]").screenshot(path="/tmp/softmax_cost_switch.png")


def test_a_cost_that_does_not_fit_the_output_is_refused_in_words(ui, api):
    page = ui.page
    first = ui.network_id()
    page.click("[data-part=new-network] summary")
    page.select_option("select[name=dataset]", "xor")
    page.fill("[name=layers]", "2-3-1")
    page.select_option("select[name=output_activation]", "sigmoid")
    page.select_option("select[name=loss]", "categorical_cross_entropy")
    page.click("[data-part=new-network] button[type=submit]")
    message = page.locator("[data-role=form-message]")
    ui.wait_until(lambda: "needs a softmax output" in (message.text_content() or ""))
    page.select_option("select[name=output_activation]", "softmax")
    page.select_option("select[name=loss]", "cross_entropy")
    page.click("[data-part=new-network] button[type=submit]")
    ui.wait_until(lambda: "needs a sigmoid output" in (message.text_content() or ""))
    wait_settled(page)
    assert ui.network_id() == first


def test_the_walk_and_the_layer_view_explain_the_softmax_output(page, api):
    from teach_support import create, open_network
    net = create(api, layers=[64, 6, 10], hidden_activation="tanh", output_activation="softmax",
                 loss="categorical_cross_entropy", dataset="digits", seed=2)
    ui = open_network(page, net["id"])
    example = {"example": ui.example()}
    bp = api.call("POST", f"/api/networks/{net['id']}/backprop", example)
    b = api.call("POST", f"/api/networks/{net['id']}/breakdown", {**example, "layer": 2, "j": 0, "k": 0})
    walk = page.locator('[data-part="walk"]')
    page.click("[data-role=walk-start]")
    page.wait_for_selector('[data-part="walk"][data-walk-step="path"]')
    page.click("[data-role=walk-next]")
    page.wait_for_selector('[data-part="walk"][data-walk-step="local"]')
    ui.wait_panel(2, 0, 0)
    assert number(walk.locator('[data-quantity="walk-input"]')) == b["input"]
    assert number(walk.locator('[data-quantity="walk-delta-sum"]')) == b["bias_gradient"] == bp["delta"][-1][0]
    assert number(walk.locator('[data-quantity="walk-gradient"]')) == b["gradient"]
    assert close(bp["delta"][-1][0], bp["a"][-1][0] - bp["y"][0])
    assert walk.locator('[data-quantity="walk-slope"]').count() == 0  # no slope number: a Jacobian
    assert "Jacobian" in walk.text_content()
    for key in ("bias", "pass-back"):
        page.click("[data-role=walk-next]")
        page.wait_for_selector(f'[data-part="walk"][data-walk-step="{key}"]')
    assert number(walk.locator('[data-quantity="walk-term-delta"]')) == bp["delta"][-1][0]
    assert close(number(walk.locator('[data-quantity="walk-path-contribution"]')),
                 api.call("POST", f"/api/networks/{net['id']}/breakdown", {**example, "layer": 1, "j": 0, "k": 0})
                 ["paths"][0]["contribution"])
    walk.screenshot(path="/tmp/softmax_walk.png")
    page.click("[data-role=walk-leave]")

    page.click("[data-tab=layer]")
    page.click('[data-layer-choice="2"]')
    view = page.locator(f'[data-panel="layer"][data-layer="2"][data-example="{ui.example()}"]')
    view.wait_for()
    rows = page.eval_on_selector_all('[data-panel="layer"] [data-quantity="jacobian"] [data-value]',
                                     "els => els.map(e => [Number(e.dataset.row), Number(e.dataset.col), Number(e.dataset.value)])")
    a = bp["a"][-1]
    assert len(rows) >= 16
    for r, c, v in rows:
        assert close(v, a[r] * ((r == c) - a[c]))
    deltas = page.eval_on_selector_all('[data-panel="layer"] [data-quantity="delta"] [data-value]',
                                       "els => els.map(e => Number(e.dataset.value))")
    assert deltas and all(d in bp["delta"][-1] for d in deltas)
    assert "a − y" in view.text_content()
    view.screenshot(path="/tmp/softmax_layer.png")


def test_the_mini_batch_view_of_an_output_weight_has_no_product_of_means(page, api):
    from teach_support import create, open_network
    net = create(api, layers=[64, 6, 10], hidden_activation="relu", output_activation="softmax",
                 loss="categorical_cross_entropy", dataset="digits", seed=4)
    ui = open_network(page, net["id"])
    open_weight(ui, 2, 3, 1)
    section = open_section(ui, "batch-compare")
    size = int(page.input_value("[data-role=batch-size]"))
    n = len(api.call("GET", "/api/datasets/digits")["x"])
    rows = [(ui.example() + i) % n for i in range(size)]  # the current row and the next ones
    answer = api.call("POST", f"/api/networks/{net['id']}/breakdown/batch",
                      {"layer": 2, "j": 3, "k": 1, "examples": rows})
    assert answer["mean_slope"] is None and answer["product_of_means"] is None
    shown = numbers(section.locator('tr[data-row] [data-term="product"]'))
    assert shown == [e["product"] for e in answer["examples"]][:len(shown)] and len(shown) == min(size, 8)
    assert number(section.locator('[data-quantity="batch-gradient-again"]')) == answer["mean_gradient"]
    assert section.locator(".jacobian-value").count() == len(shown) + 1
    assert "no product of mean factors" in section.text_content()
