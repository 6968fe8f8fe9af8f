"""Create, read, reset, edit by hand and delete networks."""
from typing import Callable

from fastapi import APIRouter, Response

from ..cost_history import CostHistory
from ..deps import Client, NetworkId, NetworkTurn, StoreDep, StoredNetwork
from ..engine import Network
from ..schemas.networks import NetworkCreate, NetworkOut, ValueIn, network_out
from ..service import build, dataset_cost
from ..store import Store, Stored

router = APIRouter(prefix="/api/networks", tags=["networks"])


@router.post("", status_code=201, response_model=NetworkOut)
def create_network(spec: NetworkCreate, store: StoreDep, client: Client) -> NetworkOut:
    network, seed = build(spec)
    return network_out(store.create(network, spec.dataset, seed, dataset_cost(network, spec.dataset),
                                    owner=client))


@router.get("/{network_id}", response_model=NetworkOut)
def get_network(stored: StoredNetwork) -> NetworkOut:
    return network_out(stored)


@router.delete("/{network_id}", status_code=204)
def delete_network(network_id: NetworkId, store: StoreDep, _turn: NetworkTurn) -> Response:
    store.delete(network_id)
    return Response(status_code=204)


def _rewrite(store: Store, network_id: str, change: Callable[[Stored], None],
             restart_history: bool = False) -> NetworkOut:
    """Apply ``change`` to the network under its lock; its cost follows the new parameters, and with
    ``restart_history`` its cost history starts again from here."""
    with store.edit(network_id) as draft:
        change(draft)
        draft.cost = dataset_cost(draft.network, draft.dataset)
        if restart_history:
            draft.history = CostHistory.starting(draft.step, draft.cost)
    return network_out(draft)


def _reset(draft: Stored) -> None:
    net = draft.network
    draft.network = Network.create(net.layers, net.hidden_activation, net.output_activation, net.loss, draft.seed)
    draft.step = draft.cursor = 0


@router.post("/{network_id}/reset", response_model=NetworkOut)
def reset_network(network_id: NetworkId, store: StoreDep, _turn: NetworkTurn) -> NetworkOut:
    """Back to the initial weights its seed gives, step 0, and a cost history that starts there."""
    return _rewrite(store, network_id, _reset, restart_history=True)


@router.put("/{network_id}/weights/{layer}/{j}/{k}", response_model=NetworkOut)
def set_weight(network_id: NetworkId, layer: int, j: int, k: int, body: ValueIn, store: StoreDep,
               _turn: NetworkTurn) -> NetworkOut:
    """Set w_jk^(layer) by hand."""
    return _rewrite(store, network_id, lambda draft: draft.network.set_weight(layer, j, k, body.value))


@router.put("/{network_id}/biases/{layer}/{j}", response_model=NetworkOut)
def set_bias(network_id: NetworkId, layer: int, j: int, body: ValueIn, store: StoreDep,
             _turn: NetworkTurn) -> NetworkOut:
    """Set b_j^(layer) by hand."""
    return _rewrite(store, network_id, lambda draft: draft.network.set_bias(layer, j, body.value))
