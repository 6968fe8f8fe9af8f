"""Draw your own digit: strokes drawn with the mouse become the exact input the page sends
(data-drawn-x), preprocessed as MNIST or UCI optdigits were; every number the page then shows is for
that drawing (checked against the API given its x and y); "Learn from this one" takes one SGD step
on it that equals an independent autograd step; and the pad fits a desktop and a phone screen."""
import json
import math

import numpy as np
import pytest

import reference as R
from teach_support import close, create, number, numbers, open_network, open_section
from teach_support import no_console_errors  # noqa: F401 (autouse: importing it applies it here)

PAD = "[data-part=draw]"
CANVAS = "[data-draw-canvas]"
# A 7: the bar, then the long stroke down; and a 3 in two arcs.
SEVEN = [[(0.25, 0.2), (0.72, 0.22), (0.45, 0.85)]]
THREE = [[(0.3, 0.2), (0.65, 0.22), (0.7, 0.35), (0.45, 0.48)],
         [(0.45, 0.48), (0.72, 0.62), (0.65, 0.8), (0.3, 0.82)]]


@pytest.fixture(scope="module")
def mnist(api):
    return create(api, layers=[784, 16, 16, 10], loss="mse", dataset="mnist", seed=1)


@pytest.fixture(scope="module")
def digits(api):
    return create(api, layers=[64, 16, 16, 10], loss="cross_entropy", dataset="digits", seed=2)


def draw(page, strokes):
    canvas = page.locator(CANVAS)
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    at = lambda p: (box["x"] + p[0] * box["width"], box["y"] + p[1] * box["height"])
    for stroke in strokes:
        page.mouse.move(*at(stroke[0]))
        page.mouse.down()
        for p in stroke[1:]:
            page.mouse.move(*at(p), steps=10)
        page.mouse.up()


def drawn_x(page):
    return json.loads(page.get_attribute(CANVAS, "data-drawn-x"))


def ink(page):
    """The pad's ink as the page reads it: the canvas's alpha over 255, as a (height, width) array."""
    alpha = page.locator(CANVAS).evaluate(
        "c => Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 4 === 3))")
    size = page.locator(CANVAS).evaluate("c => [c.height, c.width]")
    return np.array(alpha, dtype=float).reshape(size) / 255


def js_round(v):
    return math.floor(v + 0.5)


def area_matrix(length, count):
    """count x length: output pixel o averages source pixels over [o, o + 1) * length / count."""
    edges = np.arange(count + 1) * length / count
    i = np.arange(length)
    overlap = np.clip(np.minimum(edges[1:, None], i + 1) - np.maximum(edges[:-1, None], i), 0, None)
    return overlap / (length / count)


def fitted(mask_or_ink, fit, threshold):
    ys, xs = np.nonzero(mask_or_ink > threshold)
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    w, h = x1 - x0, y1 - y0
    scale = fit / max(w, h)
    ow, oh = max(1, js_round(w * scale)), max(1, js_round(h * scale))
    crop = mask_or_ink[y0:y1, x0:x1]
    return area_matrix(h, oh) @ crop @ area_matrix(w, ow).T


def mnist_reference(pixels):
    """MNIST's recipe, written again with NumPy: 20x20 fit by area averaging, darkest pixel 1, centre of mass at (14, 14)."""
    small = fitted(pixels, 20, 0)
    small = np.minimum(1, small / small.max())
    rows, cols = np.indices(small.shape) + 0.5
    cy, cx = (small * rows).sum() / small.sum(), (small * cols).sum() / small.sum()
    top = min(max(js_round(14 - cy), 0), 28 - small.shape[0])
    left = min(max(js_round(14 - cx), 0), 28 - small.shape[1])
    field = np.zeros((28, 28))
    field[top:top + small.shape[0], left:left + small.shape[1]] = small
    return field.ravel()


def uci_counts(pixels):
    """UCI optdigits' recipe with NumPy: the binary stroke fitted into 32x32 (centred by its box), ink
    counted per 4x4 block. Returns the counts with pixels exactly half covered taken as off and as on."""
    binary = (pixels > 0.5).astype(float)
    coverage = fitted(binary, 32, 0.5)
    counts = []
    for bits in (coverage > 0.5 + 1e-9, coverage >= 0.5 - 1e-9):
        h, w = bits.shape
        bitmap = np.zeros((32, 32))
        top, left = (32 - h) // 2, (32 - w) // 2
        bitmap[top:top + h, left:left + w] = bits
        counts.append(bitmap.reshape(8, 4, 8, 4).sum(axis=(1, 3)).ravel())
    return counts


def centre_of_mass(x, side):
    image = np.array(x).reshape(side, side)
    rows, cols = np.indices(image.shape) + 0.5
    return (image * cols).sum() / image.sum(), (image * rows).sum() / image.sum()


