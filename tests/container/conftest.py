"""Build the production image once per test session and run containers from it.

The container CLI: $CONTAINER_CLI if set; else docker when its engine answers; else the podman
wrapper beside the repo (../shared/tools/podman-here, for build machines with no Docker engine and
no registry); else podman. Nothing here skips: no CLI, or a failed build, fails the tests with the reason.
"""
import json
import os
import shlex
import shutil
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from live_server import free_port

REPO = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT = 1800  # a cold podman-here first installs podman and makes a Debian rootfs
READY_TIMEOUT = 90


def _command_works(argv: list[str]) -> bool:
    try:
        return subprocess.run(argv, capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def find_container_cli() -> list[str]:
    chosen = os.environ.get("CONTAINER_CLI", "").strip()
    if chosen:
        return shlex.split(chosen)
    # This machine has a docker client with no engine, so the client alone proves nothing.
    if shutil.which("docker") and _command_works(["docker", "info"]):
        return ["docker"]
    # The wrapper before bare podman: it exists only on the build machines, where it installs podman
    # itself, and bare podman there has neither its storage nor its stand-in base images.
    wrapper = REPO.parent / "shared" / "tools" / "podman-here"
    if os.access(wrapper, os.X_OK):
        return [str(wrapper)]
    if shutil.which("podman"):
        return ["podman"]
    pytest.fail(
        "No container CLI: set CONTAINER_CLI, start a Docker engine, install podman, "
        f"or provide {wrapper}.",
        pytrace=False,
    )


@dataclass
class Cli:
    argv: list[str]

    def run(self, *args: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [*self.argv, *args], capture_output=True, text=True, timeout=timeout, cwd=REPO
        )
        if check and result.returncode != 0:
            pytest.fail(
                f"`{shlex.join([*self.argv, *args])}` exited {result.returncode}\n"
                f"--- stdout ---\n{result.stdout[-4000:]}\n--- stderr ---\n{result.stderr[-4000:]}",
                pytrace=False,
            )
        return result


@dataclass
class Container:
    cli: Cli
    id: str
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def exec(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return self.cli.run("exec", self.id, *args, check=check)

    def logs(self) -> str:
        result = self.cli.run("logs", self.id, check=False)
        return result.stdout + result.stderr

    def running(self) -> bool:
        result = self.cli.run("inspect", "--format", "{{.State.Running}}", self.id, check=False)
        return result.stdout.strip() == "true"


@pytest.fixture(scope="session")
def cli() -> Cli:
    return Cli(find_container_cli())


@pytest.fixture(scope="session")
def image(cli: Cli):
    # A tag of its own, so parallel runs never test each other's image or remove it.
    tag = f"backprop-lab-smoke:{uuid.uuid4().hex[:12]}"
    cli.run("build", "-t", tag, ".", timeout=BUILD_TIMEOUT)
    try:
        yield tag
    finally:
        cli.run("rmi", "-f", tag, check=False)


def wait_until_healthy(container: Container) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if not container.running():
            pytest.fail(f"The container stopped before serving.\n--- logs ---\n{container.logs()}", pytrace=False)
        try:
            with urllib.request.urlopen(container.url + "/api/health", timeout=5) as response:
                if response.status == 200:
                    return
                last_error = f"HTTP {response.status}"
        except (urllib.error.URLError, OSError) as error:
            last_error = str(error)
        time.sleep(0.5)
    pytest.fail(
        f"{container.url}/api/health did not answer within {READY_TIMEOUT}s ({last_error}).\n"
        f"--- logs ---\n{container.logs()}",
        pytrace=False,
    )


@pytest.fixture
def start_container(cli: Cli, image: str):
    """Start containers from the image (host network, a free port); all removed at teardown."""
    started: list[str] = []

    def start(*run_args: str) -> Container:
        port = free_port()
        # Host networking: the build machines must not use the private ranges of bridge networks.
        result = cli.run("run", "-d", "--network", "host", "-e", f"PORT={port}", *run_args, image)
        container = Container(cli, result.stdout.strip().splitlines()[-1], port)
        started.append(container.id)
        wait_until_healthy(container)
        return container

    try:
        yield start
    finally:
        for container_id in started:
            # -v: also the anonymous /data volume each container gets from VOLUME.
            cli.run("rm", "-f", "-v", container_id, check=False)


@pytest.fixture
def container(start_container) -> Container:
    return start_container()


@pytest.fixture
def data_volume(cli: Cli):
    name = f"backprop-lab-smoke-{uuid.uuid4().hex[:12]}"
    cli.run("volume", "create", name)
    try:
        yield name
    finally:
        cli.run("volume", "rm", "-f", name, check=False)


@pytest.fixture(scope="session")
def image_config(cli: Cli, image: str) -> dict:
    """The image's Config block: User, Env, Volumes, Cmd, Healthcheck."""
    info = json.loads(cli.run("image", "inspect", image).stdout)[0]
    config = dict(info.get("Config") or {})
    # Docker keeps the healthcheck in Config; podman beside it, at the top level.
    config.setdefault("Healthcheck", info.get("Healthcheck"))
    return config


@pytest.fixture
def unused_port() -> int:
    return free_port()
