"""The page at the sizes a class uses: a projector (1024x768), laptops (1280x720, 1366 at 125% =
1093x700), a large screen (1920x1080) and a phone (390x844, touch). Checks where things are and
what overlaps, from the boxes the browser lays out; screenshots go to the test's tmp_path."""
import pytest

from conftest import POINT_ON_EDGE
from screen_support import BOX, apart, box, inside_viewport, screen  # noqa: F401 (screen is a fixture)
from teach_support import DEFAULT_SPEC

DESKTOPS = [(1024, 768), (1280, 720), (1093, 700), (1920, 1080)]
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DEEP = [2, 4, 4, 4, 4, 4, 4, 4, 4, 1]
DIGITS = {"layers": [64, 16, 16, 10], "hidden_activation": "sigmoid", "output_activation": "sigmoid",
          "loss": "cross_entropy", "dataset": "digits", "seed": 3}

HEADINGS = """() => [...document.querySelectorAll('[data-layer-heading]')].map((g) => { const r = g.getBoundingClientRect();
  return { layer: +g.dataset.layerHeading, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
           text: [...g.querySelectorAll('text')].map((t) => t.textContent).join('|'), title: g.querySelector('title').textContent }; })"""


@pytest.mark.parametrize("size", DESKTOPS, ids=[f"{w}x{h}" for w, h in DESKTOPS])
@pytest.mark.parametrize("spec", [None, DIGITS], ids=["xor", "digits"])
def test_train_drawing_breakdown_and_walk_are_in_view_on_first_load(screen, size, spec):
    width, height = size
    page = screen(spec, viewport={"width": width, "height": height})
    screen.shot(page, f"first-load-{width}x{height}")
    # The page itself never scrolls: each column scrolls on its own.
    assert page.evaluate("document.scrollingElement.scrollHeight") <= height + 2
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width + 2
    parts = {name: box(page, selector) for name, selector in [
        ("train", "[data-role=train]"), ("drawing", "[data-role=drawing]"),
        ("breakdown", "[data-part=breakdown]"), ("walk", "[data-role=walk-start]")]}
    for name, b in parts.items():
        assert inside_viewport(page, b), f"{name} at {b} is not in the {width}x{height} window"
    assert parts["drawing"]["height"] >= 280 and parts["drawing"]["width"] >= 380
    for one, other in [("train", "drawing"), ("drawing", "breakdown"), ("walk", "drawing"), ("train", "breakdown")]:
        assert apart(parts[one], parts[other]), f"{one} and {other} overlap"
    for column in (".sidebar", ".stage", ".breakdown"):
        assert page.eval_on_selector(column, "e => getComputedStyle(e).overflowY") == "auto"


def test_a_phone_stacks_the_cards_and_fits_the_drawing_to_its_width(screen):
    page = screen(**PHONE)
    screen.shot(page, "phone-first-load")
    drawing, stage, breakdown, sidebar = (box(page, s) for s in ("[data-role=drawing]", ".stage", ".breakdown", ".sidebar"))
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    assert 300 <= drawing["width"] <= 390 and drawing["left"] >= 0 and drawing["right"] <= 390
    # One column: the drawing, then its breakdown, then the controls, each below the one before.
    assert stage["bottom"] <= breakdown["top"] and breakdown["bottom"] <= sidebar["top"]
    assert drawing["top"] < 844


@pytest.mark.parametrize("layers, context_args", [
    ([2, 3, 3, 1], PHONE), (DEEP, {"viewport": {"width": 1024, "height": 768}}),
    (DEEP, PHONE), ([2, 3, 3, 1], {"viewport": {"width": 1920, "height": 1080}})],
    ids=["2-3-3-1-phone", "deep-1024", "deep-phone", "2-3-3-1-1920"])
def test_layer_headings_never_collide(screen, layers, context_args):
    page = screen({**DEFAULT_SPEC, "layers": layers}, **context_args)
    screen.shot(page, f"headings-{len(layers)}-{context_args['viewport']['width']}")
    headings = sorted(page.evaluate(HEADINGS), key=lambda h: h["layer"])
    drawing = box(page, "[data-role=drawing]")
    assert [h["layer"] for h in headings] == list(range(len(layers)))
    for before, after in zip(headings, headings[1:]):
        assert before["right"] <= after["left"], f"{before['text']} runs into {after['text']}"
    for h in headings:
        assert drawing["left"] - 1 <= h["left"] and h["right"] <= drawing["right"] + 1
        # However short the heading, its tooltip has the full words.
        assert h["title"].startswith(f"layer {h['layer']}: ")
        assert str(h["layer"]) in h["text"]
    wide = context_args["viewport"]["width"] >= 1920 and len(layers) == 4
    if wide:
        assert headings[-1]["text"] == "layer 3|output · sigmoid"
    if layers == DEEP:
        # Ten columns in a narrow drawing cannot hold "layer 9": the short form is drawn.
        assert all(not h["text"].startswith("layer") for h in headings)


