"""Regularisation on the page: turning L2 on in the Training card, the breakdown's fourth term and
total against /breakdown, the update preview on the total, the walk's extra step, and off again."""
import math

from teach_support import create, number, open_network, open_section
from teach_support import no_console_errors  # noqa: F401 (autouse: importing it applies it here)


def box(page, selector):
    b = page.locator(selector).bounding_box()
    assert b is not None, f"{selector} is not laid out"
    return b


def overlaps(a, b) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def breakdown(api, network_id, layer, j, k, example):
    return api.call("POST", f"/api/networks/{network_id}/breakdown",
                    {"layer": layer, "j": j, "k": k, "example": example})


def test_l2_adds_the_fourth_term_to_the_panel_preview_and_walk(page, api):
    network = create(api)
    ui = open_network(page, network["id"])
    control = page.locator("[data-part=regularization]")
    assert control.is_visible() and page.locator("[data-role=regularization]").input_value() == "none"
    assert page.locator('[data-factor="regularization"]').count() == 0

    # L2 on: the page sends PATCH; the network on the server has it, at the starting rate 0.01.
    page.select_option("[data-role=regularization]", "l2")
    ui.wait_until(lambda: api.call("GET", f"/api/networks/{network['id']}")["regularization"] == "l2")
    ui.settled()
    stored = api.call("GET", f"/api/networks/{network['id']}")
    assert (stored["regularization"], stored["regularization_rate"]) == ("l2", 0.01)
    assert stored["version"] == network["version"] + 1
    assert "include the L2 penalty" in page.text_content("[data-role=regularization-caption]")
    ui.wait_until(lambda: math.isclose(ui.cost(), stored["cost"], rel_tol=1e-12))

    # A weight's panel: the three factors, then + the term and = the total, all the server's numbers.
    ui.click_edge(2, 1, 1)
    ui.wait_until(lambda: page.locator('[data-factor="total"]').count() == 1)
    expected = breakdown(api, network["id"], 2, 1, 1, ui.example())
    assert ui.factors() == {name: expected[name] for name in ("error", "slope", "input", "gradient")}
    term = number(page.locator('[data-factor="regularization"]'))
    total = number(page.locator('[data-factor="total"]'))
    assert term == expected["regularization_term"] == 2 * 0.01 * stored["weights"][1][1][1]
    assert total == expected["total_gradient"]
    assert math.isclose(total, expected["gradient"] + term, rel_tol=1e-15, abs_tol=1e-300)
    assert number(page.locator('[data-quantity="numerical-total-gradient"]')) == expected["numerical_total_gradient"]
    assert page.locator("[data-role=bias-not-regularized]").is_visible()
    # The rows stack in order, the same width, none over another; the values line up on the right.
    rows = [box(page, f".factors .factor-{name}") for name in ("error", "slope", "input", "gradient",
                                                                "regularization", "total")]
    for above, below in zip(rows, rows[1:]):
        assert below["y"] >= above["y"] + above["height"] - 1 and not overlaps(
            {**above, "height": above["height"] - 1}, below)
        assert abs(below["x"] - above["x"]) < 1 and abs(below["width"] - above["width"]) < 1
    values = [box(page, f'[data-factor="{name}"]') for name in ("gradient", "regularization", "total")]
    assert max(v["x"] + v["width"] for v in values) - min(v["x"] + v["width"] for v in values) < 2
    meaning = page.locator(".factor-regularization .factor-meaning").text_content()
    assert "dislikes a big weight" in meaning
    page.locator(".factors").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/regularization-panel.png")

    # The update preview follows the total gradient.
    section = open_section(ui, "update-preview")
    q = lambda name: number(section.locator(f'[data-quantity="{name}"]'))
    rate = float(page.input_value("[data-role=learning-rate]"))
    preview = api.call("POST", f"/api/networks/{network['id']}/update-preview",
                       {"layer": 2, "j": 1, "k": 1, "example": ui.example(), "learning_rate": rate})
    assert q("preview-total-gradient") == preview["total_gradient"] == total
    assert q("preview-regularization-term") == term
    assert q("preview-delta-w") == preview["delta_w"] == -rate * total
    assert q("preview-cost-before") == preview["cost_before"]
    section.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/regularization-preview.png")

    # The walk gains a last step, on the last layer's w_00, with the server's numbers.
    page.click("[data-role=walk-start]")
    page.wait_for_selector('[data-part="walk"][data-walk-step="path"]')
    steps = int(page.text_content('[data-part="walk"] .walk-progress').split(" of ")[1])
    for _ in range(steps - 1):
        page.click("[data-role=walk-next]")
    page.wait_for_selector('[data-part="walk"][data-walk-step="regularization"]')
    page.wait_for_selector('[data-quantity="walk-total-gradient"]')
    ui.settled()
    L = len(network["layers"]) - 1
    last = breakdown(api, network["id"], L, 0, 0, ui.example())
    walk_number = lambda name: number(page.locator(f'[data-part="walk"] [data-quantity="{name}"]'))
    assert walk_number("walk-regularization-term") == last["regularization_term"]
    assert walk_number("walk-total-gradient") == last["total_gradient"]
    assert walk_number("walk-data-gradient") == last["gradient"]
    page.locator('[data-part="walk"]').scroll_into_view_if_needed()
    page.screenshot(path="/tmp/regularization-walk.png")
    page.click("[data-role=walk-leave]")

    # Another rate, typed: PATCH again, and the term follows.
    page.fill("[data-role=regularization-rate]", "0.3")
    page.locator("[data-role=regularization-rate]").dispatch_event("change")
    ui.wait_until(lambda: api.call("GET", f"/api/networks/{network['id']}")["regularization_rate"] == 0.3)
    ui.settled()
    ui.click_edge(2, 1, 1)
    ui.wait_until(lambda: number(page.locator('[data-factor="regularization"]')) == 2 * 0.3 * stored["weights"][1][1][1])

    # Off: the rows and the walk step go.
    page.select_option("[data-role=regularization]", "none")
    ui.wait_until(lambda: api.call("GET", f"/api/networks/{network['id']}")["regularization"] == "none")
    ui.settled()
    ui.wait_until(lambda: page.locator('[data-factor="regularization"]').count() == 0)
    page.click("[data-role=walk-start]")
    page.wait_for_selector('[data-part="walk"] .walk-progress')
    assert page.text_content('[data-part="walk"] .walk-progress').endswith(f"of {steps - 1}")


