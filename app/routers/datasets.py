"""The learner's own data sets: upload a CSV (or preview how it reads), and read one back by its handle.

An upload is private like a network: its handle is unguessable, never listed by GET /api/datasets,
and is the only key to it. Networks name it as their `dataset`, like a built-in one.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from .. import dataset_store, limits
from ..dataset_store import Uploaded
from ..deps import Client, StoreDep
from ..schemas.datasets import PREVIEW_ROWS, UploadIn, UploadInfo, UploadOut
from ..schemas.meta import DatasetOut
from ..engine.data_options import DataOptions
from ..schemas.networks import DATA_SEED, NOISE, TEST_RATIO
from ..service import dataset_or_error

router = APIRouter(prefix="/api", tags=["data sets"])


def info(uploaded: Uploaded, cls: type[UploadInfo] = UploadInfo, **values) -> UploadInfo:
    upload, table = uploaded.upload, uploaded.upload.table
    return cls.of(uploaded.dataset, name=uploaded.handle, label=uploaded.recipe.label, task_reason=upload.task_reason,
                  columns=table.columns, header=table.header, classes=upload.classes, rows=len(table.values),
                  preview=table.values[:PREVIEW_ROWS], **values)


@router.post("/datasets", status_code=201, response_model=UploadInfo,
             responses={200: {"description": "With preview=1: how the CSV reads; nothing is stored."}})
def upload(body: UploadIn, store: StoreDep, client: Client, response: Response,
           preview: bool = Query(False, description="Only read and describe the CSV (200, name null): "
                                                    "nothing is stored.")) -> UploadInfo:
    """Upload a data set as CSV: the answer's `name` is the handle a network uses as its `dataset`.

    The task is inferred from the targets: classification when every target is 0 or 1, or when one
    target column holds 2 to 10 whole-number classes (one-hot encoded, one output per class);
    regression otherwise. A CSV that is not a table of numbers is a 422 naming its line and column,
    and nothing is stored.
    """
    recipe = body.recipe()
    if preview:
        response.status_code = 200
        return info(dataset_store.build(recipe))
    return info(dataset_store.add(store, recipe, client))


@router.get("/datasets/{name}", response_model=DatasetOut | UploadOut)
def get_dataset(
    name: Annotated[str, Path(max_length=64)],
    noise: float = Query(0.0, ge=0.0, le=limits.MAX_NOISE, allow_inf_nan=False, description=NOISE),
    test_ratio: float = Query(0.0, ge=0.0, le=limits.MAX_TEST_RATIO, allow_inf_nan=False, description=TEST_RATIO),
    data_seed: int | None = Query(None, ge=0, le=limits.MAX_SEED, description=DATA_SEED),
) -> DatasetOut | UploadOut:
    """A data set with all its training rows: a built-in one by name, or an upload by its handle; a
    generated one as a network with these data options (its NetworkOut's) sees its points (x1, x2)."""
    options = DataOptions(noise, test_ratio, data_seed)
    uploaded = dataset_store.find(name)
    if uploaded is not None and options == DataOptions():
        return info(uploaded, UploadOut, x=uploaded.dataset.x, y=uploaded.dataset.y)
    return DatasetOut.of(dataset_or_error(name, 404, options), options)
