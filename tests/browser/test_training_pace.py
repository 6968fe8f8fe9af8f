"""Training you can watch: a speed control down to one step a second, and "Train N steps"."""
import time

from test_live_training import SPEC, assert_page_shows_the_saved_network, frames, open_network, pause


def step_shown(ui) -> int:
    return int(ui.page.text_content("[data-role=step-count]"))




def test_slow_motion_draws_every_step_at_the_chosen_pace(ui, api):
    open_network(ui, api, SPEC)
    page = ui.page
    page.select_option("[data-role=speed]", "5")
    page.click("[data-role=train]")
    ui.wait_until(lambda: frames(page) >= 1)
    # Every Step the readout shows, recorded by the page itself: polling could miss one.
    page.evaluate("""() => {
      const readout = document.querySelector('[data-role=step-count]');
      window.stepsShown = [];
      new MutationObserver(() => window.stepsShown.push([+readout.textContent,
        +document.querySelector('[data-network-id]').dataset.step])).observe(readout, { childList: true, characterData: true, subtree: true });
    }""")
    started, start_step = time.monotonic(), ui.step()
    page.wait_for_timeout(2500)
    elapsed, advanced = time.monotonic() - started, ui.step() - start_step
    shown = page.evaluate("window.stepsShown")
    assert all(readout == drawn for readout, drawn in shown)
    # The readout changes its text in place (lib/quiet-writes.js), only when the step changes.
    seen = [start_step]
    for readout, _ in shown:
        if readout != seen[-1]:
            seen.append(readout)
    # One step per frame, each one drawn: the counter goes up 1 by 1.
    assert [b - a for a, b in zip(seen, seen[1:])] == [1] * (len(seen) - 1)
    # 5 steps a second, loosely: the browser's and the server's clocks only roughly agree.
    assert 5 * elapsed * 0.6 <= advanced <= 5 * elapsed * 1.4 + 1
    pause(ui)
    assert_page_shows_the_saved_network(ui, api)


def test_changing_the_speed_while_training_goes_on_from_the_saved_step(ui, api):
    open_network(ui, api, SPEC)
    page = ui.page
    requests = []
    page.on("request", lambda r: requests.append(r.url) if "/train/stream" in r.url else None)
    page.select_option("[data-role=speed]", "full")
    page.click("[data-role=train]")
    ui.wait_until(lambda: ui.step() > 50)
    page.select_option("[data-role=speed]", "2")
    ui.wait_until(lambda: len(requests) == 2 and "steps_per_second=2" in requests[1])
    assert "steps_per_second" not in requests[0]
    ui.wait_until(lambda: frames(page) >= 2)
    before = ui.step()
    page.wait_for_timeout(1600)
    assert 1 <= ui.step() - before <= 5
    assert page.evaluate("document.body.dataset.training") == "true"
    pause(ui)
    assert_page_shows_the_saved_network(ui, api)


def test_train_n_steps_stops_at_exactly_start_plus_n_at_any_speed(ui, api):
    network = open_network(ui, api, SPEC)
    page = ui.page
    api.call("POST", f"/api/networks/{network['id']}/train", {"steps": 7})
    page.reload()
    ui.settled()
    for speed, n, expected in (("full", 250, 257), ("20", 9, 266)):
        page.select_option("[data-role=speed]", speed)
        page.fill("[data-role=train-steps]", str(n))
        assert page.text_content("[data-role=train-n]") == f"Train {n} steps"
        page.click("[data-role=train-n]")
        ui.wait_until(lambda: page.evaluate("document.body.dataset.training") == "false"
                      and step_shown(ui) == expected)
        ui.settled()
        assert f"from step {expected - n} to step {expected}" in page.text_content("[data-part=status]")
        assert api.call("GET", f"/api/networks/{network['id']}")["step"] == expected
        assert ui.step() == expected
    assert_page_shows_the_saved_network(ui, api)


def test_train_n_with_a_speed_change_midway_still_trains_exactly_n(ui, api):
    network = open_network(ui, api, SPEC)
    page = ui.page
    page.select_option("[data-role=speed]", "10")
    page.fill("[data-role=train-steps]", "40")
    page.click("[data-role=train-n]")
    ui.wait_until(lambda: ui.step() >= 3)
    page.select_option("[data-role=speed]", "full")
    ui.wait_until(lambda: page.evaluate("document.body.dataset.training") == "false" and step_shown(ui) == 40)
    ui.settled()
    assert api.call("GET", f"/api/networks/{network['id']}")["step"] == 40
    assert_page_shows_the_saved_network(ui, api)


def test_a_bad_n_is_refused_by_the_field_not_sent(ui, api):
    network = open_network(ui, api, SPEC)
    page = ui.page
    page.fill("[data-role=train-steps]", "0")
    page.click("[data-role=train-n]")
    page.wait_for_timeout(300)
    assert page.evaluate("document.body.dataset.training") == "false"
    assert api.call("GET", f"/api/networks/{network['id']}")["step"] == 0
    assert not page.eval_on_selector("[data-role=train-steps]", "input => input.validity.valid")
    # Said beside the field, which is marked invalid and gets the focus.
    assert page.text_content("[data-field-error=train-steps]") == "Steps 0 is less than the least allowed, 1"
    assert page.get_attribute("[data-role=train-steps]", "aria-invalid") == "true"
    assert page.evaluate("document.activeElement.dataset.role") == "train-steps"


