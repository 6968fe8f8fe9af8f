"""What the routers share: requests turned into engine calls on a stored network, and checks of
the API's own limits (the engine knows none)."""
from __future__ import annotations

import secrets

import numpy as np

from . import limits
from .engine import DATASET_NAMES, Dataset, Evaluation, Network, evaluate, load_dataset, parameter_count
from .errors import InputError
from .schemas.compute import Example
from .schemas.networks import NetworkCreate
from .store import Stored


def dataset_or_error(name: str, status_code: int = 422) -> Dataset:
    """A built-in data set, or an upload by its handle (engine.load_dataset resolves both)."""
    try:
        return load_dataset(name)
    except KeyError:
        raise InputError(f"unknown data set {name!r}: use one of {', '.join(DATASET_NAMES)}, or the name "
                         "POST /api/datasets gave your upload (an upload expires once idle and unused)",
                         status_code) from None


def dataset_of(stored: Stored, what: str) -> Dataset:
    """The data set the network trains on; a 409 for a network made without one."""
    if stored.dataset is None:
        raise InputError(f"this network has no data set to {what}: create one with a dataset", 409)
    return dataset_or_error(stored.dataset, 409)


def build(spec: NetworkCreate) -> tuple[Network, int]:
    """A new network as asked, checked against the limits and its data set; and its seed."""
    count = parameter_count(spec.layers)
    if count > limits.MAX_PARAMETERS:
        raise InputError(f"this network has {count} parameters; the limit is {limits.MAX_PARAMETERS}: "
                         "use fewer or smaller layers", field="layers")
    if spec.dataset is not None:
        dataset_or_error(spec.dataset).check_fits(spec.layers, spec.loss)
    seed = spec.seed if spec.seed is not None else secrets.randbelow(limits.MAX_SEED + 1)
    return Network.create(spec.layers, spec.hidden_activation, spec.output_activation, spec.loss, seed), seed


def stored_cost(evaluation: Evaluation) -> float | None:
    """Stored.cost: the training split's mean cost, None where it is not finite (JSON has no inf)."""
    return evaluation.cost if np.isfinite(evaluation.cost) else None


def dataset_cost(network: Network, dataset: str | None) -> float | None:
    """Stored.cost of ``network`` on its data set; None without one."""
    if dataset is None:
        return None
    return stored_cost(evaluate(network, dataset_or_error(dataset), test=False))


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
    return dataset_or_error(stored.dataset, 409).rows(rows)


def judged_example(stored: Stored, body: Example) -> tuple[Network, np.ndarray, np.ndarray, int | None]:
    """The network judged by the cost the request asks for, and the example it names as (x, y, row
    or None), checked against that network."""
    net = judged_by(stored, body.loss)
    if body.example is not None:
        x, y = dataset_rows(stored, [body.example])
        net.check_targets(y)
        return net, x[0], y[0], body.example
    x, y = np.array(body.x, dtype=float), np.array(body.y, dtype=float)
    net.check_example(x, y)
    return net, x, y, None
