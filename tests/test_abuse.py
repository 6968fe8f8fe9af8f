"""Hostile and unlucky clients against the production server (`python -m app`, as the image runs it):
slow and idle connections, more connections than file descriptors, another site's page, a full
disk, a picture too small to draw. Each gets a JSON answer with a `detail` and the security headers
(or, for a silent socket, a close), and the server goes on serving everyone else.
"""
from __future__ import annotations

import resource
import socket
import time

import httpx
import pytest

from live_server import LiveServer

SPEC = {"layers": [2, 3, 1], "dataset": "xor", "seed": 1}
TIMEOUTS = {"BACKPROP_LAB_HEADER_TIMEOUT": "2", "BACKPROP_LAB_BODY_TIMEOUT": "2",
            "BACKPROP_LAB_ALLOWED_ORIGINS": "https://school.example"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with LiveServer(tmp_path_factory.mktemp("abuse") / "data", env=TIMEOUTS, production=True) as s:
        yield s


def address(server) -> tuple[str, int]:
    host, port = server.url.removeprefix("http://").split(":")
    return host, int(port)


def read_all(sock: socket.socket, limit: float) -> bytes:
    """What the server sends until it closes the connection (or ``limit`` seconds pass)."""
    sock.settimeout(limit)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except (TimeoutError, ConnectionResetError):
        pass
    return data


def assert_secured(headers) -> None:
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in headers["content-security-policy"]


def test_a_body_that_trickles_gets_a_408(server):
    with socket.create_connection(address(server)) as sock:
        sock.sendall(b"POST /api/networks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100\r\n\r\n{\"layers\"")
        began = time.monotonic()
        answer = read_all(sock, 15)
    assert 1.5 < time.monotonic() - began < 10
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408"), answer
    assert b"x-frame-options: DENY" in head.lower().replace(b"deny", b"DENY")
    assert b"did not arrive within 2 s" in body


@pytest.mark.parametrize("trickle", [False, True], ids=["silent", "a-byte-at-a-time"])
def test_a_connection_without_a_whole_request_head_is_closed(server, trickle):
    with socket.create_connection(address(server)) as sock:
        began = time.monotonic()
        sock.settimeout(0.4)
        closed = False
        for byte in b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 200:
            if trickle:
                try:
                    sock.sendall(bytes([byte]))
                except (BrokenPipeError, ConnectionResetError):
                    closed = True
            try:
                if sock.recv(1) == b"":
                    closed = True
            except TimeoutError:
                pass
            except ConnectionResetError:
                closed = True
            if closed or time.monotonic() - began > 20:
                break
    assert closed and 1.5 < time.monotonic() - began < 10
    assert httpx.get(f"{server.url}/api/health").status_code == 200


def test_unsafe_methods_refuse_another_sites_origin(server):
    with httpx.Client(base_url=server.url, timeout=30) as c:
        net = c.post("/api/networks", json=SPEC).json()
        nid = net["id"]
        assert c.put(f"/api/networks/{nid}/weights/1/0/0", json={"value": 0.5}).status_code == 200
        evil = {"Origin": "http://evil.example", "Content-Type": "application/x-www-form-urlencoded"}
        for method, path in [("POST", f"/api/networks/{nid}/reset"), ("POST", f"/api/networks/{nid}/share"),
                             ("POST", f"/api/networks/{nid}/train/stop"), ("DELETE", f"/api/networks/{nid}"),
                             ("POST", "/api/networks"), ("PUT", f"/api/networks/{nid}/weights/1/0/0")]:
            r = c.request(method, path, headers=evil)
            assert r.status_code == 403, (method, path, r.text)
            assert "http://evil.example" in r.json()["detail"] and "BACKPROP_LAB_ALLOWED_ORIGINS" in r.json()["detail"]
            assert_secured(r.headers)
        assert c.request("POST", f"/api/networks/{nid}/reset", headers={"Origin": "null"}).status_code == 403
        after = c.get(f"/api/networks/{nid}").json()
        assert after["version"] == 2 and after["weights"][0][0][0] == 0.5  # nothing above changed it
        # Reading is allowed from anywhere; the page's own origin and the configured one may write.
        assert c.get(f"/api/networks/{nid}", headers=evil).status_code == 200
        own = {"Origin": server.url}
        assert c.post(f"/api/networks/{nid}/reset", headers=own).status_code == 200
        assert c.post(f"/api/networks/{nid}/reset", headers={"Origin": "https://school.example"}).status_code == 200


def test_a_grid_of_one_point_per_axis_is_a_422(server):
    with httpx.Client(base_url=server.url, timeout=30) as c:
        nid = c.post("/api/networks", json=SPEC).json()["id"]
        r = c.get(f"/api/networks/{nid}/train/stream", params={"grid": 1})
        assert r.status_code == 422 and "at least 2 points" in r.json()["detail"]
        with c.stream("GET", f"/api/networks/{nid}/train/stream", params={"grid": 2, "steps": 1}) as r:
            assert r.status_code == 200
            assert '"reason":"steps"' in r.read().decode().replace(" ", "")


def test_more_connections_than_descriptors_get_503s_not_tracebacks(tmp_path):
    def few_descriptors():
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))

    # 256 descriptors: a budget of 128 connections, the rest kept for the database and files.
    env = {"BACKPROP_LAB_HEADER_TIMEOUT": "15"}
    with LiveServer(tmp_path / "data", env=env, production=True, preexec=few_descriptors) as s:
        host, port = address(s)
        idle = []
        try:
            idle += [socket.create_connection((host, port), timeout=5) for _ in range(140)]
            time.sleep(0.5)
            with httpx.Client(timeout=20) as c:
                r = c.get(f"{s.url}/api/health")
            assert r.status_code == 503, r.text
            assert "connections open" in r.json()["detail"] and int(r.headers["retry-after"]) >= 1
            assert_secured(r.headers)
            # Far more than the process has descriptors for: it must not fall over or flood its log.
            for _ in range(300):
                try:
                    idle.append(socket.create_connection((host, port), timeout=2))
                except OSError:
                    break
            time.sleep(2)
        finally:
            for sock in idle:
                sock.close()
        # The idle ones are gone: the server answers again.
        deadline = time.monotonic() + 20
        while (status := httpx.get(f"{s.url}/api/health", timeout=10).status_code) != 200:
            assert time.monotonic() < deadline, status
            time.sleep(0.5)
        assert httpx.post(f"{s.url}/api/networks", json=SPEC, timeout=30).status_code == 201
        log = s.output()
        assert len(log) < 200_000, log[-3000:]
        assert log.count("Traceback") <= 20, log[-3000:]


