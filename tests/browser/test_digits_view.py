"""The digit view: the 8x8 image is the example's x, the bars are a^(L), the prediction is their
argmax, and the accuracies are /evaluate's; the digits preset builds the network that reads them."""
import json
import struct

import pytest

from teach_support import create, open_network

DIGIT = "[data-part=digit]"


@pytest.fixture(scope="module")
def digits(api):
    net = create(api, layers=[64, 16, 16, 10], loss="cross_entropy", dataset="digits", seed=1)
    # Trained a little, so it gets most digits right but not all of them.
    api.call("POST", f"/api/networks/{net['id']}/train", {"steps": 150, "learning_rate": 1, "batch_size": 16})
    return net["id"]


@pytest.fixture(scope="module")
def rows(api):
    return api.call("GET", "/api/datasets/digits")


def argmax(values):
    return max(range(len(values)), key=lambda i: values[i])


def assert_digit_view_matches_api(ui, api, network_id, rows):
    page = ui.page
    example = ui.example()
    x = rows["x"][example]

    image = page.locator(f"{DIGIT} [data-role=digit-image]")
    assert json.loads(image.get_attribute("data-pixels")) == x
    pixels = image.locator("rect").evaluate_all("els => els.map(e => Number(e.dataset.value))")
    assert pixels == x
    # Grey levels: no ink is white, full ink black.
    fills = image.locator("rect").evaluate_all("els => els.map(e => e.getAttribute('fill'))")
    for value, fill in zip(x, fills):
        level = round(255 * (1 - value))
        assert fill == f"rgb({level}, {level}, {level})"

    output = api.call("POST", f"/api/networks/{network_id}/forward", {"x": x})["a"][-1]
    bars = page.locator(f"{DIGIT} .digit-bar")
    assert bars.count() == 10
    assert bars.evaluate_all("els => els.map(e => Number(e.dataset.digit))") == list(range(10))
    assert bars.evaluate_all("els => els.map(e => Number(e.dataset.value))") == output

    predicted, label = argmax(output), argmax(rows["y"][example])
    assert int(page.get_attribute(f"{DIGIT} [data-role=predicted-digit]", "data-value")) == predicted
    assert int(page.get_attribute(f"{DIGIT} [data-role=true-digit]", "data-value")) == label
    assert page.get_attribute(f"{DIGIT} .digit-bar.is-predicted", "data-digit") == str(predicted)
    assert page.get_attribute(f"{DIGIT} .digit-bar.is-true", "data-digit") == str(label)
    assert page.text_content(f"{DIGIT} [data-role=digit-verdict]") == ("right" if predicted == label else "wrong")

    evaluation = api.call("GET", f"/api/networks/{network_id}/evaluate")
    shown = page.locator(f"{DIGIT} [data-metric]").evaluate_all(
        "els => Object.fromEntries(els.map(e => [e.dataset.metric, Number(e.dataset.value)]))")
    assert shown == {name: evaluation[name] for name in ("cost", "test_cost", "accuracy", "test_accuracy")}


def test_the_image_bars_prediction_and_accuracies_are_the_apis(page, api, digits, rows, console_errors):
    ui = open_network(page, digits)
    assert page.locator(DIGIT).is_visible()
    assert page.locator("[data-part=pictures]").is_hidden()
    for _ in range(6):
        assert_digit_view_matches_api(ui, api, digits, rows)
        before = ui.example()
        page.click("[data-role=example-next]")
        ui.wait_until(lambda: ui.example() == before + 1)
        ui.settled()
    evaluation = api.call("GET", f"/api/networks/{digits}/evaluate")
    assert 0.5 < evaluation["accuracy"] < 1 and evaluation["test_size"] > 0
    text = page.text_content(f"{DIGIT} [data-role=split-note]")
    assert f"Test: {evaluation['test_size']} held-out rows" in text
    assert console_errors == []


def test_a_step_updates_the_bars_and_the_accuracies(page, api, rows, console_errors):
    net = create(api, layers=[64, 10, 10], loss="cross_entropy", dataset="digits", seed=5)
    ui = open_network(page, net["id"])
    page.locator("[data-role=example-random]").click()
    ui.settled()
    assert_digit_view_matches_api(ui, api, net["id"], rows)
    before = page.locator(f"{DIGIT} .digit-bar").evaluate_all("els => els.map(e => Number(e.dataset.value))")
    page.fill("[data-role=learning-rate]", "2")
    page.click("[data-role=step]")
    page.wait_for_selector("[data-network-id][data-step='1']")
    ui.settled()
    page.wait_for_selector(f"{DIGIT} .evaluation-block[data-step='1']")
    assert_digit_view_matches_api(ui, api, net["id"], rows)
    after = page.locator(f"{DIGIT} .digit-bar").evaluate_all("els => els.map(e => Number(e.dataset.value))")
    assert after != before
    assert console_errors == []


def test_the_digits_preset_builds_a_network_that_reads_digits(ui, api):
    page = ui.page
    first = ui.network_id()
    page.click("[data-part=new-network] summary")
    page.select_option("select[name=preset]", label="64-16-16-10 on digits, cross-entropy")
    page.click("[data-part=new-network] button[type=submit]")
    ui.wait_until(lambda: ui.network_id() != first)
    ui.settled()
    network = api.call("GET", f"/api/networks/{ui.network_id()}")
    assert network["layers"] == [64, 16, 16, 10]
    assert (network["dataset"], network["loss"], network["output_activation"]) == ("digits", "cross_entropy", "sigmoid")
    assert page.input_value("[data-role=learning-rate]") == "1"
    assert page.locator(DIGIT).is_visible()
    page.wait_for_selector(f"{DIGIT} [data-role=digit-image][data-pixels]")
    assert json.loads(page.get_attribute(f"{DIGIT} [data-role=digit-image]", "data-pixels")) == \
        api.call("GET", "/api/datasets/digits")["x"][ui.example()]


def test_live_training_redraws_the_bars_and_accuracies_then_pausing_shows_the_exact_ones(page, api, rows, console_errors):
    net = create(api, layers=[64, 16, 10], loss="cross_entropy", dataset="digits", seed=3)
    ui = open_network(page, net["id"])
    page.fill("[data-role=learning-rate]", "1")
    block = page.locator(f"{DIGIT} .evaluation-block")
    bars = page.locator(f"{DIGIT} .digit-bar")
    read_bars = lambda: bars.evaluate_all("els => els.map(e => e.dataset.value)")  # noqa: E731
    start = read_bars()
    train = page.locator("[data-role=train]")
    train.click()
    ui.wait_until(lambda: block.get_attribute("data-step") not in ("", "0"))
    first = int(block.get_attribute("data-step"))
    ui.wait_until(lambda: int(block.get_attribute("data-step")) > first and read_bars() != start)
    # This network streams float32 (canvas drawing), but the bars show the frame's float64 output:
    # float32-rounded values would all survive a round trip through float32.
    live = [float(v) for v in read_bars()]
    assert any(struct.unpack("f", struct.pack("f", v))[0] != v for v in live), live
    train.click()
    page.wait_for_selector("[data-role=train][aria-pressed=false]")
    ui.settled()
    assert int(block.get_attribute("data-step")) == ui.step() > first
    assert_digit_view_matches_api(ui, api, net["id"], rows)
    assert console_errors == []
