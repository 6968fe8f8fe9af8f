"""The video's network: 28x28 MNIST digits, and 784-16-16-10 (sigmoid, squared error) learning them."""
import importlib.util
from pathlib import Path

import numpy as np
import pytest

import reference
from app.engine.images import SETS, load_images

ROOT = Path(__file__).resolve().parent.parent
SPEC = SETS["mnist"]
PER_CLASS, TEST_PER_CLASS = 500, 100


@pytest.fixture(scope="module")
def raw():
    with np.load(SPEC.file, allow_pickle=False) as npz:
        return {name: npz[name] for name in npz.files}


def test_file_holds_5000_uint8_images_500_of_each_digit(raw):
    size = SPEC.file.stat().st_size
    print(f"mnist.npz: {size} bytes")
    assert size < 1024 * 1024
    assert sorted(raw) == ["is_test", "labels", "pixels"]
    assert raw["pixels"].dtype == np.uint8 and raw["pixels"].shape == (10 * PER_CLASS, 784)
    assert raw["pixels"].max() == 255 and raw["pixels"].min() == 0
    np.testing.assert_array_equal(np.bincount(raw["labels"], minlength=10), PER_CLASS)
    # The split is stratified: 100 held-out images of every digit.
    test_labels = raw["labels"][raw["is_test"].astype(bool)]
    np.testing.assert_array_equal(np.bincount(test_labels, minlength=10), TEST_PER_CLASS)


def test_licence_and_attribution_ship_beside_the_file_and_in_the_readme():
    licence = (SPEC.file.parent / "MNIST-LICENSE.md").read_text()
    readme = (ROOT / "README.md").read_text()
    for text in (licence, readme):
        assert "LeCun" in text and "Cortes" in text and "Burges" in text and "CC BY-SA 3.0" in text


def test_split_is_the_script_s_seeded_stratified_split(raw, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))  # make_mnist imports its helpers from make_digits
    spec = importlib.util.spec_from_file_location("make_mnist", ROOT / "scripts" / "make_mnist.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    split = script.stratified_split(raw["labels"], seed=script.SEED, test_fraction=TEST_PER_CLASS / PER_CLASS)
    np.testing.assert_array_equal(split, raw["is_test"])


def test_inputs_are_grey_levels_scaled_to_unit_range_and_targets_one_hot(raw):
    data = load_images("mnist")
    assert (len(data.train), len(data.test)) == (4000, 1000)
    for split, rows in ((data.train, ~raw["is_test"].astype(bool)), (data.test, raw["is_test"].astype(bool))):
        assert split.x.shape == (len(split), 784) and split.x.dtype == np.float64
        np.testing.assert_array_equal(split.x * 255, raw["pixels"][rows])
        np.testing.assert_array_equal(split.y.argmax(axis=1), split.labels)
        np.testing.assert_array_equal(split.y.sum(axis=1), 1.0)


def test_the_data_set_is_listed_as_28x28_images(client):
    sets = {d["name"]: d for d in client.get("/api/datasets").json()}
    mnist = sets["mnist"]
    assert (mnist["inputs"], mnist["outputs"], mnist["size"], mnist["test_size"]) == (784, 10, 4000, 1000)
    assert mnist["image_side"] == 28 and sets["digits"]["image_side"] == 8 and sets["xor"]["image_side"] is None
    assert mnist["task"] == "classification"


def test_only_the_input_layer_may_be_an_image(client):
    refused = client.post("/api/networks", json={"layers": [784, 300, 10]})
    assert refused.status_code == 422 and "300" in refused.json()["detail"]
    assert client.post("/api/networks", json={"layers": [1025, 3, 1]}).status_code == 422
    assert client.post("/api/networks", json={"layers": [1024, 3, 1]}).status_code == 201


def test_the_video_s_network_reaches_87_percent_on_held_out_digits_through_train(client):
    """784-16-16-10, sigmoid, squared error, 10,000 steps of batch 10 at learning rate 3 (the preset)."""
    net = client.post("/api/networks", json={"layers": [784, 16, 16, 10], "hidden_activation": "sigmoid",
                                             "output_activation": "sigmoid", "loss": "mse",
                                             "dataset": "mnist", "seed": 1}).json()
    assert sum(len(w) * len(w[0]) + len(w) for w in net["weights"]) == 13002  # "about 13,000"
    trained = client.post(f"/api/networks/{net['id']}/train",
                          json={"steps": 10_000, "batch_size": 10, "learning_rate": 3.0})
    assert trained.status_code == 200, trained.text
    scores = client.get(f"/api/networks/{net['id']}/evaluate").json()
    print(f"784-16-16-10 after 10,000 steps: train {scores['accuracy']:.3f}, test {scores['test_accuracy']:.3f}")
    assert scores["test_accuracy"] >= 0.87

    # The figure checked independently: NOTATION's forward pass over the held-out images.
    got = client.get(f"/api/networks/{net['id']}").json()
    test = load_images("mnist").test
    hits = sum(int(np.argmax(reference.forward(got["weights"], got["biases"], "sigmoid", "sigmoid", x)[1][-1]) == label)
               for x, label in zip(test.x, test.labels))
    assert scores["test_accuracy"] == pytest.approx(hits / len(test), abs=1e-12)
