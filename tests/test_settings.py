"""Settings from the environment: a bad value stops `python -m app` as it starts, with one line that
names the variable and what it takes, never a traceback nor a server running on a wrong limit."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name, raw, words", [
    ("BACKPROP_LAB_QUEUE_PER_NETWORK", "abc", "must be a whole number of 0 or more, got 'abc'"),
    ("BACKPROP_LAB_STREAMS_PER_CLIENT", "2.5", "must be a whole number of 0 or more, got '2.5'"),
    ("BACKPROP_LAB_MAX_STREAM_SECONDS", "-1", "must be a number of 0 or more, got '-1'"),
    ("BACKPROP_LAB_MAX_DB_MB", "inf", "must be a number of 0 or more, got 'inf'"),
    ("BACKPROP_LAB_TTL_HOURS", "a week", "must be a number of 0 or more, got 'a week'"),
    ("BACKPROP_LAB_MAX_NETWORKS", "1e4", "must be a whole number of 0 or more, got '1e4'"),
    ("BACKPROP_LAB_FRAME_ANCESTORS", "school.example", "'school.example' is not a site"),
    ("PORT", "0", "must be a whole number from 1 to 65535, got '0'"),
    ("BACKPROP_LAB_TRAINING_PROCESSES", "0", "must be a whole number from 1 to 64, got '0'"),
])
@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_bad_value_stops_the_start_naming_the_variable(tmp_path, name, raw, words, workers):
    # With several workers too: uvicorn restarts a worker that exits, so a bad value read only in the
    # workers would print its line forever.
    env = {"BACKPROP_LAB_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin", "PORT": "1",
           "BACKPROP_LAB_WORKERS": workers, name: raw}
    done = subprocess.run([sys.executable, "-m", "app"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode != 0
    assert f"backprop-lab: {name}" in done.stderr and words in done.stderr
    assert "Traceback" not in done.stderr


def test_the_workers_themselves_are_a_bounded_count(tmp_path):
    env = {"BACKPROP_LAB_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin", "BACKPROP_LAB_WORKERS": "two"}
    done = subprocess.run([sys.executable, "-m", "app"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode != 0
    assert "backprop-lab: BACKPROP_LAB_WORKERS must be a whole number from 1 to 64, got 'two'." in done.stderr
    assert "Traceback" not in done.stderr


def test_good_values_are_read_as_numbers(monkeypatch):
    from app import limits

    monkeypatch.setenv("BACKPROP_LAB_TTL_HOURS", "2.5")
    assert limits._env("BACKPROP_LAB_TTL_HOURS", 168, float) == 2.5
    monkeypatch.setenv("BACKPROP_LAB_TTL_HOURS", " ")
    assert limits._env("BACKPROP_LAB_TTL_HOURS", 168, float) == 168.0
    monkeypatch.setenv("BACKPROP_LAB_QUEUE_PER_NETWORK", "0")
    assert limits._env("BACKPROP_LAB_QUEUE_PER_NETWORK", 16) == 0
    monkeypatch.delenv("BACKPROP_LAB_TRAINING_PROCESSES", raising=False)
    assert limits.training_processes(96) == 64  # a default beyond the bound is not a bad setting
