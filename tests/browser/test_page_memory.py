"""What survives a reload: the training knobs, the speed, the example, the selected weight or neuron,
the guided walk's step, the open chapter view, the colour scale, the curve's log axes, and the loss curve (kept by the
server with the network, so a copy from a share link shows it too)."""


def reload(ui):
    ui.page.reload()
    ui.settled()


def test_knobs_example_weight_view_and_scale_come_back_after_a_reload(ui, api):
    page = ui.page
    nid = ui.network_id()
    page.fill("[data-role=learning-rate]", "0.7")
    page.fill("[data-role=batch-size]", "5")
    page.select_option("[data-role=speed]", "5")
    page.fill("[data-role=train-steps]", "37")
    page.click("[data-role=example-next]")
    page.click("[data-role=example-next]")
    page.wait_for_selector("[data-example='2']")
    ui.settled()
    ui.click_edge(2, 1, 0)
    page.click("[data-tab=chain]")
    page.check("input[name=scale][value=log]")
    page.wait_for_selector("[data-part=legend][data-scale=log]")
    page.uncheck("[data-role=log-steps]")
    page.check("[data-role=log-cost]")

    reload(ui)
    assert ui.network_id() == nid
    assert page.input_value("[data-role=learning-rate]") == "0.7"
    assert page.input_value("[data-role=batch-size]") == "5"
    assert page.input_value("[data-role=speed]") == "5"
    assert page.input_value("[data-role=train-steps]") == "37"
    assert ui.example() == 2
    ui.wait_panel(2, 1, 0)
    breakdown = api.call("POST", f"/api/networks/{nid}/breakdown", {"layer": 2, "j": 1, "k": 0, "example": 2})
    assert ui.factors()["gradient"] == breakdown["gradient"]
    assert page.get_attribute("[data-tab=chain]", "aria-selected") == "true"
    assert page.is_checked("input[name=scale][value=log]")
    assert page.get_attribute("[data-part=legend]", "data-scale") == "log"
    assert not page.is_checked("[data-role=log-steps]") and page.is_checked("[data-role=log-cost]")
    # Full speed is a choice to keep too, and the closed chapter view.
    page.select_option("[data-role=speed]", "full")
    page.click("[data-tab=chain]")
    reload(ui)
    assert page.input_value("[data-role=speed]") == "full"
    assert page.get_attribute("[data-tab=chain]", "aria-selected") == "false"


def test_a_selected_neuron_comes_back_after_a_reload(ui, api):
    page = ui.page
    page.locator('.neuron[data-layer="2"][data-j="1"] circle').click()
    page.wait_for_selector('[data-part=neuron][data-layer="2"][data-j="1"]:not([hidden])')
    reload(ui)
    page.wait_for_selector('[data-part=neuron][data-layer="2"][data-j="1"]:not([hidden])')
    bp = api.call("POST", f"/api/networks/{ui.network_id()}/backprop", {"example": ui.example()})
    shown = page.get_attribute('[data-part=neuron] [data-quantity="neuron-delta"]', "data-value")
    assert float(shown) == bp["delta"][1][1]


def test_the_walk_resumes_at_its_step_after_a_reload(ui):
    page = ui.page
    page.click("[data-role=walk-start]")
    page.wait_for_selector('[data-part="walk"][data-walk-step="path"]')
    page.click("[data-role=walk-next]")
    page.click("[data-role=walk-next]")
    page.wait_for_selector('[data-part="walk"][data-walk-step="bias"]')
    ui.settled()
    reload(ui)
    page.wait_for_selector('[data-part="walk"][data-walk-step="bias"]')
    # Left, the walk still remembers where it was: Start takes up at that step.
    page.click("[data-role=walk-leave]")
    reload(ui)
    page.click("[data-role=walk-start]")
    page.wait_for_selector('[data-part="walk"][data-walk-step="bias"]')


def test_a_bad_saved_view_is_ignored_and_the_rest_restored(ui):
    page = ui.page
    nid = ui.network_id()
    page.evaluate("""(id) => localStorage.setItem('backprop-lab:view:' + id, JSON.stringify({
        learningRate: -4, batchSize: 99999, exampleIndex: 3, selected: {layer: 9, j: 0, k: 0},
        neuron: null, chapter: {tab: 'nonsense', layer: 1}, scale: 'log', speed: 'fast'}))""", nid)
    reload(ui)
    assert ui.example() == 3
    assert page.get_attribute("[data-part=legend]", "data-scale") == "log"
    assert page.input_value("[data-role=learning-rate]") == "3"
    assert page.input_value("[data-role=speed]") == "full"
    assert page.locator('.edge[data-selected="true"]').count() == 0
    assert page.locator("[data-tab][aria-selected=true]").count() == 0


def history(api, nid):
    return api.call("GET", f"/api/networks/{nid}/history")


def test_the_loss_curve_comes_back_after_a_reload_and_in_a_shared_copy(ui, api, browser):
    page = ui.page
    nid = ui.network_id()
    page.fill("[data-role=train-steps]", "40")
    page.click("[data-role=train-n]")
    ui.wait_until(lambda: page.get_attribute("[data-role=train]", "aria-pressed") == "false" and ui.step() == 40)
    ui.settled()
    saved = history(api, nid)
    assert saved["step"] == 40 and len(saved["batch"]) == 40

    reload(ui)
    chart = page.locator("[data-part=chart]")
    ui.wait_until(lambda: chart.get_attribute("data-batch-points") == "40")
    assert chart.get_attribute("data-eval-points") == str(len(saved["evals"]))
    assert chart.get_attribute("data-last-eval-step") == "40"

    token = api.call("POST", f"/api/networks/{nid}/share")["token"]
    other = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        elsewhere = other.new_page()
        elsewhere.goto(f"{page.url.split('?')[0]}?share={token}")
        elsewhere.wait_for_selector("[data-network-id][aria-busy=false]")
        copied = elsewhere.locator("[data-part=chart]")
        assert elsewhere.get_attribute("[data-network-id]", "data-network-id") != nid
        assert copied.get_attribute("data-batch-points") == "40"
        assert copied.get_attribute("data-last-eval-step") == "40"
    finally:
        other.close()
