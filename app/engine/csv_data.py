"""A learner's own data set, from CSV text: read with the standard library's ``csv`` module, checked
cell by cell, its task inferred from the targets, and optionally split into train and held-out rows.

Pure and deterministic: the same text, target count, test fraction and seed always give the same
rows, so the server keeps only the text and rebuilds the arrays from it in any process.
"""
from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass

import numpy as np

from .datasets import Dataset
from .errors import EngineError

Array = np.ndarray

# Plain decimal numbers only: float() would also take "1_000", "infinity" or " nan ", which a
# spreadsheet never writes and a learner would not mean as numbers.
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
NON_FINITE = re.compile(r"[+-]?(inf|infinity|nan)", re.IGNORECASE)
MIN_IMAGE_INPUTS = 16
"""A square of at least 4 x 4 inputs in [0, 1] is drawn as an image."""


class CsvError(EngineError):
    """CSV text that is not a table of numbers: the message names the line and the column."""


@dataclass(frozen=True)
class CsvLimits:
    """What one upload may hold (the API passes its limits; the engine knows none)."""

    max_rows: int
    max_columns: int
    max_inputs: int
    max_abs: float
    max_classes: int


@dataclass(frozen=True)
class Table:
    """The CSV's numbers, before any target is encoded."""

    columns: list[str]
    """Each column's name: the header's, or x1..xn then y1..ym (y when there is one target)."""
    header: bool
    """Whether the first row was a header (a first row in which no cell is a number)."""
    values: Array
    """Shape (rows, columns), finite float64."""


@dataclass(frozen=True)
class Upload:
    """A parsed upload: the table, the task inferred from it, and the split."""

    table: Table
    targets: int
    """How many last columns are targets."""
    task: str
    """"classification" or "regression"."""
    task_reason: str
    """How the task was decided, in a sentence for the learner."""
    classes: list[float] | None
    """For a class column one-hot encoded: the class values, output j standing for classes[j]."""
    x: Array
    y: Array
    test_x: Array | None
    test_y: Array | None
    image_side: int | None

    @property
    def inputs(self) -> int:
        return self.x.shape[1]

    @property
    def outputs(self) -> int:
        return self.y.shape[1]

    def dataset(self, name: str, description: str) -> Dataset:
        return Dataset(name, self.task, description, self.x, self.y, self.test_x, self.test_y,
                       image_side=self.image_side)


def _default_names(width: int, targets: int) -> list[str]:
    inputs = [f"x{i + 1}" for i in range(width - targets)]
    outputs = ["y"] if targets == 1 else [f"y{j + 1}" for j in range(targets)]
    return inputs + outputs


def _cell(text: str, line: int, column: str) -> float:
    cell = text.strip()
    if NUMBER.fullmatch(cell):
        value = float(cell)
        if math.isfinite(value):
            return value
        raise CsvError(f"line {line}, column {column}: {cell[:40]} is beyond float64's range: use a smaller number")
    where = f"line {line}, column {column}"
    if not cell:
        raise CsvError(f"{where}: the cell is empty: every cell needs a number")
    if NON_FINITE.fullmatch(cell):
        raise CsvError(f"{where}: {cell!r} is not a finite number: replace it with a number or remove the row")
    hint = " (separate columns with commas)" if (";" in cell or "\t" in cell) else ""
    raise CsvError(f"{where}: {cell[:40]!r} is not a number{hint}")


def _is_header(row: list[str]) -> bool:
    # Names only: a first row mixing numbers and words is a data row with a mistake, reported as one.
    return not any(NUMBER.fullmatch(c.strip()) or NON_FINITE.fullmatch(c.strip()) for c in row)


