"""Refusals in plain words: the value named as the learner knows it, what is allowed, and `field`."""
import pytest

from app import limits

from test_api import create, post_raw


@pytest.mark.parametrize("layers, detail, field", [
    # layer 0 is the inputs, as the drawing and docs/NOTATION.md count them
    ([2, 300, 1], f"layer 1 has 300 neurons; at most {limits.MAX_NEURONS}", "layers"),
    ([2, 3, 0], "layer 2 has 0 neurons; at least 1 (a whole number)", "layers.2"),
    ([2, 0, 1], "layer 1 has 0 neurons; at least 1 (a whole number)", "layers.1"),
    ([0, 3, 1], "layer 0 has 0 neurons; at least 1 (a whole number)", "layers.0"),
    ([2, -4, 1], "layer 1 has -4 neurons; at least 1 (a whole number)", "layers.1"),
    ([2], "layers has 1 size; give at least 2 (the input layer and the output layer)", "layers"),
    ([2] * (limits.MAX_LAYERS + 1), f"layers has {limits.MAX_LAYERS + 1} sizes; give at most {limits.MAX_LAYERS}",
     "layers"),
])
def test_layer_sizes_are_refused_in_words_counting_from_the_inputs(client, layers, detail, field):
    r = client.post("/api/networks", json={"layers": layers})
    assert r.status_code == 422
    body = r.json()
    assert body["detail"].startswith(detail), body
    assert "Input should" not in body["detail"] and "layers." not in body["detail"]
    assert body["field"] == field


@pytest.mark.parametrize("text, detail, field", [
    ('{"layers": [2, "3", 1]}', 'layer 1 must be a whole number of neurons, written as a JSON integer such as 3 '
                                '(not "3", 3.0 or true)', "layers.1"),
    ('{"layers": [2, 1], "seed": -1}', "seed -1 is less than the least allowed, 0", "seed"),
    ('{"layers": [2, 1], "seed": true}', 'seed must be a whole number, written as a JSON integer such as 3 '
                                         '(not "3", 3.0 or true)', "seed"),
    ('{"layers": [2, 1], "colour": "red"}', "colour is not a field of this request: leave it out", "colour"),
    ('{"layers": [2, 1], "loss": "hinge"}', "loss should be 'mse', 'cross_entropy' or 'categorical_cross_entropy'", "loss"),
    ('{"seed": 1}', "layers is missing: it is required", "layers"),
    ('{"layers": [2, NaN]}', "layers[1] must be a finite number (not NaN or Infinity)", "layers.1"),
    ('{"layers": [2, 1], "seed": Infinity}', "seed must be a finite number (not NaN or Infinity)", "seed"),
    ('{"layers": [2, 1]', "the body is not valid JSON (NaN and Infinity are not allowed either)", None),
])
def test_create_refusals_name_the_field(client, text, detail, field):
    r = post_raw(client, "/api/networks", text)
    assert r.status_code == 422
    assert r.json() == {"detail": detail, "field": field}


@pytest.mark.parametrize("text, detail, field", [
    ('{"learning_rate": 500}', f"learning rate 500 is more than the most allowed, {limits.MAX_LEARNING_RATE:g}",
     "learning_rate"),
    ('{"learning_rate": 0}', "learning rate 0 is less than the least allowed, 1e-9", "learning_rate"),
    ('{"learning_rate": NaN}', "learning rate must be a finite number (not NaN or Infinity)", "learning_rate"),
    ('{"batch_size": 0}', "batch size 0 is less than the least allowed, 1", "batch_size"),
    ('{"steps": 10001}', f"steps 10001 is more than the most allowed, {limits.MAX_STEPS}", "steps"),
    ('{"steps": 2.5}', 'steps must be a whole number, written as a JSON integer such as 3 (not "3", 3.0 or true)',
     "steps"),
])
def test_training_refusals_name_the_knob(client, text, detail, field):
    net = create(client)
    r = post_raw(client, f"/api/networks/{net['id']}/train", text)
    assert r.status_code == 422
    assert r.json() == {"detail": detail, "field": field}
    assert client.get(f"/api/networks/{net['id']}").json()["step"] == 0


def test_a_hand_edit_and_an_example_are_refused_in_words(client):
    net = create(client)
    url = f"/api/networks/{net['id']}"
    r = client.put(f"{url}/weights/1/0/0", json={"value": 2e6})
    assert r.json() == {"detail": "value 2000000 is more than the most allowed, 1000000", "field": "value"}
    r = post_raw(client, f"{url}/backprop", '{"x": [1e7, 1], "y": [1]}')
    assert r.json() == {"detail": "x[0] 10000000 is more than the most allowed, 1000000", "field": "x.0"}
    # A check of the whole body names no field.
    r = post_raw(client, f"{url}/backprop", '{"x": [1, 2], "y": [1], "example": 0}')
    assert r.json() == {"detail": "give either example or x and y, not both", "field": None}


@pytest.mark.parametrize("params, detail, field", [
    ({"steps_per_second": "1000"}, f"steps per second 1000 is more than the most allowed, {limits.MAX_STEPS_PER_SECOND}",
     "steps_per_second"),
    ({"learning_rate": "nan"}, "learning rate must be a finite number (not NaN or Infinity)", "learning_rate"),
    ({"learning_rate": "inf"}, "learning rate must be a finite number (not NaN or Infinity)", "learning_rate"),
    ({"batch_size": "0"}, "batch size 0 is less than the least allowed, 1", "batch_size"),
])
def test_stream_parameters_are_refused_in_words(client, params, detail, field):
    net = create(client)
    r = client.get(f"/api/networks/{net['id']}/train/stream", params=params)
    assert r.status_code == 422
    assert r.json() == {"detail": detail, "field": field}


def test_several_errors_are_all_described_and_the_first_names_the_field(client):
    r = client.post("/api/networks", json={"layers": [2, 0, 1], "seed": -1})
    assert r.status_code == 422
    body = r.json()
    assert body["detail"] == "layer 1 has 0 neurons; at least 1 (a whole number); seed -1 is less than the least allowed, 0"
    assert body["field"] == "layers.1"


def test_other_refusals_carry_field_too(client):
    r = client.post("/api/networks", json={"layers": [2, 256, 256, 256, 1]})
    assert r.status_code == 422
    assert r.json()["field"] == "layers" and "parameters" in r.json()["detail"]
    r = client.get("/api/networks/" + "x" * 22)
    assert r.status_code == 404 and r.json()["field"] is None


@pytest.mark.parametrize("size, said", [(10**20, "1e20"), (10**400, "a number beyond 1e308")])
def test_a_huge_integer_is_said_by_its_size(client, size, said):
    r = post_raw(client, "/api/networks", '{"layers": [2, %d, 1]}' % size)
    assert r.status_code == 422
    assert r.json() == {"detail": f"layer 1 has {said} neurons; at most {limits.MAX_NEURONS} (only the input layer, "
                                  f"layer 0, may have up to {limits.MAX_INPUTS})", "field": "layers.1"}


def test_the_input_layer_has_its_own_bound(client):
    r = client.post("/api/networks", json={"layers": [5000, 3, 1]})
    assert r.json() == {"detail": f"layer 0 has 5000 neurons; at most {limits.MAX_INPUTS}", "field": "layers.0"}


def test_a_long_name_is_counted_in_characters(client):
    r = client.post("/api/networks", json={"layers": [2, 1], "dataset": "x" * 50})
    assert r.json() == {"detail": "dataset has 50 characters; give at most 40", "field": "dataset"}
