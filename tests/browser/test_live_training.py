"""Train/Pause is one server-sent-event stream: frames redraw the page, Pause keeps the server's state."""
import pytest

from test_page_breakdown import breakdown


def frames(page) -> int:
    return int(page.evaluate("document.body.dataset.frames"))


def training(page) -> str:
    return page.evaluate("document.body.dataset.training")


def edge_gradients(ui) -> dict:
    return ui.page.eval_on_selector_all(
        ".edge", "edges => Object.fromEntries(edges.map(e => "
        "[`${e.dataset.layer}:${e.dataset.j}:${e.dataset.k}`, Number(e.dataset.gradient)]))")


def pause(ui):
    ui.page.click("[data-role=train]")
    ui.page.wait_for_selector("[data-role=train][aria-pressed=false]")
    ui.settled()


def assert_page_shows_the_saved_network(ui, api) -> dict:
    network = api.call("GET", f"/api/networks/{ui.network_id()}")
    assert ui.step() == network["step"]
    assert ui.cost() == network["cost"]
    assert ui.page.text_content("[data-role=step-count]") == str(network["step"])
    expected = api.call("POST", f"/api/networks/{ui.network_id()}/backprop", {"example": ui.example()})
    assert edge_gradients(ui) == {f"{l + 1}:{j}:{k}": g for l, layer in enumerate(expected["grad_w"])
                                  for j, row in enumerate(layer) for k, g in enumerate(row)}
    return network


def open_network(ui, api, spec) -> dict:
    network = api.call("POST", "/api/networks", spec)
    ui.page.evaluate(f"localStorage.setItem('backprop-lab:network-id', '{network['id']}')")
    ui.page.reload()
    ui.settled()
    assert ui.network_id() == network["id"]
    return network


def train_twin(api, spec, steps, learning_rate, batch_size) -> dict:
    twin = api.call("POST", "/api/networks", spec)
    done = 0
    while done < steps:
        chunk = min(10_000, steps - done)
        api.call("POST", f"/api/networks/{twin['id']}/train",
                 {"steps": chunk, "learning_rate": learning_rate, "batch_size": batch_size})
        done += chunk
    return api.call("GET", f"/api/networks/{twin['id']}")


SPEC = dict(layers=[2, 4, 3, 1], hidden_activation="tanh", dataset="xor", seed=11)


def test_train_streams_frames_that_redraw_and_pause_and_resume_keep_the_state(ui, api):
    open_network(ui, api, SPEC)
    page = ui.page
    page.fill("[data-role=learning-rate]", "0.7")
    page.fill("[data-role=batch-size]", "8")
    requests = []
    page.on("request", lambda r: requests.append((r.method, r.url.split("?")[0].rsplit("/", 2)[-2:])))
    colours = ui.edge_colours()
    assert training(page) == "false"

    page.click("[data-role=train]")
    ui.wait_until(lambda: frames(page) >= 3)
    assert training(page) == "true"
    steps = [ui.step()]
    for _ in range(3):
        seen = frames(page)
        ui.wait_until(lambda: frames(page) > seen)
        steps.append(ui.step())
    assert steps == sorted(steps) and steps[-1] > steps[0] > 0
    assert ui.edge_colours() != colours
    # A frame between two that scored the data set (a few times a second) says of which step its
    # cost and accuracy are.
    read = ("() => { const b = document.querySelector('[data-part=pictures] .evaluation-block'); return "
            "[b.dataset.scoredStep, b.dataset.step, b.querySelector('[data-role=scored-step]').textContent]; }")
    ui.wait_until(lambda: page.evaluate(read)[0] not in (None, ""))
    scored, step, label = page.evaluate(read)
    assert int(scored) < int(step) and label == f"step {int(scored):,}"
    # One stream, not one request per frame.
    assert [r for r in requests if r[1][-1] in ("train", "stream")] == [("GET", ["train", "stream"])]

    pause(ui)
    assert training(page) == "false"
    ui.wait_until(lambda: page.evaluate(read)[1] not in (None, ""))  # the pause's own scores
    scored, step, label = page.evaluate(read)
    assert scored == "" and label == f"step {int(step):,}"
    drawn = frames(page)
    first = assert_page_shows_the_saved_network(ui, api)
    page.wait_for_timeout(300)
    assert frames(page) == drawn
    assert api.call("GET", f"/api/networks/{ui.network_id()}")["step"] == first["step"]

    # Resume: a new stream from the saved step; the frame count starts again.
    page.click("[data-role=train]")
    ui.wait_until(lambda: frames(page) >= 3)
    assert ui.step() > first["step"]
    pause(ui)
    second = assert_page_shows_the_saved_network(ui, api)
    assert second["step"] > first["step"]
    # Two streams with a pause between are the same training as one /train run of as many steps.
    twin = train_twin(api, SPEC, second["step"], 0.7, 8)
    assert (twin["weights"], twin["biases"], twin["cost"]) == (second["weights"], second["biases"], second["cost"])
    caption = page.text_content("[data-role=chart-caption]")
    assert "Data set cost went from" in caption and f"over {second['step']} steps" in caption


