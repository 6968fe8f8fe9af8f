"""Build app/engine/data/digits.npz from the copy of the UCI digits that scikit-learn ships.

scikit-learn is not a dependency of Backprop Lab: it is only the source of the data file,
read from its bundled digits.csv.gz (no download). Regenerate the file with a throwaway venv:

    python3 -m venv /tmp/skl-venv
    /tmp/skl-venv/bin/pip install scikit-learn
    /tmp/skl-venv/bin/python scripts/make_digits.py

The file holds:
    pixels  uint8 (1797, 64)  the 8x8 images, row-major, values 0..16
    labels  uint8 (1797,)     the digit 0..9
    is_test uint8 (1797,)     1 for a row of the held-out test split, 0 for the training split

Running it again writes a byte-identical file: the split is seeded, and the zip entries get a
fixed timestamp (np.savez_compressed stamps the current time, which would make every rebuild a
new file in git). Licence and attribution: app/engine/data/DIGITS-LICENSE.md.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "app" / "engine" / "data" / "digits.npz"
SEED = 20240606
TEST_FRACTION = 0.2
# The earliest time a zip header can hold; any constant would do.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def stratified_split(labels: np.ndarray, seed: int = SEED,
                     test_fraction: float = TEST_FRACTION) -> np.ndarray:
    """A uint8 mask, 1 on the held-out rows: the same fraction of every class is held out."""
    rng = np.random.default_rng(seed)
    # A mask rather than index arrays: a tenth of the bytes, and the two splits cannot overlap.
    is_test = np.zeros(len(labels), dtype=np.uint8)
    # Classes in ascending order so the stream of random draws is the same on every run.
    for digit in np.unique(labels):
        rows = np.flatnonzero(labels == digit)
        n_test = int(round(len(rows) * test_fraction))
        is_test[rng.permutation(rows)[:n_test]] = 1
    return is_test


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write what np.load reads as an .npz, deflated at level 9 and with fixed timestamps."""
    with zipfile.ZipFile(path, "w") as zf:
        for name, array in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buf.getvalue(), compresslevel=9)


def main() -> None:
    from sklearn.datasets import load_digits  # only here: the tests import this module without it

    bunch = load_digits()
    pixels = np.asarray(bunch.data)
    labels = np.asarray(bunch.target)
    # The cast to uint8 must lose nothing: the source is integer counts 0..16 and digits 0..9.
    assert pixels.shape == (1797, 64) and np.array_equal(pixels, np.round(pixels))
    assert pixels.min() >= 0 and pixels.max() <= 16 and set(np.unique(labels)) == set(range(10))
    is_test = stratified_split(labels)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    write_npz(OUT, {"pixels": pixels.astype(np.uint8), "labels": labels.astype(np.uint8),
                    "is_test": is_test})
    n_test = int(is_test.sum())
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes): {len(labels) - n_test} train, {n_test} test")


if __name__ == "__main__":
    main()
