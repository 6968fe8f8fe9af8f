"""`python -m app`, the image's CMD, run here from the checkout: configured by environment only."""
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]


def run_module(env: dict[str, str], **kwargs):
    return subprocess.Popen(
        [sys.executable, "-m", "app"],
        cwd=REPO,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


@pytest.mark.parametrize(
    "name, value",
    [("PORT", "eighty"), ("PORT", "8000.5"), ("PORT", "0"), ("PORT", "65536"), ("BACKPROP_LAB_WORKERS", "0"),
     ("BACKPROP_LAB_WORKERS", "two")],
)
def test_a_bad_setting_stops_with_a_message_naming_it(name, value):
    process = run_module({name: value})
    _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0
    assert name in stderr and repr(value) in stderr
    assert "Traceback" not in stderr


def test_serves_on_the_port_from_the_environment(unused_port, tmp_path):
    process = run_module({"PORT": str(unused_port), "BACKPROP_LAB_DATA_DIR": str(tmp_path)})
    url = f"http://127.0.0.1:{unused_port}/api/health"
    try:
        deadline = time.monotonic() + 60
        answer = None
        while answer is None and time.monotonic() < deadline and process.poll() is None:
            try:
                answer = httpx.get(url, timeout=5)
            except httpx.TransportError:
                time.sleep(0.2)
        assert answer is not None, f"no answer on {url}; exit code {process.poll()}"
        assert answer.json() == {"status": "ok"}
    finally:
        process.terminate()
        process.communicate(timeout=30)
