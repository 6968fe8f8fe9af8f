"""Bodies of the learner's own data sets: an upload, its description, and its place in an export."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .. import dataset_store, limits
from .base import Body
from .meta import DatasetInfo

PREVIEW_ROWS = 5
"""Rows of the table an upload's answer shows as they were read."""

Label = Annotated[str, Field(min_length=1, max_length=80, description="Your name for the data set, shown on "
                             "the page; the data set's `name` (its handle) is chosen by the server.")]


class Recipe(Body):
    """What rebuilds an upload exactly: the CSV text and how to read it."""

    name: Label
    csv: str = Field(description=f"The table as CSV text (UTF-8, at most {limits.MAX_UPLOAD_BYTES:,} bytes): "
                     "numbers separated by commas, one example per line, the targets last; an optional first "
                     "row of column names (a row in which no cell is a number).")
    targets: int = Field(1, ge=1, le=limits.MAX_NEURONS, description="How many last columns are targets.")
    test_fraction: float = Field(0.0, ge=0.0, le=limits.MAX_UPLOAD_TEST_FRACTION, allow_inf_nan=False,
                                 description="The share of rows held out for testing (per class for "
                                             "classification); 0 holds none out.")
    seed: int = Field(0, ge=0, le=limits.MAX_SEED, description="Chooses the held-out rows.")

    def recipe(self) -> dataset_store.Recipe:
        return dataset_store.Recipe(self.name, self.csv, self.targets, self.test_fraction, self.seed)

    @classmethod
    def of_dataset(cls, name: str | None) -> Recipe | None:
        """What an export carries of the network's data set: an upload's recipe, None for a built-in one."""
        found = dataset_store.find(name) if name else None
        if found is None:
            return None
        r = found.recipe
        return cls(name=r.label, csv=r.csv, targets=r.targets, test_fraction=r.test_fraction, seed=r.seed)


class UploadIn(Recipe):
    """POST /api/datasets."""


class UploadInfo(DatasetInfo):
    """An uploaded data set: what GET /api/datasets says of a built-in one, and how it was read."""

    name: str | None = Field(description="The handle networks use as their `dataset`: as secret as a network's "
                             "id (never listed; whoever has it can use the data). Null for a preview.")
    label: str = Field(description="Your name for it.")
    uploaded: bool = Field(True, description="Always true: an upload, not a built-in data set.")
    task_reason: str = Field(description="How the task was decided from the targets.")
    columns: list[str] = Field(description="Each column's name: the header's, or x1..xn then y (y1..ym).")
    header: bool = Field(description="Whether the first row was read as column names.")
    classes: list[float] | None = Field(
        description="For a class column one-hot encoded: the class values, output j standing for classes[j].")
    rows: int = Field(description="Rows read (train plus held out).")
    preview: list[list[float]] = Field(description=f"The first {PREVIEW_ROWS} rows as read, every column.")


class UploadOut(UploadInfo):
    """GET /api/datasets/{handle}: the description and every training row."""

    x: list[list[float]]
    y: list[list[float]]
