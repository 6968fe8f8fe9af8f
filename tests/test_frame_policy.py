"""Who may frame the page: BACKPROP_LAB_FRAME_ANCESTORS, checked at start-up, 'none' by default, and
applied to the page alone (the API's answers and /docs stay unframeable whatever it says)."""
import subprocess
import sys

import httpx
import pytest

from app.frame_policy import DEFAULT, FramePolicyError, parse, x_frame_options
from live_server import ROOT, LiveServer


def directives(csp: str) -> dict[str, str]:
    parts = (p.strip().split(None, 1) for p in csp.split(";") if p.strip())
    return {p[0]: (p[1] if len(p) > 1 else "") for p in parts}


@pytest.mark.parametrize("raw, sources", [
    ("", ("'none'",)),
    ("   ", ("'none'",)),
    ("'none'", ("'none'",)),
    ("'self'", ("'self'",)),
    ("https://school.example", ("https://school.example",)),
    ("https://*.school.example:8443 'self'", ("https://*.school.example:8443", "'self'")),
    ("http://localhost:3000  https:", ("http://localhost:3000", "https:")),
    ("HTTPS://Moodle.School.Example/", ("HTTPS://Moodle.School.Example/",)),
])
def test_valid_values_are_kept_as_written(raw, sources):
    assert parse(raw) == sources


@pytest.mark.parametrize("raw, words", [
    ("school.example", "with their scheme"),          # would allow http:// too
    ("self", "'self' (with its quotes)"),
    ("'none' https://school.example", "'none' cannot be listed beside"),
    ("https://school.example;script-src *", "is not a site"),  # would inject a directive
    ("https://school.example,https://other.example", "is not a site"),
    ("*", "is not a site"),
    ("javascript:", "is not a site"),
    ("https://school.example/path/page", "is not a site"),
    ("'unsafe-inline'", "is not a site"),
])
def test_invalid_values_are_refused_saying_what_to_write(raw, words):
    with pytest.raises(FramePolicyError) as error:
        parse(raw)
    assert words in str(error.value)


def test_the_older_header_says_only_what_it_can():
    assert x_frame_options((DEFAULT,)) == b"DENY"
    assert x_frame_options(("'self'",)) == b"SAMEORIGIN"
    assert x_frame_options(("https://school.example",)) is None
    assert x_frame_options(("'self'", "https://school.example")) is None


def test_by_default_no_page_may_be_framed(client):
    for path in ("/", "/api/health", "/docs", "/api/limits"):
        headers = client.get(path).headers
        assert directives(headers["content-security-policy"])["frame-ancestors"] == "'none'", path
        assert headers["x-frame-options"] == "DENY", path


def test_a_bad_value_stops_the_server_with_a_clear_message(tmp_path):
    env = {"BACKPROP_LAB_DATA_DIR": str(tmp_path / "data"), "BACKPROP_LAB_FRAME_ANCESTORS": "school.example",
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "app"], cwd=ROOT, env={**env, "PORT": "1"},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "BACKPROP_LAB_FRAME_ANCESTORS" in done.stderr and "'school.example' is not a site" in done.stderr
    assert "Traceback" not in done.stderr


def test_listed_sites_may_frame_the_page_and_nothing_else(tmp_path):
    sites = "https://course.school.example 'self'"
    with LiveServer(tmp_path / "data", env={"BACKPROP_LAB_FRAME_ANCESTORS": sites}) as server:
        page = httpx.get(server.url + "/").headers
        assert directives(page["content-security-policy"])["frame-ancestors"] == sites
        # The rest of the page's policy is unchanged.
        assert directives(page["content-security-policy"])["default-src"] == "'self'"
        assert "x-frame-options" not in page  # it could only say DENY or SAMEORIGIN
        for path in ("/api/health", "/docs", "/static/js/main.js"):
            headers = httpx.get(server.url + path).headers
            assert directives(headers["content-security-policy"])["frame-ancestors"] == "'none'", path
            assert headers["x-frame-options"] == "DENY", path


def test_self_alone_keeps_the_older_header_as_sameorigin(tmp_path):
    with LiveServer(tmp_path / "data", env={"BACKPROP_LAB_FRAME_ANCESTORS": "'self'"}) as server:
        headers = httpx.get(server.url + "/").headers
        assert directives(headers["content-security-policy"])["frame-ancestors"] == "'self'"
        assert headers["x-frame-options"] == "SAMEORIGIN"