def pick_label(ui, digit):
    ui.page.click(f"{PAD} [data-label='{digit}']")
    ui.page.wait_for_selector(f"{PAD}[data-current=drawn]")
    ui.page.wait_for_selector("[data-part=example][data-example=drawn]")
    ui.settled()


def assert_outputs_are_forward(ui, api, network_id, x):
    """Every shown output, the Example card's cost, and the prediction are /forward's for x."""
    page = ui.page
    y = [1.0 if d == int(page.get_attribute(f"{PAD} [aria-pressed=true]", "data-label")) else 0.0 for d in range(10)]
    expected = api.call("POST", f"/api/networks/{network_id}/forward", {"x": x, "y": y})
    shown = numbers(page.locator("[data-output-digit]"))
    assert len(shown) == 10
    assert all(close(s, e) for s, e in zip(shown, expected["a"][-1])), (shown, expected["a"][-1])
    predicted = page.get_attribute("[data-output-digit].is-predicted", "data-output-digit")
    assert int(predicted) == int(np.argmax(expected["a"][-1]))
    return expected


def open_top_weight(ui):
    """The weight with the largest |dC_0/dw| for this example, opened from the list of the largest."""
    button = ui.page.locator("[data-part=top-gradients] .top-entry").first
    layer, j, k = (int(button.get_attribute(f"data-{n}")) for n in ("layer", "j", "k"))
    button.click()
    ui.page.wait_for_selector(f'[data-selected-layer="{layer}"][data-selected-j="{j}"][data-selected-k="{k}"]'
                              '[data-selected-example=""] .breakdown-body:not(.is-stale)')
    ui.settled()
    return layer, j, k


def learn_and_check(ui, api, network_id, x, label, loss):
    """Learn from this one: the saved step is W - eta dC_0/dW of (x, y) by autograd, to 1e-12."""
    page = ui.page
    before = api.call("GET", f"/api/networks/{network_id}")
    rate = float(page.input_value("[data-role=learning-rate]"))
    y = np.eye(10)[label]
    weights, biases = [np.array(w) for w in before["weights"]], [np.array(b) for b in before["biases"]]
    ref = R.example(weights, biases, "sigmoid", "sigmoid", loss, np.array(x), y)
    page.click(f"{PAD} [data-role=draw-learn]")
    page.wait_for_selector(f"{PAD} [data-role=draw-learned]:not([hidden])")
    ui.settled()
    after = api.call("GET", f"/api/networks/{network_id}")
    assert after["version"] == before["version"] + 1
    assert after["step"] == before["step"]
    for l in range(3):
        np.testing.assert_allclose(after["weights"][l], weights[l] - rate * ref.grad_w[l], rtol=0, atol=1e-12)
        np.testing.assert_allclose(after["biases"][l], biases[l] - rate * ref.grad_b[l], rtol=0, atol=1e-12)
    new_w, new_b = [np.array(w) for w in after["weights"]], [np.array(b) for b in after["biases"]]
    cost_after = R.example(new_w, new_b, "sigmoid", "sigmoid", loss, np.array(x), y).cost
    costs = numbers(page.locator(f"{PAD} [data-role=learned-costs] b"))
    assert close(costs[0], ref.cost) and close(costs[1], cost_after)
    assert costs[1] < costs[0]
    shown_before = numbers(page.locator(f"{PAD} [data-role=learned-before] td"))
    assert all(close(s, e) for s, e in zip(shown_before, ref.a[-1]))
    # The page redrew on the new version: its outputs are the saved network's.
    expected = assert_outputs_are_forward(ui, api, network_id, x)
    shown_after = numbers(page.locator(f"{PAD} [data-role=learned-after] td"))
    assert all(close(s, e) for s, e in zip(shown_after, expected["a"][-1]))


