"""The single-neuron chain: w -> z -> a -> C, whose three local derivatives multiply to /breakdown's gradient."""
import math


def shown(page, quantity):
    return float(page.get_attribute(f'[data-panel="chain"] [data-quantity="{quantity}"]', "data-value"))


def test_the_chain_view_offers_the_chain_on_another_network(ui):
    ui.page.click("[data-tab=chain]")
    assert ui.page.is_visible("[data-role=chain-create]")
    assert not ui.page.is_visible("[data-role=chain-body]")


def test_each_weight_of_the_chain_is_the_product_of_its_local_derivatives(ui, api):
    page = ui.page
    page.click("[data-tab=chain]")
    first = ui.network_id()
    page.click("[data-role=chain-create]")
    ui.wait_until(lambda: ui.network_id() != first)
    ui.settled()
    network = api.call("GET", f"/api/networks/{ui.network_id()}")
    assert network["layers"] == [1, 1, 1, 1] and network["dataset"] == "chain"
    page.wait_for_selector('[data-panel="chain"][data-layer="3"]')
    for layer in (3, 2, 1):
        page.click(f'[data-panel="chain"] [data-layer-choice="{layer}"]')
        page.wait_for_selector(f'[data-panel="chain"][data-layer="{layer}"]')
        ui.wait_panel(layer, 0, 0)
        expected = api.call("POST", f"/api/networks/{ui.network_id()}/breakdown",
                            {"layer": layer, "j": 0, "k": 0, "example": ui.example()})
        # dz/dw = a^(l-1), da/dz = sigma'(z), dC/da: the breakdown's input, slope and error.
        local = {name: shown(page, f"chain-{name}") for name in ("input", "slope", "error")}
        assert local == {name: expected[name] for name in ("input", "slope", "error")}
        product = local["input"] * local["slope"] * local["error"]
        assert math.isclose(product, expected["gradient"], rel_tol=1e-12)
        assert shown(page, "chain-product") == product
        assert shown(page, "chain-gradient") == expected["gradient"]
        assert shown(page, "chain-bias-gradient") == expected["bias_gradient"]
        assert shown(page, "chain-weight") == expected["weight"]
        if layer == 3:
            # The chapter's start: dC/da = 2(a - y) on the last arrow, with the numbers of the nodes.
            a = shown(page, "chain-a")
            pass_ = api.call("POST", f"/api/networks/{ui.network_id()}/backprop", {"example": ui.example()})
            assert a == pass_["a"][3][0]
            assert math.isclose(local["error"], 2 * (a - pass_["y"][0]), rel_tol=1e-12)
            assert shown(page, "chain-cost") == pass_["cost"]
