"""SGD training on the network's data set."""
from fastapi import APIRouter, Request, Response

from .. import background, limits
from ..engine import load_dataset, train as sgd
from ..errors import InputError
from ..schemas import Divergence, TrainIn, TrainOut
from ..service import mean_cost, network_out, not_found, parameter_count, store_of
from ..store import Store
from .networks import NetworkId

router = APIRouter(prefix="/api/networks", tags=["training"])


@router.post("/{network_id}/train", response_model=TrainOut)
async def train(network_id: NetworkId, body: TrainIn, request: Request) -> Response:
    """`steps` SGD steps of mini-batches drawn from the data set by the network's seeded RNG."""
    answer = await background.run(store_of(request), train_network, network_id, body)
    return Response(answer, media_type="application/json")


def train_network(store: Store, network_id: str, body: TrainIn) -> str:
    """Train and save (in the training process); the response as JSON, made there too."""
    with store.edit(network_id) as draft:
        if draft is None:
            raise not_found(network_id)
        if draft.dataset is None:
            raise InputError("this network has no data set to train on: create one with a dataset", 409)
        d = load_dataset(draft.dataset)
        batch = min(body.batch_size, d.size)
        work = body.steps * batch * parameter_count(draft.network.layers)
        if work > limits.MAX_TRAIN_WORK:
            raise InputError(
                f"steps x batch_size x parameters = {work:,} exceeds {limits.MAX_TRAIN_WORK:,} per request: "
                f"ask for at most {limits.MAX_TRAIN_WORK // (batch * parameter_count(draft.network.layers))} "
                "steps at this batch size, and send more requests")
        result = sgd(draft.network, d.x, d.y, body.steps, body.learning_rate, batch,
                     seed=draft.seed, cursor=draft.cursor)
        diverged = None
        if result.diverged_at is not None:
            at = draft.step + result.diverged_at
            diverged = Divergence(step=at, message=(
                f"training diverged at step {at}: that step would have made the cost or a parameter "
                f"non-finite, so it was not applied and the parameters after step {at - 1} were kept. "
                f"Try a smaller learning rate than {body.learning_rate:g}."))
        draft.step += result.steps_done
        draft.cursor += result.steps_done * result.batch_size
        draft.cost = mean_cost(draft.network, draft.dataset)
    return TrainOut(network=network_out(draft), costs=result.costs, cost=draft.cost,
                    batch_size=result.batch_size, diverged=diverged).model_dump_json()
