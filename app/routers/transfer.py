"""Export a network as a JSON file, import one, and share a frozen copy by link.

Knowing a network's id grants editing it, so neither an export nor a share link contains the id:
an export holds only what rebuilds the network, and a share token names a snapshot from which
anyone may make a *new* network, never reach the original.
"""
from __future__ import annotations

from typing import Annotated

import numpy as np
from fastapi import APIRouter, Path, Response

from .. import dataset_store
from ..deps import Client, NetworkId, StoreDep, StoredNetwork
from ..engine import Network
from ..errors import InputError
from ..schemas.datasets import Recipe
from ..schemas.history import HistoryDoc
from ..schemas.networks import NetworkCreate, NetworkOut, network_out
from ..schemas.transfer import NetworkExport, ShareOut
from ..service import build, data_options, dataset_cost

router = APIRouter(prefix="/api", tags=["export, import and share"])

ShareToken = Annotated[str, Path(max_length=64, description="The token POST .../share returned.")]


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
def export_network(stored: StoredNetwork, store: StoreDep, response: Response) -> NetworkExport:
    """The network as a JSON file to download; POST it to /api/networks/import to get it back."""
    stored, history = store.with_history(stored.id)
    net = stored.network
    name = "-".join(str(n) for n in net.layers)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="backprop-lab-{stored.dataset or "network"}-{name}-step{stored.step}.json"')
    # Field by field, not read from the network: the file's `version` is its format's, not the network's.
    return NetworkExport(
        layers=net.layers, hidden_activation=net.hidden_activation, output_activation=net.output_activation,
        loss=net.loss, regularization=net.regularization, regularization_rate=net.regularization_rate,
        dataset=stored.dataset, seed=stored.seed, step=stored.step, cursor=stored.cursor,
        weights=[w.tolist() for w in net.weights], biases=[b.tolist() for b in net.biases],
        history=HistoryDoc.of(history), upload=Recipe.of_dataset(stored.dataset), **stored.data.as_spec(),
    )


@router.post("/networks/import", status_code=201, response_model=NetworkOut)
def import_network(doc: NetworkExport, store: StoreDep, client: Client) -> NetworkOut:
    """A new network (new id) from an exported document, checked like a create plus every shape."""
    # An uploaded data set travels in the file: made here if this server lacks it, gone again on a refusal.
    with dataset_store.imported(store, doc.dataset, doc.upload and doc.upload.recipe(), client) as dataset:
        spec = NetworkCreate(layers=doc.layers, hidden_activation=doc.hidden_activation,
                             output_activation=doc.output_activation, loss=doc.loss, dataset=dataset,
                             seed=doc.seed, regularization=doc.regularization,
                             regularization_rate=doc.regularization_rate, noise=doc.noise,
                             test_ratio=doc.test_ratio, data_seed=doc.data_seed, features=doc.features)
        # build() enforces the parameter limit and that the data set fits the layers.
        build(spec)
        weights, biases = _parameters(doc)
        network = Network(doc.layers, doc.hidden_activation, doc.output_activation, doc.loss, weights, biases,
                          doc.regularization, doc.regularization_rate)
        data = data_options(spec)
        return network_out(store.create(network, dataset, doc.seed, dataset_cost(network, dataset, data),
                                        step=doc.step, cursor=doc.cursor,
                                        history=doc.history and doc.history.history(), owner=client, data=data))


@router.post("/networks/{network_id}/share", status_code=201, response_model=ShareOut)
def share_network(network_id: NetworkId, store: StoreDep, client: Client) -> ShareOut:
    """A link that lets anyone open a copy of the network as it is now; later edits do not show."""
    token = store.share(network_id, owner=client)
    return ShareOut(token=token, url=f"/?share={token}")


@router.post("/shares/{token}/copy", status_code=201, response_model=NetworkOut)
def copy_shared(token: ShareToken, store: StoreDep, client: Client) -> NetworkOut:
    """A new network of your own (new id) equal to the shared snapshot."""
    return network_out(store.copy_share(token, owner=client))
