"""Presenter mode (?present=1 or the header's toggle): large type, a decision boundary of 300 px or
more with its axes, heatmaps readable from the back, and only the controls a lesson needs. Also
the boundary's axis labels outside presenter mode, and tables that never cut their numbers."""
import pytest

from screen_support import box, screen  # noqa: F401 (screen is a fixture)
from teach_support import DEFAULT_SPEC

LAPTOP = {"viewport": {"width": 1280, "height": 720}}
BOUNDARY = "[data-part=pictures] [data-role=boundary] canvas"
HIDDEN_IN_PRESENTER = ["[data-part=my-networks]", "[data-part=new-network]", "[data-part=network-files]",
                       "[data-part=top-gradients]", "[data-role=batch-size]"]
SHOWN_IN_PRESENTER = ["[data-role=train]", "[data-role=step]", "[data-role=reset]", "[data-role=learning-rate]",
                      "[data-role=speed]", "[data-role=walk-start]", "[data-role=example-next]", "[data-role=presenter-toggle]"]
TICKS = """(role) => [...document.querySelectorAll(`[data-part=pictures] [data-role=${role}] .axis-tick`)].map((t) => {
  const r = t.getBoundingClientRect(); return { value: +t.dataset.value, text: t.textContent,
  left: r.left, right: r.right, top: r.top, bottom: r.bottom, x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2 }; })"""


def font_size(page):
    return float(page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)"))


def wait_boundary(page):
    page.wait_for_selector(f"{BOUNDARY}[data-step]")
    page.wait_for_selector("[data-part=pictures] [data-role=axis-x] .axis-tick")


def check_axes(page, api):
    """Ticks under and left of the canvas, outside it, at round values placed where the /grid ranges put them."""
    canvas = box(page, BOUNDARY)
    network_id = page.get_attribute("[data-network-id]", "data-network-id")
    ranges = api.call("POST", f"/api/networks/{network_id}/grid", {"resolution": 5})["ranges"]
    across, up = page.evaluate(TICKS, "axis-x"), page.evaluate(TICKS, "axis-y")
    assert len(across) >= 2 and len(up) >= 2
    for ticks, (low, high), start, size, coordinate in [
            (across, (ranges[0]["low"], ranges[0]["high"]), canvas["left"], canvas["width"], "x"),
            (up, (ranges[1]["low"], ranges[1]["high"]), canvas["bottom"], -canvas["height"], "y")]:
        for tick in ticks:
            assert low <= tick["value"] <= high and tick["value"] == round(tick["value"], 6)
            assert abs(tick[coordinate] - (start + (tick["value"] - low) / (high - low) * size)) <= 1.5
    assert all(t["top"] >= canvas["bottom"] for t in across)
    assert all(t["right"] <= canvas["left"] for t in up)
    ordered = sorted(across, key=lambda t: t["left"])
    assert all(a["right"] <= b["left"] for a, b in zip(ordered, ordered[1:]))
    assert "x₁" in page.text_content("[data-part=pictures] [data-role=boundary] figcaption")


def test_present_in_the_address_opens_presenter_mode(screen, api):
    page = screen(query="?present=1", **LAPTOP)
    wait_boundary(page)
    screen.shot(page, "presenter-1280x720")
    assert page.get_attribute("html", "data-presenter") == "true"
    assert page.get_attribute("[data-role=presenter-toggle]", "aria-pressed") == "true"
    assert font_size(page) >= 18
    boundary = box(page, BOUNDARY)
    assert boundary["width"] >= 300 and boundary["height"] >= 300
    heatmaps = page.eval_on_selector_all("canvas.heatmap", "cs => cs.map((c) => c.getBoundingClientRect().width)")
    assert heatmaps and min(heatmaps) >= 64
    for selector in HIDDEN_IN_PRESENTER:
        assert page.locator(selector).is_hidden(), selector
    for selector in SHOWN_IN_PRESENTER:
        assert page.locator(selector).is_visible(), selector
    # The drawing and the Train button are still in view, the page itself does not scroll.
    for selector in ("[data-role=drawing]", "[data-role=train]", "[data-part=breakdown]"):
        b = box(page, selector)
        assert b["top"] >= 0 and b["bottom"] <= 720 and b["right"] <= 1280, selector
    assert page.evaluate("document.scrollingElement.scrollHeight") <= 722
    page.locator(BOUNDARY).scroll_into_view_if_needed()
    check_axes(page, api)


