"""The New network form, a stale saved id, and the server's messages shown to the user."""
from test_page_breakdown import assert_panel_matches_api


def create_from_form(ui, preset=None, **fields):
    page = ui.page
    if not page.locator("[data-part=new-network]").get_attribute("open") is not None:
        page.click("[data-part=new-network] summary")
    if preset:
        page.select_option("select[name=preset]", label=preset)
    for name, value in fields.items():
        page.fill(f"[name={name}]", value)
    page.click("[data-part=new-network] button[type=submit]")


def test_the_chain_preset_builds_the_chapters_single_neuron_chain(ui, api):
    first = ui.network_id()
    create_from_form(ui, preset="1-1-1-1 chain (the chapter's single-neuron chain)")
    ui.wait_until(lambda: ui.network_id() != first)
    ui.settled()
    network = api.call("GET", f"/api/networks/{ui.network_id()}")
    assert network["layers"] == [1, 1, 1, 1]
    assert network["dataset"] == "chain"
    assert ui.page.locator(".edge").count() == 3
    for layer in (3, 2, 1):
        ui.click_edge(layer, 0, 0)
        assert_panel_matches_api(ui, api, layer, 0, 0)
    chain_id = ui.network_id()
    ui.page.reload()
    ui.settled()
    assert ui.network_id() == chain_id


def test_layer_sizes_that_do_not_fit_the_data_set_are_explained(ui):
    first = ui.network_id()
    create_from_form(ui, layers="3-4-1")
    message = ui.page.locator("[data-role=form-message]")
    message.wait_for(state="visible")
    assert "xor" in message.text_content() and "2" in message.text_content()
    assert ui.network_id() == first


def test_a_server_error_is_shown_with_its_detail_beside_its_field(ui, expect_console_errors):
    first = ui.network_id()
    create_from_form(ui, seed="99999999999999")
    message = ui.page.locator("[data-field-error=seed]")
    message.wait_for(state="visible")
    assert message.text_content() == "Seed 99999999999999 is more than the most allowed, 4294967295"
    assert ui.page.get_attribute("[name=seed]", "aria-invalid") == "true"
    assert ui.page.get_attribute("[data-part=status]", "data-kind") != "error"
    assert ui.network_id() == first
    assert expect_console_errors(422) == 1


def test_a_stale_saved_id_gets_a_fresh_network(ui, expect_console_errors):
    ui.page.evaluate("localStorage.setItem('backprop-lab:network-id', 'no-such-network')")
    ui.page.reload()
    ui.settled()
    assert ui.network_id() != "no-such-network"
    assert "no longer exists" in ui.page.text_content("[data-part=status]")
    assert expect_console_errors(404) == 1
