"""Issue 18 on the page: the new-network form's data controls and input features. A network made
with x1^2 and x2^2 on circle labels its input neurons with them, its boundary is the API's /grid over
the x1-x2 plane, and a clicked weight's input factor is the feature's value in /breakdown."""
import json
import math

import pytest

from teach_support import no_console_errors, open_network  # noqa: F401  (the autouse check)

FORM = "[data-part=new-network]"
BOUNDARY = "[data-part=pictures] [data-role=boundary] canvas"


def boxes(page, selector):
    return page.locator(selector).evaluate_all(
        "els => els.map(e => { const b = e.getBoundingClientRect(); return {left: b.left, right: b.right, top: b.top, bottom: b.bottom}; })")


def overlap(a, b) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def test_a_network_on_x1_squared_and_x2_squared(ui, api):
    page = ui.page
    first = ui.network_id()
    page.click(f"{FORM} summary")
    page.select_option(f"{FORM} select[name=dataset]", "circle")
    page.fill(f"{FORM} input[name=layers]", "2-5-1")
    data = page.locator(f"{FORM} [data-role=data-options]")
    assert data.is_visible() and data.locator("[data-role=features]").is_visible()
    for name, checked in (("x1", False), ("x2", False), ("x1^2", True), ("x2^2", True), ("x1x2", True)):
        data.locator(f"input[name=features][value='{name}']").set_checked(checked)
    assert page.input_value(f"{FORM} input[name=layers]") == "3-5-1"  # layer 0 follows the features
    data.locator("input[name=features][value='x1x2']").set_checked(False)
    assert page.input_value(f"{FORM} input[name=layers]") == "2-5-1"
    page.fill(f"{FORM} input[name=noise]", "0.05")
    page.fill(f"{FORM} input[name=test_ratio]", "0.2")
    page.click(f"{FORM} [data-role=new-data]")
    data_seed = int(page.input_value(f"{FORM} input[name=data_seed]"))
    page.click(f"{FORM} button[type=submit]")
    ui.wait_until(lambda: ui.network_id() != first)
    ui.settled()

    net = api.call("GET", f"/api/networks/{ui.network_id()}")
    assert (net["layers"], net["dataset"], net["features"]) == ([2, 5, 1], "circle", ["x1^2", "x2^2"])
    assert (net["noise"], net["test_ratio"], net["data_seed"]) == (0.05, 0.2, data_seed)

    # Each input neuron is labelled with its feature, left of it, centred on it, overlapping nothing.
    labels = page.locator(".input-label")
    assert labels.all_text_contents() == ["x₁²", "x₂²"]
    label_boxes = boxes(page, ".input-label")
    inputs = boxes(page, '.neuron[data-neuron-layer="0"] circle')
    every_neuron = boxes(page, ".neuron circle")
    drawing = boxes(page, ".network-svg")[0]
    for label, neuron in zip(label_boxes, inputs):
        assert label["right"] <= neuron["left"]
        assert neuron["left"] - label["right"] < 12
        middle = (neuron["top"] + neuron["bottom"]) / 2
        assert label["top"] < middle < label["bottom"]
        assert label["left"] >= drawing["left"]
        assert not any(overlap(label, n) for n in every_neuron)
    assert not overlap(label_boxes[0], label_boxes[1])

    # Trained, a 2-5-1 network on x1^2, x2^2 draws the circle: the boundary is the API's picture over
    # the x1-x2 plane, high (inside) near the origin and low in the corners.
    trained = api.call("POST", f"/api/networks/{net['id']}/train", {"steps": 400, "learning_rate": 3, "batch_size": 16})
    assert trained["diverged"] is None
    net = trained["network"]
    page.reload()
    ui.settled()
    page.wait_for_selector(f"{BOUNDARY}[data-step='{net['step']}']")
    resolution = int(page.get_attribute(BOUNDARY, "data-resolution"))
    expected = api.call("POST", f"/api/networks/{net['id']}/grid", {"resolution": resolution, "hidden": True})
    shown = eval_values(page)
    assert shown == expected["outputs"][0]
    (across, up) = expected["axes"]
    nearest = lambda values, v: min(range(len(values)), key=lambda i: abs(values[i] - v))  # noqa: E731
    assert shown[nearest(up, 0) * resolution + nearest(across, 0)] > 0.5
    assert max(shown[0], shown[resolution - 1], shown[-1], shown[-resolution]) < 0.5
    assert page.locator(BOUNDARY).is_visible()

    # A weight from input neuron 1 (x2^2): its input factor is x2^2 of the example's point.
    ui.click_edge(1, 2, 1)
    example = ui.example()
    query = f"noise=0.05&test_ratio=0.2&data_seed={data_seed}"
    point = api.call("GET", f"/api/datasets/circle?{query}")["x"][example]
    breakdown = api.call("POST", f"/api/networks/{net['id']}/breakdown", {"example": example, "layer": 1, "j": 2, "k": 1})
    shown = ui.factors()
    assert shown["input"] == breakdown["input"]
    assert math.isclose(shown["input"], point[1] ** 2, rel_tol=1e-15)
    assert shown["gradient"] == breakdown["gradient"]
    # The example's inputs are named by their features: a^(0) is not the point itself.
    assert page.text_content("[data-role=example-x]").startswith("x₁² = ")
    page.screenshot(path="/tmp/features-page.png", full_page=False)
    page.locator("[data-part=pictures]").screenshot(path="/tmp/features-pictures.png")