def read_table(text: str, targets: int, limits: CsvLimits) -> Table:
    """The numbers of ``text``; CsvError naming the line and column of the first problem."""
    rows = []
    # A spreadsheet's "UTF-8 with BOM" starts with U+FEFF, which is no part of the first cell.
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    width = header = names = None
    first_line = 0
    try:
        for record in reader:
            line = reader.line_num
            if not any(c.strip() for c in record):
                continue  # blank lines (a trailing newline, a gap) carry no row
            if width is None:
                width, first_line = len(record), line
                if width > limits.max_columns:
                    raise CsvError(f"line {line} has {width} columns; the limit is {limits.max_columns}: "
                                   "use fewer columns")
                if width <= targets:
                    hint = ("; its cells seem separated by ';' or tabs: separate them with commas"
                            if any(";" in c or "\t" in c for c in record) else
                            ": each row needs at least one input column before the targets (or set targets lower)")
                    last = "the last is the target" if targets == 1 else f"the last {targets} are targets"
                    raise CsvError(f"line {line} has {width} column(s) and {last}{hint}")
                header = _is_header(record)
                names = _default_names(width, targets)
                if header:
                    names = [c.strip() or d for c, d in zip(record, names)]
                    continue
            elif len(record) != width:
                raise CsvError(f"line {line} has {len(record)} column(s) and line {first_line} has {width}: "
                               "every row needs the same number of columns")
            if len(rows) >= limits.max_rows:
                raise CsvError(f"more than {limits.max_rows:,} rows (line {line}): upload at most "
                               f"{limits.max_rows:,} rows")
            values = []
            for i, cell in enumerate(record):
                value = _cell(cell, line, names[i])
                if abs(value) > limits.max_abs:
                    raise CsvError(f"line {line}, column {names[i]}: {value:g} is beyond ±{limits.max_abs:,.0f}: "
                                   "scale the column down")
                values.append(value)
            rows.append(values)
    except csv.Error as error:
        raise CsvError(f"line {reader.line_num}: the CSV cannot be read ({error})") from None
    if width is None:
        raise CsvError("the CSV is empty: paste or choose rows of numbers separated by commas, "
                       "one example per line, targets last")
    if not rows:
        raise CsvError(f"line {first_line} is a header and no row of numbers follows it: add rows")
    if width - targets > limits.max_inputs:
        raise CsvError(f"{width - targets} input columns; a network takes at most {limits.max_inputs} inputs: "
                       "use fewer columns")
    return Table(names, header, np.array(rows, dtype=float))


def _task(raw: Array, max_classes: int) -> tuple[str, str, list[float] | None, Array]:
    """(task, why, classes, y): 0/1 targets as they are, a class column one-hot, else regression."""
    if np.all((raw == 0) | (raw == 1)):
        return "classification", "every target is 0 or 1", None, raw
    if raw.shape[1] == 1:
        classes = np.unique(raw[:, 0])
        whole = bool(np.all(classes == np.round(classes)))
        if whole and 2 <= len(classes) <= max_classes:
            shown = ", ".join(f"{c:g}" for c in classes)
            y = (raw[:, 0][:, None] == classes[None, :]).astype(float)
            return ("classification",
                    f"the target column holds {len(classes)} whole-number classes ({shown}), one-hot "
                    f"encoded as {len(classes)} outputs: output j is 1 for the j-th class",
                    [float(c) for c in classes], y)
        if whole:
            return ("regression", f"the target column has {len(classes)} different whole numbers, more "
                    f"than the {max_classes} classes a class column may have", None, raw)
    odd = raw[(raw != 0) & (raw != 1)][0]
    return "regression", f"the targets are not all 0 or 1 (one is {odd:g})", None, raw


def _split(strata: Array, fraction: float, seed: int) -> Array:
    """A boolean mask of held-out rows: ``fraction`` of each stratum, chosen by ``seed``."""
    rng = np.random.default_rng(seed)
    held = np.zeros(len(strata), dtype=bool)
    for value in np.unique(strata):
        members = np.flatnonzero(strata == value)
        take = math.floor(fraction * len(members) + 0.5)  # half up, not round()'s half to even
        held[rng.permutation(members)[:take]] = True
    return held


def _image_side(x: Array) -> int | None:
    side = math.isqrt(x.shape[1])
    if side * side == x.shape[1] and x.shape[1] >= MIN_IMAGE_INPUTS and np.all((x >= 0) & (x <= 1)):
        return side
    return None


def _frozen(a: Array | None) -> Array | None:
    if a is not None:
        a.setflags(write=False)
    return a


def read_upload(text: str, targets: int, test_fraction: float, seed: int, limits: CsvLimits) -> Upload:
    """The upload ``text`` describes (see the module); CsvError if it is not one."""
    table = read_table(text, targets, limits)
    x, raw = table.values[:, :-targets], table.values[:, -targets:]
    task, why, classes, y = _task(raw, limits.max_classes)
    test_x = test_y = None
    if test_fraction > 0:
        if task == "classification":
            strata = np.argmax(y, axis=1) if classes is not None else y @ (2.0 ** np.arange(y.shape[1]))
        else:
            strata = np.zeros(len(y))
        held = _split(strata, test_fraction, seed)
        if held.all() or not held.any():
            raise CsvError(f"test_fraction {test_fraction:g} of {len(y)} rows leaves "
                           f"{'no rows to train on' if held.all() else 'no rows to test on'}: "
                           "change test_fraction or add rows")
        x, y, test_x, test_y = x[~held], y[~held], x[held], y[held]
    x, y = np.ascontiguousarray(x), np.ascontiguousarray(y)
    side = _image_side(table.values[:, :-targets])
    return Upload(table, targets, task, why, classes, _frozen(x), _frozen(y),
                  _frozen(test_x), _frozen(test_y), side)
