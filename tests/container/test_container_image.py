"""The production image, built from this checkout and run as a teacher would run it."""
import json
import re
from pathlib import Path

import httpx
from packaging.markers import Marker

APP_DIR = "/srv/backprop-lab"  # where the Dockerfile puts the code
REPO = Path(__file__).resolve().parents[2]


def test_serves_the_page_and_health(container):
    page = httpx.get(container.url + "/", timeout=10)
    assert page.status_code == 200, page.text[:500]
    assert page.headers["content-type"].startswith("text/html")
    assert "<html" in page.text.lower()

    health = httpx.get(container.url + "/api/health", timeout=10)
    assert health.status_code == 200
    assert health.json() == {"status": "ok"}


def test_the_server_does_not_run_as_root(container, image_config):
    assert container.exec("id", "-u").stdout.strip() != "0"
    # The server itself (PID 1, started by CMD), not only an exec'd shell.
    status = container.exec("cat", "/proc/1/status").stdout
    real, effective = next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1:3]
    assert real != "0" and effective != "0"
    assert image_config["User"] not in ("", "0", "root", "0:0")


def test_the_image_holds_the_app_and_nothing_of_the_work_tree(container):
    listing = container.exec("ls", "-A", APP_DIR).stdout.split()
    assert {"app", "pyproject.toml"} <= set(listing)
    for unwanted in (".venv", "tests", ".git", "data", "__pycache__"):
        assert unwanted not in listing
    # Runtime dependencies only: the test extras stay out of the image.
    assert container.exec("python", "-c", "import pytest", check=False).returncode != 0


def test_the_declared_healthcheck_passes(container, image_config):
    check = image_config.get("Healthcheck") or {}
    test = check.get("Test") or []
    assert test and test[0] in ("CMD", "CMD-SHELL"), f"no HEALTHCHECK declared: {check}"
    # Run the image's own probe inside the container: the engine would run exactly this.
    argv = test[1:] if test[0] == "CMD" else ["sh", "-c", test[1]]
    assert container.exec(*argv, check=False).returncode == 0


def test_data_lives_in_the_volume_and_survives_a_new_container(start_container, data_volume, image_config):
    assert "/data" in (image_config.get("Volumes") or {})
    assert "BACKPROP_LAB_DATA_DIR=/data" in image_config["Env"]

    first = start_container("-v", f"{data_volume}:/data")
    created = httpx.post(
        first.url + "/api/networks", json={"layers": [2, 3, 1], "dataset": "xor", "seed": 7}, timeout=30
    )
    assert created.status_code == 201, created.text
    network = created.json()
    assert first.exec("ls", "-A", "/data").stdout.split(), "the app kept nothing in /data"
    first.cli.run("rm", "-f", "-v", first.id)

    second = start_container("-v", f"{data_volume}:/data")
    kept = httpx.get(f"{second.url}/api/networks/{network['id']}", timeout=30)
    assert kept.status_code == 200, kept.text
    assert kept.json() == network


def locked_versions(lock: Path, environment: dict[str, str]) -> dict[str, set[str]]:
    """Each package the lock pins for ``environment`` (a Python's marker values), with every version
    it pins there; a pin whose marker does not hold (tzdata on Windows only) is left out."""
    pins: dict[str, set[str]] = {}
    for line in lock.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;([^\\]*))?", line)
        if match and (not match[3] or Marker(match[3].strip()).evaluate(environment)):
            pins.setdefault(canonical(match[1]), set()).add(match[2])
    return pins


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_image_installs_exactly_the_locked_versions(container):
    # --exclude-editable: the app itself is installed from the copied source, not from the lock.
    frozen = container.exec("python", "-m", "pip", "freeze", "--all", "--exclude-editable").stdout
    installed = {canonical(name): version
                 for name, version in (line.split("==", 1) for line in frozen.split() if "==" in line)}
    # The markers are evaluated for the image's Python, by the packaging that its pip carries.
    environment = json.loads(container.exec(
        "python", "-c", "import json; from pip._vendor.packaging.markers import default_environment as e; "
                        "print(json.dumps(e()))").stdout)
    locked = locked_versions(REPO / "requirements" / "run.txt", environment)
    assert locked, "requirements/run.txt pins nothing"
    for name, versions in locked.items():
        assert installed.get(name) in versions, (name, versions, installed.get(name))
    # Nothing beyond the lock, except pip itself (the base image's).
    extra = set(installed) - set(locked) - {"pip"}
    assert not extra, extra
    assert container.exec("python", "-m", "pip", "check", check=False).returncode == 0
    shown = container.exec("python", "-m", "pip", "show", "backprop-lab").stdout
    assert "Name: backprop-lab" in shown
