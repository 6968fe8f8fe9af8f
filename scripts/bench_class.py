"""The class rows of `make bench`: many students training live at once on one server.

Each student is its own client (its own loopback address, 127.0.0.2 upwards, as students sit at
their own machines) with its own network, and opens one live-training stream as the page does
(`/train/stream`, fps 60, float32 frames). Meanwhile other students click
weights (`/breakdown`) of their own networks. Measured over the same window:
- frames/s each stream received (median and 10th percentile over the streams);
- the class's training throughput (the `steps` of every frame received, summed);
- the clicks' latency (p50, p99), at the client.
Run for 1, 2 and N streams of the digit network, and for 1 and N of a larger one, so that the rows
show how a class scales against one student, and how both scale with network size.
"""
from __future__ import annotations

import asyncio
import os
import random
import re
import time
from dataclasses import dataclass, field

import httpx
import numpy as np

STEPS_FIELD = re.compile(rb'"steps":\s*(\d+)')
CLASS_NETS = [("digit net 64-16-16-10", [64, 16, 16, 10], "digits"),
              ("video's net 784-16-16-10", [784, 16, 16, 10], "mnist")]


@dataclass
class ClassRun:
    """What one class of streams and clickers measured."""

    frames: list[int] = field(default_factory=list)
    """Frames each stream received in the window."""
    steps: int = 0
    """Training steps those frames carried, in all."""
    clicks: list[float] = field(default_factory=list)
    """Seconds of each click answered in the window."""
    failures: list[str] = field(default_factory=list)
    """What went wrong (a refused stream or click), one line each."""
    server_cpu: float | None = None
    """CPU seconds the server's processes (workers and their training processes) used in the window."""
    client_cpu: float = 0.0
    """CPU seconds this benchmark's own process (every student's client) used in the window."""


def client_for(base_url: str, index: int) -> httpx.AsyncClient:
    transport = httpx.AsyncHTTPTransport(local_address=f"127.0.0.{2 + index % 250}")
    return httpx.AsyncClient(base_url=base_url, transport=transport, timeout=60)


