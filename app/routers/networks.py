"""Create, read, reset, edit by hand and delete networks."""
import secrets
from dataclasses import replace
from typing import Callable

from fastapi import APIRouter, Response

from .. import limits
from ..cost_history import CostHistory
from ..deps import Client, NetworkId, NetworkTurn, StoreDep, StoredNetwork
from ..engine import Network
from ..engine.datasets import GENERATED
from ..errors import InputError
from ..schemas.networks import NetworkCreate, NetworkOut, RegenerateIn, SettingsIn, ValueIn, network_out
from ..service import build, data_options, dataset_cost, dataset_of
from ..store import Store, Stored

router = APIRouter(prefix="/api/networks", tags=["networks"])


@router.post("", status_code=201, response_model=NetworkOut)
def create_network(spec: NetworkCreate, store: StoreDep, client: Client) -> NetworkOut:
    network, seed = build(spec)
    data = data_options(spec)
    return network_out(store.create(network, spec.dataset, seed, dataset_cost(network, spec.dataset, data),
                                    owner=client, data=data))


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
        draft.cost = dataset_cost(draft.network, draft.dataset, draft.data)
        if restart_history:
            draft.history = CostHistory.starting(draft.step, draft.cost)
    return network_out(draft)


def _reset(draft: Stored) -> None:
    net = draft.network
    draft.network = Network.create(net.layers, net.hidden_activation, net.output_activation, net.loss, draft.seed,
                                   net.regularization, net.regularization_rate)
    draft.step = draft.cursor = 0


@router.post("/{network_id}/reset", response_model=NetworkOut)
def reset_network(network_id: NetworkId, store: StoreDep, _turn: NetworkTurn) -> NetworkOut:
    """Back to the initial weights its seed gives, step 0, and a cost history that starts there."""
    return _rewrite(store, network_id, _reset, restart_history=True)


@router.patch("/{network_id}", response_model=NetworkOut)
def change_settings(network_id: NetworkId, body: SettingsIn, store: StoreDep, _turn: NetworkTurn) -> NetworkOut:
    """Change the regularisation (kind, rate or both) of an existing network; its parameters stay, and
    its cost follows the new total cost."""
    def change(draft: Stored) -> None:
        net = draft.network
        draft.network = Network(net.layers, net.hidden_activation, net.output_activation, net.loss,
                                net.weights, net.biases, body.regularization or net.regularization,
                                net.regularization_rate if body.regularization_rate is None else body.regularization_rate)
    return _rewrite(store, network_id, change)


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


@router.post("/{network_id}/regenerate", response_model=NetworkOut)
def regenerate_data(network_id: NetworkId, store: StoreDep, _turn: NetworkTurn,
                    body: RegenerateIn | None = None) -> NetworkOut:
    """New points for a generated data set (a new data seed; same noise, held-out share and
    features): the parameters and step stay, the cost is on the new rows and its history starts again."""
    def change(draft: Stored) -> None:
        if draft.dataset is not None and draft.dataset not in GENERATED:
            raise InputError(f"{draft.dataset} is not made from a seed: only the generated data sets "
                             f"({', '.join(GENERATED)}) can be regenerated")
        asked = body.data_seed if body is not None else None
        seed = asked if asked is not None else secrets.randbelow(limits.MAX_SEED + 1)
        draft.data = replace(draft.data, data_seed=seed)
        dataset_of(draft, "regenerate")  # a 409 without a data set
    return _rewrite(store, network_id, change, restart_history=True)