def test_a_new_network_can_be_made_with_l1(page, api):
    network = create(api)
    ui = open_network(page, network["id"])
    form = page.locator("[data-part=new-network]")
    form.locator(":scope > summary").click()
    form.locator("select[name=regularization]").select_option("l1")
    form.locator("input[name=regularization_rate]").fill("0.003")
    form.locator("button[type=submit]").click()
    ui.wait_until(lambda: ui.network_id() != network["id"])
    ui.settled()
    made = api.call("GET", f"/api/networks/{ui.network_id()}")
    assert (made["regularization"], made["regularization_rate"]) == ("l1", 0.003)
    assert page.locator("[data-role=regularization]").input_value() == "l1"
    # The two new fields sit in the form's grid without covering each other or the data set.
    boxes = [box(page, "[data-part=new-network] label:has(select[name=regularization])"),
             box(page, "[data-part=new-network] label:has(input[name=regularization_rate])"),
             box(page, "[data-part=new-network] label:has(select[name=dataset])")]
    assert not overlaps(boxes[0], boxes[1]) and not overlaps(boxes[1], boxes[2]) and not overlaps(boxes[0], boxes[2])
    # A rate the server would refuse is said beside the form, and nothing is sent.
    form.locator("input[name=regularization_rate]").fill("12")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("[data-part=new-network] [data-role=form-message]:has-text('most allowed, 10')")
    page.locator("[data-part=new-network]").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/regularization-form.png")


def test_an_l1_weight_at_the_corner_explains_the_total_check(page, api):
    network = create(api, regularization="l1", regularization_rate=0.1)
    api.call("PUT", f"/api/networks/{network['id']}/weights/2/1/1", {"value": 3e-6})
    ui = open_network(page, network["id"])
    # The Training card shows the network's own setting.
    assert page.locator("[data-role=regularization]").input_value() == "l1"
    assert page.locator("[data-role=regularization-rate]").input_value() == "0.1"
    ui.click_edge(2, 1, 1)
    expected = breakdown(api, network["id"], 2, 1, 1, ui.example())
    assert expected["numerical_total_note"]["case"] == "l1_corner"
    note = page.locator('[data-role=check-notes] [data-note="total"]')
    note.wait_for()
    assert note.get_attribute("data-case") == "l1_corner"
    assert expected["numerical_total_note"]["text"] in note.text_content()
    assert number(page.locator('[data-quantity="numerical-total-gradient"]')) == expected["numerical_total_gradient"]
    assert "see below" in page.locator('tr[data-check="total"]').text_content()
    # The note sits under the checks table, not over it.
    table, under = box(page, "table.checks"), note.bounding_box()
    assert under["y"] >= table["y"] + table["height"] - 1
    note.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/regularization-corner.png")

    # A neuron's view: its bias gradient says biases carry no penalty, and it is the API's dC_0/db.
    page.locator('.neuron[data-layer="2"][data-j="1"] circle').click()
    page.wait_for_selector('[data-part=neuron][data-layer="2"][data-j="1"]:not([hidden])')
    ui.settled()
    row = page.locator('[data-part=neuron] .neuron-quantity:has([data-quantity="neuron-grad-b"])')
    assert "biases are not regularised" in row.text_content()
    assert number(row.locator('[data-quantity="neuron-grad-b"]')) == expected["bias_gradient"]
