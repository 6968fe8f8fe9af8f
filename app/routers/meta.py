"""Health, limits and data sets: everything that is not one network."""
from fastapi import APIRouter

from .. import limits
from ..engine import DATASET_NAMES, load_dataset
from ..schemas import DatasetInfo, DatasetOut, Health
from ..service import dataset_or_error

router = APIRouter(prefix="/api", tags=["meta"])


def _info(name: str) -> dict:
    d = load_dataset(name)
    return dict(name=d.name, task=d.task, inputs=d.inputs, outputs=d.outputs, size=d.size,
                description=d.description, test_size=0 if d.test_x is None else len(d.test_x))


@router.get("/health", response_model=Health)
def health() -> Health:
    return Health(status="ok")


@router.get("/limits")
def get_limits() -> dict:
    """The limits every request is checked against."""
    return limits.as_dict()


@router.get("/datasets", response_model=list[DatasetInfo])
def list_datasets() -> list[DatasetInfo]:
    return [DatasetInfo(**_info(name)) for name in DATASET_NAMES]


@router.get("/datasets/{name}", response_model=DatasetOut)
def get_dataset(name: str) -> DatasetOut:
    """A data set with all its training rows."""
    d = dataset_or_error(name, 404)
    return DatasetOut(**_info(name), x=d.x.tolist(), y=d.y.tolist())