def test_divergence_stops_training_and_is_shown_in_the_status_line(ui, api):
    spec = dict(layers=[1, 8, 1], hidden_activation="relu", output_activation="linear", dataset="sine", seed=2)
    open_network(ui, api, spec)
    page = ui.page
    page.fill("[data-role=learning-rate]", "100")
    page.fill("[data-role=batch-size]", "4")
    page.click("[data-role=train]")
    status = page.locator("[data-part=status][data-kind=error]")
    status.wait_for()
    page.wait_for_selector("[data-role=train][aria-pressed=false]")
    ui.settled()
    text = status.text_content()
    assert "diverged at step" in text and "smaller learning rate" in text
    network = api.call("GET", f"/api/networks/{ui.network_id()}")
    assert f"diverged at step {network['step'] + 1}" in text
    assert ui.step() == network["step"]
    # The cost of the last finite parameters can itself overflow: the API says null, the page "—".
    shown = ui.page.get_attribute("[data-role=cost]", "data-value")
    assert (float(shown) if shown else None) == network["cost"]


def test_a_refused_stream_shows_the_servers_message(ui, api, expect_console_errors):  # noqa: F811
    network = open_network(ui, api, SPEC)
    api.call("DELETE", f"/api/networks/{network['id']}")
    ui.page.click("[data-role=train]")
    status = ui.page.locator("[data-part=status][data-kind=error]")
    status.wait_for()
    assert network["id"] in status.text_content()
    ui.page.wait_for_selector("[data-role=train][aria-pressed=false]")
    assert training(ui.page) == "false"
    assert expect_console_errors(404) >= 1


@pytest.mark.parametrize("knob, value", [("learning-rate", "0.05"), ("example-next", None)])
def test_changing_a_knob_or_the_example_while_training_goes_on_from_the_saved_step(ui, api, knob, value):
    open_network(ui, api, SPEC)
    page = ui.page
    page.click("[data-role=train]")
    ui.wait_until(lambda: frames(page) >= 3)
    if value is None:
        page.click(f"[data-role={knob}]")
        page.wait_for_selector("[data-example='1']")
    else:
        page.fill(f"[data-role={knob}]", value)
        page.dispatch_event(f"[data-role={knob}]", "change")
    before = ui.step()
    ui.wait_until(lambda: ui.step() > before)
    assert training(page) == "true"
    pause(ui)
    network = assert_page_shows_the_saved_network(ui, api)
    assert network["step"] > before
    expected = breakdown(api, ui.network_id(), 1, 0, 0, ui.example())
    ui.click_edge(1, 0, 0)
    assert ui.factors()["gradient"] == expected["gradient"]


def test_reset_while_training_stops_the_stream_and_shows_the_initial_network(ui, api):
    network = open_network(ui, api, SPEC)
    page = ui.page
    page.click("[data-role=train]")
    ui.wait_until(lambda: frames(page) >= 3 and ui.step() > 0)
    page.click("[data-role=reset]")
    page.wait_for_selector("[data-network-id][data-step='0']")
    ui.settled()
    assert training(page) == "false"
    page.wait_for_timeout(500)
    assert assert_page_shows_the_saved_network(ui, api)["step"] == 0
    assert ui.cost() == network["cost"]