async def create(http: httpx.AsyncClient, layers: list[int], dataset: str, seed: int) -> str:
    response = await http.post("/api/networks", json={"layers": layers, "dataset": dataset, "seed": seed})
    response.raise_for_status()
    return response.json()["id"]


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` and every live descendant (Linux)."""
    children: dict[int, list[int]] = {}
    used: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        used[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += used.get(current, 0.0)
        todo += children.get(current, [])
    return total


async def class_run(base_url: str, students: int, clickers: int, seconds: float, layers: list[int],
                    dataset: str, batch_size: int, think: float, warmup: float = 3.0,
                    server_pid: int | None = None) -> ClassRun:
    result = ClassRun(frames=[0] * students)
    measuring, stop = asyncio.Event(), asyncio.Event()
    query = {"learning_rate": 0.5, "batch_size": batch_size, "fps": 60, "example": 0, "encoding": "f32"}
    clients = [client_for(base_url, i) for i in range(students + clickers)]
    try:
        ids = [await create(http, layers, dataset, seed) for seed, http in enumerate(clients)]

        async def student(n: int) -> None:
            http, network_id = clients[n], ids[n]
            async with http.stream("GET", f"/api/networks/{network_id}/train/stream", params=query,
                                   timeout=httpx.Timeout(60, read=None)) as response:
                if response.status_code != 200:
                    result.failures.append(f"stream {n}: {response.status_code} {(await response.aread())[:200]!r}")
                    return
                # Whole events as bytes, not lines as text: 30 streams of 16 kB frames on the same two
                # cores as the server, and the client's own parsing should take as little as it can.
                pending = b""
                async for data in response.aiter_bytes():
                    if stop.is_set():
                        break
                    *events, pending = (pending + data).split(b"\n\n")
                    for event in events:
                        if event.startswith(b"event: frame") and measuring.is_set():
                            found = STEPS_FIELD.search(event)
                            result.frames[n] += 1
                            result.steps += int(found.group(1)) if found else 0

        async def clicker(n: int, rng: random.Random) -> None:
            http, network_id = clients[n], ids[n]
            while not stop.is_set():
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
                layer = rng.randint(1, len(layers) - 1)
                body = {"layer": layer, "j": rng.randrange(layers[layer]), "k": rng.randrange(layers[layer - 1]),
                        "example": rng.randrange(1000)}
                counted = measuring.is_set()
                start = time.perf_counter()
                response = await http.post(f"/api/networks/{network_id}/breakdown", json=body)
                elapsed = time.perf_counter() - start
                if response.status_code != 200:
                    result.failures.append(f"click: {response.status_code}")
                elif counted and not stop.is_set():
                    result.clicks.append(elapsed)

        tasks = [asyncio.create_task(student(n)) for n in range(students)]
        tasks += [asyncio.create_task(clicker(students + c, random.Random(c))) for c in range(clickers)]
        await asyncio.sleep(warmup)  # every stream past its first chunks, which size themselves
        cpu_before = tree_cpu(server_pid) if server_pid else None
        client_before = time.process_time()
        measuring.set()
        await asyncio.sleep(seconds)
        measuring.clear()
        result.client_cpu = time.process_time() - client_before
        if server_pid:
            result.server_cpu = tree_cpu(server_pid) - cpu_before
        stop.set()
        # Pause as the page does; the streams then end on their own.
        await asyncio.gather(*(clients[n].post(f"/api/networks/{ids[n]}/train/stop") for n in range(students)))
        await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), timeout=60)
        await asyncio.gather(*(http.delete(f"/api/networks/{i}") for http, i in zip(clients, ids)))
    finally:
        await asyncio.gather(*(http.aclose() for http in clients))
    return result


def class_rows(base_url: str, workers: int, students: int, clickers: int, seconds: float,
               batch_size: int = 16, think: float = 0.25, server_pid: int | None = None,
               nets: list[tuple[str, list[int], str]] = CLASS_NETS) -> list[list[str]]:
    """``server_pid``: the server's first process, whose tree's CPU time per frame the rows report."""
    rows: list[list[str]] = []
    throughput: dict[tuple[str, int], float] = {}
    for name, layers, dataset in nets:
        counts = (1, 2, students) if dataset == "digits" else (1, students)
        for count in counts:
            run = asyncio.run(class_run(base_url, count, clickers, seconds, layers, dataset, batch_size, think,
                                        server_pid=server_pid))
            fps = np.array(run.frames) / seconds
            steps_per_second = run.steps / seconds
            throughput[(name, count)] = steps_per_second
            clicks = (f"clicks p50 {np.percentile(run.clicks, 50) * 1000:.0f} ms, "
                      f"p99 {np.percentile(run.clicks, 99) * 1000:.0f} ms ({len(run.clicks)})"
                      if run.clicks else "no clicks answered")
            versus = throughput.get((name, 2))
            target = ("each >= 20 frames/s; clicks p99 < 100 ms; steps/s >= 0.9x 2 streams"
                      if count == students and dataset == "digits" else "")
            ratio = f"{steps_per_second / versus:.2f}x the steps/s of 2 streams; " if versus and count > 2 else ""
            frames = sum(run.frames)
            cpu = (f"server CPU {run.server_cpu / frames * 1000:.2f} ms per frame "
                   f"({run.server_cpu / seconds:.2f} cores, the clients {run.client_cpu / seconds:.2f}); "
                   if run.server_cpu is not None and frames else "")
            rows.append([
                f"live class, {count} stream{'s' if count > 1 else ''} of the {name} (batch {batch_size})",
                f"median {np.median(fps):.1f} frames/s", f"p10 {np.percentile(fps, 10):.1f} frames/s", target,
                f"{steps_per_second:,.0f} steps/s in all; {ratio}{cpu}{clicks} from {clickers} other students; "
                f"{len(run.failures)} failures{': ' + run.failures[0] if run.failures else ''}; {workers} workers",
            ])
    return rows
