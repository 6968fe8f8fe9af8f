"""The OpenAPI schema against the server it describes: schemathesis with every check it has.

`schemathesis run --checks all` (status codes, content types, response bodies and headers against
the schema, negative data refused, schema-valid data accepted, 405 and Allow for other methods, a
deleted network gone, ...) over every operation, against the real app started as the other live
tests start it. The client limits are raised so that thousands of requests from one address test
the schema, not the limits (tests/test_client_limits.py tests those), and a live stream ends after
two seconds instead of a lesson. The one narrowed check is explained in tests/schemathesis.toml.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx

from live_server import LiveServer

CONFIG = Path(__file__).with_name("schemathesis.toml")
EXAMPLES = 10
"""Per operation and phase: about two minutes on two busy cores."""
TIMEOUT = 600
"""The whole run; a run that passes takes a fraction of it."""
UNLIMITED = {
    "BACKPROP_LAB_NETWORKS_PER_CLIENT": "1000000",
    "BACKPROP_LAB_SHARES_PER_CLIENT": "1000000",
    "BACKPROP_LAB_CREATIONS_PER_MINUTE": "1000000",
    "BACKPROP_LAB_STREAMS_PER_CLIENT": "1000",
    "BACKPROP_LAB_MAX_STREAM_SECONDS": "2",
}


def test_every_check_of_schemathesis_passes(tmp_path):
    schemathesis = Path(sys.executable).with_name("schemathesis")
    with LiveServer(tmp_path / "data", env=UNLIMITED) as server:
        made = httpx.post(f"{server.url}/api/networks", json={"layers": [2, 3, 1], "dataset": "xor", "seed": 1})
        assert made.status_code == 201, made.text
        started = time.monotonic()
        run = subprocess.run(
            [str(schemathesis), "--config-file", str(CONFIG), "run", f"{server.url}/openapi.json",
             "--checks", "all", "--max-examples", str(EXAMPLES), "--seed", "15",
             # One worker: with two, hypothesis' lambda descriptions race in Python 3.11's ast
             # ("AST constructor recursion depth mismatch"), a runtime error in the tool, not the API.
             "--workers", "1", "--request-timeout", "30", "--generation-database", "none", "--no-color"],
            cwd=tmp_path, capture_output=True, text=True, timeout=TIMEOUT,
            env={**os.environ, "BACKPROP_LAB_SCHEMATHESIS_NETWORK": made.json()["id"]},
        )
        seconds = time.monotonic() - started
        log = server.output()
    out = run.stdout + run.stderr
    print(out[-3000:], f"\nschemathesis took {seconds:.0f} s")
    assert run.returncode == 0, f"{out[-20000:]}\n--- server log ---\n{log[-3000:]}"
    # It really ran: every operation, many cases, and the stateful phase that chains them.
    assert "No issues found" in out or " passed" in out, out[-3000:]
    cases = re.search(r"^\s*(\d+) generated, (\d+) passed", out, re.M)
    assert cases and int(cases[1]) >= 500 and cases[1] == cases[2], out[-3000:]
