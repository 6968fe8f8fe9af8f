"""Sum over paths: a hidden neuron's error shown as one term per outgoing path, each highlightable."""
import pytest

from teach_support import close, create, number, numbers, open_network
from teach_support import no_console_errors  # noqa: F401 (autouse: importing it applies it here)


@pytest.fixture(scope="module")
def network(api):
    return create(api)


def breakdown(api, network_id, layer, j, k, example):
    return api.call("POST", f"/api/networks/{network_id}/breakdown",
                    {"layer": layer, "j": j, "k": k, "example": example})


def test_terms_are_the_api_paths_and_add_up_to_the_error(page, api, network):
    ui = open_network(page, network["id"])
    for layer, j, k in [(1, 2, 1), (2, 0, 2), (1, 0, 0)]:
        ui.click_edge(layer, j, k)
        expected = breakdown(api, network["id"], layer, j, k, ui.example())
        rows = page.locator("[data-part=paths] tr[data-path]")
        assert rows.count() == len(expected["paths"]) == network["layers"][layer + 1]
        shown = []
        for index, path in enumerate(expected["paths"]):
            row = rows.nth(index)
            assert int(row.get_attribute("data-path")) == path["i"]
            assert float(row.get_attribute("data-value")) == path["contribution"]
            for term in ("weight", "slope", "error", "contribution"):
                assert number(row.locator(f'[data-term="{term}"]')) == path[term]
            assert close(path["weight"] * path["slope"] * path["error"], path["contribution"])
            shown.append(float(row.get_attribute("data-value")))
        total = number(page.locator('[data-quantity="paths-sum"]'))
        assert total == sum(shown)
        assert close(total, expected["error"])
        assert number(page.locator('[data-quantity="paths-error"]')) == expected["error"]
        assert number(page.locator('[data-factor="error"]')) == expected["error"]


def test_pointing_at_a_term_highlights_its_path(page, api, network):
    ui = open_network(page, network["id"])
    ui.click_edge(1, 2, 1)
    for i in range(3):
        page.locator(f"[data-part=paths] tr[data-path='{i}']").hover()
        highlighted = page.locator(".edge.highlighted")
        assert highlighted.count() == 1
        edge = highlighted.first
        assert (edge.get_attribute("data-layer"), edge.get_attribute("data-j"), edge.get_attribute("data-k")) == ("2", str(i), "2")
        assert edge.get_attribute("data-highlighted") == "true"
        neuron = page.locator(".neuron.highlighted")
        assert neuron.count() == 1
        assert (neuron.get_attribute("data-layer"), neuron.get_attribute("data-j")) == ("2", str(i))
        assert neuron.get_attribute("data-highlighted") == "true"
    page.mouse.move(5, 5)
    assert page.locator("[data-highlighted]").count() == 0

    # The keyboard reaches the terms too.
    page.locator("[data-part=paths] tr[data-path='0']").focus()
    assert page.locator('.edge.highlighted[data-layer="2"][data-j="0"][data-k="2"]').count() == 1
    page.locator("[data-part=paths] tr[data-path='0']").blur()
    assert page.locator("[data-highlighted]").count() == 0


def test_an_output_weight_has_no_paths_to_add(page, api, network):
    ui = open_network(page, network["id"])
    ui.click_edge(3, 0, 1)
    assert page.locator("[data-part=paths] tr[data-path]").count() == 0
    assert "output" in page.text_content("[data-part=paths]")
    expected = breakdown(api, network["id"], 3, 0, 1, ui.example())
    assert expected["paths"] == []
    assert numbers(page.locator('[data-factor="error"]')) == [expected["error"]]


def test_a_big_network_on_a_canvas_highlights_paths_too(page, api):
    big = create(api, layers=[64, 32, 16, 10], dataset="digits", seed=2)
    ui = open_network(page, big["id"])
    assert page.get_attribute("[data-network-id]", "data-renderer") == "canvas"
    # Neurons this small overlap; the keyboard reaches each one.
    page.locator('.neuron[data-layer="1"][data-j="3"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_selector('[data-part=neuron][data-layer="1"][data-j="3"]:not([hidden])')
    rows = page.locator("[data-part=neuron] tr.incoming-weight")
    assert rows.count() == 12
    page.locator("[data-part=neuron] button", has_text="Show all 64").click()
    assert rows.count() == 64
    bp = api.call("POST", f"/api/networks/{big['id']}/backprop", {"example": ui.example()})
    gradients = [abs(bp["grad_w"][0][3][int(k)]) for k in rows.evaluate_all("rs => rs.map(r => r.dataset.k)")]
    assert gradients == sorted(gradients, reverse=True)

    k = int(rows.first.get_attribute("data-k"))
    rows.first.click()
    ui.wait_panel(1, 3, k)
    expected = breakdown(api, big["id"], 1, 3, k, ui.example())
    terms = page.locator("[data-part=paths] tr[data-path]")
    assert terms.count() == 16
    assert numbers(terms.locator('[data-term="contribution"]')) == [p["contribution"] for p in expected["paths"]]
    assert close(number(page.locator('[data-quantity="paths-sum"]')), expected["error"])
    terms.nth(5).hover()
    overlay = page.locator(".edge-overlay[data-highlighted=true]")
    assert overlay.count() == 1
    assert (overlay.get_attribute("data-layer"), overlay.get_attribute("data-j"), overlay.get_attribute("data-k")) == ("2", "5", "3")
    assert page.locator('.neuron.highlighted[data-layer="2"][data-j="5"]').count() == 1
