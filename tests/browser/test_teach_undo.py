"""Undo of hand edits: each Undo puts back, through the same PUT as the edit, the value the newest
edit replaced, down to the API's original values; the stack (20 edits and more) starts empty on Reset."""
import pytest

from teach_support import create, open_network
from teach_support import no_console_errors  # noqa: F401 (autouse: importing it applies it here)


@pytest.fixture(scope="module")
def network(api):
    return create(api, seed=9)


def get(api, network_id):
    return api.call("GET", f"/api/networks/{network_id}")


def undo_count(section) -> int:
    return int(section.locator("[data-role=edit-undo]").get_attribute("data-count"))


def edit(ui, section, kind: str, value: str, count: int):
    field = section.locator(f"input[data-edit={kind}]")
    field.fill(value)
    field.press("Enter")
    ui.wait_until(lambda: undo_count(section) == count)
    ui.settled()


def undo(ui, section, count: int):
    section.locator("[data-role=edit-undo]").click()
    ui.wait_until(lambda: undo_count(section) == count)
    ui.settled()


def test_edit_edit_undo_undo_returns_to_the_original_values(page, api, network):
    ui = open_network(page, network["id"])
    ui.click_edge(2, 1, 0)
    section = page.locator("[data-part=hand-edit]")
    section.locator("summary").click()
    button = section.locator("[data-role=edit-undo]")
    assert button.is_disabled() and undo_count(section) == 0

    edit(ui, section, "weight", "0.75", 1)
    edit(ui, section, "bias", "-0.3", 2)
    now = get(api, network["id"])
    assert now["weights"][1][1][0] == 0.75 and now["biases"][1][1] == -0.3
    assert "b1 of layer 2" in section.locator(".edit-undo").text_content()

    undo(ui, section, 1)
    now = get(api, network["id"])
    assert now["biases"][1][1] == network["biases"][1][1]
    assert now["weights"][1][1][0] == 0.75
    undo(ui, section, 0)
    now = get(api, network["id"])
    assert now["weights"] == network["weights"] and now["biases"] == network["biases"]
    assert now["cost"] == network["cost"] == ui.cost()
    # The fields show the restored values, exactly.
    assert float(section.locator("input[data-edit=weight]").input_value()) == network["weights"][1][1][0]
    assert float(section.locator("input[data-edit=bias]").input_value()) == network["biases"][1][1]
    assert button.is_disabled()


def test_twenty_two_edits_undo_to_the_original_and_reset_clears_the_stack(page, api, network):
    ui = open_network(page, network["id"])
    ui.click_edge(1, 0, 1)
    section = page.locator("[data-part=hand-edit]")
    section.locator("summary").click()
    values = [f"{0.1 * (i + 1):.1f}" for i in range(21)]
    for count, value in enumerate(values, start=1):
        edit(ui, section, "weight", value, count)
    edit(ui, section, "bias", "2.5", 22)
    assert get(api, network["id"])["weights"][0][0][1] == 2.1
    for count in range(21, -1, -1):
        undo(ui, section, count)
        if count:
            # With `count` edits left, the last of them is the value on the server.
            assert get(api, network["id"])["weights"][0][0][1] == float(values[count - 1])
    now = get(api, network["id"])
    assert now["weights"] == network["weights"] and now["biases"] == network["biases"]

    edit(ui, section, "weight", "1.5", 1)
    page.click("[data-role=reset]")
    ui.wait_until(lambda: undo_count(section) == 0)
    assert section.locator("[data-role=edit-undo]").is_disabled()
    assert get(api, network["id"])["weights"] == network["weights"]


def test_a_bias_edited_in_the_neuron_view_is_undone_there(page, api, network):
    ui = open_network(page, network["id"])
    start = get(api, network["id"])
    page.locator('[data-neuron-layer="2"][data-neuron-index="2"] circle').click()
    view = page.locator('[data-part=neuron][data-layer="2"][data-j="2"]')
    view.wait_for()
    edit(ui, view, "bias", "1.25", 1)
    assert get(api, network["id"])["biases"][1][2] == 1.25
    undo(ui, view, 0)
    assert get(api, network["id"])["biases"] == start["biases"]
    assert float(view.locator("input[data-edit=bias]").input_value()) == start["biases"][1][2]
