"""Edit by hand: typed or dragged values go to the server, and every number on the page follows."""
import pytest

from test_page_breakdown import assert_panel_matches_api
from teach_support import api_error, create, open_network
from teach_support import no_console_errors  # noqa: F401 (autouse: importing it applies it here)


@pytest.fixture(scope="module")
def network(api):
    return create(api, seed=11)


def get(api, network_id):
    return api.call("GET", f"/api/networks/{network_id}")


def test_typing_a_weight_and_a_bias_updates_the_server_and_the_page(page, api, network):
    ui = open_network(page, network["id"])
    ui.click_edge(2, 1, 0)
    section = page.locator("[data-part=hand-edit]")
    section.locator("summary").click()
    colours = ui.edge_colours()
    field = section.locator("input[data-edit=weight]")
    assert float(field.input_value()) == network["weights"][1][1][0]
    field.fill("0.75")
    field.press("Enter")
    ui.wait_until(lambda: get(api, network["id"])["weights"][1][1][0] == 0.75)
    ui.settled()
    ui.wait_panel(2, 1, 0)
    after = get(api, network["id"])
    assert ui.cost() == after["cost"] != network["cost"]
    assert_panel_matches_api(ui, api, 2, 1, 0)
    assert ui.page.locator(".breakdown-weight .value, .breakdown-weight mn").last.text_content() == "0.75"
    assert ui.edge_colours() != colours
    bp = api.call("POST", f"/api/networks/{network['id']}/backprop", {"example": ui.example()})
    for key in ("2:1:0", "3:0:1"):
        layer, j, k = map(int, key.split(":"))
        assert float(ui.edge(layer, j, k).get_attribute("data-gradient")) == bp["grad_w"][layer - 1][j][k]
    assert float(page.locator('.neuron[data-layer="3"][data-j="0"]').get_attribute("data-a")) == bp["a"][3][0]

    bias = section.locator("input[data-edit=bias]")
    bias.fill("-0.3")
    section.locator("button[data-edit-apply=bias]").click()
    ui.wait_until(lambda: get(api, network["id"])["biases"][1][1] == -0.3)
    ui.settled()
    ui.wait_panel(2, 1, 0)
    assert_panel_matches_api(ui, api, 2, 1, 0)
    assert ui.cost() == get(api, network["id"])["cost"]


def test_dragging_the_slider_sets_the_value_shown(page, api, network):
    ui = open_network(page, network["id"])
    ui.click_edge(1, 0, 1)
    section = page.locator("[data-part=hand-edit]")
    section.locator("summary").click()
    before = get(api, network["id"])["weights"][0][0][1]
    slider = section.locator("input[data-edit-slider=weight]")
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.9, box["y"] + box["height"] / 2)
    ui.wait_until(lambda: get(api, network["id"])["weights"][0][0][1] != before)
    ui.settled()
    ui.wait_panel(1, 0, 1)
    after = get(api, network["id"])["weights"][0][0][1]
    assert after > before
    assert float(section.locator("input[data-edit=weight]").input_value()) == after
    assert_panel_matches_api(ui, api, 1, 0, 1)


def test_bad_values_show_the_api_message_and_change_nothing(page, api, network, console_errors):
    ui = open_network(page, network["id"])
    ui.click_edge(3, 0, 2)
    section = page.locator("[data-part=hand-edit]")
    section.locator("summary").click()
    before = get(api, network["id"])
    for typed, sent in [("1e7", 1e7), ("abc", "abc")]:
        field = section.locator("input[data-edit=weight]")
        field.fill(typed)
        field.press("Enter")
        message = section.locator("[data-role=edit-message]").first
        ui.wait_until(lambda: message.text_content() != "")
        ui.settled()
        expected = api_error(api, "PUT", f"/api/networks/{network['id']}/weights/3/0/2", {"value": sent})
        assert message.text_content() == expected
        assert section.locator("input[data-edit=weight]").input_value() == typed
        # Beside the field that sent it, which is marked invalid; not repeated in the status line.
        assert section.locator("input[data-edit=weight]").get_attribute("aria-invalid") == "true"
        assert expected not in page.text_content("[data-part=status]")
        assert get(api, network["id"])["weights"] == before["weights"]
    assert len([e for e in console_errors if "status of 422" in e]) == 2

    # Another weight, then back: the old message is gone.
    ui.click_edge(3, 0, 1)
    ui.click_edge(3, 0, 2)
    assert section.locator("[data-role=edit-message]").first.text_content() == ""