def test_a_drawn_mnist_digit_is_the_example_of_every_number(page, api, mnist):
    ui = open_network(page, mnist["id"])
    assert page.locator(PAD).is_visible()
    draw(page, SEVEN)
    x = drawn_x(page)
    assert len(x) == 784 and all(0 <= v <= 1 for v in x) and max(x) == 1
    cx, cy = centre_of_mass(x, 28)
    assert abs(cx - 14) <= 0.5 and abs(cy - 14) <= 0.5, (cx, cy)
    image = np.array(x).reshape(28, 28)
    extent = (np.flatnonzero(image.any(axis=0)), np.flatnonzero(image.any(axis=1)))
    assert max(len(extent[0]), len(extent[1])) == 20
    np.testing.assert_allclose(x, mnist_reference(ink(page)), rtol=0, atol=1e-9)
    # No label yet: the page asks for one and still shows a data-set row.
    assert page.get_attribute(f"{PAD}", "data-current") == ""
    assert "true label" in page.text_content(f"{PAD} [data-role=draw-hint]")

    pick_label(ui, 7)
    assert_outputs_are_forward(ui, api, mnist["id"], x)

    layer, j, k = open_top_weight(ui)
    body = {"layer": layer, "j": j, "k": k, "x": x, "y": [float(d == 7) for d in range(10)]}
    bd = api.call("POST", f"/api/networks/{mnist['id']}/breakdown", body)
    for name in ("error", "slope", "input", "gradient"):
        assert close(ui.factors()[name], bd[name]), name
    assert close(ui.quantity("bias-gradient"), bd["bias_gradient"])
    if bd["paths"]:
        terms = numbers(page.locator("[data-part=paths] [data-term=contribution]"))
        assert all(close(t, p["contribution"]) for t, p in zip(terms, bd["paths"]))
    preview = open_section(ui, "update-preview")
    rate = float(page.input_value("[data-role=learning-rate]"))
    expected_preview = api.call("POST", f"/api/networks/{mnist['id']}/update-preview", {**body, "learning_rate": rate})
    for field in ("gradient", "delta_w", "cost_before", "cost_after_all"):
        assert close(number(preview.locator(f'[data-quantity="preview-{field.replace("_", "-")}"]')), expected_preview[field])
    batch = page.locator("[data-part=batch-compare]")
    batch.locator("summary").click()
    ui.wait_until(lambda: "your drawing is not one" in batch.text_content())

    learn_and_check(ui, api, mnist["id"], x, 7, "mse")

    # A data-set row again: the pad keeps the drawing and offers it back.
    page.click("[data-role=example-next]")
    ui.wait_until(lambda: page.get_attribute("[data-part=example]", "data-example") not in ("drawn", None))
    ui.settled()
    assert page.get_attribute(PAD, "data-current") == ""
    assert page.locator(f"{PAD} [data-role=draw-use]").is_visible()
    assert page.locator(f"{PAD} [data-role=draw-learn]").is_disabled()
    page.click(f"{PAD} [data-role=draw-use]")
    page.wait_for_selector("[data-part=example][data-example=drawn]")
    ui.settled()
    assert_outputs_are_forward(ui, api, mnist["id"], x)


def test_a_drawn_digit_on_the_8x8_network_is_counted_as_uci_made_it(page, api, digits):
    ui = open_network(page, digits["id"])
    draw(page, THREE)
    x = drawn_x(page)
    assert len(x) == 64 and all(v * 16 == round(v * 16) and 0 <= v <= 1 for v in x)
    low, high = uci_counts(ink(page))
    counts = np.array(x) * 16
    assert np.all(counts >= low) and np.all(counts <= high), (counts, low, high)
    pick_label(ui, 3)
    assert_outputs_are_forward(ui, api, digits["id"], x)
    learn_and_check(ui, api, digits["id"], x, 3, "cross_entropy")


def test_a_new_stroke_replaces_the_drawing_and_clear_returns_to_rows(page, api, mnist):
    ui = open_network(page, mnist["id"])
    draw(page, THREE[:1])
    pick_label(ui, 3)
    first = drawn_x(page)
    draw(page, THREE[1:])
    second = drawn_x(page)
    assert second != first
    ui.settled()
    # Only the newest drawing's answers are shown.
    assert_outputs_are_forward(ui, api, mnist["id"], second)
    page.click(f"{PAD} [data-role=draw-clear]")
    ui.wait_until(lambda: page.get_attribute("[data-part=example]", "data-example") != "drawn")
    ui.settled()
    assert page.get_attribute(CANVAS, "data-drawn-x") is None
    assert page.locator(f"{PAD} [aria-pressed=true]").count() == 0
    row = int(page.get_attribute("[data-part=example]", "data-example"))
    data = api.call("POST", f"/api/networks/{mnist['id']}/backprop", {"example": row})
    shown = numbers(page.locator("[data-output-digit]"))
    assert all(close(s, e) for s, e in zip(shown, data["a"][-1]))


def overlaps(a, b):
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


