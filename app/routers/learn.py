"""One gradient step on an example the learner brings (a digit drawn on the page), saved."""
from fastapi import APIRouter

from .. import learning
from ..deps import NetworkId, NetworkTurn, StoreDep
from ..schemas.learn import LearnIn, LearnOut
from ..schemas.networks import network_out

router = APIRouter(prefix="/api/networks", tags=["training"])


@router.post("/{network_id}/learn", response_model=LearnOut)
def learn(network_id: NetworkId, body: LearnIn, store: StoreDep, _turn: NetworkTurn) -> LearnOut:
    """One SGD step on this one example (x, y): every weight and bias moves by -learning_rate x its
    dC_0/d(parameter) (a weight's plus its regularisation term, if the network has one). Saved as a new version; `step` and the data set's mini-batch stream stay.
    Refused (422, nothing saved) if the step would take a number beyond float64."""
    done = learning.learn(store, network_id, body.x, body.y, body.learning_rate)
    return LearnOut.of(done, done.stored, network=network_out(done.stored), learning_rate=body.learning_rate)
