"""Bodies of what is not one network: health and the data sets."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Answer


class DatasetInfo(Answer):
    name: str
    task: Literal["classification", "regression"]
    inputs: int
    outputs: int
    size: int
    description: str
    test_size: int = Field(0, description="Rows in the held-out test split (0 if none).")
    image_side: int | None = Field(None, description="For square images (digits 8, mnist 28): the side in "
                                   "pixels; the inputs are the pixels row by row. Null otherwise.")


class DatasetOut(DatasetInfo):
    noise: float = Field(0.0, description="The noise these rows were made with (the query's).")
    test_ratio: float = Field(0.0, description="The share held out (the query's); x and y are the rest.")
    data_seed: int | None = Field(None, description="The data seed (the query's); null: the set's own.")
    x: list[list[float]]
    y: list[list[float]]


class Health(Answer):
    status: Literal["ok"]
