"""Export a network as a JSON file, import one, and share a frozen copy by link.

Knowing a network's id grants editing it, so neither an export nor a share link contains the id:
an export holds only what rebuilds the network, and a share token names a snapshot from which
anyone may make a *new* network, never reach the original.
"""
from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel, Field

from .. import limits
from ..engine import Network
from ..errors import InputError
from ..schemas import ActivationName, Body, LossName, NetworkCreate, NetworkOut
from ..service import build, get_or_404, mean_cost, network_out, not_found, store_of
from .networks import NetworkId

router = APIRouter(prefix="/api", tags=["export, import and share"])

FORMAT = "backprop-lab-network"
VERSION = 1
MAX_COUNTER = 2**53 - 1
"""step and cursor stay exact integers in JavaScript."""

# Any finite float64: training may carry a parameter past MAX_ABS_VALUE (which bounds typed-in
# numbers), and every network the server exports must import again.
Parameter = Annotated[float, Field(allow_inf_nan=False)]
Row = Annotated[list[Parameter], Field(max_length=limits.MAX_NEURONS)]
ShareToken = Annotated[str, Path(max_length=64, description="The token POST .../share returned.")]


class NetworkExport(Body):
    """A network as a file: everything that rebuilds it, but not its id (the id grants editing)."""

    format: Literal["backprop-lab-network"] = FORMAT
    version: Literal[1] = VERSION
    layers: list[Annotated[int, Field(ge=1, le=limits.MAX_NEURONS)]] = Field(
        min_length=2, max_length=limits.MAX_LAYERS, description="Sizes n_0..n_L.")
    hidden_activation: ActivationName = "sigmoid"
    output_activation: ActivationName = "sigmoid"
    loss: LossName = "mse"
    dataset: str | None = Field(None, max_length=40)
    seed: int = Field(ge=0, le=limits.MAX_SEED, description="Seeds a reset and the mini-batch stream.")
    step: int = Field(0, ge=0, le=MAX_COUNTER, description="SGD steps taken since creation or the last reset.")
    cursor: int = Field(0, ge=0, le=MAX_COUNTER,
                        description="Examples of the mini-batch stream used so far: a copy trains on.")
    weights: list[Annotated[list[Row], Field(max_length=limits.MAX_NEURONS)]] = Field(
        max_length=limits.MAX_LAYERS - 1, description="weights[l-1][j][k] is w_jk^(l), any finite number.")
    biases: list[Row] = Field(max_length=limits.MAX_LAYERS - 1,
                              description="biases[l-1][j] is b_j^(l), any finite number.")


class ShareOut(BaseModel):
    token: str = Field(description="Names a frozen copy of the network; it is not the network's id.")
    url: str = Field(description="The page address that opens a new copy: /?share=<token>.")


def _parameters(doc: NetworkExport) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The document's weights and biases as arrays, after checking every shape against `layers`."""
    layers, depth = doc.layers, len(doc.layers) - 1
    if len(doc.weights) != depth or len(doc.biases) != depth:
        raise InputError(f"layers {layers} has {depth} weight layer(s): weights and biases must each "
                         f"hold {depth} entries (got {len(doc.weights)} and {len(doc.biases)})")
    for l in range(1, depth + 1):
        w, b = doc.weights[l - 1], doc.biases[l - 1]
        if len(w) != layers[l] or any(len(row) != layers[l - 1] for row in w):
            raise InputError(f"weights[{l - 1}] is W^({l}): it must have {layers[l]} row(s) (n_{l}) of "
                             f"{layers[l - 1]} number(s) (n_{l - 1}) each")
        if len(b) != layers[l]:
            raise InputError(f"biases[{l - 1}] is b^({l}): it must have {layers[l]} number(s) (n_{l}); "
                             f"got {len(b)}")
    return ([np.array(w, dtype=float) for w in doc.weights], [np.array(b, dtype=float) for b in doc.biases])


@router.get("/networks/{network_id}/export", response_model=NetworkExport)
def export_network(network_id: NetworkId, request: Request, response: Response) -> NetworkExport:
    """The network as a JSON file to download; POST it to /api/networks/import to get it back."""
    stored = get_or_404(store_of(request), network_id)
    net = stored.network
    name = "-".join(str(n) for n in net.layers)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="backprop-lab-{stored.dataset or "network"}-{name}-step{stored.step}.json"')
    return NetworkExport(
        layers=net.layers, hidden_activation=net.hidden_activation, output_activation=net.output_activation,
        loss=net.loss, dataset=stored.dataset, seed=stored.seed, step=stored.step, cursor=stored.cursor,
        weights=[w.tolist() for w in net.weights], biases=[b.tolist() for b in net.biases],
    )


@router.post("/networks/import", status_code=201, response_model=NetworkOut)
def import_network(doc: NetworkExport, request: Request) -> NetworkOut:
    """A new network (new id) from an exported document, checked like a create plus every shape."""
    spec = NetworkCreate(layers=doc.layers, hidden_activation=doc.hidden_activation,
                         output_activation=doc.output_activation, loss=doc.loss, dataset=doc.dataset,
                         seed=doc.seed)
    # build() enforces the parameter limit and that the data set fits the layers.
    build(spec)
    weights, biases = _parameters(doc)
    network = Network(doc.layers, doc.hidden_activation, doc.output_activation, doc.loss, weights, biases)
    stored = store_of(request).create(network, doc.dataset, doc.seed, mean_cost(network, doc.dataset),
                                      step=doc.step, cursor=doc.cursor)
    return network_out(stored)


@router.post("/networks/{network_id}/share", status_code=201, response_model=ShareOut)
def share_network(network_id: NetworkId, request: Request) -> ShareOut:
    """A link that lets anyone open a copy of the network as it is now; later edits do not show."""
    token = store_of(request).share(network_id)
    if token is None:
        raise not_found(network_id)
    return ShareOut(token=token, url=f"/?share={token}")


@router.post("/shares/{token}/copy", status_code=201, response_model=NetworkOut)
def copy_shared(token: ShareToken, request: Request) -> NetworkOut:
    """A new network of your own (new id) equal to the shared snapshot."""
    stored = store_of(request).copy_share(token)
    if stored is None:
        raise InputError(f"no share link {token!r}: it expired or never existed; ask for a new link", 404)
    return network_out(stored)
