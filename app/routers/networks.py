"""Create, read, reset, edit by hand and delete networks."""
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from ..engine import Network
from ..errors import InputError
from ..schemas import NetworkCreate, NetworkOut, ValueIn
from ..service import build, get_or_404, mean_cost, network_out, not_found, store_of

router = APIRouter(prefix="/api/networks", tags=["networks"])
NetworkId = Annotated[str, Path(max_length=64, description="The id POST /api/networks returned.")]


@router.post("", status_code=201, response_model=NetworkOut)
def create_network(spec: NetworkCreate, request: Request) -> NetworkOut:
    network, seed = build(spec)
    stored = store_of(request).create(network, spec.dataset, seed, mean_cost(network, spec.dataset))
    return network_out(stored)


@router.get("/{network_id}", response_model=NetworkOut)
def get_network(network_id: NetworkId, request: Request) -> NetworkOut:
    return network_out(get_or_404(store_of(request), network_id))


@router.delete("/{network_id}", status_code=204)
def delete_network(network_id: NetworkId, request: Request) -> Response:
    if not store_of(request).delete(network_id):
        raise not_found(network_id)
    return Response(status_code=204)


@router.post("/{network_id}/reset", response_model=NetworkOut)
def reset_network(network_id: NetworkId, request: Request) -> NetworkOut:
    """Back to the initial weights its seed gives, step 0."""
    with store_of(request).edit(network_id) as draft:
        if draft is None:
            raise not_found(network_id)
        net = draft.network
        draft.network = Network.create(net.layers, net.hidden_activation, net.output_activation,
                                       net.loss, draft.seed)
        draft.step = draft.cursor = 0
        draft.cost = mean_cost(draft.network, draft.dataset)
    return network_out(draft)


def _edit(request: Request, network_id: str, layer: int, j: int, k: int | None, value: float) -> NetworkOut:
    with store_of(request).edit(network_id) as draft:
        if draft is None:
            raise not_found(network_id)
        net = draft.network
        try:
            if k is None:
                net.check_neuron_index(layer, j)
                net.biases[layer - 1][j] = value
            else:
                net.check_weight_index(layer, j, k)
                net.weights[layer - 1][j, k] = value
        except IndexError as e:
            raise InputError(str(e)) from None
        draft.cost = mean_cost(net, draft.dataset)
    return network_out(draft)


@router.put("/{network_id}/weights/{layer}/{j}/{k}", response_model=NetworkOut)
def set_weight(network_id: NetworkId, layer: int, j: int, k: int, body: ValueIn, request: Request) -> NetworkOut:
    """Set w_jk^(layer) by hand."""
    return _edit(request, network_id, layer, j, k, body.value)


@router.put("/{network_id}/biases/{layer}/{j}", response_model=NetworkOut)
def set_bias(network_id: NetworkId, layer: int, j: int, body: ValueIn, request: Request) -> NetworkOut:
    """Set b_j^(layer) by hand."""
    return _edit(request, network_id, layer, j, None, body.value)
