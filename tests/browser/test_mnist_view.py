"""An image network's drawing (mnist 28x28 and digits 8x8): the input layer is the example's image,
each pixel an input neuron to click; the outputs are labelled 0-9 with bars of a^(L) equal to
/forward's; the digit card shows the image too; and the page never downloads a whole image set."""
import pytest

from image_support import (SETS, assert_colours, corner_point, backprop, canvas_rgb, image_net, ink, open_image_network,  # noqa: F401
                           overlaps, pixel_point, steady_box)
from teach_support import no_console_errors, numbers  # noqa: F401

DRAWING = "[data-role=drawing]"


def circle_centres(page, layer: int) -> list:
    return page.eval_on_selector_all(
        f'.neuron[data-layer="{layer}"] circle',
        "cs => cs.map(c => { const b = c.getBoundingClientRect(); return [b.x + b.width / 2, b.y + b.height / 2, b.width / 2]; })")


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_input_layer_is_the_examples_image_beside_the_other_layers(page, api, image_net, size):
    name, net = image_net
    side, layers = SETS[name]
    page.set_viewport_size({"width": size[0], "height": size[1]})
    ui = open_image_network(page, net["id"])
    page.screenshot(path=f"/tmp/image-network-{name}-{size[0]}.png")
    assert page.get_attribute(DRAWING, "data-input-image") == str(side)
    assert page.get_attribute(DRAWING, "data-renderer") == "canvas"
    image = page.locator(".input-image")
    assert image.evaluate("c => [c.width, c.height]") == [side, side]
    box = image.bounding_box()
    # A square image, wholly inside the drawing, of at least 3 screen pixels per image pixel.
    assert abs(box["width"] - box["height"]) < 1 and box["width"] >= 3 * side
    drawing = page.locator(DRAWING).bounding_box()
    assert box["x"] >= drawing["x"] and box["x"] + box["width"] <= drawing["x"] + drawing["width"]
    assert box["y"] >= drawing["y"] and box["y"] + box["height"] <= drawing["y"] + drawing["height"]
    # Clear of layer 1's neurons and of every layer heading; layer 0's heading stands over it.
    hidden = circle_centres(page, 1)
    assert box["x"] + box["width"] < min(x - r for x, _, r in hidden)
    headings = page.locator("[data-layer-heading]")
    assert headings.count() == len(layers)
    for i in range(len(layers)):
        assert not overlaps(box, headings.nth(i).bounding_box())
    heading = headings.nth(0).bounding_box()
    assert abs(heading["x"] + heading["width"] / 2 - (box["x"] + box["width"] / 2)) < 2
    assert heading["y"] + heading["height"] <= box["y"]
    # Its pixels are this example's inputs, as ink.
    x = backprop(api, net["id"], ui.example())["x"]
    assert_colours(canvas_rgb(page, ".input-image"), [ink(v) for v in x])
    # Each input neuron sits at the centre of its pixel, so its edges start there.
    pixel = box["width"] / side
    centres = circle_centres(page, 0)
    assert len(centres) == side * side
    for k in (0, side - 1, side * side // 2 + 3, side * side - 1):
        cx, cy = pixel_point(box, side, k)
        assert abs(centres[k][0] - cx) < 0.6 and abs(centres[k][1] - cy) < 0.6
        assert abs(centres[k][2] - pixel / 2) < 0.6


def test_clicking_a_pixel_selects_its_input_and_lights_its_weights(page, api, image_net):
    name, net = image_net
    side, _ = SETS[name]
    ui = open_image_network(page, net["id"])
    grad_w = backprop(api, net["id"], ui.example())["grad_w"][0]
    # The pixel's centre, then a point near a corner (where its circle does not reach).
    for k, corner in ((side * (side // 2) + side // 2 - 1, False), (side * 3 + 5, True)):
        box = steady_box(page, ".input-image")
        page.mouse.click(*(corner_point(box, side, k) if corner else pixel_point(box, side, k)))
        page.wait_for_selector(f'[data-part=neuron][data-layer="0"][data-j="{k}"]:not([hidden])')
        assert page.get_attribute(f'.neuron[data-layer="0"][data-j="{k}"]', "data-selected") == "true"
        assert page.locator(".neuron[data-selected=true]").count() == 1
        # Its weights into layer 1, lit and coloured by this example's gradient.
        edges = page.locator(".pixel-edge[data-highlighted=true]")
        assert edges.count() == 16
        rows = edges.evaluate_all("es => es.map(e => [+e.dataset.layer, +e.dataset.j, +e.dataset.k, Number(e.dataset.gradient)])")
        assert rows == [[1, j, k, grad_w[j][k]] for j in range(16)]
        assert ui.quantity("neuron-a") == backprop(api, net["id"], ui.example())["x"][k]
    # From the keyboard: the input neurons keep their focus and Enter.
    page.locator('.neuron[data-layer="0"][data-j="0"]').focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_selector('[data-part=neuron][data-layer="0"][data-j="1"]:not([hidden])')
    assert page.locator(".pixel-edge").first.get_attribute("data-k") == "1"


def assert_outputs_are_the_apis(page, api, network_id, example):
    data = backprop(api, network_id, example)
    forward = api.call("POST", f"/api/networks/{network_id}/forward", {"x": data["x"]})["a"][-1]
    bars = page.locator("[data-output-digit]")
    assert bars.evaluate_all("es => es.map(e => e.dataset.outputDigit)") == [str(d) for d in range(10)]
    assert bars.evaluate_all("es => es.map(e => e.querySelector('.output-digit-label').textContent)") == [str(d) for d in range(10)]
    assert numbers(bars) == forward
    best = max(range(10), key=lambda d: forward[d])
    assert page.get_attribute("[data-output-digit].is-predicted", "data-output-digit") == str(best)
    assert page.get_attribute("[data-output-digit].is-true", "data-output-digit") == str(data["y"].index(1.0))
    # A longer bar for a larger output.
    widths = bars.evaluate_all("es => es.map(e => e.querySelector('.output-digit-bar').getBBox().width)")
    order = sorted(range(10), key=lambda d: forward[d])
    assert [widths[d] for d in order] == sorted(widths)


def test_the_outputs_are_labelled_0_to_9_with_bars_of_their_activation(page, api, image_net):
    name, net = image_net
    ui = open_image_network(page, net["id"])
    outputs = circle_centres(page, 3)
    bars = page.locator("[data-output-digit]")
    boxes = [bars.nth(d).bounding_box() for d in range(10)]
    drawing = page.locator(DRAWING).bounding_box()
    for d, (box, (x, y, r)) in enumerate(zip(boxes, outputs)):
        # Beside its neuron, level with it, inside the drawing, clear of the others.
        assert box["x"] > x + r and abs(box["y"] + box["height"] / 2 - y) < 2
        assert box["x"] + box["width"] <= drawing["x"] + drawing["width"] + 1
        assert all(not overlaps(box, other) for other in boxes[d + 1:])
    # Outputs this small keep their rings apart.
    assert all(b[1] - a[1] > 2 * a[2] + 6 for a, b in zip(outputs, outputs[1:]))
    assert_outputs_are_the_apis(page, api, net["id"], ui.example())
    before = ui.example()
    page.click("[data-role=example-next]")
    ui.wait_until(lambda: ui.example() == before + 1)
    ui.settled()
    assert_outputs_are_the_apis(page, api, net["id"], ui.example())


def test_a_saturated_output_is_marked_in_words(page, api):
    # Weights far out saturate the sigmoid outputs of this example: each is marked "sat", readable.
    net = api.call("POST", "/api/networks", {"layers": [64, 16, 16, 10], "hidden_activation": "sigmoid",
                                             "output_activation": "sigmoid", "loss": "mse", "dataset": "digits", "seed": 1})
    for j in range(10):
        api.call("PUT", f"/api/networks/{net['id']}/biases/3/{j}", {"value": 12.0 if j % 2 else -12.0})
    open_image_network(page, net["id"])
    page.wait_for_selector(".output-digit-mark:text('sat')")
    data = backprop(api, net["id"], 0)
    marks = page.locator("[data-output-digit] .output-digit-mark").evaluate_all("ms => ms.map(m => m.textContent)")
    assert marks == ["sat" if s < 0.01 else "" for s in data["slope"][-1]]
    assert "sat" in marks
    texts = page.locator(".output-digit-mark:text('sat')")
    boxes = [texts.nth(i).bounding_box() for i in range(texts.count())]
    assert all(b["height"] >= 8 for b in boxes)
    assert all(not overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_the_digit_card_shows_the_image_of_any_side(page, api, image_net):
    name, net = image_net
    side, _ = SETS[name]
    ui = open_image_network(page, net["id"])
    image = page.locator("[data-part=digit] [data-role=digit-image]")
    assert page.locator("[data-part=digit]").is_visible()
    assert image.get_attribute("data-side") == str(side)
    x = backprop(api, net["id"], ui.example())["x"]
    assert image.locator("rect").evaluate_all("rs => rs.map(r => Number(r.dataset.value))") == x


def test_the_page_never_fetches_a_whole_image_set(page, api):
    net = image_network_of(api)
    asked = []
    page.on("request", lambda r: asked.append(r.url))
    ui = open_image_network(page, net)
    page.click("[data-role=example-next]")
    ui.settled()
    page.mouse.click(*pixel_point(steady_box(page, ".input-image"), 28, 400))
    page.wait_for_selector('[data-part=neuron][data-layer="0"][data-j="400"]:not([hidden])')
    ui.settled()
    assert [u for u in asked if "/api/datasets/" in u] == []


def image_network_of(api):
    from image_support import image_network
    return image_network(api, "mnist", steps=1)["id"]
