"""A class training live on one worker: its streams share the training process in rounds, each stream
gets its turn, one stream's end does not disturb the others, and kill -9 mid-stream loses nothing.

Real servers (tests/live_server.py), real streams over HTTP, concurrent clients.
"""
import asyncio
import contextlib
import json
import signal

import httpx
import pytest

from async_support import run_async
from live_server import LiveServer

SPEC = dict(layers=[64, 16, 16, 10], dataset="digits")


async def read_stream(http: httpx.AsyncClient, network_id: str, frames: list, ends: list, **params) -> None:
    """Every frame's (arrival order, step) and the end event of one stream."""
    async with http.stream("GET", f"/api/networks/{network_id}/train/stream", params=params,
                           timeout=httpx.Timeout(120, read=None)) as answer:
        assert answer.status_code == 200, await answer.aread()
        event = None
        async for line in answer.aiter_lines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                data = json.loads(line[6:])
                if event == "frame":
                    frames.append(data)
                elif event == "end":
                    ends.append(data)


def create(client: httpx.Client, **spec) -> dict:
    answer = client.post("/api/networks", json=spec)
    assert answer.status_code == 201, answer.text
    return answer.json()


@pytest.fixture
def server(tmp_path):
    with LiveServer(tmp_path / "data") as live:
        yield live


def test_a_worker_s_streams_take_turns_and_each_trains_as_train_would(server):
    students = 6
    with httpx.Client(base_url=server.url, timeout=60) as client:
        nets = [create(client, **SPEC, seed=seed) for seed in range(students)]
        twins = [create(client, **SPEC, seed=seed) for seed in range(students)]

    async def lesson():
        frames = [[] for _ in range(students)]
        ends = [[] for _ in range(students)]
        async with httpx.AsyncClient(base_url=server.url) as http:
            await asyncio.gather(*(read_stream(http, net["id"], frames[n], ends[n], steps=400, batch_size=16,
                                               learning_rate=0.5) for n, net in enumerate(nets)))
        return frames, ends

    frames, ends = run_async(lesson())
    # Every stream ran to its own end, and none waited for the others to finish first: while all six
    # streamed (until the first one ended), each got a fair part of the frames.
    assert [end[0]["reason"] for end in ends] == ["steps"] * students
    assert all(end[0]["step"] == 400 for end in ends)
    with httpx.Client(base_url=server.url, timeout=60) as client:
        for net, twin, mine in zip(nets, twins, frames):
            assert [f["frame"] for f in mine] == list(range(1, len(mine) + 1))
            assert sum(f["steps"] for f in mine) == 400
            # The chunks, whatever their sizes, train exactly as one /train call of all the steps.
            trained = client.post(f"/api/networks/{twin['id']}/train",
                                  json=dict(steps=400, batch_size=16, learning_rate=0.5))
            assert trained.status_code == 200, trained.text
            a, b = client.get(f"/api/networks/{net['id']}").json(), client.get(f"/api/networks/{twin['id']}").json()
            assert (a["weights"], a["biases"], a["step"]) == (b["weights"], b["biases"], b["step"])
            # The stream's last chunk scored the data set: the stored cost is of these parameters.
            assert a["cost_step"] is None and a["cost"] == pytest.approx(b["cost"], rel=1e-12)
    counts = [len(f) for f in frames]
    assert min(counts) >= 3, counts


def test_one_stream_ending_does_not_disturb_the_others_in_its_rounds(server):
    with httpx.Client(base_url=server.url, timeout=60) as client:
        nets = [create(client, **SPEC, seed=seed) for seed in range(4)]

    async def lesson():
        frames = [[] for _ in nets]
        ends = [[] for _ in nets]
        async with httpx.AsyncClient(base_url=server.url) as http:
            async def leave_when_streaming():
                while len(frames[0]) < 3 or len(frames[1]) < 3:
                    await asyncio.sleep(0.02)
                # One student pauses, another deletes her network, while their chunks share rounds.
                assert (await http.post(f"/api/networks/{nets[0]['id']}/train/stop")).status_code == 200
                assert (await http.delete(f"/api/networks/{nets[1]['id']}")).status_code == 204
            await asyncio.gather(leave_when_streaming(), *(
                read_stream(http, net["id"], frames[n], ends[n], steps=3000, batch_size=16)
                for n, net in enumerate(nets)))
        return frames, ends

    frames, ends = run_async(lesson())
    # A deleted network's run is gone with it: its stream ends as stopped, as a pause does.
    assert [end[0]["reason"] for end in ends] == ["stopped", "stopped", "steps", "steps"]
    assert all(sum(f["steps"] for f in mine) == 3000 for mine in frames[2:])


