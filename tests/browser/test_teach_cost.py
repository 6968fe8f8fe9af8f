"""Cost choice: the same example judged by cross-entropy, through the loss override; the network is unchanged."""
import pytest

from teach_support import close, create, number, open_network, open_section
from teach_support import no_console_errors  # noqa: F401 (autouse: importing it applies it here)

FACTORS = ("error", "slope", "input", "gradient")


@pytest.fixture(scope="module")
def network(api):
    return create(api)


def judged(api, network_id, path, body, loss):
    return api.call("POST", f"/api/networks/{network_id}/{path}", {**body, "loss": loss})


def shown(section, loss, name):
    return number(section.locator(f'[data-cost="{loss}"][data-term="{name}"]'))


def switch_to(ui, section, loss):
    section.locator(f"input[name=cost-view][value={loss}]").check()
    ui.page.wait_for_selector(f"[data-part=cost-switch][data-loss={loss}][data-ready=true]")
    ui.settled()


def test_cross_entropy_changes_only_the_error_and_makes_delta_a_minus_y(page, api, network):
    ui = open_network(page, network["id"])
    ui.click_edge(3, 0, 1)
    section = open_section(ui, "cost-switch")
    assert section.get_attribute("data-loss") == "mse"
    switch_to(ui, section, "cross_entropy")
    example = {"example": ui.example()}
    weight = {"layer": 3, "j": 0, "k": 1}
    mse = judged(api, network["id"], "breakdown", {**weight, **example}, "mse")
    ce = judged(api, network["id"], "breakdown", {**weight, **example}, "cross_entropy")
    assert ce["loss"] == "cross_entropy"
    for name in FACTORS:
        assert shown(section, "mse", name) == mse[name]
        assert shown(section, "cross_entropy", name) == ce[name]
    changed = {name: section.locator(f'tr[data-term-row="{name}"]').get_attribute("data-changed") for name in FACTORS}
    assert changed == {"error": "true", "slope": "false", "input": "false", "gradient": "true"}
    assert mse["slope"] == ce["slope"] and mse["input"] == ce["input"] and mse["error"] != ce["error"]

    bp = judged(api, network["id"], "backprop", example, "cross_entropy")
    row = section.locator("tr[data-output='0']")
    a, y = bp["a"][-1][0], bp["y"][0]
    assert number(row.locator('[data-term="a"]')) == a
    assert number(row.locator('[data-term="y"]')) == y
    assert number(row.locator('[data-term="a-minus-y"]')) == a - y
    assert number(row.locator('[data-term="delta"]')) == bp["delta"][-1][0]
    assert number(row.locator('[data-term="error"]')) == bp["grad_a"][-1][0]
    assert number(row.locator('[data-term="slope"]')) == bp["slope"][-1][0]
    assert close(bp["delta"][-1][0], a - y)
    assert "a − y" in section.text_content()
    section.scroll_into_view_if_needed()

    # Only judged differently: the network on the server still uses squared error, unchanged.
    after = api.call("GET", f"/api/networks/{network['id']}")
    assert after["loss"] == "mse" and after["weights"] == network["weights"]
    assert ui.factors() == {name: mse[name] for name in FACTORS}


def test_a_hidden_weight_and_switching_back(page, api, network):
    ui = open_network(page, network["id"])
    ui.click_edge(2, 1, 0)
    section = open_section(ui, "cost-switch")
    switch_to(ui, section, "cross_entropy")
    body = {"layer": 2, "j": 1, "k": 0, "example": ui.example()}
    ce = judged(api, network["id"], "breakdown", body, "cross_entropy")
    for name in FACTORS:
        assert shown(section, "cross_entropy", name) == ce[name]
    assert section.locator('tr[data-term-row="error"]').get_attribute("data-changed") == "true"
    assert section.locator('tr[data-term-row="slope"]').get_attribute("data-changed") == "false"

    # Following the example: the next row is judged too.
    page.click("[data-role=example-next]")
    page.wait_for_selector("[data-example='1']")
    ui.wait_panel(2, 1, 0)
    page.wait_for_selector("[data-part=cost-switch][data-ready=true]")
    ce = judged(api, network["id"], "breakdown", {**body, "example": 1}, "cross_entropy")
    assert shown(section, "cross_entropy", "gradient") == ce["gradient"]

    switch_to(ui, section, "mse")
    mse = judged(api, network["id"], "breakdown", {**body, "example": 1}, "mse")
    assert shown(section, "mse", "error") == mse["error"]
    assert section.locator('[data-cost="cross_entropy"]').count() == 0
    bp = judged(api, network["id"], "backprop", {"example": 1}, "mse")
    assert number(section.locator('tr[data-output="0"] [data-term="delta"]')) == bp["delta"][-1][0]


def test_cross_entropy_needs_a_sigmoid_output(page, api):
    tanh = create(api, output_activation="tanh")
    ui = open_network(page, tanh["id"])
    ui.click_edge(1, 0, 0)
    section = ui.page.locator("[data-part=cost-switch]")
    section.locator("summary").click()
    page.wait_for_selector("[data-part=cost-switch][data-ready=true]")
    assert section.locator("input[value=cross_entropy]").is_disabled()
    assert "sigmoid" in section.text_content()
