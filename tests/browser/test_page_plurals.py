"""Counts read as English: "1 example", "1 path", never "1 examples" or "1 neuron(s)"."""
import re

from test_layer_view import open_layer
from test_live_training import open_network

# One of anything, followed by a plural noun: what the page must never print.
ONE_PLURAL = re.compile(r"(?<![\d.,])1 (examples|paths|neurons|weights|layers|weight layers|steps|frames|rows)\b")


def assert_plain_counts(text: str):
    assert "(s)" not in text
    assert not ONE_PLURAL.search(text), ONE_PLURAL.search(text).group(0)


def test_a_chain_of_single_neurons_reads_in_the_singular(ui, api):
    network = open_network(ui, api, dict(layers=[1, 1, 1, 1], dataset="chain", seed=1))
    page = ui.page
    for layer in range(1, len(network["layers"])):
        open_layer(ui, layer)
        text = page.inner_text('[data-panel="layer"]')
        assert_plain_counts(text)
        if layer < 3:
            assert f"has one path, through the one neuron of layer {layer + 1}" in text
    # The data set option of the one-row chain, and the drawing's description.
    options = page.eval_on_selector_all("[data-part=new-network] select[name=dataset] option",
                                        "els => els.map(e => e.textContent)")
    assert any(o.startswith("chain (") and o.endswith(", 1 example)") for o in options), options
    assert any(o.endswith(" examples)") for o in options)
    label = page.get_attribute("[data-part=network] [aria-label^=Network]", "aria-label")
    assert "3 weight layers" in label
    assert_plain_counts(page.inner_text("body"))


def test_one_weight_layer_is_singular(ui, api):
    open_network(ui, api, dict(layers=[1, 1], dataset="chain", seed=1))
    label = ui.page.get_attribute("[data-part=network] [aria-label^=Network]", "aria-label")
    assert "Network 1-1: 1 weight layer." in label
    assert_plain_counts(ui.page.inner_text("body"))
