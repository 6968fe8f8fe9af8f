"""Browser tests: the app served by a real uvicorn on a free port, driven by Debian's Chromium."""
import json
import os
import time
import urllib.request

import pytest

from live_server import LiveServer

CHROMIUM = os.environ.get("BACKPROP_LAB_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def server_url(tmp_path_factory):
    # A subprocess, so BACKPROP_LAB_DATA_DIR is set before the app is imported and the
    # tests' database never touches ./data.
    with LiveServer(tmp_path_factory.mktemp("browser") / "data") as server:
        yield server.url


@pytest.fixture(scope="session")
def base_url(server_url):
    return server_url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1366, "height": 768}}


class Api:
    """The server's HTTP API, to compare the page against."""

    def __init__(self, url: str):
        self.url = url

    def call(self, method: str, path: str, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
        return json.loads(text) if text else None


@pytest.fixture(scope="session")
def api(server_url):
    return Api(server_url)


@pytest.fixture
def console_errors(page):
    """Every console error and uncaught exception of the page; the test asserts on the list."""
    errors = []
    page.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    return errors


@pytest.fixture
def expect_console_errors(console_errors):
    """Lets a test declare the browser's own log lines for HTTP errors it provokes on purpose."""
    def expect(status: int):
        wanted = f"status of {status}"
        before = len(console_errors)
        console_errors[:] = [e for e in console_errors if wanted not in e]
        return before - len(console_errors)
    return expect


@pytest.fixture
def lab(page, console_errors):
    """The page loaded and settled, failing the test if it logged any error."""
    page.goto("/")
    wait_settled(page)
    yield page
    assert console_errors == []


def wait_settled(page):
    page.wait_for_selector("[data-network-id][aria-busy=false]")


# A point on an edge where the edge itself (not a crossing one) receives the click, in page pixels.
POINT_ON_EDGE = """(edge) => {
  const line = edge.querySelector('.edge-hit');
  const matrix = line.getScreenCTM();
  const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map((n) => line[n].baseVal.value);
  for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.15, 0.85]) {
    const point = new DOMPoint(x1 + t * (x2 - x1), y1 + t * (y2 - y1)).matrixTransform(matrix);
    const hit = document.elementFromPoint(point.x, point.y);
    if (hit && hit.closest('.edge') === edge) return { x: point.x, y: point.y };
  }
  return null;
}"""


class Ui:
    """What a person sees and does on the page, in the test hooks' terms."""

    def __init__(self, page):
        self.page = page

    def settled(self):
        self.page.wait_for_selector("[data-network-id][aria-busy=false]")

    def wait_until(self, condition, timeout_s: float = 30):
        # page.wait_for_function evaluates strings, which the page's CSP rightly forbids.
        deadline = time.monotonic() + timeout_s
        while not condition():
            assert time.monotonic() < deadline, "the page never reached the awaited state"
            self.page.wait_for_timeout(50)

    def network_id(self) -> str:
        return self.page.get_attribute("[data-network-id]", "data-network-id")

    def step(self) -> int:
        return int(self.page.get_attribute("[data-network-id]", "data-step"))

    def example(self) -> int:
        return int(self.page.get_attribute("[data-example]", "data-example"))

    def edge(self, layer: int, j: int, k: int):
        return self.page.locator(f'.edge[data-layer="{layer}"][data-j="{j}"][data-k="{k}"]')

    def click_edge(self, layer: int, j: int, k: int):
        point = self.edge(layer, j, k).evaluate(POINT_ON_EDGE)
        assert point is not None, f"no visible point on edge {layer},{j},{k} to click"
        self.page.mouse.click(point["x"], point["y"])
        self.wait_panel(layer, j, k)

    def wait_panel(self, layer: int, j: int, k: int):
        self.page.wait_for_selector(
            f'[data-selected-layer="{layer}"][data-selected-j="{j}"][data-selected-k="{k}"]'
            f'[data-selected-example="{self.example()}"] .breakdown-body:not(.is-stale)')
        self.settled()

    def factors(self) -> dict:
        return {name: float(self.page.get_attribute(f'[data-factor="{name}"]', "data-value"))
                for name in ("error", "slope", "input", "gradient")}

    def quantity(self, name: str) -> float:
        return float(self.page.get_attribute(f'[data-quantity="{name}"]', "data-value"))

    def edge_colours(self) -> dict:
        return self.page.eval_on_selector_all(
            ".edge", "edges => Object.fromEntries(edges.map(e => ["
            "`${e.dataset.layer}:${e.dataset.j}:${e.dataset.k}`, e.querySelector('.edge-line').getAttribute('stroke')]))")

    def highlighted(self):
        """The edges {(layer, j, k)} and neurons {(layer, j)} the store's `highlight` lights in the drawing."""
        edges = self.page.eval_on_selector_all(
            '.edge[data-highlighted="true"]', "els => els.map(e => [+e.dataset.layer, +e.dataset.j, +e.dataset.k])")
        neurons = self.page.eval_on_selector_all(
            '.neuron[data-highlighted="true"]', "els => els.map(e => [+e.dataset.layer, +e.dataset.j])")
        return {tuple(e) for e in edges}, {tuple(n) for n in neurons}

    def cost(self) -> float:
        return float(self.page.get_attribute("[data-role=cost]", "data-value"))


@pytest.fixture
def ui(lab):
    return Ui(lab)
