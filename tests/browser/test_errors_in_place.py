"""Errors where they happen: each refusal beside the control that sent it, in plain words, marked for
screen readers, and gone after the next success; what no control caused stays in the status line."""
import pytest

from test_page_networks import create_from_form

SIZES = [(1024, 768), (1280, 720), (1920, 1080), (390, 844)]


def box(locator):
    b = locator.bounding_box()
    assert b is not None, "not rendered"
    return b


def assert_beside(page, message, control, shot):
    """The message sits right under its control, overlapping it horizontally, inside the viewport."""
    control.scroll_into_view_if_needed()
    message.scroll_into_view_if_needed()
    m, c = box(message), box(control)
    viewport = page.viewport_size
    page.screenshot(path=shot)
    assert m["y"] >= c["y"] + c["height"] - 1, (m, c)
    assert m["y"] - (c["y"] + c["height"]) < 48, (m, c)  # directly under it, not in a header
    assert m["x"] < c["x"] + c["width"] and c["x"] < m["x"] + m["width"], (m, c)
    assert 0 <= m["x"] and m["x"] + m["width"] <= viewport["width"] + 0.5
    assert 0 <= m["y"] and m["y"] + m["height"] <= viewport["height"] + 0.5
    assert m["height"] > 0 and m["width"] > 40


def status(page):
    return page.text_content("[data-part=status]"), page.get_attribute("[data-part=status]", "data-kind")


@pytest.mark.parametrize("width, height", SIZES)
def test_a_refused_layer_size_is_shown_beside_the_layers_field(ui, expect_console_errors, width, height):
    page = ui.page
    page.set_viewport_size({"width": width, "height": height})
    first = ui.network_id()
    create_from_form(ui, layers="2-300-1")
    message = page.locator("[data-field-error=layers]")
    message.wait_for(state="visible")
    ui.settled()
    assert message.text_content().startswith("Layer 1 has 300 neurons; at most 256")
    assert message.get_attribute("role") == "alert"
    layers = page.locator("[name=layers]")
    assert layers.get_attribute("aria-invalid") == "true"
    assert message.get_attribute("id") in layers.get_attribute("aria-describedby").split()
    # Not in the header, and no pydantic path anywhere.
    text, kind = status(page)
    assert kind != "error" and "300" not in text
    assert "layers.1" not in page.text_content("body") and "Input should" not in page.text_content("body")
    assert ui.network_id() == first
    assert_beside(page, message, layers, f"/tmp/c2-layers-{width}.png")
    assert expect_console_errors(422) == 1

    # A 0 is caught by the page itself, in the same words the server uses.
    create_from_form(ui, layers="2-0-1")
    ui.wait_until(lambda: message.text_content().startswith("Layer 1 has 0 neurons"))
    assert message.text_content() == "Layer 1 has 0 neurons; at least 1 (a whole number)"
    assert layers.get_attribute("aria-invalid") == "true"
    assert_beside(page, message, layers, f"/tmp/c2-layers-zero-{width}.png")
    assert expect_console_errors(422) == 0  # nothing was sent

    # A valid network: the message and the mark go.
    create_from_form(ui, layers="2-3-1")
    ui.wait_until(lambda: ui.network_id() != first)
    ui.settled()
    assert message.is_hidden() and message.text_content() == ""
    assert layers.get_attribute("aria-invalid") is None


def test_a_refused_knob_is_shown_beside_it_and_nothing_trains(ui):
    page = ui.page
    page.set_viewport_size({"width": 1280, "height": 720})
    step = ui.step()
    rate = page.locator("[data-role=learning-rate]")
    rate.fill("500")
    page.click("[data-role=step]")
    message = page.locator("[data-field-error=learning-rate]")
    message.wait_for(state="visible")
    assert message.text_content() == "Learning rate 500 is more than the most allowed, 100"
    assert rate.get_attribute("aria-invalid") == "true"
    assert_beside(page, message, rate, "/tmp/c2-rate.png")
    ui.settled()
    assert ui.step() == step
    rate.fill("1")
    ui.wait_until(message.is_hidden)
    assert rate.get_attribute("aria-invalid") is None
    page.click("[data-role=step]")
    ui.wait_until(lambda: ui.step() == step + 1)

    batch = page.locator("[data-role=batch-size]")
    batch.fill("0")
    batch.press("Tab")  # a change, not a press: judged once the learner leaves the field
    batch_message = page.locator("[data-field-error=batch-size]")
    batch_message.wait_for(state="visible")
    assert batch_message.text_content() == "Batch size 0 is less than the least allowed, 1"
    assert_beside(page, batch_message, batch, "/tmp/c2-batch.png")


def test_an_error_without_a_control_is_in_the_status_line_until_the_next_success(ui, expect_console_errors):
    page = ui.page
    page.goto("/?share=no-such-token-0000000000")
    ui.settled()
    page.wait_for_selector("[data-part=status][data-kind=error]")
    assert "no share link" in status(page)[0]
    assert page.locator("[data-field-error]:visible").count() == 0
    step = ui.step()
    page.click("[data-role=step]")
    ui.wait_until(lambda: ui.step() == step + 1)
    ui.settled()
    text, kind = status(page)
    assert kind != "error" and "no share link" not in text
    assert expect_console_errors(404) == 1
