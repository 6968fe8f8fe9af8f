"""Step, Train/Pause and Reset change the network on the server, and the page follows."""
from test_page_breakdown import assert_panel_matches_api


def test_a_step_changes_the_cost_and_the_colours(ui, api):
    ui.click_edge(3, 0, 2)
    cost, colours, factors = ui.cost(), ui.edge_colours(), ui.factors()
    assert ui.step() == 0
    ui.page.click("[data-role=step]")
    ui.page.wait_for_selector("[data-network-id][data-step='1']")
    ui.wait_panel(3, 0, 2)
    network = api.call("GET", f"/api/networks/{ui.network_id()}")
    assert network["step"] == 1
    assert ui.cost() == network["cost"] != cost
    assert ui.edge_colours() != colours
    assert ui.factors() != factors
    assert_panel_matches_api(ui, api, 3, 0, 2)


def test_train_runs_until_paused_and_reset_restores_the_start(ui, api):
    start_cost = ui.cost()
    train = ui.page.locator("[data-role=train]")
    train.click()
    ui.wait_until(lambda: ui.step() >= 60)
    assert train.text_content() == "Pause"
    train.click()
    ui.page.wait_for_selector("[data-role=train][aria-pressed=false]")
    ui.settled()
    network = api.call("GET", f"/api/networks/{ui.network_id()}")
    assert ui.step() == network["step"] >= 60
    assert ui.cost() == network["cost"]
    assert "Data set cost went from" in ui.page.text_content("[data-role=chart-caption]")

    ui.page.click("[data-role=reset]")
    ui.page.wait_for_selector("[data-network-id][data-step='0']")
    ui.settled()
    assert ui.cost() == start_cost
    ui.click_edge(1, 1, 1)
    assert_panel_matches_api(ui, api, 1, 1, 1)
