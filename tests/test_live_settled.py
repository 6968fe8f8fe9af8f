"""POST .../train/stop: pausing live training answers with exactly where it stopped."""
import json
import threading
import time

from test_live import create, same_state, server  # noqa: F401  (server is a fixture)

BIG = dict(layers=[64, 128, 64, 10], dataset="digits", seed=5)
PARAMS = {"batch_size": 32, "learning_rate": 0.2, "steps_per_frame": 400}


def frames_of(answer):
    for line in answer.iter_lines():
        if line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: "):
            yield event, json.loads(line[6:])


def test_stop_waits_for_the_chunk_in_flight_and_no_chunk_starts_after_it(server):  # noqa: F811
    # Chunks of 400 steps on the big digit net take a good fraction of a second each, so the
    # client leaves while the second one is running.
    streamed, trained = create(server, **BIG), create(server, **BIG)
    with server.stream("GET", f"/api/networks/{streamed['id']}/train/stream", params=PARAMS) as answer:
        event, first = next(frames_of(answer))
    assert (event, first["step"]) == ("frame", 400)
    stopped = server.post(f"/api/networks/{streamed['id']}/train/stop").json()
    assert stopped["step"] in (400, 800)
    time.sleep(1.5)  # a chunk the server might still have started would have landed by now
    assert server.get(f"/api/networks/{streamed['id']}").json() == stopped
    server.post(f"/api/networks/{trained['id']}/train",
                json=dict(steps=stopped["step"], learning_rate=0.2, batch_size=32))
    same_state(server, streamed["id"], trained["id"])


def test_a_stream_still_open_ends_with_reason_stopped_at_the_step_stop_answered(server):  # noqa: F811
    net = create(server, **BIG)
    events, opened = [], threading.Event()

    def listen():
        with server.stream("GET", f"/api/networks/{net['id']}/train/stream", params=PARAMS) as answer:
            for event, data in frames_of(answer):
                events.append((event, data))
                opened.set()

    listener = threading.Thread(target=listen)
    listener.start()
    assert opened.wait(60)
    stopped = server.post(f"/api/networks/{net['id']}/train/stop").json()
    listener.join(60)
    assert not listener.is_alive()
    kind, end = events[-1]
    assert kind == "end" and end["reason"] == "stopped"
    assert end["step"] == stopped["step"] == [d for k, d in events if k == "frame"][-1]["step"]
    assert server.get(f"/api/networks/{net['id']}").json() == stopped


def test_a_newer_stream_on_the_same_network_stops_the_older_one(server):  # noqa: F811
    net = create(server, **BIG)
    url = f"/api/networks/{net['id']}/train/stream"
    with server.stream("GET", url, params=PARAMS) as older:
        older_frames = frames_of(older)
        assert next(older_frames)[0] == "frame"
        with server.stream("GET", url, params=PARAMS) as newer:
            event, data = next(frames_of(newer))
            assert event == "frame"
        kinds = [kind for kind, _ in older_frames]
    assert kinds[-1] == "end"
    server.post(f"/api/networks/{net['id']}/train/stop")


def test_stop_is_the_network_when_nothing_trains_and_404_when_gone(client):
    net = create(client, layers=[2, 3, 1], dataset="xor", seed=1)
    assert client.post(f"/api/networks/{net['id']}/train/stop").json() == net
    assert client.post("/api/networks/nope/train/stop").status_code == 404
