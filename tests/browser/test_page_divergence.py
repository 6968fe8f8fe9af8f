"""A diverging run, as a learner meets it: the page says once which step was refused and which was
kept, offers a smaller learning rate and Reset, and every number still comes from the API."""
import re

from test_live_training import open_network
from test_page_breakdown import assert_panel_matches_api

# The lesson's example: at learning rate 100 a ReLU bias reaches ~1e155 whose output, squared for
# the cost, overflows.
SPEC = dict(layers=[1, 8, 1], hidden_activation="relu", output_activation="linear", loss="mse",
            dataset="sine", seed=1)
KNOBS = dict(steps=200, learning_rate=100, batch_size=10)
NOTICE = "[data-part=divergence]"


def refusal(api) -> dict:
    """Where /train on a twin diverges: the refused step and the kept one."""
    twin = api.call("POST", "/api/networks", SPEC)
    return api.call("POST", f"/api/networks/{twin['id']}/train", KNOBS)["diverged"]


def set_knobs(page):
    page.fill("[data-role=learning-rate]", str(KNOBS["learning_rate"]))
    page.fill("[data-role=batch-size]", str(KNOBS["batch_size"]))


def assert_page_shows_the_kept_step(ui, api, diverged, status_line=True):
    """``status_line``: the status line still has the message (until another action succeeds; the
    notice beside the training controls stays until the network changes)."""
    page, kept = ui.page, diverged["kept_step"]
    network = api.call("GET", f"/api/networks/{ui.network_id()}")
    assert network["step"] == kept and network["cost"] is not None
    notice = page.locator(NOTICE)
    assert notice.is_visible()
    assert notice.get_attribute("data-step") == str(diverged["step"])
    assert notice.get_attribute("data-kept-step") == str(kept)
    assert f"stays at step {kept}, the last step kept" in notice.text_content()
    # The status line has the server's message once, not "training diverged ... training diverged".
    status = page.text_content("[data-part=status]")
    if status_line:
        assert page.get_attribute("[data-part=status]", "data-kind") == "error"
        assert status.lower().count("diverged") == 1 and f"diverged at step {diverged['step']}" in status
        assert f"stays at step {kept}" in status
    else:
        assert "diverged" not in status.lower()
    # The readouts: the kept step, and its data-set cost, which has a data set and a finite value.
    assert ui.step() == kept and page.text_content("[data-role=step-count]") == str(kept)
    assert ui.cost() == network["cost"]
    assert "no data set" not in page.text_content("[data-role=cost]")
    caption = page.text_content("[data-role=chart-caption]")
    assert re.findall(r"at step (\d+)", caption)[-1] == str(kept), caption
    return network


def test_a_refused_step_keeps_a_network_the_page_can_explain(ui, api):
    diverged = refusal(api)
    kept = diverged["kept_step"]
    network = open_network(ui, api, SPEC)
    api.call("POST", f"/api/networks/{network['id']}/train", dict(KNOBS, steps=kept))
    ui.page.reload()
    ui.settled()
    page = ui.page
    assert page.locator(NOTICE).is_hidden()
    set_knobs(page)
    page.click("[data-role=step]")
    page.locator(NOTICE).wait_for()
    ui.settled()
    assert_page_shows_the_kept_step(ui, api, diverged)
    # Every weight's breakdown of the kept network answers; the notice stays, and the status line's
    # copy of the message clears once another action has succeeded (errors clear on success).
    ui.click_edge(2, 0, 3)
    assert_panel_matches_api(ui, api, 2, 0, 3)
    page.click("[data-role=example-next]")
    ui.wait_panel(2, 0, 3)
    assert_panel_matches_api(ui, api, 2, 0, 3)
    assert_page_shows_the_kept_step(ui, api, diverged, status_line=False)

    # The smaller learning rate goes to the control; the button then says it is set.
    rate = page.locator("[data-part=divergence] [data-role=divergence-rate]")
    assert rate.text_content() == f"Use learning rate {diverged['smaller_learning_rate']:g}"
    rate.click()
    assert page.input_value("[data-role=learning-rate]") == f"{diverged['smaller_learning_rate']:g}"
    assert rate.is_disabled() and "press Step or Train" in rate.text_content()

    # Reset from the notice: back to step 0, and the notice goes.
    page.click("[data-part=divergence] [data-role=divergence-reset]")
    page.wait_for_selector("[data-network-id][data-step='0']")
    ui.settled()
    assert page.locator(NOTICE).is_hidden()
    assert ui.cost() == api.call("GET", f"/api/networks/{network['id']}")["cost"]
    page.click("[data-role=step]")
    page.wait_for_selector("[data-network-id][data-step='1']")
    ui.settled()
    assert page.locator(NOTICE).is_hidden()
    assert api.call("GET", f"/api/networks/{network['id']}")["step"] == 1


def test_live_training_stops_at_the_same_refused_step(ui, api):
    diverged = refusal(api)
    network = open_network(ui, api, SPEC)
    page = ui.page
    set_knobs(page)
    page.click("[data-role=train]")
    page.locator(NOTICE).wait_for()
    page.wait_for_selector("[data-role=train][aria-pressed=false]")
    ui.settled()
    shown = assert_page_shows_the_kept_step(ui, api, diverged)
    twin = refusal_network(api, diverged["kept_step"])
    assert (shown["weights"], shown["biases"], shown["cost"]) == (twin["weights"], twin["biases"], twin["cost"])
    ui.click_edge(1, 4, 0)
    assert_panel_matches_api(ui, api, 1, 4, 0)

    page.click("[data-part=divergence] [data-role=divergence-rate]")
    assert page.input_value("[data-role=learning-rate]") == f"{diverged['smaller_learning_rate']:g}"
    page.click("[data-part=divergence] [data-role=divergence-reset]")
    page.wait_for_selector("[data-network-id][data-step='0']")
    ui.settled()
    assert page.locator(NOTICE).is_hidden()
    assert api.call("GET", f"/api/networks/{network['id']}")["step"] == 0


def refusal_network(api, steps) -> dict:
    twin = api.call("POST", "/api/networks", SPEC)
    api.call("POST", f"/api/networks/{twin['id']}/train", dict(KNOBS, steps=steps))
    return api.call("GET", f"/api/networks/{twin['id']}")
