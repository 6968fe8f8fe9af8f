"""A real PostgreSQL server for the tests: Debian's `postgresql` package, `initdb` into a temporary
directory, started on a free loopback port, removed at the end. Never a mock.

As root (CI, and the developers' machines), the server runs as the `postgres` user, which the
package creates (PostgreSQL refuses to run as root); as any other user, as that user.

`PostgresServer.schema()` gives each test an empty schema of its own on the one server (a URL whose
`search_path` is that schema): a test sees only its own tables, and a schema costs milliseconds
where a database costs a copy of template1.
"""
from __future__ import annotations

import glob
import os
import secrets
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from live_server import free_port


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin directory, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


class PostgresServer:
    def __init__(self):
        self.bin = binaries()
        if self.bin is None:
            raise RuntimeError("PostgreSQL is not installed: apt-get install -y postgresql (make test does)")
        self.root = Path(tempfile.mkdtemp(prefix="backprop-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
            os.chmod(self.root, 0o700)

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        result = subprocess.run([*prefix, *command], capture_output=True, text=True, cwd=self.root)
        if check and result.returncode != 0:
            raise RuntimeError(f"{command[0]} failed:\n{result.stdout}\n{result.stderr}\n{self.output()}")
        return result

    def output(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def initdb(self) -> PostgresServer:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "--no-sync", "-E", "UTF8", "--locale=C")
        return self

    def start(self) -> PostgresServer:
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c max_connections=300 "
                   "-c fsync=on -c synchronous_commit=on")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options,
                  "-w", "-t", "60", "start")
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop",
                  check=False)

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def psql(self, sql: str) -> str:
        return self._run(str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                         "-d", "postgres", "-tAX", "-v", "ON_ERROR_STOP=1", "-c", sql).stdout.strip()

    def schema(self) -> str:
        """A URL on a new, empty schema of this server (see the module's docstring)."""
        name = f"t_{secrets.token_hex(6)}"
        self.psql(f"CREATE SCHEMA {name}")
        return f"{self.url}?options={quote(f'-c search_path={name}')}"

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._run(str(self.bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port),
                         check=False).returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError(f"PostgreSQL did not come up:\n{self.output()}")


# -- the suite on PostgreSQL (BACKPROP_LAB_TEST_DATABASE=postgres: tests/conftest.py) ------------------
_running: PostgresServer | None = None
_by_directory: dict[Path, str] = {}


def use(server: PostgresServer | None) -> None:
    """The session's server, which url_for makes schemas on (None: the suite runs on SQLite)."""
    global _running
    _running = server
    _by_directory.clear()


def url_for(data_dir: Path) -> str | None:
    """The database of a server started on ``data_dir``: one schema per directory, so a server started
    again on the same directory finds what the first left, as it finds its SQLite file."""
    if _running is None:
        return None
    key = Path(data_dir).resolve()
    if key not in _by_directory:
        _by_directory[key] = _running.schema()
    return _by_directory[key]
