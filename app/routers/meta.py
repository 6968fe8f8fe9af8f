"""Health, limits and data sets: everything that is not one network."""
from fastapi import APIRouter

from .. import limits
from ..engine import DATASET_NAMES, load_dataset
from ..schemas.meta import DatasetInfo, DatasetOut, Health
from ..service import dataset_or_error

router = APIRouter(prefix="/api", tags=["meta"])


@router.get("/health", response_model=Health)
def health() -> Health:
    return Health(status="ok")


@router.get("/limits")
def get_limits() -> dict:
    """The limits every request is checked against."""
    return limits.as_dict()


@router.get("/datasets", response_model=list[DatasetInfo])
def list_datasets() -> list[DatasetInfo]:
    return [DatasetInfo.of(load_dataset(name)) for name in DATASET_NAMES]


@router.get("/datasets/{name}", response_model=DatasetOut)
def get_dataset(name: str) -> DatasetOut:
    """A data set with all its training rows."""
    return DatasetOut.of(dataset_or_error(name, 404))
