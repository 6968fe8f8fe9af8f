"""Helpers shared by the teaching-feature browser tests: open a given network, read shown numbers."""
import json
import math
import urllib.error

import pytest

from conftest import Ui, wait_settled

STORAGE_KEY = "backprop-lab:network-id"
DEFAULT_SPEC = {"layers": [2, 3, 3, 1], "hidden_activation": "sigmoid", "output_activation": "sigmoid",
                "loss": "mse", "dataset": "xor", "seed": 1}


# Chromium logs every 4xx answer as a console error; the hand-edit test provokes these on purpose.
REJECTED = "the server responded with a status of 422"


@pytest.fixture(autouse=True)
def no_console_errors(console_errors):
    """Imported by each teaching test module: its pages must log no error but the expected 422s."""
    yield console_errors
    assert [e for e in console_errors if REJECTED not in e] == []


def create(api, **changes):
    return api.call("POST", "/api/networks", {**DEFAULT_SPEC, **changes})


def open_network(page, network_id) -> Ui:
    """The page opened on an existing network (the one a previous visit would have saved)."""
    page.add_init_script(f"localStorage.setItem({json.dumps(STORAGE_KEY)}, {json.dumps(network_id)})")
    page.goto("/")
    wait_settled(page)
    ui = Ui(page)
    assert ui.network_id() == network_id
    return ui


def number(locator) -> float:
    return float(locator.get_attribute("data-value"))


def numbers(locator) -> list[float]:
    return [float(v) for v in locator.evaluate_all("els => els.map(e => e.dataset.value)")]


def close(a: float, b: float, rel: float = 1e-12) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-300)


def open_section(ui: Ui, part: str):
    section = ui.page.locator(f"[data-part={part}]")
    if section.get_attribute("open") is None:
        section.locator("summary").click()
    ui.page.wait_for_selector(f"[data-part={part}][data-ready=true]")
    ui.settled()
    return section


def api_error(api, method: str, path: str, body) -> str:
    """The message the API gives for a rejected request, as the page shows it."""
    try:
        api.call(method, path, body)
    except urllib.error.HTTPError as error:
        detail = json.loads(error.read())["detail"]
        if isinstance(detail, str):
            return detail
        return "; ".join(f"{'.'.join(str(p) for p in d['loc'][1:]) or 'body'}: {d['msg']}" for d in detail)
    raise AssertionError("the API accepted the request")
