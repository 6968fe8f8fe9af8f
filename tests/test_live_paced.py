"""Slow-motion live training: `steps_per_second` paces a stream to one step per frame at that rate."""
import time

import pytest

from test_live import SPEC, create, same_state, stream


def test_a_paced_stream_sends_every_step_at_the_asked_rate_and_equals_train(client):
    paced, trained = create(client, **SPEC), create(client, **SPEC)
    started = time.monotonic()
    got = stream(client, paced["id"], steps=6, steps_per_second=20, learning_rate=0.3, batch_size=8)
    elapsed = time.monotonic() - started
    frames = [data for name, data in got if name == "frame"]
    assert [f["step"] for f in frames] == [1, 2, 3, 4, 5, 6]
    assert [f["steps"] for f in frames] == [1] * 6
    assert got[-1] == ("end", {"reason": "steps", "step": 6, "frames": 6, "diverged": None})
    # The first frame comes at once, each later one 1/20 s after the one before.
    assert elapsed >= 5 / 20 * 0.9
    client.post(f"/api/networks/{trained['id']}/train", json=dict(steps=6, learning_rate=0.3, batch_size=8))
    same_state(client, paced["id"], trained["id"])


def test_a_stream_of_n_steps_stops_at_exactly_n_at_any_speed(client):
    for pace in ({}, {"steps_per_second": 60}):
        net = create(client, **SPEC)
        client.post(f"/api/networks/{net['id']}/train", json=dict(steps=3))
        got = stream(client, net["id"], steps=17, **pace)
        assert got[-1][1]["reason"] == "steps" and got[-1][1]["step"] == 20
        assert client.get(f"/api/networks/{net['id']}").json()["step"] == 20


@pytest.mark.parametrize("value", ["0", "0.05", "61", "1000", "nan", "inf", "fast"])
def test_a_speed_out_of_bounds_is_a_422_naming_the_parameter_and_its_bounds(client, value):
    net = create(client, **SPEC)
    answer = client.get(f"/api/networks/{net['id']}/train/stream", params={"steps_per_second": value})
    assert answer.status_code == 422
    assert answer.json()["field"] == "steps_per_second"
    detail = answer.json()["detail"]
    assert detail.startswith("steps per second")
    bound = {"0": "least allowed, 0.1", "0.05": "least allowed, 0.1", "61": "most allowed, 60",
             "1000": "most allowed, 60", "nan": "finite", "inf": "finite", "fast": "must be a number"}[value]
    assert bound in detail


def test_a_speed_with_fixed_chunks_is_a_422_that_says_which_to_leave_out(client):
    net = create(client, **SPEC)
    answer = client.get(f"/api/networks/{net['id']}/train/stream",
                        params={"steps_per_second": 2, "steps_per_frame": 5})
    assert answer.status_code == 422
    assert "leave out steps_per_frame" in answer.json()["detail"]


def test_limits_list_the_speed_bounds(client):
    got = client.get("/api/limits").json()
    assert got["min_steps_per_second"] == 0.1 and got["max_steps_per_second"] == 60
