"""My networks: a share link opens beside the learner's own network, never over it; the list
switches between them, renames (in this browser only) and forgets, and says when one is gone."""
from teach_support import DEFAULT_SPEC


def listed(page) -> list[str]:
    return page.eval_on_selector_all("[data-role=my-networks] [data-listed-id]", "els => els.map(e => e.dataset.listedId)")


def entry(page, nid):
    return page.locator(f'[data-role=my-networks] [data-listed-id="{nid}"]')


def shared_token(api) -> tuple[dict, str]:
    """A trained network of someone else's, and a share link to it."""
    theirs = api.call("POST", "/api/networks", {**DEFAULT_SPEC, "seed": 7})
    api.call("POST", f"/api/networks/{theirs['id']}/train", {"steps": 30, "batch_size": 4, "learning_rate": 2})
    return theirs, api.call("POST", f"/api/networks/{theirs['id']}/share")["token"]


def assert_shows(ui, api, nid):
    network = api.call("GET", f"/api/networks/{nid}")
    assert ui.network_id() == nid
    assert ui.step() == network["step"]
    assert ui.cost() == network["cost"]


def test_a_share_opens_beside_the_own_network_which_stays_to_switch_back_to(ui, api):
    page = ui.page
    own = ui.network_id()
    api.call("POST", f"/api/networks/{own}/train", {"steps": 12, "batch_size": 4, "learning_rate": 1})
    _, token = shared_token(api)

    page.goto(f"/?share={token}")
    ui.settled()
    copy = ui.network_id()
    assert copy != own
    assert listed(page) == [own, copy]
    html = page.inner_html("[data-role=my-networks]")
    assert own in html and copy in html
    assert entry(page, copy).get_attribute("data-current") == "true"
    assert "My networks" in page.text_content("[data-part=status]")

    # Switch back: the own network's numbers, as the server has them.
    entry(page, own).locator("[data-role=switch]").click()
    ui.wait_until(lambda: ui.network_id() == own)
    ui.settled()
    assert_shows(ui, api, own)
    assert entry(page, own).get_attribute("data-current") == "true"

    # Rename the copy (a name kept in this browser), and the name survives a reload.
    entry(page, copy).locator("[data-role=rename]").click()
    page.fill("[data-role=rename-input]", "  Shared lesson  ")
    page.press("[data-role=rename-input]", "Enter")
    assert entry(page, copy).locator("[data-role=switch]").text_content() == "Shared lesson"
    page.reload()
    ui.settled()
    assert ui.network_id() == own
    assert entry(page, copy).locator("[data-role=switch]").text_content() == "Shared lesson"
    entry(page, copy).locator("[data-role=switch]").click()
    ui.wait_until(lambda: ui.network_id() == copy)
    ui.settled()
    assert_shows(ui, api, copy)

    # The one on show cannot be forgotten; another can, and stays forgotten.
    assert entry(page, copy).locator("[data-role=forget]").is_disabled()
    entry(page, own).locator("[data-role=forget]").click()
    assert listed(page) == [copy]
    page.reload()
    ui.settled()
    assert listed(page) == [copy]
    assert ui.network_id() == copy


def test_a_new_network_joins_the_list_and_renaming_can_be_cancelled(ui, api):
    page = ui.page
    first = ui.network_id()
    page.click("[data-part=new-network] summary")
    page.fill("[name=seed]", "5")
    page.click("[data-part=new-network] button[type=submit]")
    ui.wait_until(lambda: ui.network_id() != first)
    ui.settled()
    second = ui.network_id()
    assert listed(page) == [first, second]
    entry(page, first).locator("[data-role=rename]").click()
    page.fill("[data-role=rename-input]", "never saved")
    page.press("[data-role=rename-input]", "Escape")
    assert entry(page, first).locator("[data-role=switch]").text_content().startswith("2-3-3-1 · xor")


def test_a_network_gone_from_the_server_is_marked_and_can_be_forgotten(ui, api, expect_console_errors):
    page = ui.page
    own = ui.network_id()
    _, token = shared_token(api)
    page.goto(f"/?share={token}")
    ui.settled()
    copy = ui.network_id()
    api.call("DELETE", f"/api/networks/{own}")
    page.reload()
    ui.settled()
    ui.wait_until(lambda: entry(page, own).get_attribute("data-gone") == "true")
    assert "gone" in entry(page, own).text_content()
    assert entry(page, own).locator("[data-role=switch]").is_disabled()
    assert entry(page, copy).get_attribute("data-gone") == "false"
    entry(page, own).locator("[data-role=forget]").click()
    assert listed(page) == [copy]
    assert expect_console_errors(404) == 1
