"""The numerical check explains itself in the panel: in each case where the central difference is the
one that is wrong, the API's reason is shown under the check (not a bare "relative difference 1"),
and a path whose error is beyond float64 says why its factors cannot multiply to its term."""
import pytest

from conftest import POINT_ON_EDGE
from teach_support import open_network
from teach_support import no_console_errors  # noqa: F401 (autouse: importing it applies it here)


def imported(api, layers, hidden, output, loss, weights, biases, dataset=None):
    doc = {"format": "backprop-lab-network", "version": 1, "layers": layers, "hidden_activation": hidden,
           "output_activation": output, "loss": loss, "dataset": dataset, "seed": 1, "step": 0, "cursor": 0,
           "weights": weights, "biases": biases}
    return api.call("POST", "/api/networks/import", doc)


def open_weight(ui, layer, j, k):
    """Clicks an edge, also on a network without a data set (whose example is custom, not a row)."""
    point = ui.edge(layer, j, k).evaluate(POINT_ON_EDGE)
    ui.page.mouse.click(point["x"], point["y"])
    ui.page.wait_for_selector(f'[data-selected-layer="{layer}"][data-selected-j="{j}"][data-selected-k="{k}"] '
                              ".breakdown-body:not(.is-stale)")
    ui.settled()


def sine_x0(api):
    return api.call("GET", "/api/datasets/sine")["x"][0][0]


def api_breakdown(api, network, layer, j, k, example):
    body = {"layer": layer, "j": j, "k": k}
    if example is None:
        body.update(x=[0.0] * network["layers"][0], y=[0.0] * network["layers"][-1])
    else:
        body["example"] = example
    return api.call("POST", f"/api/networks/{network['id']}/breakdown", body)


def networks(api):
    x0 = sine_x0(api)
    return {
        # z = 1 x x0 + (-x0 - 3e-6) = -3e-6: a ReLU just below its kink.
        "kink": (imported(api, [1, 1, 1], "relu", "linear", "mse", [[[1.0]], [[2.0]]], [[-x0 - 3e-6], [0.0]],
                          dataset="sine"), 0, "weight"),
        # No data set: x = 0, y = 0, and z = b = 40 saturates the sigmoid output.
        "below_resolution": (imported(api, [1, 1], "sigmoid", "sigmoid", "mse", [[[1.0]]], [[40.0]]), None, "bias"),
        # w = -1e300 on x0 < 0: a finite forward pass (w2 = 1e-300 brings it back), but w +- h is w.
        "huge_parameter": (imported(api, [1, 1, 1], "relu", "linear", "mse", [[[-1e300]], [[1e-300]]], [[0.0], [0.0]],
                                    dataset="sine"), 0, "weight"),
    }


@pytest.mark.parametrize("case", ["kink", "below_resolution", "huge_parameter"])
def test_each_case_is_explained_under_the_check(page, api, case):
    network, example, which = networks(api)[case]
    page.set_viewport_size({"width": 1280, "height": 720})
    ui = open_network(page, network["id"])
    open_weight(ui, 1, 0, 0)
    expected = api_breakdown(api, network, 1, 0, 0, example)
    note = expected["numerical_note" if which == "weight" else "numerical_bias_note"]
    assert note is not None and note["case"] == case
    shown = page.locator(f"[data-role=check-notes] [data-note={which}]")
    shown.wait_for(state="visible")
    assert shown.get_attribute("data-case") == case
    assert note["text"] in shown.text_content()
    # The relative difference is still shown, pointing at the reason instead of standing alone.
    row = page.locator(f".checks tbody tr:has(th:text-is('{which}'))")
    cell = row.locator("td").nth(2)
    assert cell.text_content().startswith(f"{note['relative_difference']:.2g}".replace("e-0", "e-")[:1])
    assert "see below" in cell.text_content()
    # Under the table, inside the panel, readable in the viewport once scrolled to.
    shown.scroll_into_view_if_needed()
    note_box, table_box = shown.bounding_box(), page.locator(".checks").bounding_box()
    panel_box = page.locator("[data-part=breakdown]").bounding_box()
    assert note_box["y"] >= table_box["y"] + table_box["height"] - 1
    assert panel_box["x"] - 1 <= note_box["x"] and note_box["x"] + note_box["width"] <= panel_box["x"] + panel_box["width"] + 1
    assert 0 <= note_box["y"] and note_box["y"] + min(note_box["height"], 200) <= 720
    page.screenshot(path=f"/tmp/c2-note-{case}.png")


def test_an_ordinary_weight_has_no_note(page, api):
    network = api.call("POST", "/api/networks", {"layers": [2, 3, 3, 1], "dataset": "xor", "seed": 1})
    ui = open_network(page, network["id"])
    ui.click_edge(3, 0, 1)
    expected = api_breakdown(api, network, 3, 0, 1, ui.example())
    assert expected["numerical_note"] is None
    assert page.locator("[data-role=check-notes] [data-note]").count() == 0
    assert "see below" not in page.text_content(".checks")


def test_a_path_whose_error_is_beyond_float64_says_why_its_factors_do_not_multiply(page, api):
    # Cross-entropy, output z = 0.5 x 0.5 + 800: the output's error overflows, delta = a - y = 1.
    network = imported(api, [1, 1, 1], "sigmoid", "sigmoid", "cross_entropy", [[[1.0]], [[0.5]]], [[0.0], [800.0]])
    page.set_viewport_size({"width": 1280, "height": 720})
    ui = open_network(page, network["id"])
    open_weight(ui, 1, 0, 0)
    expected = api_breakdown(api, network, 1, 0, 0, None)
    path = expected["paths"][0]
    assert path["error"] is None and path["contribution"] == 0.5
    row = page.locator("[data-part=paths] tr[data-path='0']")
    note = page.locator("[data-part=paths] tr[data-path-note='0']")
    note.wait_for(state="visible")
    text = note.text_content()
    assert "beyond float64" in text and "δ = a − y = 1" in text and "weight × δ = 0.5" in text
    assert row.locator('[data-term="error"]').text_content() == "overflow"
    note.scroll_into_view_if_needed()
    row_box, note_box = row.bounding_box(), note.bounding_box()
    assert note_box["y"] >= row_box["y"] + row_box["height"] - 1  # right under its row
    scroller = page.locator("[data-part=paths] .paths-scroll").bounding_box()
    assert note_box["x"] >= scroller["x"] - 1
    page.screenshot(path="/tmp/c2-path-note.png")
