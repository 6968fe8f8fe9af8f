"""Health, limits and data sets: everything that is not one network."""
from fastapi import APIRouter

from .. import limits
from ..engine import DATASET_NAMES, load_dataset
from ..schemas.meta import DatasetInfo, Health

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
    """The built-in data sets (uploads are never listed: see routers/datasets.py)."""
    return [DatasetInfo.of(load_dataset(name)) for name in DATASET_NAMES]
