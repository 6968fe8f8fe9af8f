"""The PostgreSQL rows of `make bench`: one app instance against two on one database, in the same run
(and one on the SQLite file as the control).

A real PostgreSQL server of its own (tests/postgres_server.py: initdb into a temporary directory,
a free loopback port). Each configuration gets an empty schema of that server.
- Clicks and training: clients each click weights of their own digit network (`/breakdown`) and
  train it with back-to-back `/train` requests, as the breakdown rows of bench.py do. With two
  instances there are no sticky sessions: each request goes to the next instance in turn, so every
  read checks the other instance's writes. Reported: click p50/p99, training steps/s in all.
- What the database costs per live frame: one live stream of the digit network on a PostgreSQL
  instance; over the window, the database's own CPU time (every PostgreSQL process, from /proc),
  its commits and its write-ahead log, divided by the frames received; beside it, the same stream's
  frames/s on the SQLite file.
"""
from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from postgres_server import PostgresServer  # noqa: E402

LAYERS = [64, 16, 16, 10]


def database_seconds(pg: PostgresServer) -> float:
    """CPU seconds used so far by the server's processes (the postmaster and its children)."""
    postmaster = int((pg.data / "postmaster.pid").read_text().split()[0])
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == postmaster or int(fields[1]) == postmaster:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def database_counters(pg: PostgresServer) -> tuple[int, int]:
    """(commits, write-ahead log bytes) of the server so far."""
    out = pg.psql("SELECT (SELECT sum(xact_commit) FROM pg_stat_database), "
                  "pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")
    commits, wal = out.split("|")
    return int(commits), int(float(wal))


async def stream_frames(url: str, seconds: float, around=None) -> int:
    """Frames one live stream of a fresh digit network delivers in ``seconds`` (after 2 s of warm-up)."""
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        r = await http.post("/api/networks", json={"layers": LAYERS, "dataset": "digits", "seed": 1})
        network_id = r.json()["id"]
        frames, measuring, stop = [0], asyncio.Event(), asyncio.Event()

        async def reader() -> None:
            async with http.stream("GET", f"/api/networks/{network_id}/train/stream",
                                   params={"fps": 60, "batch_size": 16, "learning_rate": 0.5},
                                   timeout=httpx.Timeout(60, read=None)) as response:
                async for line in response.aiter_lines():
                    if stop.is_set():
                        break
                    if line.startswith("data:") and measuring.is_set() and '"steps"' in line:
                        frames[0] += 1

        task = asyncio.create_task(reader())
        await asyncio.sleep(2.0)
        before = around() if around else None
        measuring.set()
        await asyncio.sleep(seconds)
        measuring.clear()
        after = around() if around else None
        stop.set()
        await http.post(f"/api/networks/{network_id}/train/stop")
        await asyncio.wait_for(task, timeout=60)
        await http.delete(f"/api/networks/{network_id}")
    return frames[0], before, after


def postgres_rows(server_class, workers: int, clients: int, seconds: float, train_steps: int,
                  think: float) -> list[list[str]]:
    """``server_class``: bench.py's Server (``python -m app``), given the database by ``env``."""
    from bench import breakdown_under_load  # bench.py imports this module: not at the top
    pg = PostgresServer().initdb().start()
    rows: list[list[str]] = []
    try:
        # SQLite first, as the control: the same load on the same machine in the same run.
        for kind, count in (("SQLite", 1), ("PostgreSQL", 1), ("PostgreSQL", 2)):
            env = {"BACKPROP_LAB_DATABASE_URL": pg.schema()} if kind == "PostgreSQL" else {}
            servers = [server_class(workers, env=env) for _ in range(count)]
            try:
                latencies, trained, failures = asyncio.run(
                    breakdown_under_load([s.url for s in servers], clients, seconds, train_steps, think))
            finally:
                for s in servers:
                    s.stop()
            p50, p99 = np.percentile(np.array(latencies) * 1000, [50, 99])
            rows.append([f"{kind}, {count} instance{'s' if count > 1 else ''} x {workers} workers: "
                         f"POST /breakdown, {clients} clients each training (/train steps={train_steps})",
                         f"p50 {p50:.1f} ms", f"p99 {p99:.1f} ms", "",
                         f"{len(latencies)} clicks, {trained / seconds:,.0f} training steps/s in all, "
                         f"{failures} failures; each request to the next instance (no sticky sessions)"])
        server = server_class(workers, env={"BACKPROP_LAB_DATABASE_URL": pg.schema()})
        try:
            frames, before, after = asyncio.run(stream_frames(
                server.url, seconds, lambda: (database_seconds(pg), *database_counters(pg))))
        finally:
            server.stop()
        sqlite = server_class(workers)
        try:
            sqlite_frames, _, _ = asyncio.run(stream_frames(sqlite.url, seconds))
        finally:
            sqlite.stop()
        cpu, commits, wal = (b - a for a, b in zip(before, after))
        per = max(frames, 1)
        rows.append([f"PostgreSQL: the database's cost per live frame (1 stream of the digit net, {workers} workers)",
                     f"{cpu / per * 1000:.2f} ms CPU", f"{commits / per:.1f} commits, {wal / per / 1024:.1f} KB WAL", "",
                     f"{frames / seconds:.1f} frames/s on PostgreSQL, {sqlite_frames / seconds:.1f} on SQLite "
                     "(the same stream, the same run)"])
    finally:
        pg.remove()
    return rows
