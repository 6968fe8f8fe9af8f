"""`make bench`: how fast Backprop Lab trains and answers, against a minimal NumPy loop.

Prints one table (BENCHMARKS.md records it with the machine):
1. engine steps/s against the minimal loop below, in this process;
2. POST /train through HTTP (a real server, `python -m app`, started here) against the same loop,
   the request, the saving and the response included (the loop runs at the CPU priority the server
   gives training);
3. POST /breakdown latency p50/p99 from 32 concurrent clients while each also trains its own
   network with back-to-back /train requests;
4. frames/s of live training in headless Chromium, read from the page's `data-frames` counter;
5. a class: 1, 2 and 30 students training live at once, frames/s each, steps/s in all, and others'
   clicks meanwhile (scripts/bench_class.py); the digit net's rows also on a one-worker server (the
   default of `python -m app`), beside those of --workers.
Ratios are our time over the loop's time for the same steps: 1.0 or less means no slower.
Figures are the best of a few runs (the least disturbed by other work on the machine).
"""
from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.background import BULK, BULK_NICENESS, NICENESS, lane_for  # noqa: E402
from app.engine import Network, load_dataset, parameter_count, train  # noqa: E402
from bench_browser import browser_rows  # noqa: E402 (scripts/ is this script's own folder on sys.path)
from bench_class import CLASS_NETS, class_rows  # noqa: E402
from bench_postgres import postgres_rows  # noqa: E402

# The app's defaults (sigmoid layers, squared error) at the batch size the benchmarks report.
BATCH, RATE, SEED = 32, 0.5, 1
SECTIONS = ["engine", "train", "breakdown", "browser", "class", "postgres"]
NETS = [("2-16-16-1", [2, 16, 16, 1], "xor"), ("64-16-16-10", [64, 16, 16, 10], "digits")]


