"""The lock files that make, CI and the Dockerfile install from agree with pyproject.toml and with
each other (regenerate them with `make lock`, see README.md)."""
import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def pins(lock: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    text = (REPO / "requirements" / lock).read_text()
    for match in re.finditer(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", text, re.M):
        found.setdefault(canonical(match[1]), set()).add(match[2])
    return found


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def names(requirements: list[str]) -> set[str]:
    return {canonical(re.match(r"[A-Za-z0-9._-]+", r)[0]) for r in requirements}


def test_every_dependency_is_pinned_with_hashes():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    run, test = pins("run.txt"), pins("test.txt")
    assert names(project["dependencies"]) | {"setuptools"} <= set(run)
    assert names(project["dependencies"] + project["optional-dependencies"]["test"]) <= set(test)
    for lock in ("run.txt", "test.txt"):
        text = (REPO / "requirements" / lock).read_text()
        # Every pin carries at least one hash, so pip runs in --require-hashes mode on it.
        for block in re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2] if text.startswith("#") else text):
            if "==" in block.splitlines()[0]:
                assert "--hash=sha256:" in block, block.splitlines()[0]


def test_the_tests_run_on_the_versions_the_image_installs():
    run, test = pins("run.txt"), pins("test.txt")
    for name, versions in run.items():
        assert test.get(name) == versions, (name, versions, test.get(name))


def test_make_and_the_dockerfile_install_from_the_locks():
    makefile = (REPO / "Makefile").read_text()
    assert "--require-hashes -r requirements/run.txt" in makefile
    assert "--require-hashes -r requirements/test.txt" in makefile
    dockerfile = (REPO / "Dockerfile").read_text()
    assert "--require-hashes -r requirements/run.txt" in dockerfile
    assert "--no-deps" in dockerfile
    # The base image is an argument, so that a digest can pin it (see README.md, "Run in Docker").
    assert re.search(r"^ARG PYTHON_IMAGE=python:\S+-slim$", dockerfile, re.M)
    assert re.search(r"^FROM \$\{PYTHON_IMAGE\}$", dockerfile, re.M)
