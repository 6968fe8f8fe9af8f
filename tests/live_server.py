"""The one live server of the tests: the real app, `python -m uvicorn app.main:app`, on a free port.

Every test folder imports it (`from live_server import LiveServer, free_port`; pyproject's
`pythonpath = ["tests"]` puts this folder on sys.path): the concurrency, persistence and fuzz tests,
the live stream's disconnect test, the browser tests' session server, and the container tests'
port picker. (`scripts/bench.py` keeps its own launcher: it times `python -m app`, the image's CMD.)

Each server gets its own data directory, so tests can kill it (even with SIGKILL) and start a new
one on the same directory to see what survived. Its output goes to a log file beside that directory,
quoted in the error when it fails to start.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """`with LiveServer(data_dir) as server:` serves on `server.url` until the block ends.

    workers=1 is one uvicorn process; more runs uvicorn's supervisor with that many workers.
    production=True runs `python -m app` instead (the image's CMD: its protocol, timeouts and
    connection budget); ``preexec`` runs in the server's process before it starts (e.g. setrlimit).
    """

    def __init__(self, data_dir: Path, workers: int = 1, env: dict[str, str] | None = None,
                 production: bool = False, preexec=None):
        self.data_dir = Path(data_dir)
        self.workers = workers
        # The whole suite comes from one address, 127.0.0.1, so faster than a class would create
        # networks: the per-client creation rate is the limit tests (tests/test_client_limits.py) set.
        self.env = {"BACKPROP_LAB_CREATIONS_PER_MINUTE": "100000", **(env or {})}
        from postgres_server import url_for  # the suite run on PostgreSQL: this directory's schema

        self.database_url = self.env.get("BACKPROP_LAB_DATABASE_URL") or url_for(self.data_dir)
        """Where the server keeps its networks: None for the SQLite file in ``data_dir``."""
        if self.database_url:
            self.env["BACKPROP_LAB_DATABASE_URL"] = self.database_url
        self.production = production
        self.preexec = preexec
        self.process: subprocess.Popen | None = None
        self.url = ""
        self.log = self.data_dir.parent / f"{self.data_dir.name}-server.log"

    def start(self) -> LiveServer:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "BACKPROP_LAB_DATA_DIR": str(self.data_dir), **self.env}
        command = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1",
                   "--port", str(port), "--workers", str(self.workers), "--log-level", "warning"]
        if self.production:
            command = [sys.executable, "-m", "app"]
            env.update(BACKPROP_LAB_HOST="127.0.0.1", PORT=str(port), BACKPROP_LAB_WORKERS=str(self.workers))
        with open(self.log, "ab") as log:
            # A session of its own: kill() can then SIGKILL the supervisor and every worker at once.
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                preexec_fn=self.preexec,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}:\n{self.output()}")
            try:
                if httpx.get(f"{self.url}/api/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"the server did not answer /api/health within {START_TIMEOUT:g} s:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signal the whole process group (supervisor and workers) and reap the supervisor."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)
        if sig != signal.SIGKILL:
            # Workers left behind by a graceful stop must not outlive the test.
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process = None

    def stop(self) -> None:
        self.kill(signal.SIGTERM)

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
