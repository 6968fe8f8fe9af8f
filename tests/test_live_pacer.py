"""How a live stream sizes its chunks: to fill a frame's period alone, and its share of a round in a
class, where frames come less often rather than training starving when the round's other work grows.

Each test plays rounds of `streams` identical streams against the pacer: a chunk of s steps trains
for s x step_seconds and costs `fixed` seconds besides (saving, scoring, the frame); a round also
costs `trip` once (between the processes, sending). A stream's frame lasts the whole round.
"""
import time

import pytest

from app.live_rounds import CLASS_FPS, MACHINE_SHARE, MIN_TRAINING_SHARE, TRAINING_SHARE, Pacer


def settle(pacer: Pacer, step_seconds: float, fixed: float, streams: int, trip: float = 0.0) -> tuple[int, float]:
    """The chunk the pacer settles on, and the frame period that gives."""
    steps = pacer.next(10**9)
    for _ in range(80):  # grows at most 2x a frame, and the averages settle
        train = steps * step_seconds
        frame = streams * (train + fixed) + trip
        pacer.update(steps, train, frame, streams * train, streams)
        steps = pacer.next(10**9)
    train = steps * step_seconds
    return steps, streams * (train + fixed) + trip


def test_alone_a_chunk_trains_for_the_period_less_the_rest_of_the_frame():
    steps, period = settle(Pacer(fps=30, fixed=None, cap=10_000), step_seconds=1e-4, fixed=0.006, streams=1,
                           trip=0.004)
    assert steps == pytest.approx((1 / 30 - 0.010) / 1e-4, rel=0.02)
    assert period == pytest.approx(1 / 30, rel=0.02)


def test_in_a_class_each_stream_trains_its_share_of_the_period():
    alone, _ = settle(Pacer(fps=30, fixed=None, cap=10_000), 1e-4, 0.0005, streams=1)
    shared, period = settle(Pacer(fps=30, fixed=None, cap=10_000), 1e-4, 0.0005, streams=15)
    assert period == pytest.approx(1 / 30, rel=0.03)  # 15 chunks still make one round per period
    assert shared == pytest.approx((1 / 30 - 15 * 0.0005) / 15 / 1e-4, rel=0.03)
    assert shared < alone / 10


def test_when_a_round_s_other_work_outgrows_the_period_frames_slow_down_and_training_keeps_its_share():
    # 15 streams whose chunks cost 1.2 ms each besides training: 18 ms of other work per round, more
    # than half of 1/60 s: the round grows until training has half of it (36 ms, 28 frames/s).
    steps, period = settle(Pacer(fps=60, fixed=None, cap=10_000), 1e-4, 0.0012, streams=15)
    training = 15 * steps * 1e-4
    assert training / period == pytest.approx(TRAINING_SHARE, rel=0.05)
    assert period == pytest.approx(15 * 0.0012 / (1 - TRAINING_SHARE), rel=0.05)
    assert period < 1 / CLASS_FPS


def test_a_round_is_not_lengthened_below_the_class_frame_rate_and_training_keeps_its_least_share():
    # 30 ms of other work per round: half the round would mean 60 ms (16 frames/s). The round stays
    # at 1 / CLASS_FPS as long as training keeps its least share; with 60 ms of other work it cannot.
    steps, period = settle(Pacer(fps=60, fixed=None, cap=10_000), 1e-5, 0.002, streams=15)
    assert period == pytest.approx(1 / CLASS_FPS, rel=0.05)
    steps, period = settle(Pacer(fps=60, fixed=None, cap=10_000), 1e-6, 0.004, streams=15)
    training = 15 * steps * 1e-6
    assert training == pytest.approx(MIN_TRAINING_SHARE / CLASS_FPS, rel=0.05)
    assert period == pytest.approx(0.060 + MIN_TRAINING_SHARE / CLASS_FPS, rel=0.05)


def test_a_stream_trains_no_more_than_its_fair_part_of_the_machine():
    # Alone on its worker, a stream would train for most of its period; with 30 streams on a
    # 2-core machine its part is 2 x 0.8 / 30 cores, so it trains for that share of the period.
    alone, period = settle(Pacer(fps=60, fixed=None, cap=10_000), 1e-5, 0.001, streams=1)
    assert alone * 1e-5 == pytest.approx(1 / 60 - 0.001, rel=0.02)
    pacer = Pacer(fps=60, fixed=None, cap=10_000)
    cores = 2 * 0.8 / 30
    steps = pacer.next(10**9)
    for _ in range(80):
        train = steps * 1e-5
        # The frame's time as the stream measures it: not the wait for its period (app/routers/live.py).
        pacer.update(steps, train, train + 0.001, train, 1, cores)
        steps = pacer.next(10**9)
    assert steps * 1e-5 == pytest.approx(cores / 60, rel=0.02)


