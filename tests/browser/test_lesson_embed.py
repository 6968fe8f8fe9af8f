"""A lesson embedded in a course page: with BACKPROP_LAB_FRAME_ANCESTORS naming the course's site the
page loads in its frame, looks embedded, hides what the link says and fits a small frame (800x600,
400x600); with the default policy the browser refuses to frame it."""
import base64
import html
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from live_server import LiveServer, free_port

SHOTS = os.environ.get("LESSON_SHOTS")
SPEC = {"layers": [2, 4, 4, 1], "hidden_activation": "tanh", "output_activation": "sigmoid", "loss": "mse",
        "dataset": "circle", "seed": 3}
HIDE = ["walk", "my-networks", "new-network", "files", "top-gradients", "presenter-toggle"]
BOX = """(selector) => { const r = document.querySelector(selector).getBoundingClientRect();
  return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height }; }"""


def lesson_link(url: str, lesson: dict) -> str:
    return f"{url}/?lesson={base64.urlsafe_b64encode(json.dumps(lesson).encode()).decode().rstrip('=')}"


class CoursePage(BaseHTTPRequestHandler):
    """Another site's page (another port, so another origin) that frames ?src= at ?w= x ?h= pixels.
    A real local server: Chromium refuses a public page (a routed fake one counts as that) framing
    a local address, before any frame policy is asked."""

    def do_GET(self):
        query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        if "src" not in query:  # the browser's favicon request: nothing, without an error in the log
            self.send_response(204)
            self.end_headers()
            return
        body = (f"<!doctype html><title>Course</title><h1 style='font:16px sans-serif'>Week 3: backprop</h1>"
                f"<iframe id=lab src='{html.escape(query['src'], quote=True)}' width={int(query['w'])} "
                f"height={int(query['h'])} style='border:1px solid #999'></iframe>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def course():
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), CoursePage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def embed_url(tmp_path_factory, course):
    with LiveServer(tmp_path_factory.mktemp("embed") / "data", env={"BACKPROP_LAB_FRAME_ANCESTORS": course}) as server:
        yield server.url


def course_page(browser, course, src: str, width: int, height: int):
    """The course page framing `src`, in a fresh browser context."""
    from urllib.parse import urlencode

    context = browser.new_context(viewport={"width": width + 40, "height": height + 120})
    page = context.new_page()
    messages = []
    page.on("console", lambda m: messages.append((m.type, m.text)))
    page.on("pageerror", lambda e: messages.append(("pageerror", str(e))))
    page.goto(f"{course}/week3?{urlencode({'src': src, 'w': width, 'h': height})}")
    return context, page, messages


@pytest.mark.parametrize("width, height", [(800, 600), (400, 600)])
def test_an_embedded_lesson_fits_its_frame_and_hides_what_the_link_says(browser, course, embed_url, width, height,
                                                                          tmp_path):
    import httpx

    src = lesson_link(embed_url, {"v": 1, "network": SPEC, "training": {"learning_rate": 1, "batch_size": 4},
                                  "hide": HIDE})
    context, page, messages = course_page(browser, course, src, width, height)
    frame = page.frame_locator("#lab")
    frame.locator("[data-network-id][aria-busy=false]").wait_for(timeout=60_000)
    inner = next(f for f in page.frames if f.url.startswith(embed_url))
    page.screenshot(path=str(Path(SHOTS or tmp_path) / f"embedded-{width}x{height}.png"))

    network = httpx.get(f"{embed_url}/api/networks/{inner.get_attribute('[data-network-id]', 'data-network-id')}").json()
    assert {k: network[k] for k in SPEC} == SPEC and network["step"] == 0
    assert inner.get_attribute("html", "data-embedded") == "true"
    assert inner.input_value("[data-role=learning-rate]") == "1"
    for selector in ("[data-part=walk]", "[data-part=my-networks]", "[data-part=new-network]",
                     "[data-part=network-files]", "[data-part=top-gradients]", "[data-role=presenter-toggle]"):
        assert inner.locator(selector).is_hidden(), selector
    # Nothing wider than the frame, and what a lesson needs is on screen.
    assert inner.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    drawing = inner.evaluate(BOX, "[data-role=drawing]")
    assert drawing["left"] >= 0 and drawing["right"] <= width
    assert drawing["width"] >= width * (0.55 if width >= 760 else 0.85)
    assert drawing["height"] >= 150
    if width >= 760:
        # Two columns that fit the frame: the Train button and the drawing in view without scrolling.
        train = inner.evaluate(BOX, "[data-role=train]")
        assert train["top"] >= 0 and train["bottom"] <= height
        assert drawing["top"] < height and drawing["bottom"] <= height + 1
        assert inner.evaluate(BOX, "[data-part=controls]")["right"] <= drawing["left"]
    else:
        # A phone-sized frame stacks the cards: the drawing comes first, the training controls below.
        assert drawing["top"] < height
        assert inner.evaluate(BOX, "[data-part=controls]")["top"] >= drawing["bottom"]
    # The learner trains in the frame: the network on the server moves.
    inner.click("[data-role=step]")
    inner.wait_for_selector("[data-network-id][data-step='1']")
    assert [m for m in messages if m[0] in ("error", "pageerror")] == []
    context.close()


def test_by_default_the_browser_refuses_to_frame_the_page(browser, course, server_url):
    context, page, messages = course_page(browser, course, f"{server_url}/", 800, 600)
    refused = lambda: any("frame-ancestors 'none'" in text for _, text in messages)  # noqa: E731
    for _ in range(100):
        if refused():
            break
        page.wait_for_timeout(100)
    assert refused(), messages
    frame = next(f for f in page.frames if f != page.main_frame)
    assert frame.locator("[data-network-id]").count() == 0
    context.close()
