"""One example vs a mini-batch: the example's gradient beside the batch mean, from /breakdown/batch."""
import pytest

from teach_support import close, create, number, numbers, open_network, open_section
from teach_support import no_console_errors  # noqa: F401 (autouse: importing it applies it here)


@pytest.fixture(scope="module")
def network(api):
    return create(api)


def set_knob(ui, role, value):
    ui.page.fill(f"[data-role={role}]", str(value))


def test_the_batch_numbers_are_the_api_and_the_mean_of_products_is_not_the_product_of_means(page, api, network):
    ui = open_network(page, network["id"])
    set_knob(ui, "batch-size", 5)
    ui.click_edge(2, 0, 1)
    page.click("[data-role=example-next]")
    page.click("[data-role=example-next]")
    page.wait_for_selector("[data-example='2']")
    ui.wait_panel(2, 0, 1)
    section = open_section(ui, "batch-compare")
    rows = [2, 3, 4, 5, 6]
    expected = api.call("POST", f"/api/networks/{network['id']}/breakdown/batch",
                        {"layer": 2, "j": 0, "k": 1, "examples": rows})
    one = api.call("POST", f"/api/networks/{network['id']}/breakdown", {"layer": 2, "j": 0, "k": 1, "example": 2})
    shown_rows = section.locator("tr[data-row]")
    assert [int(r) for r in shown_rows.evaluate_all("rs => rs.map(r => r.dataset.row)")] == rows
    for index, e in enumerate(expected["examples"]):
        for name in ("error", "slope", "input", "product"):
            assert number(shown_rows.nth(index).locator(f'[data-term="{name}"]')) == e[name]
    q = lambda name: number(section.locator(f'[data-quantity="{name}"]'))
    assert q("batch-mean-gradient") == q("batch-side-mean-gradient") == q("batch-gradient-again") == expected["mean_gradient"]
    assert q("batch-mean-error") == expected["mean_error"]
    assert q("batch-mean-slope") == expected["mean_slope"]
    assert q("batch-mean-input") == expected["mean_input"]
    assert q("batch-product-of-means") == expected["product_of_means"]
    assert q("batch-example-gradient") == one["gradient"] == number(page.locator('[data-factor="gradient"]'))
    products = numbers(shown_rows.locator('[data-term="product"]'))
    assert close(sum(products) / len(products), expected["mean_gradient"], 1e-9)
    assert close(expected["mean_error"] * expected["mean_slope"] * expected["mean_input"], expected["product_of_means"])
    assert not close(expected["product_of_means"], expected["mean_gradient"], 1e-3)
    assert one["gradient"] != expected["mean_gradient"]
    section.scroll_into_view_if_needed()

    # A new batch size from the controls: a new batch.
    set_knob(ui, "batch-size", 3)
    ui.wait_until(lambda: section.locator("tr[data-row]").count() == 3)
    ui.settled()
    expected = api.call("POST", f"/api/networks/{network['id']}/breakdown/batch",
                        {"layer": 2, "j": 0, "k": 1, "examples": [2, 3, 4]})
    assert q("batch-mean-gradient") == expected["mean_gradient"]
    assert q("batch-product-of-means") == expected["product_of_means"]


def test_a_batch_wraps_around_the_end_of_the_data_set(page, api, network):
    ui = open_network(page, network["id"])
    size = api.call("GET", "/api/datasets/xor")["size"]
    set_knob(ui, "batch-size", 4)
    ui.click_edge(1, 1, 0)
    page.click("[data-role=example-prev]")
    page.wait_for_selector(f"[data-example='{size - 1}']")
    ui.wait_panel(1, 1, 0)
    section = open_section(ui, "batch-compare")
    rows = [size - 1, 0, 1, 2]
    assert [int(r) for r in section.locator("tr[data-row]").evaluate_all("rs => rs.map(r => r.dataset.row)")] == rows
    expected = api.call("POST", f"/api/networks/{network['id']}/breakdown/batch",
                        {"layer": 1, "j": 1, "k": 0, "examples": rows})
    assert number(section.locator('[data-quantity="batch-mean-gradient"]')) == expected["mean_gradient"]
