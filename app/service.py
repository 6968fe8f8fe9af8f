"""What the routers share: turning requests into engine calls and stored networks into JSON."""
from __future__ import annotations

import secrets

import numpy as np
from fastapi import Request

from . import limits
from .engine import DATASET_NAMES, Dataset, Network, load_dataset
from .errors import InputError
from .schemas import Example, NetworkCreate, NetworkOut
from .store import Store, Stored


def store_of(request: Request) -> Store:
    return request.app.state.store


def dataset_or_error(name: str, status_code: int = 422) -> Dataset:
    if name not in DATASET_NAMES:
        raise InputError(f"unknown data set {name!r}: use one of {', '.join(DATASET_NAMES)}", status_code)
    return load_dataset(name)


def parameter_count(layers: list[int]) -> int:
    return sum(layers[l] * layers[l - 1] + layers[l] for l in range(1, len(layers)))


def mean_cost(network: Network, dataset: str | None) -> float | None:
    if dataset is None:
        return None
    d = load_dataset(dataset)
    with np.errstate(all="ignore"):
        cost = network.cost(d.x, d.y)
    return cost if np.isfinite(cost) else None


def build(spec: NetworkCreate) -> tuple[Network, int]:
    count = parameter_count(spec.layers)
    if count > limits.MAX_PARAMETERS:
        raise InputError(f"this network has {count} parameters; the limit is {limits.MAX_PARAMETERS}: "
                         "use fewer or smaller layers")
    if spec.dataset is not None:
        d = dataset_or_error(spec.dataset)
        if spec.layers[0] != d.inputs or spec.layers[-1] != d.outputs:
            raise InputError(
                f"data set {d.name} has {d.inputs} input(s) and {d.outputs} output(s): make the first "
                f"layer {d.inputs} and the last {d.outputs} (got {spec.layers[0]} and {spec.layers[-1]})")
        if spec.loss == "cross_entropy" and not np.all((d.y >= 0) & (d.y <= 1)):
            raise InputError(f"cross_entropy needs targets in [0, 1] and {d.name} has others: use mse")
    seed = spec.seed if spec.seed is not None else secrets.randbelow(limits.MAX_SEED + 1)
    return Network.create(spec.layers, spec.hidden_activation, spec.output_activation, spec.loss, seed), seed


def network_out(stored: Stored) -> NetworkOut:
    net = stored.network
    return NetworkOut(
        id=stored.id, layers=net.layers, hidden_activation=net.hidden_activation,
        output_activation=net.output_activation, loss=net.loss, dataset=stored.dataset,
        seed=stored.seed, step=stored.step, cost=stored.cost,
        weights=[w.tolist() for w in net.weights], biases=[b.tolist() for b in net.biases],
    )


def not_found(network_id: str) -> InputError:
    return InputError(f"no network {network_id!r}: it was deleted, expired, or never existed; "
                      "create one with POST /api/networks", 404)


def get_or_404(store: Store, network_id: str) -> Stored:
    stored = store.get(network_id)
    if stored is None:
        raise not_found(network_id)
    return stored


def check_vector(name: str, values: list[float], size: int, what: str) -> np.ndarray:
    if len(values) != size:
        raise InputError(f"{name} must have {size} number(s), one per {what}; got {len(values)}")
    return np.array(values, dtype=float)


def judged_by(stored: Stored, loss: str | None) -> Network:
    """The network, or the same parameters judged by the cost a request asks for."""
    net = stored.network
    if loss is None or loss == net.loss:
        return net
    if loss == "cross_entropy" and net.output_activation != "sigmoid":
        raise InputError("cross_entropy is defined for a sigmoid output and this network's output is "
                         f"{net.output_activation}: leave loss out or use mse")
    return net.with_loss(loss)


def dataset_rows(stored: Stored, rows: list[int]) -> tuple[np.ndarray, np.ndarray]:
    if stored.dataset is None:
        raise InputError("this network has no data set: send x and y instead of example")
    d = load_dataset(stored.dataset)
    bad = [r for r in rows if r >= d.size]
    if bad:
        raise InputError(f"example must be a row of {d.name}: 0..{d.size - 1}, got {bad[0]}")
    return d.x[rows], d.y[rows]


def example_xy(stored: Stored, body: Example, net: Network | None = None
               ) -> tuple[np.ndarray, np.ndarray, int | None]:
    """The example a request names, as (x, y, row or None), checked against the network."""
    net = net or stored.network
    if body.example is not None:
        x, y = dataset_rows(stored, [body.example])
        check_targets(net, y)
        return x[0], y[0], body.example
    x = check_vector("x", body.x, net.layers[0], "input neuron")
    y = check_vector("y", body.y, net.layers[-1], "output neuron")
    check_targets(net, y)
    return x, y, None


def check_targets(net: Network, y: np.ndarray) -> None:
    if net.loss == "cross_entropy" and not np.all((y >= 0) & (y <= 1)):
        raise InputError("cross_entropy needs every y in [0, 1]")


def finite_or_error(*arrays) -> None:
    """Values that overflowed float64 cannot be shown (or sent as JSON): say so instead."""
    for a in arrays:
        if not np.all(np.isfinite(a)):
            raise InputError("this example drives the network beyond float64 range (a value overflowed): "
                             "use smaller inputs or weights")
