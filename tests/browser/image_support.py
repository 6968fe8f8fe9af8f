"""Helpers of the image-network browser tests (digits 8x8, mnist 28x28): the networks, canvas
pixels read back from the page, the colours they must have, and clicks on a pixel."""
import math

import pytest

from conftest import Ui, wait_settled
from teach_support import create, open_network

#: name -> (image side, the network's layers)
SETS = {"mnist": (28, [784, 16, 16, 10]), "digits": (8, [64, 16, 16, 10])}

PAPER, INK = (255, 255, 255), (45, 52, 84)
NEUTRAL, NEGATIVE, POSITIVE = (212, 216, 222), (33, 102, 172), (192, 40, 43)


def image_network(api, name: str, steps: int = 120) -> dict:
    """The set's 784-16-16-10 (or 64-16-16-10) network, sigmoid and squared error as in the video,
    trained a little so its weights and gradients have a pattern."""
    side, layers = SETS[name]
    net = create(api, layers=layers, dataset=name, seed=4)
    api.call("POST", f"/api/networks/{net['id']}/train", {"steps": steps, "learning_rate": 3, "batch_size": 10})
    return api.call("GET", f"/api/networks/{net['id']}")


def open_image_network(page, network_id: str) -> Ui:
    ui = open_network(page, network_id)
    page.wait_for_selector("[data-role=drawing][data-input-image]")
    page.locator(".input-image").scroll_into_view_if_needed()
    wait_settled(page)
    steady_box(page, ".input-image")
    return ui


def steady_box(page, selector: str) -> dict:
    """The element's box once it stops moving (a column may still be scrolling smoothly)."""
    box = None
    for _ in range(100):
        page.wait_for_timeout(60)
        now = page.locator(selector).bounding_box()
        if box is not None and now == box:
            return now
        box = now
    raise AssertionError(f"{selector} never stopped moving")


def js_round(value: float) -> int:
    """Math.round, as the page rounds colour channels."""
    return math.floor(value + 0.5)


def blend(start, end, t: float) -> tuple:
    return tuple(js_round(c + (e - c) * t) for c, e in zip(start, end))


def ink(value: float) -> tuple:
    """An input pixel's colour: its value in [0, 1] as ink, 0 paper white, 1 dark slate."""
    return blend(PAPER, INK, min(1.0, max(0.0, value)))


def diverging(value: float, largest: float) -> tuple:
    """The linear diverging scale of color-scale.js: grey at 0, blue negative, red positive."""
    t = min(1.0, abs(value) / largest) if largest > 0 else (1.0 if value else 0.0)
    return blend(NEUTRAL, NEGATIVE if value < 0 else POSITIVE, t)


def canvas_rgb(page, selector: str) -> list:
    """Every pixel of a canvas (its own pixels, not the screen's), as (r, g, b), row by row."""
    data = page.eval_on_selector(selector, "c => Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data)")
    return [tuple(data[i:i + 3]) for i in range(0, len(data), 4)]


def assert_colours(shown: list, expected: list):
    """Equal to within one level per channel (float rounding at a .5 may differ)."""
    assert len(shown) == len(expected)
    wrong = [(i, s, e) for i, (s, e) in enumerate(zip(shown, expected)) if max(abs(a - b) for a, b in zip(s, e)) > 1]
    assert not wrong, wrong[:5]


def pixel_point(box: dict, side: int, k: int, where=(0.5, 0.5)) -> tuple:
    """Page coordinates of a point inside pixel k (row * side + column) of an image drawn in `box`."""
    size = box["width"] / side
    return box["x"] + (k % side + where[0]) * size, box["y"] + (k // side + where[1]) * size


def corner_point(box: dict, side: int, k: int) -> tuple:
    """Whole page pixels (a click's coordinates are whole) inside pixel k, in a corner: outside the
    circle inscribed in it, where only the drawing's own pixel lookup can find it."""
    size = box["width"] / side
    left, top = box["x"] + (k % side) * size, box["y"] + (k // side) * size
    centre = (left + size / 2, top + size / 2)
    inside = [(x, y) for x in range(math.ceil(left), math.floor(left + size) + 1)
              for y in range(math.ceil(top), math.floor(top + size) + 1)
              if min(x - left, left + size - x, y - top, top + size - y) >= 0.3]
    point = max(inside, key=lambda p: math.dist(p, centre))
    assert math.dist(point, centre) > size / 2 + 0.2, f"no whole-pixel point in the corner of a {size:.1f} px pixel"
    return point


def overlaps(a: dict, b: dict) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def backprop(api, network_id: str, example: int) -> dict:
    return api.call("POST", f"/api/networks/{network_id}/backprop", {"example": example})


def breakdown(api, network_id: str, layer: int, j: int, k: int, example: int) -> dict:
    return api.call("POST", f"/api/networks/{network_id}/breakdown", {"layer": layer, "j": j, "k": k, "example": example})


@pytest.fixture(scope="module", params=list(SETS))
def image_net(request, api):
    """Each image set's network, made once per module."""
    return request.param, image_network(api, request.param)
