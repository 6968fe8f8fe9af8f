"""Pictures of what a network computes: its output and hidden neurons over the input plane (or the
fitted curve of a 1-input network), and its cost and accuracy over the data set's splits."""
from fastapi import APIRouter

from ..deps import StoredNetwork
from ..engine import evaluate as scores_on
from ..pictures import check_grid, grid_out
from ..schemas.pictures import Evaluation, GridIn, GridOut
from ..service import dataset_of

router = APIRouter(prefix="/api/networks", tags=["pictures"])


@router.post("/{network_id}/grid", response_model=GridOut)
def grid(stored: StoredNetwork, body: GridIn) -> GridOut:
    """The output (and each hidden neuron) over a grid of the input plane, for 1- or 2-input networks."""
    check_grid(stored, body)
    return grid_out(stored, body)


@router.get("/{network_id}/evaluate", response_model=Evaluation)
def evaluate(stored: StoredNetwork) -> Evaluation:
    """Cost and accuracy over the training split and the held-out split (null where there is none)."""
    return Evaluation.of(scores_on(stored.network, dataset_of(stored, "evaluate on")), stored)