def test_the_toggle_switches_presenter_mode_and_the_address_keeps_it(screen):
    page = screen(**LAPTOP)
    wait_boundary(page)
    normal = font_size(page)
    assert page.get_attribute("html", "data-presenter") == "false"
    assert box(page, BOUNDARY)["width"] < 300
    for selector in HIDDEN_IN_PRESENTER:
        assert page.locator(selector).count() == 1 and page.locator(selector).is_visible(), selector

    page.click("[data-role=presenter-toggle]")
    page.wait_for_selector("html[data-presenter=true]")
    assert "present=1" in page.url and font_size(page) > normal
    assert box(page, BOUNDARY)["width"] >= 300
    page.reload()
    page.wait_for_selector("[data-network-id][aria-busy=false]")
    assert page.get_attribute("html", "data-presenter") == "true"

    page.click("[data-role=presenter-toggle]")
    page.wait_for_selector("html[data-presenter=false]")
    assert "present" not in page.url and font_size(page) == normal
    assert page.locator("[data-part=my-networks]").is_visible()


@pytest.mark.parametrize("width, height", [(1920, 1080), (1024, 768)])
def test_presenter_mode_on_a_projector_keeps_a_large_boundary(screen, width, height):
    page = screen(query="?present=1", viewport={"width": width, "height": height})
    wait_boundary(page)
    screen.shot(page, f"presenter-{width}x{height}")
    boundary = box(page, BOUNDARY)
    assert boundary["width"] >= 300 and boundary["height"] >= 300
    stage = box(page, ".stage")
    assert stage["left"] <= boundary["left"] and boundary["right"] <= stage["right"]
    if width >= 1600:
        # Wide enough: the boundary stands beside the drawing, both in view.
        drawing = box(page, "[data-role=drawing]")
        assert boundary["left"] >= drawing["right"] and boundary["bottom"] <= height
    b = box(page, "[data-role=train]")
    assert b["bottom"] <= height


def test_the_boundary_has_axis_labels_outside_presenter_mode(screen, api):
    page = screen(**LAPTOP)
    wait_boundary(page)
    page.locator(BOUNDARY).scroll_into_view_if_needed()
    check_axes(page, api)


CLIPPED = """(selector) => [...document.querySelectorAll(selector)].filter((c) => c.getClientRects().length).flatMap((c) => {
  let box = c.parentElement;
  while (box && box !== document.body && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
  const scrolls = box && box !== document.body && ['auto', 'scroll'].includes(getComputedStyle(box).overflowX)
    && box.scrollWidth > box.clientWidth;
  const r = c.getBoundingClientRect(), b = (box && box !== document.body ? box : document.documentElement).getBoundingClientRect();
  const problems = [];
  if (c.scrollWidth > c.clientWidth + 1) problems.push('text cut');
  if ((r.right > b.right + 1 || r.left < b.left - 1) && !scrolls) problems.push('outside its box');
  return problems.map((p) => `${p}: ${c.textContent.slice(0, 24)}`);
})"""


@pytest.mark.parametrize("context_args", [{"viewport": {"width": 1024, "height": 768}}, LAPTOP,
                                          {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}],
                         ids=["1024", "1280", "phone"])
def test_tables_never_cut_a_number(screen, context_args):
    digits = {**DEFAULT_SPEC, "layers": [64, 16, 16, 10], "loss": "cross_entropy", "dataset": "digits", "seed": 3}
    page = screen(digits, **context_args)
    page.click("[data-role=walk-start]")
    for _ in range(8):
        if page.locator(".walk-table").count():
            break
        page.click("[data-role=walk-next]")
        page.wait_for_timeout(150)
    page.wait_for_selector('[data-part=walk][data-walk-step="sum"] .walk-table [data-quantity=walk-path-term]')
    assert page.locator(".walk-table tbody tr").count() == 16
    assert page.evaluate(CLIPPED, ".walk-table th, .walk-table td") == []
    page.locator(".walk-table").scroll_into_view_if_needed()
    screen.shot(page, f"walk-table-{context_args['viewport']['width']}")
    page.click("[data-role=walk-leave]")
    page.click("[data-tab=layer]")
    page.click("[data-role=layer-picker] button:has-text('1')")
    page.wait_for_selector('[data-panel=layer] [data-quantity=grad-w][data-cols="64"]')
    assert page.evaluate(CLIPPED, "[data-panel=layer] mtd") == []
    assert page.evaluate(CLIPPED, ".breakdown table td, .breakdown table th") == []
    page.locator("[data-panel=layer] [data-quantity=grad-w]").scroll_into_view_if_needed()
    screen.shot(page, f"matrix-{context_args['viewport']['width']}")
