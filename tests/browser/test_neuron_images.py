"""A first-layer neuron of an image network as two pictures, one pixel per incoming weight: its
weights w_jk^(1) and this example's dC_0/dw_jk^(1) (/backprop's grad_w row), each pixel the colour of
its value; pointing at a pixel shows its numbers, and clicking one (or Enter on the keyboard cursor)
opens that weight's three factors, equal to /breakdown's."""
from image_support import (SETS, assert_colours, backprop, breakdown, canvas_rgb, diverging, image_net,  # noqa: F401
                           open_image_network, pixel_point, steady_box)
from teach_support import no_console_errors, number  # noqa: F401

SECTION = "[data-part=neuron-image]"
WEIGHTS = f"{SECTION} [data-role=weight-image]"
GRADIENT = f"{SECTION} [data-role=gradient-image]"
J = 5


def select_neuron(page, j: int):
    page.locator(f'.neuron[data-layer="1"][data-j="{j}"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f'{SECTION}[data-j="{j}"]:not([hidden])')


def assert_pictures_are_the_apis(page, api, network_id, example, side, j):
    w = api.call("GET", f"/api/networks/{network_id}")["weights"][0][j]
    g = backprop(api, network_id, example)["grad_w"][0][j]
    for selector, values in ((WEIGHTS, w), (GRADIENT, g)):
        canvas = page.locator(selector)
        assert canvas.evaluate("c => [c.width, c.height]") == [side, side]
        assert canvas.get_attribute("data-j") == str(j)
        largest = max(abs(v) for v in values)
        assert float(canvas.get_attribute("data-max")) == largest
        assert_colours(canvas_rgb(page, selector), [diverging(v, largest) for v in values])
    return w, g


def test_a_first_layer_neuron_is_drawn_as_its_weights_and_this_examples_gradient(page, api, image_net):
    name, net = image_net
    side, _ = SETS[name]
    ui = open_image_network(page, net["id"])
    select_neuron(page, J)
    w, g = assert_pictures_are_the_apis(page, api, net["id"], ui.example(), side, J)
    # The gradient is delta_j x a_k: zero (grey) wherever the input pixel is blank, and not elsewhere.
    x = backprop(api, net["id"], ui.example())["x"]
    assert [v == 0 for v in g] == [a == 0 for a in x]
    # Both pictures are square, side by side in the panel, clear of each other.
    boxes = [steady_box(page, s) for s in (WEIGHTS, GRADIENT)]
    assert all(abs(b["width"] - b["height"]) < 1 and b["width"] >= 2 * side for b in boxes)
    assert boxes[0]["x"] + boxes[0]["width"] <= boxes[1]["x"] or boxes[0]["y"] + boxes[0]["height"] <= boxes[1]["y"]
    panel = page.locator("[data-part=breakdown]").bounding_box()
    assert all(panel["x"] <= b["x"] and b["x"] + b["width"] <= panel["x"] + panel["width"] for b in boxes)
    page.screenshot(path=f"/tmp/neuron-images-{name}.png")
    # Pointing at a pixel shows its weight, gradient and input.
    k = max(range(side * side), key=lambda i: abs(g[i]))
    page.mouse.move(*pixel_point(boxes[1], side, k))
    page.wait_for_selector(f"[data-role=pixel-readout][data-k='{k}']")
    readout = page.locator("[data-role=pixel-readout]")
    assert number(readout.locator("[data-term=pixel-weight]")) == w[k]
    assert number(readout.locator("[data-term=pixel-gradient]")) == g[k]
    assert number(readout.locator("[data-term=pixel-input]")) == x[k]
    # Another example: the gradient picture follows it; the weights stay.
    before = ui.example()
    page.click("[data-role=example-next]")
    ui.wait_until(lambda: ui.example() == before + 1)
    ui.settled()
    assert_pictures_are_the_apis(page, api, net["id"], ui.example(), side, J)


def test_clicking_a_pixel_of_either_picture_opens_that_weights_factors(page, api, image_net):
    name, net = image_net
    side, _ = SETS[name]
    ui = open_image_network(page, net["id"])
    select_neuron(page, J)
    g = backprop(api, net["id"], ui.example())["grad_w"][0][J]
    strongest = max(range(side * side), key=lambda i: abs(g[i]))
    for selector, k in ((WEIGHTS, side + 2), (GRADIENT, strongest), (WEIGHTS, side * side - 1)):
        page.mouse.click(*pixel_point(steady_box(page, selector), side, k))
        ui.wait_panel(1, J, k)
        expected = breakdown(api, net["id"], 1, J, k, ui.example())
        assert ui.factors() == {f: expected[f] for f in ("error", "slope", "input", "gradient")}
        # k = row * side + column: the input is that pixel of the example.
        assert expected["input"] == backprop(api, net["id"], ui.example())["x"][k]
        # The pictures stay, the chosen pixel marked on both, and the drawing selects that weight.
        for canvas in (WEIGHTS, GRADIENT):
            mark = page.locator(canvas).locator("xpath=..").locator(".pixel-mark")
            assert mark.is_visible()
            box, picture = mark.bounding_box(), steady_box(page, canvas)
            size = picture["width"] / side
            assert abs(box["x"] - (picture["x"] + (k % side) * size)) < 1.5
            assert abs(box["y"] - (picture["y"] + (k // side) * size)) < 1.5
        drawing = page.locator("[data-role=drawing]")
        assert [drawing.get_attribute(f"data-selected-{n}") for n in ("layer", "j", "k")] == ["1", str(J), str(k)]
    assert ui.factors()["gradient"] == g[side * side - 1]


def test_the_keyboard_moves_over_a_picture_and_opens_a_weight(page, api, image_net):
    name, net = image_net
    side, _ = SETS[name]
    ui = open_image_network(page, net["id"])
    select_neuron(page, J)
    page.locator(GRADIENT).focus()
    # Tab-like focus (not a click): the cursor starts at the top-left pixel.
    for key in ("ArrowRight", "ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp", "ArrowUp"):
        page.keyboard.press(key)
    # (0, 0) -> (0, 2) -> (1, 2) -> (1, 1) -> (0, 1) -> stays in row 0.
    assert page.get_attribute("[data-role=pixel-readout]", "data-k") == "1"
    page.keyboard.press("Enter")
    ui.wait_panel(1, J, 1)
    expected = breakdown(api, net["id"], 1, J, 1, ui.example())
    assert ui.factors() == {f: expected[f] for f in ("error", "slope", "input", "gradient")}


def test_the_pictures_belong_to_first_layer_neurons_only(page, api):
    from image_support import image_network
    net = image_network(api, "digits", steps=1)
    ui = open_image_network(page, net["id"])
    select_neuron(page, 2)
    page.locator('.neuron[data-layer="2"][data-j="3"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_selector('[data-part=neuron][data-layer="2"][data-j="3"]:not([hidden])')
    assert page.locator(SECTION).is_hidden()
    ui.settled()