def test_kill_9_in_the_middle_of_live_training_loses_no_step_a_frame_showed(tmp_path):
    """Live chunks commit without waiting for the disk (app/live_durability.py): the commit is in the
    write-ahead log, which a killed process cannot take back. After kill -9 and a restart the network
    is at least where its last frame said, and it is exactly /train's network of that many steps."""
    data = tmp_path / "data"
    with LiveServer(data, production=True, workers=2) as live, httpx.Client(base_url=live.url, timeout=60) as client:
        net, twin = create(client, **SPEC, seed=7), create(client, **SPEC, seed=7)
        seen = []
        with client.stream("GET", f"/api/networks/{net['id']}/train/stream",
                           params={"batch_size": 16, "learning_rate": 0.5}) as answer:
            for line in answer.iter_lines():
                if line.startswith("data: "):
                    seen.append(json.loads(line[6:]))
                    if len(seen) == 30:
                        live.kill(signal.SIGKILL)  # the whole server: supervisor, workers, training processes
                        break
    last = seen[-1]
    with LiveServer(data, production=True) as again, httpx.Client(base_url=again.url, timeout=60) as client:
        after = client.get(f"/api/networks/{net['id']}").json()
        assert after["step"] >= last["step"]
        assert after["version"] >= last["version"]
        trained = client.post(f"/api/networks/{twin['id']}/train",
                              json=dict(steps=after["step"], batch_size=16, learning_rate=0.5))
        assert trained.status_code == 200, trained.text
        expected = client.get(f"/api/networks/{twin['id']}").json()
        assert (after["weights"], after["biases"]) == (expected["weights"], expected["biases"])
        # Its curve has every step it kept, and training goes on from there.
        history = client.get(f"/api/networks/{net['id']}/history").json()
        assert history["batch"][-1]["step"] == after["step"]
        resumed = client.get(f"/api/networks/{net['id']}/train/stream", params={"steps": 3, "steps_per_frame": 3})
        assert resumed.status_code == 200 and '"reason":"steps"' in resumed.text.replace(" ", "")


def test_frames_score_the_data_set_at_a_bounded_rate_and_a_pause_scores_it_again(server):
    with httpx.Client(base_url=server.url, timeout=60) as client:
        net = create(client, **SPEC, seed=3)
        frames = []
        with client.stream("GET", f"/api/networks/{net['id']}/train/stream",
                           params={"batch_size": 16, "steps_per_frame": 1}) as answer:
            for line in answer.iter_lines():
                if line.startswith("data: ") and '"frame"' in line:
                    frames.append(json.loads(line[6:]))
                    if len(frames) >= 40 and frames[-1]["scored_step"] < frames[-1]["step"]:
                        paused = client.post(f"/api/networks/{net['id']}/train/stop")
                        break
        assert paused.status_code == 200
        # Between two frames that scored, a frame carries the last scores and says of which step.
        scored = [f for f in frames if f["scored_step"] == f["step"]]
        assert 1 <= len(scored) < len(frames)
        for f in frames:
            last = max(s["step"] for s in scored if s["step"] <= f["step"])
            assert f["scored_step"] == last
            assert f["cost"] == next(s["cost"] for s in scored if s["step"] == last)
        # The pause answered with a cost of its own parameters, equal to /evaluate's.
        network = paused.json()
        assert network["cost_step"] is None
        evaluation = client.get(f"/api/networks/{net['id']}/evaluate").json()
        assert evaluation["version"] == network["version"]
        assert network["cost"] == pytest.approx(evaluation["cost"], rel=1e-12)
        # The curve has a data-set point for each frame that scored and for the pause, no other.
        evals = [p["step"] for p in client.get(f"/api/networks/{net['id']}/history").json()["evals"]]
        assert evals[-1] == network["step"]
        assert set(f["step"] for f in scored) <= set(evals)
        assert not set(f["step"] for f in frames if f not in scored) & set(evals[:-1])


def test_a_worker_uses_as_many_lanes_as_its_share_of_the_machine_and_keeps_them_even(monkeypatch):
    from app import background
    from app.live_rounds import Rounds

    monkeypatch.setattr(background, "CORES", 2)
    monkeypatch.setattr(background, "TRAINING_PROCESSES", 2)
    rounds = Rounds()
    seats = []
    with contextlib.ExitStack() as stack:
        for _ in range(8):
            seats.append(stack.enter_context(rounds.stream()))
        # 8 of the machine's 30 streams: less than one core's share, so one lane for all of them.
        rounds._machine_streams = 30
        lanes = [seat.settle() for seat in seats]
        assert set(lanes) == {0} and rounds.lanes[0] == 8
        # 22 of 30: every core.
        for _ in range(14):
            seats.append(stack.enter_context(rounds.stream()))
        for _ in range(3):
            lanes = [seat.settle() for seat in seats]
        assert max(rounds.lanes) - min(rounds.lanes) <= 1 and sum(rounds.lanes) == 22
    assert rounds.streams == 0 and rounds.lanes == [0, 0]


