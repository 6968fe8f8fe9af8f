"""The neuron view: delta, bias gradient and error of one neuron, and its incoming weights by |gradient|."""
import pytest

from teach_support import create, number, numbers, open_network
from teach_support import no_console_errors  # noqa: F401 (autouse: importing it applies it here)


@pytest.fixture(scope="module")
def network(api):
    return create(api)


def backprop(api, network_id, example):
    return api.call("POST", f"/api/networks/{network_id}/backprop", {"example": example})


def neuron(page, layer, j):
    return page.locator(f'.neuron[data-layer="{layer}"][data-j="{j}"]')


def wait_view(page, layer, j):
    page.wait_for_selector(f'[data-part=neuron][data-layer="{layer}"][data-j="{j}"]:not([hidden])')


def assert_view_matches_api(page, api, network_id, example, layer, j):
    bp = backprop(api, network_id, example)
    view = page.locator("[data-part=neuron]")
    q = lambda name: number(view.locator(f'[data-quantity="{name}"]'))
    assert q("neuron-delta") == bp["delta"][layer - 1][j]
    assert q("neuron-grad-b") == bp["grad_b"][layer - 1][j]
    assert q("neuron-grad-a") == bp["grad_a"][layer][j]
    assert q("neuron-slope") == bp["slope"][layer - 1][j]
    assert q("neuron-z") == bp["z"][layer - 1][j]
    assert q("neuron-a") == bp["a"][layer][j]
    rows = view.locator("tr.incoming-weight")
    fan_in = len(bp["a"][layer - 1])
    assert rows.count() == fan_in
    ks = [int(k) for k in rows.evaluate_all("rs => rs.map(r => r.dataset.k)")]
    gradients = [bp["grad_w"][layer - 1][j][k] for k in ks]
    assert sorted(ks) == list(range(fan_in))
    assert [abs(g) for g in gradients] == sorted((abs(g) for g in gradients), reverse=True)
    for row, k, g in zip(range(fan_in), ks, gradients):
        cells = rows.nth(row)
        assert number(cells.locator('[data-term="gradient"]')) == g
        assert number(cells.locator('[data-term="error"]')) == bp["grad_a"][layer][j]
        assert number(cells.locator('[data-term="slope"]')) == bp["slope"][layer - 1][j]
        assert number(cells.locator('[data-term="input"]')) == bp["a"][layer - 1][k]
    return ks


def test_clicking_a_neuron_shows_its_delta_and_sorted_incoming_weights(page, api, network):
    ui = open_network(page, network["id"])
    neuron(page, 2, 1).locator("circle").click()
    wait_view(page, 2, 1)
    ks = assert_view_matches_api(page, api, network["id"], ui.example(), 2, 1)

    # Another example, other numbers.
    page.click("[data-role=example-next]")
    page.wait_for_selector("[data-example='1']")
    ui.settled()
    assert_view_matches_api(page, api, network["id"], 1, 2, 1)

    # A row opens that weight's breakdown.
    page.locator(f"[data-part=neuron] tr.incoming-weight[data-k='{ks[0]}']").click()
    ui.wait_panel(2, 1, ks[0])
    assert number(page.locator('[data-factor="gradient"]')) == backprop(api, network["id"], 1)["grad_w"][1][1][ks[0]]


def test_the_output_neuron_and_an_input_neuron(page, api, network):
    ui = open_network(page, network["id"])
    neuron(page, 3, 0).locator("circle").click()
    wait_view(page, 3, 0)
    assert_view_matches_api(page, api, network["id"], ui.example(), 3, 0)
    neuron(page, 0, 1).locator("circle").click()
    wait_view(page, 0, 1)
    bp = backprop(api, network["id"], ui.example())
    view = page.locator("[data-part=neuron]")
    assert number(view.locator('[data-quantity="neuron-a"]')) == bp["a"][0][1]
    assert number(view.locator('[data-quantity="neuron-grad-a"]')) == bp["grad_a"][0][1]
    assert view.locator("tr.incoming-weight").count() == 0
    view.locator(".neuron-close").click()
    assert view.is_hidden()


def test_neurons_are_reachable_by_keyboard(page, api, network):
    ui = open_network(page, network["id"])
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('neuron')"):
            break
    focused = lambda: page.evaluate("[document.activeElement.dataset.layer, document.activeElement.dataset.j].map(Number)")
    assert focused() == [0, 0]
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert focused() == [1, 2]
    page.keyboard.press("Enter")
    wait_view(page, 1, 2)
    ks = assert_view_matches_api(page, api, network["id"], ui.example(), 1, 2)
    page.locator(f"[data-part=neuron] tr.incoming-weight[data-k='{ks[-1]}']").focus()
    page.keyboard.press("Enter")
    ui.wait_panel(1, 2, ks[-1])
    assert numbers(page.locator('[data-factor="input"]')) == [backprop(api, network["id"], ui.example())["a"][0][ks[-1]]]
