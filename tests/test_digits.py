"""The shipped digits data: shape, scaling, one-hot targets, the stored split and its rebuild."""
import functools
import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from app.engine.images import OUTPUTS, SETS, load_images

SPEC = SETS["digits"]
DATA_FILE, DESCRIPTION, INPUTS = SPEC.file, SPEC.description, SPEC.inputs
load_digits = functools.partial(load_images, "digits")

ROOT = Path(__file__).resolve().parent.parent
TOTAL = 1797
TEST_FRACTION = 0.2


def _load_script():
    # scripts/ is not a package; its split and writer need only NumPy, so the test can run them.
    spec = importlib.util.spec_from_file_location("make_digits", ROOT / "scripts" / "make_digits.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def raw():
    with np.load(DATA_FILE, allow_pickle=False) as npz:
        return {name: npz[name] for name in npz.files}


def _splits():
    data = load_digits()
    return {"train": data.train, "test": data.test}


def test_file_is_small_and_holds_compact_integer_arrays(raw):
    size = DATA_FILE.stat().st_size
    print(f"digits.npz: {size} bytes")
    assert size < 64 * 1024
    assert sorted(raw) == ["is_test", "labels", "pixels"]
    assert raw["pixels"].dtype == np.uint8 and raw["pixels"].shape == (TOTAL, INPUTS)
    assert raw["labels"].dtype == np.uint8 and raw["labels"].shape == (TOTAL,)
    assert raw["is_test"].dtype == np.uint8 and set(np.unique(raw["is_test"])) == {0, 1}
    assert raw["pixels"].max() == 16 and raw["pixels"].min() == 0


def test_shapes_and_dtypes():
    splits = _splits()
    assert sum(len(s) for s in splits.values()) == TOTAL
    for split in splits.values():
        n = len(split)
        assert split.x.shape == (n, INPUTS) and split.x.dtype == np.float64
        assert split.y.shape == (n, OUTPUTS) and split.y.dtype == np.float64
        assert split.labels.shape == (n,) and np.issubdtype(split.labels.dtype, np.integer)


def test_inputs_are_pixel_counts_scaled_to_unit_range():
    for split in _splits().values():
        assert split.x.min() == 0.0 and split.x.max() == 1.0
        counts = split.x * 16
        np.testing.assert_array_equal(counts, np.round(counts))


def test_outputs_are_one_hot_of_the_labels():
    for split in _splits().values():
        assert set(np.unique(split.y)) == {0.0, 1.0}
        np.testing.assert_array_equal(split.y.sum(axis=1), 1.0)
        np.testing.assert_array_equal(split.y.argmax(axis=1), split.labels)


def test_split_is_disjoint_and_covers_every_row(raw):
    data = load_digits()
    is_test = raw["is_test"].astype(bool)
    assert len(data.train) + len(data.test) == TOTAL
    assert len(data.test) == is_test.sum()
    for split, rows in ((data.train, ~is_test), (data.test, is_test)):
        np.testing.assert_array_equal(split.x * 16, raw["pixels"][rows])
        np.testing.assert_array_equal(split.labels, raw["labels"][rows])


def test_every_digit_is_in_both_splits_in_the_same_proportion():
    data = load_digits()
    train_counts = np.bincount(data.train.labels, minlength=OUTPUTS)
    test_counts = np.bincount(data.test.labels, minlength=OUTPUTS)
    print(f"train {len(data.train)} {train_counts.tolist()}, test {len(data.test)} {test_counts.tolist()}")
    assert set(data.train.labels) == set(data.test.labels) == set(range(OUTPUTS))
    # Stratified: each class holds out its own 20%, to the nearest image.
    totals = train_counts + test_counts
    assert np.all(np.abs(test_counts - totals * TEST_FRACTION) <= 0.5)
    np.testing.assert_allclose(train_counts / len(data.train), test_counts / len(data.test), atol=0.01)


def test_script_split_rebuilds_the_stored_split(raw):
    script = _load_script()
    first = script.stratified_split(raw["labels"])
    np.testing.assert_array_equal(first, raw["is_test"])
    np.testing.assert_array_equal(script.stratified_split(raw["labels"]), first)


def test_script_writer_is_byte_identical_and_loadable(raw, tmp_path):
    script = _load_script()
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    script.write_npz(a, raw)
    script.write_npz(b, raw)
    assert a.read_bytes() == b.read_bytes()
    with np.load(a, allow_pickle=False) as npz:
        for name, array in raw.items():
            np.testing.assert_array_equal(npz[name], array)
            assert npz[name].dtype == array.dtype


def test_loaded_once_and_reload_is_identical():
    first = load_digits()
    assert load_digits() is first
    load_images.cache_clear()
    try:
        again = load_digits()
        assert again is not first
        for name in ("train", "test"):
            for field in ("x", "y", "labels"):
                np.testing.assert_array_equal(getattr(getattr(again, name), field),
                                              getattr(getattr(first, name), field))
    finally:
        load_images.cache_clear()


@pytest.mark.parametrize("field", ["x", "y", "labels"])
def test_arrays_are_read_only(field):
    for split in _splits().values():
        array = getattr(split, field)
        with pytest.raises(ValueError):
            array[0] = 0


def test_module_is_pure_numpy_and_described():
    assert DESCRIPTION and "\n" not in DESCRIPTION
    code = ("import sys; import app.engine.images as d; d.load_images('digits'); d.load_images('mnist'); "
            "print(sorted(m for m in ('fastapi', 'starlette', 'pydantic', 'sklearn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
