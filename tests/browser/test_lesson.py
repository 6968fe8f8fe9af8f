"""A lesson in a link: a teacher builds it on the page ("Copy lesson link"), a learner opens it in a
fresh browser and gets a new network of that setup with the training settings, the chosen parts
hidden and their room given to the rest; a reload resumes it; a broken link says what is wrong."""
import base64
import json
import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from conftest import wait_settled
from screen_support import box
from teach_support import STORAGE_KEY

SPEC = {"layers": [2, 4, 1], "hidden_activation": "relu", "output_activation": "sigmoid",
        "loss": "cross_entropy", "dataset": "gaussians", "seed": 7}
HIDE = ["walk", "chart", "my-networks", "new-network", "files", "breakdown", "batch-size", "speed"]
# Screenshots to look at: in the test's tmp_path, or in $LESSON_SHOTS when set.
SHOTS = os.environ.get("LESSON_SHOTS")
HIDEABLE = "async () => (await import('/static/js/lesson/lesson-link.js')).HIDEABLE"


def lesson_of(url: str) -> dict:
    text = parse_qs(urlsplit(url).query)["lesson"][0]
    return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def lesson_url(base_url: str, lesson: dict) -> str:
    return f"{base_url}/?lesson={base64.urlsafe_b64encode(json.dumps(lesson).encode()).decode().rstrip('=')}"


def shot(page, tmp_path, name):
    page.screenshot(path=str(Path(SHOTS or tmp_path) / f"{name}.png"))


def open_page(browser, base_url, url, network_id=None, **context_args):
    context = browser.new_context(base_url=base_url, **context_args)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    if network_id:
        page.add_init_script(f"localStorage.setItem({json.dumps(STORAGE_KEY)}, {json.dumps(network_id)})")
    page.goto(url)
    wait_settled(page)
    return context, page, errors


def build_link(page, hide) -> str:
    page.locator("[data-part=network-files] summary").click()
    page.click("[data-role=lesson-open]")
    dialog = page.locator("[data-part=lesson-dialog]")
    dialog.wait_for(state="visible")
    page.wait_for_function("() => document.querySelector('[data-role=lesson-url]').value !== ''")
    for hide_id in hide:
        dialog.locator(f"[data-hide='{hide_id}']").check()
    page.click("[data-role=lesson-copy]")
    page.wait_for_selector("[data-role=lesson-message]:text('copied')")
    return page.input_value("[data-role=lesson-url]")