def minimal_loop(weights: list, biases: list, x, y, steps: int, batch: int, rate: float, seed: int) -> None:
    """Textbook SGD with sigmoid layers and C_0 = sum (a - y)^2: forward, backward, update, nothing else.

    Mini-batches come from the stream the app documents (epoch e is default_rng([seed, e]).permutation),
    so its parameters can be compared with the app's: it is the same computation.
    """
    n = len(x)
    order = np.concatenate([np.random.default_rng([seed, e]).permutation(n)
                            for e in range(steps * batch // n + 1)])
    for s in range(steps):
        rows = order[s * batch:(s + 1) * batch]
        a = [x[rows]]
        for w, b in zip(weights, biases):
            a.append(1.0 / (1.0 + np.exp(-(a[-1] @ w.T + b))))
        delta = 2.0 * (a[-1] - y[rows]) * a[-1] * (1.0 - a[-1])
        for l in range(len(weights) - 1, -1, -1):
            grad_w = delta.T @ a[l] / batch
            grad_b = delta.sum(axis=0) / batch
            if l > 0:
                delta = (delta @ weights[l]) * a[l] * (1.0 - a[l])
            weights[l] -= rate * grad_w
            biases[l] -= rate * grad_b


def timed_loop(net: Network, x, y, steps: int, seed: int) -> tuple[float, list, list]:
    weights, biases = [w.copy() for w in net.weights], [b.copy() for b in net.biases]
    start = time.perf_counter()
    minimal_loop(weights, biases, x, y, steps, BATCH, RATE, seed)
    return time.perf_counter() - start, weights, biases


def max_difference(a: list, b: list) -> float:
    return max(float(np.max(np.abs(np.asarray(p) - np.asarray(q)))) for p, q in zip(a, b))


# -- 1. the engine in this process ----------------------------------------------------------------
def engine_rows(repeats: int, steps: int) -> list[list[str]]:
    rows = []
    for name, layers, dataset in NETS:
        d = load_dataset(dataset)
        ours, loop, difference = [], [], 0.0
        for _ in range(repeats):
            net = Network.create(layers, seed=SEED)
            seconds, weights, biases = timed_loop(net, d.x, d.y, steps, SEED)
            loop.append(seconds)
            start = time.perf_counter()
            train(net, d.x, d.y, steps, RATE, BATCH, seed=SEED, cursor=0)
            ours.append(time.perf_counter() - start)
            difference = max(difference, max_difference(net.weights + net.biases, weights + biases))
        rows.append([f"engine train(), {name} on {dataset}", rate(steps, min(ours)), rate(steps, min(loop)),
                     f"{min(ours) / min(loop):.2f}", f"same parameters to {difference:.0e}"])
    return rows


# -- the server -------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`python -m app` on a free port with BACKPROP_LAB_WORKERS workers and a fresh data directory."""

    def __init__(self, workers: int, env: dict[str, str] | None = None):
        self.workers = workers
        self.directory = Path(tempfile.mkdtemp(prefix="backprop-lab-bench-"))
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "PORT": str(port), "BACKPROP_LAB_HOST": "127.0.0.1",
               "BACKPROP_LAB_WORKERS": str(workers), "BACKPROP_LAB_DATA_DIR": str(self.directory / "data"),
               **(env or {})}
        self.log = open(self.directory / "server.log", "wb")
        self.process = subprocess.Popen([sys.executable, "-m", "app"], cwd=ROOT, env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{self.url}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = (self.directory / "server.log").read_text(errors="replace")[-2000:]
                self.stop()
                raise RuntimeError(f"the server did not start:\n{log}")
            time.sleep(0.2)
        # A worker's first requests load the data sets and warm its caches: not part of any timing.
        for _ in range(4 * workers):
            httpx.get(f"{self.url}/api/datasets", timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()
        self.log.close()
        shutil.rmtree(self.directory, ignore_errors=True)


def create(client: httpx.Client, layers: list[int], dataset: str, seed: int = SEED) -> dict:
    response = client.post("/api/networks", json={"layers": layers, "dataset": dataset, "seed": seed})
    response.raise_for_status()
    return response.json()


# -- 2. /train through HTTP ------------------------------------------------------------------------
def http_train_rows(server: Server, repeats: int, steps: int) -> list[list[str]]:
    rows = []
    with httpx.Client(base_url=server.url, timeout=120) as client:
        for name, layers, dataset in NETS:
            # The server trains in a child process at a lower CPU priority (app/background.py: a lane's,
            # or the bulk process's for long requests); the loop runs at that same priority, so both
            # meet the same competition from other programs on the machine.
            work = steps * BATCH * parameter_count(layers)
            niceness = BULK_NICENESS if lane_for(work) == BULK else NICENESS
            same_priority = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                                initializer=os.nice, initargs=(niceness,))
            with same_priority:
                d = load_dataset(dataset)
                created = create(client, layers, dataset)
                start_net = Network(layers, "sigmoid", "sigmoid", "mse",
                                    [np.array(w) for w in created["weights"]], [np.array(b) for b in created["biases"]])
                ours, loop, difference = [], [], None
                for _ in range(repeats):
                    seconds, weights, biases = same_priority.submit(
                        timed_loop, start_net, d.x, d.y, steps, created["seed"]).result()
                    loop.append(seconds)
                    start = time.perf_counter()
                    response = client.post(f"/api/networks/{created['id']}/train",
                                           json={"steps": steps, "batch_size": BATCH, "learning_rate": RATE})
                    ours.append(time.perf_counter() - start)
                    response.raise_for_status()
                    if difference is None:  # the first request starts from the same parameters as the loop
                        net = response.json()["network"]
                        difference = max_difference(net["weights"] + net["biases"], weights + biases)
                rows.append([f"POST /train (steps={steps}), {name} on {dataset}", rate(steps, min(ours)),
                             rate(steps, min(loop)), f"{min(ours) / min(loop):.2f} (target <= 1.0)",
                             f"same parameters to {difference:.0e}"])
    return rows


# -- 3. /breakdown under load -----------------------------------------------------------------------
async def breakdown_under_load(urls: list[str], clients: int, seconds: float, train_steps: int,
                               think: float) -> tuple[list[float], int, int]:
    """Each client clicks weights of its own digit network and, if train_steps, meanwhile trains it
    with back-to-back /train requests of that many steps. Each request goes to the next of ``urls``
    (several app instances on one database: no sticky sessions)."""
    layers = [64, 16, 16, 10]
    latencies: list[float] = []
    trained = [0]
    failures = [0]
    turn = [0]

    def url() -> str:
        turn[0] += 1
        return urls[turn[0] % len(urls)]

    limits = httpx.Limits(max_connections=4 * clients, max_keepalive_connections=4 * clients)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        ids = []
        for c in range(clients):
            response = await http.post(f"{url()}/api/networks", json={"layers": layers, "dataset": "digits", "seed": c})
            response.raise_for_status()
            ids.append(response.json()["id"])
        measuring = asyncio.Event()
        stop = asyncio.Event()

        async def trainer(network_id: str) -> None:
            while not stop.is_set():
                response = await http.post(f"{url()}/api/networks/{network_id}/train",
                                           json={"steps": train_steps, "batch_size": BATCH, "learning_rate": RATE})
                if response.status_code != 200:
                    failures[0] += 1
                elif measuring.is_set():
                    trained[0] += train_steps

        async def clicker(network_id: str, rng: random.Random) -> None:
            while not stop.is_set():
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
                layer = rng.randint(1, 3)
                body = {"layer": layer, "j": rng.randrange(layers[layer]), "k": rng.randrange(layers[layer - 1]),
                        "example": rng.randrange(1000)}
                counted = measuring.is_set()
                start = time.perf_counter()
                response = await http.post(f"{url()}/api/networks/{network_id}/breakdown", json=body)
                elapsed = time.perf_counter() - start
                if response.status_code != 200:
                    failures[0] += 1
                elif counted and not stop.is_set():
                    latencies.append(elapsed)

        tasks = [asyncio.create_task(trainer(i)) for i in ids] if train_steps else []
        tasks += [asyncio.create_task(clicker(i, random.Random(n))) for n, i in enumerate(ids)]
        await asyncio.sleep(2.0)  # every client busy before measuring
        measuring.set()
        await asyncio.sleep(seconds)
        stop.set()
        await asyncio.gather(*tasks)
        for i in ids:
            await http.delete(f"{url()}/api/networks/{i}")
    return latencies, trained[0], failures[0]


def breakdown_rows(server: Server, clients: int, seconds: float, train_steps: int, think: float) -> list[list[str]]:
    rows = []
    # The same clicks without the training first: what the machine gives when nothing trains.
    for steps in (0, train_steps):
        latencies, trained, failures = asyncio.run(breakdown_under_load([server.url], clients, seconds, steps, think))
        p50, p99 = np.percentile(np.array(latencies) * 1000, [50, 99])
        what = f"each also training (/train steps={steps})" if steps else "nothing training (control)"
        rows.append([f"POST /breakdown, {clients} clients, {what}", f"p50 {p50:.1f} ms", f"p99 {p99:.1f} ms",
                     "target p99 < 50 ms" if steps else "",
                     f"{len(latencies)} clicks (every {think:g} s on average per client), "
                     f"{trained / seconds:,.0f} training steps/s in all, {failures} failures, "
                     f"{server.workers} workers"])
    return rows


def rate(steps: int, seconds: float) -> str:
    return f"{steps / seconds:,.0f} steps/s"


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{model}, {os.cpu_count()} cores; Python {platform.python_version()}, NumPy {np.__version__}; "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
            f"load average {os.getloadavg()[0]:.1f} (1 min) at the start")


def print_table(rows: list[list[str]]) -> None:
    header = ["what", "ours", "minimal loop / result", "ratio (ours/loop time) / target", "notes"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |"
    print(line)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2,
                        help="BACKPROP_LAB_WORKERS of the server (default: one per core)")
    parser.add_argument("--repeats", type=int, default=5, help="runs of each timing; the best is shown")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--load-seconds", type=float, default=10.0)
    parser.add_argument("--think", type=float, default=0.25, help="mean pause between a client's clicks (s)")
    parser.add_argument("--train-steps", type=int, default=1000, help="steps of each /train under load")
    parser.add_argument("--browser-seconds", type=float, default=4.0)
    parser.add_argument("--students", type=int, default=30, help="live streams of the class rows")
    parser.add_argument("--class-clickers", type=int, default=10, help="students clicking weights meanwhile")
    parser.add_argument("--class-seconds", type=float, default=8.0)
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=SECTIONS, help="run only these parts")
    args = parser.parse_args()

    print(machine(), flush=True)
    rows: list[list[str]] = []
    measure(rows, "engine", lambda: engine_rows(args.repeats, 3000), args.only)
    if args.workers != 1 and "class" in args.only:
        # One worker, the default, beside --workers: the streams of one worker share its training
        # processes evenly, where several workers take unequal shares of a class's connections.
        single = Server(1)
        try:
            measure(rows, "class", lambda: class_rows(single.url, 1, args.students, args.class_clickers,
                                                      args.class_seconds, server_pid=single.process.pid,
                                                      nets=CLASS_NETS[:1]), args.only)
        finally:
            single.stop()
    server = Server(args.workers)
    try:
        measure(rows, "train", lambda: http_train_rows(server, args.repeats, 10_000), args.only)
        measure(rows, "breakdown", lambda: breakdown_rows(server, args.clients, args.load_seconds,
                                                          args.train_steps, args.think), args.only)
        measure(rows, "browser", lambda: browser_rows(server, args.browser_seconds), args.only)
        measure(rows, "class", lambda: class_rows(server.url, server.workers, args.students, args.class_clickers,
                                                  args.class_seconds, server_pid=server.process.pid), args.only)
    finally:
        server.stop()
    # Servers of its own (one instance, then two, on one PostgreSQL), after the one above has stopped.
    measure(rows, "postgres", lambda: postgres_rows(Server, max(1, args.workers // 2), args.clients,
                                                    args.load_seconds, args.train_steps, args.think), args.only)
    print_table(rows)
    if any(r[1] == "failed" for r in rows):
        sys.exit(1)


def measure(rows: list[list[str]], section: str, run, only: list[str]) -> None:
    """Run one part of the bench; a part that fails is a row saying why, and the others still run."""
    if section not in only:
        return
    try:
        rows += run()
    except Exception as error:  # noqa: BLE001 - reported in the table, and make bench exits non-zero
        reason = " ".join(str(error).split())[:160]
        rows.append([section, "failed", "", "", f"{type(error).__name__}: {reason}"])
    print(f"{section}: done", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