def test_a_full_disk_is_a_507_and_delete_still_frees_space(tmp_path):
    big = {"layers": [2, 256, 256, 1], "dataset": "xor", "seed": 1}  # about 0.5 MB of parameters
    with LiveServer(tmp_path / "data", env={"BACKPROP_LAB_MAX_DB_MB": "2"}, production=True) as s, \
            httpx.Client(base_url=s.url, timeout=60) as c:
        made = []
        for _ in range(10):
            r = c.post("/api/networks", json=big)
            if r.status_code != 201:
                break
            made.append(r.json()["id"])
        assert r.status_code == 507 and 1 <= len(made) < 10, r.text
        assert "disk is full" in r.json()["detail"] and "DELETE" in r.json()["detail"]
        assert r.headers["content-type"] == "application/json" and int(r.headers["retry-after"]) >= 1
        assert_secured(r.headers)
        # A hand edit cannot be saved either, and says so the same way; reading still works.
        r = c.put(f"/api/networks/{made[0]}/weights/1/0/0", json={"value": 0.5})
        if r.status_code != 200:
            assert r.status_code == 507 and "disk is full" in r.json()["detail"]
        assert c.get(f"/api/networks/{made[-1]}").status_code == 200
        # Deleting works on a full disk and makes room for a new network.
        assert c.delete(f"/api/networks/{made[0]}").status_code == 204
        assert c.post("/api/networks", json=big).status_code == 201
        assert c.get("/api/health").status_code == 200


def test_log_lines_of_one_kind_are_rate_limited_and_the_drop_is_reported():
    import io
    import logging

    from app import logs

    out = io.StringIO()
    logger = logging.getLogger("test-abuse-rate-limit")
    logger.propagate = False
    logger.addHandler(logging.StreamHandler(out))
    limit = logs.RateLimit(logs.PER_KIND, logs.IN_ALL)
    logger.addFilter(limit)
    for i in range(1000):
        logger.error("accept failed: %s", i)
    for i in range(50):
        logger.error("another kind %d", i)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 * logs.PER_KIND
    limit.window -= logs.WINDOW_SECONDS  # a minute later
    logger.error("accept failed: %s", "again")
    assert f"[{1000 + 50 - 2 * logs.PER_KIND} similar log lines were dropped" in out.getvalue().splitlines()[-1]
