"""The 8x8 handwritten digits (UCI optdigits test set, as shipped by scikit-learn).

Read from data/digits.npz beside this module, built by scripts/make_digits.py; licence and
attribution in data/DIGITS-LICENSE.md. Nothing is downloaded.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA_FILE = Path(__file__).resolve().parent / "data" / "digits.npz"
INPUTS = 64
OUTPUTS = 10
# Pixels are counts of ink in 4x4 blocks of a 32x32 bitmap, so 16 is the darkest.
MAX_PIXEL = 16
DESCRIPTION = ("Handwritten digits 0-9 as 8x8 images (UCI optdigits, 1,797 images): "
               "64 pixel inputs in [0,1], 10 one-hot outputs; 80/20 stratified train/test split.")


@dataclass(frozen=True)
class DigitsSplit:
    """One split of the digits, read-only."""

    x: np.ndarray
    """Pixels in [0, 1], shape (n, 64), row by row of the 8x8 image."""
    y: np.ndarray
    """One-hot targets, shape (n, 10)."""
    labels: np.ndarray
    """The digits 0..9, shape (n,)."""

    def __len__(self) -> int:
        return len(self.labels)


@dataclass(frozen=True)
class Digits:
    train: DigitsSplit
    """The rows training uses (80%, stratified by digit)."""
    test: DigitsSplit
    """The held-out rows (20%)."""


def _read_only(array: np.ndarray) -> np.ndarray:
    # Shared by every caller through the cache: a write anywhere would corrupt all of them.
    array.setflags(write=False)
    return array


def _split(pixels: np.ndarray, labels: np.ndarray, rows: np.ndarray) -> DigitsSplit:
    digits = labels[rows].astype(np.int64)
    return DigitsSplit(
        x=_read_only(pixels[rows].astype(np.float64) / MAX_PIXEL),
        y=_read_only(np.eye(OUTPUTS)[digits]),
        labels=_read_only(digits),
    )


@functools.cache
def load_digits() -> Digits:
    """The train and test splits, read once; the arrays are read-only."""
    with np.load(DATA_FILE, allow_pickle=False) as npz:
        pixels, labels, is_test = npz["pixels"], npz["labels"], npz["is_test"].astype(bool)
    return Digits(train=_split(pixels, labels, ~is_test), test=_split(pixels, labels, is_test))