def test_long_work_goes_to_the_bulk_process_and_counts_in_no_lane(monkeypatch):
    from app import background
    from app.live_rounds import Rounds

    assert background.lane_for(background.BULK_WORK) is None  # the idlest lane
    assert background.lane_for(background.BULK_WORK + 1) == background.BULK
    monkeypatch.setattr(background, "TRAINING_PROCESSES", 2)
    rounds = Rounds()
    with rounds.stream() as seat, rounds.stream(bulk=True) as long_one:
        assert long_one.lane == background.BULK and long_one.settle() == background.BULK
        assert rounds.streams == 2 and sum(rounds.lanes) == 1 and seat.settle() in (0, 1)
    assert rounds.streams == 0 and rounds.lanes == [0, 0]


def test_a_slow_stream_does_not_hold_back_the_others_on_its_lane(tmp_path):
    # One training process, so both streams share one lane: a stream asking for 1 frame a second
    # waits for its time in the lane's queue, and the other must not wait with it.
    with LiveServer(tmp_path / "data", env={"BACKPROP_LAB_TRAINING_PROCESSES": "1"}) as live:
        with httpx.Client(base_url=live.url, timeout=60) as client:
            slow, fast = create(client, **SPEC, seed=1), create(client, **SPEC, seed=2)

        async def lesson():
            slow_frames, fast_frames, ends = [], [], []
            async with httpx.AsyncClient(base_url=live.url, timeout=60) as http:
                slow_task = asyncio.create_task(read_stream(http, slow["id"], slow_frames, ends, fps=1))
                while len(slow_frames) < 2:
                    await asyncio.sleep(0.05)
                started = asyncio.get_running_loop().time()
                await read_stream(http, fast["id"], fast_frames, ends, fps=30, max_frames=30)
                took = asyncio.get_running_loop().time() - started
                await http.post(f"/api/networks/{slow['id']}/train/stop")
                await slow_task
            return took, len(fast_frames), ends

        took, fast_count, ends = run_async(lesson())
    assert fast_count == 30
    assert took < 5, took  # 30 frames at 30 a second, not one a second as the slow stream's
    assert sorted(end["reason"] for end in ends) == ["frames", "stopped"]


async def frame_times(http: httpx.AsyncClient, network_id: str, times: list, **params) -> None:
    """When each frame of one stream arrived (the event loop's clock)."""
    async with http.stream("GET", f"/api/networks/{network_id}/train/stream", params=params,
                           timeout=httpx.Timeout(120, read=None)) as answer:
        assert answer.status_code == 200, await answer.aread()
        async for line in answer.aiter_lines():
            if line == "event: frame":
                times.append(asyncio.get_running_loop().time())


def test_long_work_does_not_hold_back_a_class_s_live_streams(tmp_path):
    # One lane, so that the class's two streams share it: a /train of 10,000 steps at batch 128, and a
    # stream of chunks that long, each take seconds, and in the lane they held both streams still for
    # all of it (BULK in app/background.py).
    with LiveServer(tmp_path / "data", env={"BACKPROP_LAB_TRAINING_PROCESSES": "1"}) as live:
        with httpx.Client(base_url=live.url, timeout=60) as client:
            class_nets = [create(client, **SPEC, seed=seed) for seed in (1, 2)]
            trained, streamed = create(client, **SPEC, seed=3), create(client, **SPEC, seed=4)

        async def lesson():
            times = [[], []]
            async with httpx.AsyncClient(base_url=live.url, timeout=120) as http:
                streams = [asyncio.create_task(frame_times(http, net["id"], times[n], fps=30, batch_size=16))
                           for n, net in enumerate(class_nets)]
                while min(len(t) for t in times) < 5:
                    await asyncio.sleep(0.05)
                loop = asyncio.get_running_loop()
                windows = []
                started = loop.time()
                answer = await http.post(f"/api/networks/{trained['id']}/train",
                                         json=dict(steps=10_000, batch_size=128, learning_rate=0.5))
                assert answer.status_code == 200, answer.text
                windows.append((started, loop.time()))
                started, long_frames, ends = loop.time(), [], []
                await read_stream(http, streamed["id"], long_frames, ends, steps_per_frame=10_000, batch_size=128,
                                  max_frames=1)
                windows.append((started, loop.time()))
                assert len(long_frames) == 1 and long_frames[0]["steps"] == 10_000
                for net in class_nets:
                    await http.post(f"/api/networks/{net['id']}/train/stop")
                await asyncio.gather(*streams)
            return times, windows

        times, windows = run_async(lesson())
    for start, end in windows:
        took = end - start
        assert took > 1.0, took  # long enough that a stream held back would show it
        for arrivals in times:
            inside = [start] + [t for t in arrivals if start < t < end] + [end]
            longest = max(b - a for a, b in zip(inside, inside[1:]))
            assert longest < took / 2, (longest, took)
