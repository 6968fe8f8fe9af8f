"""What makes a network's spec valid: its sizes, where each activation may go, and which cost fits
which output; and the targets a cost accepts."""
from __future__ import annotations

import numpy as np

from .activations import ACTIVATIONS, HIDDEN_ACTIVATIONS
from .costs import COSTS
from .errors import NetworkSpecError

Array = np.ndarray


def targets_are_distributions(y: Array) -> bool:
    """Every row of y is a probability distribution over the outputs, as -sum_j y_j ln a_j asks."""
    y = np.atleast_2d(y)
    return bool(np.all(y >= 0) and np.allclose(np.sum(y, axis=-1), 1.0, rtol=0.0, atol=1e-9))


def check_spec(layers: list[int], hidden_activation: str, output_activation: str, loss: str) -> None:
    if len(layers) < 2 or any(int(n) < 1 for n in layers):
        raise NetworkSpecError("layers must list at least 2 sizes (input and output), each at least 1")
    for role, name in (("hidden_activation", hidden_activation), ("output_activation", output_activation)):
        if name not in ACTIVATIONS:
            raise NetworkSpecError(f"{role} must be one of {', '.join(ACTIVATIONS)}; got {name!r}")
    if hidden_activation not in HIDDEN_ACTIVATIONS:
        raise NetworkSpecError(f"{hidden_activation} is an output activation only (it turns a whole layer into "
                               f"probabilities): set output_activation to it and hidden_activation to one "
                               f"of {', '.join(HIDDEN_ACTIVATIONS)}")
    if ACTIVATIONS[output_activation].jacobian and layers[-1] < 2:
        raise NetworkSpecError(f"a {output_activation} output needs at least 2 output neurons (with 1 it is "
                               "always 1): give the last layer one neuron per class")
    if loss not in COSTS:
        raise NetworkSpecError(f"loss must be one of {', '.join(COSTS)}; got {loss!r}")
    needs = COSTS[loss].requires_output
    if needs and output_activation != needs:
        raise NetworkSpecError(
            f"loss {loss} is defined for a {needs} output: set output_activation to {needs} "
            f"or use loss mse"
        )