def tooltip_at(ui, fraction: float, of: str = "canvas") -> dict:
    """Hover the loss curve at `fraction` of the canvas's (or the plot area's) width; the tooltip's
    numbers by field."""
    canvas = ui.page.locator("[data-part=chart] canvas")
    canvas.scroll_into_view_if_needed()  # below the training controls in a window 768 px high
    box = canvas.bounding_box()
    left, right = (0.0, box["width"]) if of == "canvas" else map(float, canvas.get_attribute("data-plot").split(","))
    ui.page.mouse.move(box["x"] + left + fraction * (right - left), box["y"] + box["height"] / 2)
    ui.page.wait_for_selector("[data-role=chart-tooltip]:not([hidden])")
    return ui.page.eval_on_selector_all(
        "[data-role=chart-tooltip] div:not([hidden]) dd",
        "cells => Object.fromEntries(cells.map(c => [c.dataset.field, Number(c.dataset.value)]))")


def test_the_loss_curve_tooltip_shows_the_apis_step_training_and_test_cost(ui, api):
    network = open_network(ui, api, dict(layers=[64, 8, 10], output_activation="sigmoid", loss="cross_entropy",
                                         dataset="digits", seed=3))
    page = ui.page
    page.select_option("[data-role=speed]", "20")
    page.fill("[data-role=train-steps]", "5")
    page.click("[data-role=train-n]")
    ui.wait_until(lambda: page.evaluate("document.body.dataset.training") == "false" and step_shown(ui) == 5)
    ui.settled()
    saved = api.call("GET", f"/api/networks/{network['id']}")
    scores = api.call("GET", f"/api/networks/{network['id']}/evaluate")
    # The right end is the newest point: step 5, after which both costs were scored.
    assert tooltip_at(ui, 0.995) == {"step": 5, "cost": saved["cost"], "test": scores["test_cost"]}
    assert scores["cost"] == saved["cost"]
    # The left end is the untrained network, as created.
    left = tooltip_at(ui, 0.005)
    assert left["step"] == 0 and left["cost"] == network["cost"]
    page.mouse.move(0, 0)
    page.wait_for_selector("[data-role=chart-tooltip]", state="hidden")


def test_the_log_axes_can_be_switched_and_the_tooltip_follows_them(ui, api):
    network = open_network(ui, api, SPEC)
    page = ui.page
    # One step per frame, slow enough that every step is scored: every step is a point of the curve.
    page.select_option("[data-role=speed]", "20")
    page.fill("[data-role=train-steps]", "30")
    page.click("[data-role=train-n]")
    ui.wait_until(lambda: page.evaluate("document.body.dataset.training") == "false" and step_shown(ui) == 30)
    ui.settled()
    assert page.is_checked("[data-role=log-steps]") and not page.is_checked("[data-role=log-cost]")
    # Halfway along steps 0..30 is log10(1 + step) = log10(31) / 2, step 4.57, on the log axis ...
    assert tooltip_at(ui, 0.5, of="plot")["step"] in (4, 5)
    page.uncheck("[data-role=log-steps]")
    page.check("[data-role=log-cost]")
    # ... and step 15 on the linear one.
    assert tooltip_at(ui, 0.5, of="plot")["step"] == 15
    assert page.evaluate("document.querySelector('[data-role=log-cost]').checked")
    assert api.call("GET", f"/api/networks/{network['id']}")["step"] == 30


def test_the_step_where_the_test_cost_starts_rising_is_marked(ui, api):
    spec = dict(layers=[64, 8, 10], output_activation="sigmoid", loss="cross_entropy", dataset="digits", seed=3)
    trained = api.call("POST", "/api/networks", spec)
    api.call("POST", f"/api/networks/{trained['id']}/train", {"steps": 60})
    doc = api.call("GET", f"/api/networks/{trained['id']}/export")
    # A curve whose test cost is lowest at step 30 and rises after it, as a file may carry it.
    tests = [2.0, 1.5, 1.2, 1.1, 1.15, 1.3, 1.4]
    doc["history"] = {"batch": [], "evals": [{"step": 10 * i, "cost": 2.0 / (i + 1), "test_cost": t}
                                             for i, t in enumerate(tests)]}
    imported = api.call("POST", "/api/networks/import", doc)
    ui.page.evaluate(f"localStorage.setItem('backprop-lab:network-id', '{imported['id']}')")
    ui.page.reload()
    ui.settled()
    assert ui.network_id() == imported["id"]
    chart = ui.page.locator("[data-part=chart]")
    ui.wait_until(lambda: chart.get_attribute("data-overfit-step") == "30")
    assert "lowest at step 30" in ui.page.text_content("[data-role=chart-caption]")
    ui.page.uncheck("[data-role=log-steps]")
    assert tooltip_at(ui, 0.5, of="plot") == {"step": 30, "cost": 0.5, "test": 1.1}