def test_a_lesson_built_on_the_page_opens_as_a_new_network_in_a_fresh_browser(browser, base_url, api, tmp_path):
    original = api.call("POST", "/api/networks", SPEC)
    api.call("POST", f"/api/networks/{original['id']}/train", {"steps": 30, "learning_rate": 0.5, "batch_size": 8})
    teacher, page, errors = open_page(browser, base_url, "/", original["id"],
                                      permissions=["clipboard-read", "clipboard-write"])
    page.fill("[data-role=learning-rate]", "0.5")
    page.fill("[data-role=batch-size]", "8")
    page.select_option("[data-role=speed]", "5")
    link = build_link(page, HIDE)
    shot(page, tmp_path, "lesson-dialog")
    assert page.evaluate("navigator.clipboard.readText()") == link
    lesson = lesson_of(link)
    # The setup, not the trained weights: the create body's fields as the server describes them.
    # Every field of the create body that the network carries (other options travel too, unnamed).
    create_fields = api.call("GET", "/openapi.json")["components"]["schemas"]["NetworkCreate"]["properties"]
    on_server = api.call("GET", f"/api/networks/{original['id']}")
    assert on_server["step"] == 30
    setup = {name: on_server[name] for name in create_fields if name in on_server}
    assert {name: setup[name] for name in SPEC} == SPEC
    assert lesson == {"v": 1, "network": setup, "training": {"learning_rate": 0.5, "batch_size": 8, "speed": 5},
                      "hide": [h["id"] for h in page.evaluate(HIDEABLE) if h["id"] in HIDE]}
    assert urlsplit(link).netloc == urlsplit(base_url).netloc and urlsplit(link).path == "/"
    teacher.close()
    assert errors == []

    learner, page, errors = open_page(browser, base_url, link, viewport={"width": 1366, "height": 768})
    shot(page, tmp_path, "lesson-opened")
    network_id = page.get_attribute("[data-network-id]", "data-network-id")
    assert network_id != original["id"]
    opened = api.call("GET", f"/api/networks/{network_id}")
    fresh = api.call("POST", "/api/networks", SPEC)
    for key in SPEC:
        assert opened[key] == SPEC[key], key
    assert opened["step"] == 0 and opened["weights"] == fresh["weights"] and opened["biases"] == fresh["biases"]
    assert page.input_value("[data-role=learning-rate]") == "0.5"
    assert page.input_value("[data-role=batch-size]") == "8"
    assert page.input_value("[data-role=speed]") == "5"
    assert "Opened the lesson" in page.text_content("[data-part=status]")
    assert page.get_attribute("html", "data-embedded") == "false"

    for selector in ("[data-part=walk]", "[data-part=chart]", "[data-part=my-networks]", "[data-part=new-network]",
                     "[data-part=network-files]", "[data-part=breakdown]", "[data-role=batch-size]", "[data-role=speed]"):
        assert page.locator(selector).is_hidden(), selector
    for selector in ("[data-role=train]", "[data-role=learning-rate]", "[data-role=drawing]", "[data-part=example]"):
        assert page.locator(selector).is_visible(), selector
    # Their room goes to the rest: the Training card tops the sidebar, the stage reaches the right edge,
    # and the learning rate takes the knobs' whole row.
    sidebar, controls, stage = box(page, ".sidebar"), box(page, "[data-part=controls]"), box(page, ".stage")
    assert abs(controls["top"] - sidebar["top"]) <= 2
    assert stage["right"] >= 1366 - 20 and stage["left"] >= sidebar["right"]
    rate, knobs = box(page, ".knobs label:has([data-role=learning-rate])"), box(page, ".knobs")
    assert rate["width"] >= knobs["width"] - 2
    drawing = box(page, "[data-role=drawing]")
    assert drawing["width"] >= 900

    # A reload (the address keeps the lesson) resumes the same network, still hidden as the link says.
    page.fill("[data-role=learning-rate]", "0.25")
    page.click("[data-role=step]")
    page.wait_for_selector("[data-network-id][data-step='1']")
    page.reload()
    wait_settled(page)
    assert page.get_attribute("[data-network-id]", "data-network-id") == network_id
    assert "Resumed your network from this lesson" in page.text_content("[data-part=status]")
    assert page.input_value("[data-role=learning-rate]") == "0.25"  # the learner's own, kept per network
    assert page.locator("[data-part=walk]").is_hidden()
    learner.close()
    assert errors == []


def test_every_hideable_part_is_on_the_page_and_hides(browser, base_url, api):
    digits = api.call("POST", "/api/networks", {"layers": [64, 8, 10], "dataset": "digits", "seed": 1})
    context, page, errors = open_page(browser, base_url, "/", digits["id"])
    hideable = page.evaluate(HIDEABLE)
    for entry in hideable:
        assert page.locator(entry["selector"]).count() >= 1, entry["id"]
    link = lesson_url(base_url, {"v": 1, "network": {"layers": [2, 1]}, "hide": [h["id"] for h in hideable]})
    page.goto(link + "&embed=1")  # the embedded look outside a frame too
    wait_settled(page)
    assert page.get_attribute("html", "data-embedded") == "true"
    for entry in hideable:
        count = page.locator(entry["selector"]).count()
        assert all(page.locator(entry["selector"]).nth(i).is_hidden() for i in range(count)), entry["id"]
    context.close()
    assert errors == []