def test_a_fixed_chunk_and_the_cap_are_kept():
    assert settle(Pacer(fps=30, fixed=7, cap=10_000), 1e-4, 0.0, streams=30)[0] == 7
    assert settle(Pacer(fps=1, fixed=None, cap=50), 1e-6, 0.0, streams=1)[0] == 50
    assert settle(Pacer(fps=60, fixed=None, cap=10_000), 1.0, 0.0, streams=30)[0] == 1


def test_a_stream_s_own_work_at_its_part_of_the_machine_sets_its_period():
    # 30 streams on 2 cores, 75% of them for chunks: 0.05 cores each. A chunk's own work (saving,
    # the frame) takes 2 ms of CPU, 40 ms of the stream's part: the period grows to 1 / CLASS_FPS,
    # and beyond as far as training keeping its least share needs, and training takes the rest.
    cores, own = 0.05, 0.002
    pacer = Pacer(fps=60, fixed=None, cap=10_000)
    steps = pacer.next(10**9)
    for _ in range(80):
        train = steps * 1e-6
        pacer.update(steps, train, train + own, train, 1, cores, chunk_cpu=train + own)
        steps = pacer.next(10**9)
    busy = own / cores
    assert pacer.target == pytest.approx(max(1 / CLASS_FPS, busy / (1 - MIN_TRAINING_SHARE)), rel=0.02)
    assert steps * 1e-6 == pytest.approx(cores * pacer.target - own, rel=0.05)
    # With the machine to itself the same stream keeps its 60 frames a second.
    alone = Pacer(fps=60, fixed=None, cap=10_000)
    for _ in range(80):
        alone.update(1, 1e-5, 0.003, 1e-5, 1, 2 * MACHINE_SHARE, chunk_cpu=1e-5 + own)
    assert alone.target == pytest.approx(1 / 60)


def test_no_stream_trains_more_than_a_stream_of_the_machine_s_most_crowded_lane(monkeypatch):
    # 30 streams on a 2-core machine; each worker runs as many lanes as its share of the cores.
    from app import background
    from app.live_rounds import Rounds

    monkeypatch.setattr(background, "CORES", 2)
    monkeypatch.setattr(background, "TRAINING_PROCESSES", 2)
    rounds = Rounds()

    def part(*per_worker: int) -> float:
        rounds._per_worker, rounds._machine_streams = list(per_worker), sum(per_worker)
        return rounds.crowded_cores()

    fair = MACHINE_SHARE * 2 / 30
    # Even: one lane each, 15 streams per lane: the crowded lane's part is the fair part.
    assert part(15, 15) == pytest.approx(fair)
    assert part(30) == pytest.approx(fair)  # one worker, both lanes, 15 each
    # 13 and 17: one lane of 13 and two of 8 or 9. Three processes share the cores, and the lane of
    # 13 gets a third of them: its streams' part, which every stream keeps to.
    assert part(13, 17) == pytest.approx(MACHINE_SHARE * 2 / 3 / 13)
    assert part(13, 17) < fair
    # A lone stream's process runs on one core.
    assert part(1) == pytest.approx(1.0)
    assert part(1, 1) == pytest.approx(MACHINE_SHARE)


def test_the_machine_s_streams_are_counted_per_live_worker(tmp_path):
    import subprocess
    import sys

    from app import quotas
    from app.store import Store

    store = Store(tmp_path, max_networks=10, ttl_seconds=3600)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    with store.transaction() as db:
        for network in ("a", "b", "c"):
            quotas.open_stream(db, "127.0.0.2", network)
        # A worker that died without closing its slots: its rows must not count as a crowded lane.
        for network in ("d", "e"):
            db.execute("INSERT INTO streams (id, owner, network_id, pid, started, host) VALUES (?, ?, ?, ?, ?, ?)",
                       (network, "127.0.0.3", network, int(gone), time.time(), quotas.HOST))
    with store.transaction() as db:
        assert quotas.streams_on_host(db) == [3]
