"""Weights reached and selected with the keyboard alone."""
from test_page_breakdown import assert_panel_matches_api


def focused_edge(page):
    return page.evaluate(
        "(() => { const e = document.activeElement.closest('.edge');"
        " return e && [e.dataset.layer, e.dataset.j, e.dataset.k].map(Number); })()")


def test_tab_arrows_and_enter_select_a_weight(ui, api):
    page = ui.page
    for _ in range(60):
        page.keyboard.press("Tab")
        if focused_edge(page):
            break
    assert focused_edge(page) == [1, 0, 0]
    halo = page.eval_on_selector(".edge:focus .edge-halo", "e => getComputedStyle(e).stroke")
    assert halo not in ("none", "transparent", "rgba(0, 0, 0, 0)")

    page.keyboard.press("Enter")
    ui.wait_panel(1, 0, 0)
    assert_panel_matches_api(ui, api, 1, 0, 0)
    # Enter took the focus to the breakdown; Escape closes it and comes back to the weight.
    assert page.evaluate("document.activeElement.id") == "breakdown-title"
    page.keyboard.press("Escape")
    assert focused_edge(page) == [1, 0, 0]

    page.keyboard.press("ArrowDown")
    assert focused_edge(page) == [1, 0, 1]
    page.keyboard.press("ArrowRight")
    assert focused_edge(page) == [2, 0, 1]
    page.keyboard.press(" ")
    ui.wait_panel(2, 0, 1)
    assert_panel_matches_api(ui, api, 2, 0, 1)

    page.keyboard.press("End")
    assert focused_edge(page) == [3, 0, 2]
    page.keyboard.press("Enter")
    ui.wait_panel(3, 0, 2)
    assert_panel_matches_api(ui, api, 3, 0, 2)
