"""SGD training on the network's data set, in the training process (app/background.py)."""
from fastapi import APIRouter, Response

from .. import background, training
from ..deps import NetworkTurn, StoreDep, StoredNetwork
from ..schemas.networks import network_out
from ..schemas.training import TrainIn, TrainOut
from ..store import Store

router = APIRouter(prefix="/api/networks", tags=["training"])


@router.post("/{network_id}/train", response_model=TrainOut)
async def train(stored: StoredNetwork, body: TrainIn, store: StoreDep, _turn: NetworkTurn) -> Response:
    """`steps` SGD steps of mini-batches drawn from the data set by the network's seeded RNG."""
    work = training.check_work(stored, body.steps, body.batch_size)
    answer = await background.run(store, train_network, stored.id, body, lane=background.lane_for(work))
    return Response(answer, media_type="application/json")


def train_network(store: Store, network_id: str, body: TrainIn) -> str:
    """Train and save (in the training process); the answer as JSON, made there too."""
    trained = training.train(store, network_id, body.steps, body.learning_rate, body.batch_size)
    return TrainOut.of(trained, trained.stored, network=network_out(trained.stored)).model_dump_json()
