"""Save, open, share on the page: the JSON file round trip and a share link opening a copy."""
import json

from test_page_breakdown import assert_panel_matches_api

PARAMETERS = ("layers", "hidden_activation", "output_activation", "loss", "dataset", "seed", "step",
              "weights", "biases")


def open_files_card(page):
    card = page.locator("[data-part=network-files]")
    if card.get_attribute("open") is None:
        card.locator("summary").click()
    return card


def download(ui) -> dict:
    card = open_files_card(ui.page)
    with ui.page.expect_download() as info:
        card.locator("[data-role=export]").click()
    path = info.value.path()
    assert info.value.suggested_filename.endswith(".json")
    return json.loads(open(path, encoding="utf-8").read())


def upload(ui, name: str, content: bytes):
    card = open_files_card(ui.page)
    card.locator("[data-role=import]").set_input_files(
        files=[{"name": name, "mimeType": "application/json", "buffer": content}])


def test_download_then_open_gives_a_new_network_with_the_same_numbers(ui, api):
    original = ui.network_id()
    api.call("POST", f"/api/networks/{original}/train", {"steps": 25, "learning_rate": 2, "batch_size": 4})
    api.call("PUT", f"/api/networks/{original}/weights/2/1/2", {"value": 0.3141592653589793})
    ui.page.reload()
    ui.settled()

    doc = download(ui)
    on_server = api.call("GET", f"/api/networks/{original}")
    for key in PARAMETERS:
        assert doc[key] == on_server[key], key
    assert original not in json.dumps(doc)  # the id grants editing: the file must not carry it

    doc["weights"][0][0][1] = -1.2345678901234567
    upload(ui, "mine.json", json.dumps(doc).encode())
    ui.wait_until(lambda: ui.network_id() != original)
    ui.settled()
    opened = api.call("GET", f"/api/networks/{ui.network_id()}")
    for key in PARAMETERS:
        assert opened[key] == doc[key], key
    assert "as a new network" in ui.page.text_content("[data-role=files-message]")
    # The page shows the opened network's numbers, the edited weight among them.
    ui.click_edge(1, 0, 1)
    assert_panel_matches_api(ui, api, 1, 0, 1)
    shown = api.call("POST", f"/api/networks/{ui.network_id()}/breakdown",
                     {"layer": 1, "j": 0, "k": 1, "example": ui.example()})
    assert shown["weight"] == -1.2345678901234567
    # The original is untouched, and a reload resumes the opened network.
    assert api.call("GET", f"/api/networks/{original}")["weights"] == on_server["weights"]
    opened_id = ui.network_id()
    ui.page.reload()
    ui.settled()
    assert ui.network_id() == opened_id


def test_a_file_that_is_not_a_network_is_refused_with_a_reason(ui, expect_console_errors):
    original = ui.network_id()
    upload(ui, "notes.json", b"this is not JSON")
    message = ui.page.locator("[data-role=files-message]")
    ui.wait_until(lambda: "not JSON" in (message.text_content() or ""))
    assert ui.network_id() == original

    doc = download(ui)
    doc["weights"][0] = doc["weights"][0][:1]  # W^(1) loses rows
    upload(ui, "broken.json", json.dumps(doc).encode())
    # The server's reason beside the button that sent the file, not in the status line.
    ui.wait_until(lambda: "broken.json was not opened: " in (message.text_content() or ""))
    assert "weights[0]" in message.text_content() and "row" in message.text_content()
    assert message.get_attribute("data-kind") == "error"
    assert ui.page.get_attribute("[data-part=status]", "data-kind") != "error"
    assert ui.network_id() == original
    assert expect_console_errors(422) >= 1


def test_a_share_link_opens_a_copy_of_the_network_as_it_was(ui, api, page):
    original = ui.network_id()
    card = open_files_card(page)
    card.locator("[data-role=share]").click()
    url_box = card.locator("[data-role=share-url]")
    url_box.wait_for(state="visible")
    link = url_box.input_value()
    assert link.startswith(ui.page.url.split("?")[0].rstrip("/")) and "?share=" in link
    assert original not in link
    snapshot = api.call("GET", f"/api/networks/{original}")
    # Changes after sharing do not reach the link's copies.
    api.call("PUT", f"/api/networks/{original}/biases/1/0", {"value": 7.5})

    other = page.context.new_page()
    other.goto(link)
    other.wait_for_selector("[data-network-id][aria-busy=false]")
    copy_id = other.get_attribute("[data-network-id]", "data-network-id")
    assert copy_id not in (original, None)
    assert "share=" not in other.url  # the token leaves the address bar once used
    assert "copy of a shared network" in other.text_content("[data-part=status]")
    copy = api.call("GET", f"/api/networks/{copy_id}")
    for key in PARAMETERS:
        assert copy[key] == snapshot[key], key
    assert api.call("GET", f"/api/networks/{original}")["biases"][0][0] == 7.5
    other.close()


def test_an_unknown_share_link_says_so_and_keeps_your_network(ui, expect_console_errors):
    original = ui.network_id()
    ui.page.goto("/?share=no-such-token-0000000000")
    ui.settled()
    status = ui.page.locator("[data-part=status][data-kind=error]")
    status.wait_for()
    assert "no share link" in status.text_content() and "expired" in status.text_content()
    assert ui.network_id() == original
    assert expect_console_errors(404) >= 1
