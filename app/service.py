"""What the routers share: requests turned into engine calls on a stored network, and checks of
the API's own limits (the engine knows none)."""
from __future__ import annotations

import secrets

import numpy as np

from . import limits
from .engine import COSTS, DATASET_NAMES, Dataset, Evaluation, Network, evaluate, parameter_count
from .engine.data_options import DataOptions, inputs_of, seen
from .engine.features import canonical
from .errors import InputError
from .schemas.compute import Example
from .schemas.networks import NetworkCreate
from .store import Stored


def dataset_or_error(name: str, status_code: int = 422, data: DataOptions = DataOptions()) -> Dataset:
    """A built-in data set, or an upload by its handle (engine.load_dataset resolves both), as a
    network with these data options sees it."""
    try:
        return seen(name, data)
    except KeyError:
        raise InputError(f"unknown data set {name!r}: use one of {', '.join(DATASET_NAMES)}, or the name "
                         "POST /api/datasets gave your upload (an upload expires once idle and unused)",
                         status_code) from None


def dataset_of(stored: Stored, what: str) -> Dataset:
    """The data set the network trains on; a 409 for a network made without one."""
    if stored.dataset is None:
        raise InputError(f"this network has no data set to {what}: create one with a dataset", 409)
    return dataset_or_error(stored.dataset, 409, stored.data)


def data_options(spec: NetworkCreate) -> DataOptions:
    """What a create (or an import) chose about its data; checked against its data set by build()."""
    features = None if spec.features is None else canonical(spec.features)
    return DataOptions(spec.noise, spec.test_ratio, spec.data_seed, features)


def build(spec: NetworkCreate) -> tuple[Network, int]:
    """A new network as asked, checked against the limits and its data set; and its seed."""
    count = parameter_count(spec.layers)
    if count > limits.MAX_PARAMETERS:
        raise InputError(f"this network has {count} parameters; the limit is {limits.MAX_PARAMETERS}: "
                         "use fewer or smaller layers", field="layers")
    data = data_options(spec)
    if spec.dataset is None and data != DataOptions():
        raise InputError("noise, test_ratio, data_seed and features need a data set: choose a dataset or "
                         "leave them out")
    if spec.dataset is not None:
        d = dataset_or_error(spec.dataset, data=data)
        if data.features is not None and spec.layers[0] != len(data.features):
            raise InputError(f"the features {', '.join(data.features)} are {len(data.features)} input(s): make "
                             f"the first layer {len(data.features)} (got {spec.layers[0]})", field="layers")
        d.check_fits(spec.layers, spec.loss)
    seed = spec.seed if spec.seed is not None else secrets.randbelow(limits.MAX_SEED + 1)
    return Network.create(spec.layers, spec.hidden_activation, spec.output_activation, spec.loss, seed,
                          spec.regularization, spec.regularization_rate), seed


def stored_cost(evaluation: Evaluation) -> float | None:
    """Stored.cost: the training split's mean cost, None where it is not finite (JSON has no inf)."""
    return evaluation.cost if np.isfinite(evaluation.cost) else None


def dataset_cost(network: Network, dataset: str | None, data: DataOptions = DataOptions()) -> float | None:
    """Stored.cost of ``network`` on its data set (seen with ``data``); None without one."""
    if dataset is None:
        return None
    return stored_cost(evaluate(network, dataset_or_error(dataset, data=data), test=False))


def judged_by(stored: Stored, loss: str | None) -> Network:
    """The network, or the same parameters judged by the cost a request asks for."""
    net = stored.network
    if loss is None or loss == net.loss:
        return net
    needs = COSTS[loss].requires_output
    if needs and net.output_activation != needs:
        raise InputError(f"{loss} is defined for a {needs} output and this network's output is "
                         f"{net.output_activation}: leave loss out or use mse")
    return net.with_loss(loss)


def dataset_rows(stored: Stored, rows: list[int]) -> tuple[np.ndarray, np.ndarray]:
    if stored.dataset is None:
        raise InputError("this network has no data set: send x and y instead of example")
    return dataset_or_error(stored.dataset, 409, stored.data).rows(rows)


def judged_example(stored: Stored, body: Example) -> tuple[Network, np.ndarray, np.ndarray, int | None]:
    """The network judged by the cost the request asks for, and the example it names as (x, y, row
    or None), checked against that network."""
    net = judged_by(stored, body.loss)
    if body.example is not None:
        x, y = dataset_rows(stored, [body.example])
        net.check_targets(y)
        return net, x[0], y[0], body.example
    x, y = point_inputs(stored, body.x), np.array(body.y, dtype=float)
    net.check_example(x, y)
    return net, x, y, None


def point_inputs(stored: Stored, x: list[float]) -> np.ndarray:
    """An x a request brings as the network's inputs a^(0): for a network with features, x is the
    point (x1, x2) and a^(0) its features."""
    point = np.array(x, dtype=float)
    features = stored.data.features
    if features is not None and point.shape != (2,):
        raise InputError(f"this network's inputs are the features {', '.join(features)} of a point (x1, x2): "
                         f"send x as the 2 numbers x1, x2 (got {point.size})", field="x")
    return inputs_of(stored.data, point)
