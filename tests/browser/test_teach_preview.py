"""Update preview: Delta w = -eta x dC/dw with the controls' learning rate, and C_0 before and after."""
import pytest

from teach_support import create, number, open_network, open_section
from teach_support import no_console_errors  # noqa: F401 (autouse: importing it applies it here)


@pytest.fixture(scope="module")
def network(api):
    return create(api)


def test_the_preview_is_the_api_with_the_controls_learning_rate(page, api, network):
    ui = open_network(page, network["id"])
    page.fill("[data-role=learning-rate]", "0.7")
    ui.click_edge(3, 0, 2)
    section = open_section(ui, "update-preview")
    q = lambda name: number(section.locator(f'[data-quantity="{name}"]'))
    body = {"layer": 3, "j": 0, "k": 2, "example": ui.example()}
    expected = api.call("POST", f"/api/networks/{network['id']}/update-preview", {**body, "learning_rate": 0.7})
    assert q("preview-learning-rate") == 0.7
    assert q("preview-gradient") == expected["gradient"] == number(page.locator('[data-factor="gradient"]'))
    assert q("preview-delta-w") == expected["delta_w"] == -0.7 * expected["gradient"]
    assert q("preview-weight-before") == network["weights"][2][0][2]
    assert q("preview-weight-after") == expected["weight_after"]
    assert q("preview-cost-before") == expected["cost_before"]
    assert q("preview-cost-after-this-weight") == expected["cost_after_this_weight"]
    assert q("preview-cost-after-all") == expected["cost_after_all"]
    section.scroll_into_view_if_needed()

    # The learning rate follows the controls; nothing was saved.
    page.fill("[data-role=learning-rate]", "2.5")
    ui.wait_until(lambda: q("preview-learning-rate") == 2.5)
    ui.settled()
    expected = api.call("POST", f"/api/networks/{network['id']}/update-preview", {**body, "learning_rate": 2.5})
    assert q("preview-delta-w") == expected["delta_w"] == -2.5 * expected["gradient"]
    assert q("preview-cost-after-all") == expected["cost_after_all"]
    assert api.call("GET", f"/api/networks/{network['id']}")["weights"] == network["weights"]

    # Another weight, another preview.
    ui.click_edge(1, 2, 0)
    page.wait_for_selector("[data-part=update-preview][data-ready=true]")
    expected = api.call("POST", f"/api/networks/{network['id']}/update-preview",
                        {"layer": 1, "j": 2, "k": 0, "example": ui.example(), "learning_rate": 2.5})
    assert q("preview-gradient") == expected["gradient"]
    assert q("preview-cost-after-this-weight") == expected["cost_after_this_weight"]
