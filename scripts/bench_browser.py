"""The browser rows of `make bench`: frames/s that Chromium draws while the page trains live, against
the frames the stream delivered, for the digit net, a 17k-weight net and the video's 784-16-16-10.

Debian's chromium (Playwright cannot download its own browsers here), headless, 1366x768.
"""
from __future__ import annotations

import os
import time

from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from bench import Server

CHROMIUM = os.environ.get("BACKPROP_LAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def browser_rows(server: Server, seconds: float) -> list[list[str]]:
    from playwright.sync_api import sync_playwright

    from bench import create  # bench.py imports this module: not at the top

    rows = []
    with sync_playwright() as p, httpx.Client(base_url=server.url, timeout=60) as client:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        for name, layers, dataset in (("digit net 64-16-16-10", [64, 16, 16, 10], "digits"),
                                      ("10k-weight net 64-128-64-10", [64, 128, 64, 10], "digits"),
                                      ("video's net 784-16-16-10", [784, 16, 16, 10], "mnist")):
            network = create(client, layers, dataset)
            weights = sum(len(w) * len(w[0]) for w in network["weights"])
            # The page opens the network it remembers: set it from a page of the same origin that
            # runs no script (on the app's page, its own first-visit network could win the race).
            page.goto(f"{server.url}/api/health")
            page.evaluate("id => localStorage.setItem('backprop-lab:network-id', id)", network["id"])
            page.goto(server.url)
            page.wait_for_selector(f"[data-network-id='{network['id']}']", state="attached", timeout=60_000)
            page.locator("[data-role=train]").click()
            wait_until(page, "() => document.body.dataset.training === 'true' && Number(document.body.dataset.frames) > 0")
            time.sleep(1.0)  # past the first frames, when the server is still sizing its chunks
            frames0, t0 = read_frames(page)
            received0 = int(page.evaluate("() => Number(document.body.dataset.framesReceived)"))
            time.sleep(seconds)
            frames1, t1 = read_frames(page)
            received1 = int(page.evaluate("() => Number(document.body.dataset.framesReceived)"))
            steps = client.get(f"/api/networks/{network['id']}").json()["step"]
            page.locator("[data-role=train]").click()
            wait_until(page, "() => document.body.dataset.training !== 'true'")
            rows.append([f"live training in Chromium, {name} ({weights:,} weights)",
                         f"{(frames1 - frames0) / (t1 - t0):.1f} frames/s", "", "target >= 30",
                         f"{(received1 - received0) / (t1 - t0):.1f} frames/s received; "
                         f"{steps:,} steps trained by the second reading"])
        browser.close()
    return rows


def wait_until(page, predicate: str, timeout: float = 30.0) -> None:
    # Polled from here: page.wait_for_function evaluates a string, which the page's CSP forbids.
    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the page never reached {predicate}")
        time.sleep(0.05)


def read_frames(page) -> tuple[int, float]:
    # The page's clock, so the time between two readings is the page's own.
    frames, now = page.evaluate("() => [Number(document.body.dataset.frames), performance.now() / 1000]")
    return frames, now


# -- the table --------------------------------------------------------------------------------------