def wait_still(page, selector, frames=8):
    """Waits until a smooth scroll has ended: the element's top stays put for some frames."""
    last, same = None, 0
    for _ in range(200):
        top = page.evaluate(BOX, selector)["top"]
        same = same + 1 if last is not None and abs(top - last) < 0.5 else 0
        if same >= frames:
            return
        last = top
        page.wait_for_timeout(30)
    raise AssertionError(f"{selector} never stopped moving")


def test_tapping_a_weight_on_a_phone_brings_its_three_factors_into_view_and_back(screen):
    page = screen(**PHONE)
    assert box(page, "[data-part=breakdown]")["top"] > 844  # the panel starts out of sight
    point = page.locator('.edge[data-layer="2"][data-j="0"][data-k="1"]').evaluate(POINT_ON_EDGE)
    page.touchscreen.tap(point["x"], point["y"])
    page.wait_for_selector('[data-selected-layer="2"][data-selected-j="0"][data-selected-k="1"] .breakdown-body:not(.is-stale) [data-factor=error]')
    wait_still(page, "[data-factor=gradient]")
    screen.shot(page, "phone-tapped")
    for factor in ("error", "slope", "input", "gradient"):
        b = box(page, f"[data-factor={factor}]")
        assert inside_viewport(page, b), f"the {factor} factor at {b} is out of view"
    page.click("[data-role=back-to-drawing]")
    wait_still(page, "[data-role=drawing]")
    drawing = box(page, "[data-role=drawing]")
    assert 0 <= drawing["top"] < 844 / 2 and drawing["bottom"] > 0
    assert page.get_attribute('.edge[data-layer="2"][data-j="0"][data-k="1"]', "data-selected") == "true"


def neuron_x(page, layer):
    return page.eval_on_selector(f'.neuron[data-layer="{layer}"] circle', "c => c.getBoundingClientRect().left")


def test_the_drawing_zooms_with_buttons_and_a_pinch_and_fits_back(screen):
    page = screen({**DEFAULT_SPEC, "layers": DEEP}, **PHONE)
    frame = "[data-role=drawing-frame]"
    fitted = page.eval_on_selector(frame, "f => [f.scrollWidth, f.clientWidth]")
    assert fitted[0] <= fitted[1] + 1
    gap = neuron_x(page, 2) - neuron_x(page, 1)
    page.click("[data-zoom=in]")
    page.click("[data-zoom=in]")
    assert page.get_attribute(frame, "data-zoom") == "2"
    page.wait_for_timeout(200)
    wide, visible = page.eval_on_selector(frame, "f => [f.scrollWidth, f.clientWidth]")
    assert wide >= 1.9 * visible
    assert neuron_x(page, 2) - neuron_x(page, 1) > 1.8 * gap
    screen.shot(page, "phone-zoomed")
    page.click("[data-zoom=fit]")
    assert page.get_attribute(frame, "data-zoom") == "1"

    # Two fingers moving apart zoom in by the ratio of their distances (here 60 -> 150 px: 2.5x).
    b = box(page, frame)
    cx, cy = (b["left"] + b["right"]) / 2, (b["top"] + b["bottom"]) / 2
    cdp = page.context.new_cdp_session(page)
    touch = lambda kind, d: cdp.send("Input.dispatchTouchEvent", {  # noqa: E731
        "type": kind, "touchPoints": [] if kind == "touchEnd" else
        [{"x": cx - d / 2, "y": cy, "id": 0}, {"x": cx + d / 2, "y": cy, "id": 1}]})
    touch("touchStart", 60)
    for d in (80, 110, 150):
        touch("touchMove", d)
    touch("touchEnd", 0)
    assert abs(float(page.get_attribute(frame, "data-zoom")) - 2.5) < 0.05
    assert page.eval_on_selector(frame, "f => getComputedStyle(f).touchAction") == "pan-x pan-y"