def test_a_broken_or_refused_lesson_says_why_and_shows_a_network(browser, base_url, api, tmp_path):
    for name, url, words in [
        ("cut", "/?lesson=eyJ2IjoxLCJuZXR3b3Jr", "cannot be opened: its lesson cannot be read"),
        ("tampered", "/?lesson=not*base64", "cannot be opened: its lesson is not the text a lesson link carries"),
        ("newer", lesson_url("", {"v": 9, "network": {"layers": [2, 1]}}), "made by a newer Backprop Lab"),
        ("rate", lesson_url("", {"v": 1, "network": {"layers": [2, 1]}, "training": {"learning_rate": 1000},
                                 "hide": ["walk"]}), "learning rate 1000 is not a number"),
    ]:
        context, page, errors = open_page(browser, base_url, url)
        assert words in page.text_content("[data-part=status]"), name
        assert page.get_attribute("[data-part=status]", "data-kind") == "error"
        assert page.locator("[data-role=drawing] .neuron").count() > 0, name
        assert page.locator("[data-part=walk]").is_visible(), name  # a refused link hides nothing
        context.close()
        assert errors == []

    too_big = {"v": 1, "network": {"layers": [2, 300, 1], "dataset": "xor"}, "hide": ["walk"]}
    try:
        api.call("POST", "/api/networks", too_big["network"])
        raise AssertionError("the server took a layer of 300 neurons")
    except Exception as error:  # urllib's HTTPError carries the server's answer
        detail = json.loads(error.read())["detail"]
    context, page, errors = open_page(browser, base_url, lesson_url("", too_big))
    status = page.text_content("[data-part=status]")
    shot(page, tmp_path, "lesson-refused")
    assert f"This lesson link's network was refused by the server: {detail}" in status
    assert page.locator("[data-part=walk]").is_visible()
    assert page.locator("[data-role=drawing] .neuron").count() > 0
    context.close()
    assert errors == []


# The options other parts of the app add to a network (regularisation, input features, the data's
# noise, held-out share and seed): the lesson code never names them, and they must still travel.
OPTIONS = {"layers": [3, 5, 1], "hidden_activation": "tanh", "output_activation": "sigmoid", "loss": "mse",
           "dataset": "spiral", "seed": 11, "features": ["x1", "x2", "x1x2"], "noise": 0.2, "test_ratio": 0.3,
           "data_seed": 5, "regularization": "l2", "regularization_rate": 0.01}


def test_every_option_of_the_network_travels_in_the_link(browser, base_url, api):
    original = api.call("POST", "/api/networks", OPTIONS)
    teacher, page, errors = open_page(browser, base_url, "/", original["id"])
    link = build_link(page, [])
    teacher.close()
    assert lesson_of(link)["hide"] == []
    learner, page, errors2 = open_page(browser, base_url, link)
    opened = api.call("GET", f"/api/networks/{page.get_attribute('[data-network-id]', 'data-network-id')}")
    create_fields = api.call("GET", "/openapi.json")["components"]["schemas"]["NetworkCreate"]["properties"]
    assert set(OPTIONS) <= set(create_fields)
    assert opened["id"] != original["id"]
    for name in create_fields:
        assert opened[name] == original[name], name
    assert opened["weights"] == original["weights"] and opened["step"] == 0
    learner.close()
    assert errors == errors2 == []


def test_without_the_clipboard_the_link_is_selected_to_copy_by_hand(browser, base_url, api, tmp_path):
    network = api.call("POST", "/api/networks", SPEC)
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    # A page served over plain http to another machine has no clipboard API (no secure context).
    page.add_init_script("Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined })")
    page.add_init_script(f"localStorage.setItem({json.dumps(STORAGE_KEY)}, {json.dumps(network['id'])})")
    page.goto("/")
    wait_settled(page)
    page.locator("[data-part=network-files] summary").click()
    page.click("[data-role=lesson-open]")
    page.wait_for_function("() => document.querySelector('[data-role=lesson-url]').value !== ''")
    page.click("[data-role=lesson-copy]")
    page.wait_for_selector("[data-role=lesson-message]:text('Ctrl+C')")
    link = page.input_value("[data-role=lesson-url]")
    assert page.evaluate("() => { const f = document.querySelector('[data-role=lesson-url]');"
                         " return document.activeElement === f && f.selectionStart === 0 && f.selectionEnd === f.value.length; }")
    field, dialog = box(page, "[data-role=lesson-url]"), box(page, "[data-part=lesson-dialog]")
    assert field["width"] >= 200 and dialog["left"] <= field["left"] and field["right"] <= dialog["right"]
    shot(page, tmp_path, "lesson-no-clipboard")
    assert lesson_of(link)["network"]["layers"] == SPEC["layers"]
    page.keyboard.press("Escape")
    assert page.locator("[data-part=lesson-dialog]").is_hidden()
    context.close()
