"""Selections are marked: the clicked weight or neuron carries data-selected="true" and a visible
highlight, one at a time; Enter opens (and focuses) a weight's breakdown, Escape closes what Enter
opened and gives the focus back to the element that opened it."""
import pytest

from teach_support import create, open_network
from teach_support import no_console_errors  # noqa: F401 (autouse: importing it applies it here)

HIGHLIGHT = "rgb(242, 169, 0)"


@pytest.fixture(scope="module")
def network(api):
    return create(api, seed=4)


def neuron(page, layer, j):
    return page.locator(f'[data-neuron-layer="{layer}"][data-neuron-index="{j}"]')


def marked(page):
    """The drawing's elements marked selected, as (layer, j, k) for weights and (layer, j) for neurons."""
    return page.eval_on_selector_all(
        "[data-role=drawing] [data-selected=true]",
        "els => els.map(e => e.classList.contains('neuron') ? [+e.dataset.neuronLayer, +e.dataset.neuronIndex]"
        " : [+e.dataset.layer, +e.dataset.j, +e.dataset.k])")


def test_a_clicked_weight_or_neuron_is_marked_and_one_clears_the_other(page, network):
    ui = open_network(page, network["id"])
    assert marked(page) == []
    ui.click_edge(2, 1, 0)
    assert marked(page) == [[2, 1, 0]]
    halo = ui.edge(2, 1, 0).locator(".edge-halo").evaluate("e => getComputedStyle(e).stroke")
    assert halo == HIGHLIGHT

    neuron(page, 1, 2).locator("circle").click()
    page.wait_for_selector('[data-part=neuron][data-layer="1"][data-j="2"]:not([hidden])')
    assert marked(page) == [[1, 2]]
    ring = neuron(page, 1, 2).locator("circle").evaluate("c => [getComputedStyle(c).stroke, getComputedStyle(c).strokeWidth]")
    assert ring == [HIGHLIGHT, "6px"]
    assert neuron(page, 1, 2).get_attribute("aria-pressed") == "true"
    other = neuron(page, 1, 1).locator("circle").evaluate("c => getComputedStyle(c).stroke")
    assert other != HIGHLIGHT
    # The weight's breakdown went with its selection.
    assert page.locator(".selection-line").count() == 0
    assert page.get_attribute("[data-part=breakdown]", "data-selected-layer") is None
    assert page.locator("[data-role=breakdown-empty]").is_visible()

    ui.click_edge(3, 0, 2)
    assert marked(page) == [[3, 0, 2]]
    assert page.locator("[data-part=neuron]").is_hidden()


def test_on_a_canvas_the_selected_weights_overlay_is_marked(page, api):
    big = create(api, layers=[64, 32, 16, 10], dataset="digits", seed=2)
    ui = open_network(page, big["id"])
    assert page.get_attribute("[data-network-id]", "data-renderer") == "canvas"
    entry = page.locator(".top-entry").first
    layer, j, k = (int(entry.get_attribute(f"data-{n}")) for n in ("layer", "j", "k"))
    entry.click()
    ui.wait_panel(layer, j, k)
    assert marked(page) == [[layer, j, k]]
    assert page.locator(".selection-line[data-selected=true]").count() == 1
    # Neurons this small overlap; the keyboard reaches each one.
    neuron(page, 2, 5).focus()
    page.keyboard.press("Enter")
    page.wait_for_selector('[data-part=neuron][data-layer="2"][data-j="5"]:not([hidden])')
    assert marked(page) == [[2, 5]]
    assert page.locator(".selection-line").count() == 0


def test_enter_focuses_the_breakdown_and_escape_closes_it_back_to_the_weight(page, api, network):
    ui = open_network(page, network["id"])
    ui.edge(1, 0, 0).focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    ui.wait_panel(1, 0, 1)
    assert page.evaluate("document.activeElement.id") == "breakdown-title"
    assert page.evaluate("document.activeElement.closest('[data-part=breakdown]') !== null")
    assert marked(page) == [[1, 0, 1]]

    page.keyboard.press("Escape")
    ui.settled()
    assert marked(page) == []
    assert page.locator("[data-role=breakdown-empty]").is_visible()
    assert page.evaluate("[...'ljk'].map(n => document.activeElement.closest('.edge')?.dataset[n === 'l' ? 'layer' : n])") \
        == ["1", "0", "1"]

    # A neuron's view opened by Enter: Escape closes it and the neuron keeps the focus.
    neuron(page, 2, 0).focus()
    page.keyboard.press("Enter")
    page.wait_for_selector('[data-part=neuron][data-layer="2"][data-j="0"]:not([hidden])')
    assert marked(page) == [[2, 0]]
    page.keyboard.press("Escape")
    assert page.locator("[data-part=neuron]").is_hidden()
    assert marked(page) == []
    assert page.evaluate("[document.activeElement.dataset.neuronLayer, document.activeElement.dataset.neuronIndex]") == ["2", "0"]

    # Escape has nothing of Enter's to close once a click chose something else.
    page.keyboard.press("Enter")
    page.wait_for_selector('[data-part=neuron][data-layer="2"][data-j="0"]:not([hidden])')
    ui.click_edge(2, 1, 1)
    page.keyboard.press("Escape")
    assert marked(page) == [[2, 1, 1]]