def eval_values(page):
    return json.loads(page.get_attribute(BOUNDARY, "data-values"))


@pytest.mark.parametrize("dataset,generated,features", [("sine", True, False), ("digits", False, False),
                                                        ("plane", True, True)])
def test_the_controls_show_only_where_they_apply(ui, dataset, generated, features):
    page = ui.page
    page.click(f"{FORM} summary")
    page.select_option(f"{FORM} select[name=dataset]", dataset)
    data = page.locator(f"{FORM} [data-role=data-options]")
    assert page.locator(f"{FORM} input[name=noise]").is_visible() == generated
    assert page.locator(f"{FORM} [data-role=new-data]").is_visible() == generated
    assert data.locator("[data-role=features]").is_visible() == features
    assert data.is_visible() == (generated or features)
    page.locator(FORM).screenshot(path=f"/tmp/features-form-{dataset}.png")


def test_a_network_with_more_features_than_axes_still_has_its_pictures(page, api):
    net = api.call("POST", "/api/networks", {"layers": [3, 4, 1], "dataset": "xor", "seed": 2, "noise": 0.1,
                                             "features": ["x1", "x2", "x1x2"]})
    trained_weights = api.call("POST", f"/api/networks/{net['id']}/train",
                               {"steps": 300, "learning_rate": 3, "batch_size": 20})["network"]["weights"]
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    ui = open_network(page, net["id"])
    step = api.call("GET", f"/api/networks/{net['id']}")["step"]
    page.wait_for_selector(f"{BOUNDARY}[data-step='{step}']")
    resolution = int(page.get_attribute(BOUNDARY, "data-resolution"))
    expected = api.call("POST", f"/api/networks/{net['id']}/grid", {"resolution": resolution, "hidden": True})
    assert eval_values(page) == expected["outputs"][0]
    assert page.locator("[data-part=pictures] canvas.heatmap").count() == 4
    assert page.locator(".input-label").all_text_contents() == ["x₁", "x₂", "x₁x₂"]
    # The points drawn are the network's own noisy ones, not the set as named.
    rows = [url for url in asked if "/api/datasets/xor" in url]
    assert rows and all(url.endswith("/api/datasets/xor?noise=0.1") for url in rows)
    page.locator("[data-part=pictures]").screenshot(path="/tmp/features-xor.png")

    # New data points: a new data seed, the same network; the page draws the new rows and picture.
    version = api.call("GET", f"/api/networks/{net['id']}")["version"]
    button = page.locator("[data-part=pictures] [data-role=regenerate]")
    assert button.is_visible()
    box, card = button.bounding_box(), page.locator("[data-part=pictures]").bounding_box()
    assert card["x"] <= box["x"] and box["x"] + box["width"] <= card["x"] + card["width"]
    button.click()
    ui.wait_until(lambda: api.call("GET", f"/api/networks/{net['id']}")["version"] > version)
    ui.settled()
    after = api.call("GET", f"/api/networks/{net['id']}")
    assert after["weights"] == trained_weights
    assert after["data_seed"] is not None and after["features"] == net["features"]
    ui.wait_until(lambda: any(f"data_seed={after['data_seed']}" in url for url in asked))
    evaluation = api.call("GET", f"/api/networks/{net['id']}/evaluate")
    shown_cost = lambda: page.get_attribute("[data-part=pictures] [data-metric=cost]", "data-value")  # noqa: E731
    ui.wait_until(lambda: shown_cost() and float(shown_cost()) == evaluation["cost"])
    page.locator("[data-part=pictures]").screenshot(path="/tmp/features-regenerated.png")


def test_the_features_preset_checks_its_features_and_a_preset_without_resets_them(ui, api):
    page = ui.page
    first = ui.network_id()
    page.click(f"{FORM} summary")
    page.select_option(f"{FORM} select[name=preset]", label="2-2-1 on circle, features x₁² and x₂²")
    checked = page.locator(f"{FORM} input[name=features]:checked").evaluate_all("els => els.map(e => e.value)")
    assert checked == ["x1^2", "x2^2"]
    page.click(f"{FORM} button[type=submit]")
    ui.wait_until(lambda: ui.network_id() != first)
    ui.settled()
    net = api.call("GET", f"/api/networks/{ui.network_id()}")
    assert (net["layers"], net["features"], net["noise"], net["data_seed"]) == ([2, 2, 1], ["x1^2", "x2^2"], 0, None)
    page.select_option(f"{FORM} select[name=preset]", label="2-3-1 on plane, linear output")
    checked = page.locator(f"{FORM} input[name=features]:checked").evaluate_all("els => els.map(e => e.value)")
    assert checked == ["x1", "x2"]


def test_a_refused_noise_is_said_under_its_box(ui, expect_console_errors):
    page = ui.page
    first = ui.network_id()
    page.click(f"{FORM} summary")
    page.select_option(f"{FORM} select[name=dataset]", "circle")
    page.fill(f"{FORM} input[name=noise]", "0.9")
    page.click(f"{FORM} button[type=submit]")
    message = page.locator(f"{FORM} .field-error[data-field-error=noise]")
    message.wait_for(state="visible")
    assert "0.5" in message.text_content()
    noise = page.locator(f"{FORM} input[name=noise]").bounding_box()
    shown = message.bounding_box()
    assert shown["y"] >= noise["y"] + noise["height"] - 1  # under its box, not somewhere else
    assert ui.network_id() == first
    assert expect_console_errors(422) == 1  # the refused create, as the browser logs it