@pytest.mark.parametrize("width, height", [(1280, 720), (390, 844)])
def test_the_pad_is_usable_on_a_desktop_and_a_phone(page, api, mnist, width, height):
    page.set_viewport_size({"width": width, "height": height})
    ui = open_network(page, mnist["id"])
    draw(page, SEVEN)
    pick_label(ui, 7)
    canvas = page.locator(CANVAS).bounding_box()
    assert canvas["width"] >= 180 and canvas["width"] == canvas["height"]
    assert canvas["x"] >= 0 and canvas["x"] + canvas["width"] <= width
    assert page.locator(CANVAS).evaluate("c => getComputedStyle(c).touchAction") == "none"
    controls = page.locator(f"{PAD} button:visible, {PAD} [data-role=draw-preview], {PAD} [data-role=draw-hint]")
    boxes = [controls.nth(i).bounding_box() for i in range(controls.count())]
    assert len(boxes) >= 13
    for box in boxes:
        assert not overlaps(canvas, box), box
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    pad = page.locator(PAD).bounding_box()
    for other in ("example", "digit", "network", "pictures"):
        card = page.locator(f"[data-part={other}]")
        if card.is_visible():
            assert not overlaps(pad, card.bounding_box()), other
    page.locator(PAD).scroll_into_view_if_needed()
    page.screenshot(path=f"/tmp/draw-digit-{width}x{height}.png")
    assert_outputs_are_forward(ui, api, mnist["id"], drawn_x(page))


def test_a_finger_draws_on_a_phone(browser, base_url, api, mnist):
    """Touch input (through Chromium's own touch events, not the mouse) draws, and the page does not
    scroll under the finger: the pad takes every touch (touch-action: none)."""
    context = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844},
                                  has_touch=True, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    try:
        ui = open_network(page, mnist["id"])
        canvas = page.locator(CANVAS)
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        scroll = page.evaluate("() => window.scrollY")
        cdp = context.new_cdp_session(page)
        points = [(0.3 + 0.4 * t / 20, 0.2 + 0.6 * t / 20) for t in range(21)]
        at = lambda p: {"x": box["x"] + p[0] * box["width"], "y": box["y"] + p[1] * box["height"]}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [at(points[0])]})
        for p in points[1:]:
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [at(p)]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        ui.wait_until(lambda: canvas.get_attribute("data-drawn-x") is not None)
        assert page.evaluate("() => window.scrollY") == scroll
        x = drawn_x(page)
        assert len(x) == 784
        # A diagonal stroke, taller than wide: 20 pixels tall, narrower, its mass centred.
        image = np.array(x).reshape(28, 28)
        assert len(np.flatnonzero(image.any(axis=1))) == 20 > len(np.flatnonzero(image.any(axis=0))) > 10
        cx, cy = centre_of_mass(x, 28)
        assert abs(cx - 14) <= 0.5 and abs(cy - 14) <= 0.5
        pick_label(ui, 1)
        assert_outputs_are_forward(ui, api, mnist["id"], x)
    finally:
        context.close()


def test_live_training_leaves_the_drawing_and_the_drawing_pauses_training(page, api, mnist):
    """Live frames carry a data-set row's numbers, so the drawing and a live stream take turns."""
    ui = open_network(page, mnist["id"])
    draw(page, SEVEN)
    pick_label(ui, 7)
    x = drawn_x(page)
    page.click("[data-role=train]")
    ui.wait_until(lambda: page.get_attribute("[data-role=train]", "aria-pressed") == "true")
    ui.wait_until(lambda: page.get_attribute("[data-part=example]", "data-example") not in ("drawn", None))
    assert "your drawing stays on the pad" in page.text_content("[data-part=status]")
    assert page.get_attribute(PAD, "data-current") == ""
    assert page.locator(f"{PAD} [data-role=draw-learn]").is_disabled()
    page.click(f"{PAD} [data-role=draw-use]")
    page.wait_for_selector("[data-part=example][data-example=drawn]")
    ui.wait_until(lambda: page.get_attribute("[data-role=train]", "aria-pressed") == "false")
    ui.settled()
    assert "Training paused" in page.text_content("[data-part=status]")
    # The network as the server paused it, read for the drawing.
    assert_outputs_are_forward(ui, api, mnist["id"], x)


def test_the_guided_walk_speaks_of_the_drawing(page, api, digits):
    ui = open_network(page, digits["id"])
    draw(page, SEVEN)
    pick_label(ui, 7)
    x = drawn_x(page)
    page.click("[data-role=walk-start]")
    for _ in range(12):
        if page.get_attribute("[data-part=walk]", "data-walk-step") == "average":
            break
        page.click("[data-role=walk-next]")
    page.wait_for_selector('[data-part=walk][data-walk-step=average] [data-quantity="walk-example-gradient"]')
    ui.settled()
    walk = page.locator("[data-part=walk]")
    assert "This example (your drawing)" in walk.text_content()
    assert page.get_attribute("[data-part=example]", "data-example") == "drawn"
    y = [float(d == 7) for d in range(10)]
    bp = api.call("POST", f"/api/networks/{digits['id']}/backprop", {"x": x, "y": y})
    assert close(number(walk.locator('[data-quantity="walk-example-gradient"]')), bp["grad_w"][-1][0][0])
