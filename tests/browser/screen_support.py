"""What the screen-size and presenter tests share: a page opened at a given size on a given network,
and boxes from the browser's layout."""
import json

import pytest

from conftest import wait_settled
from teach_support import DEFAULT_SPEC, STORAGE_KEY

BOX = """(selector) => { const e = document.querySelector(selector); const r = e.getBoundingClientRect();
  return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height }; }"""


@pytest.fixture
def screen(browser, base_url, api, tmp_path):
    """Opens the page on a network of `spec` in a fresh context of the given size; closes it after."""
    contexts, errors = [], []

    def open_at(spec=None, query="", **context_args):
        network = api.call("POST", "/api/networks", spec or DEFAULT_SPEC)
        context = browser.new_context(base_url=base_url, **context_args)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.add_init_script(f"localStorage.setItem({json.dumps(STORAGE_KEY)}, {json.dumps(network['id'])})")
        page.goto("/" + query)
        wait_settled(page)
        assert page.get_attribute("[data-network-id]", "data-network-id") == network["id"]
        return page

    open_at.shot = lambda page, name: page.screenshot(path=str(tmp_path / f"{name}.png"))
    yield open_at
    for context in contexts:
        context.close()
    assert errors == []


def box(page, selector):
    return page.evaluate(BOX, selector)


def inside_viewport(page, b, slack=1):
    width, height = page.evaluate("[innerWidth, innerHeight]")
    return b["left"] >= -slack and b["top"] >= -slack and b["right"] <= width + slack and b["bottom"] <= height + slack


def apart(a, b):
    return a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]
