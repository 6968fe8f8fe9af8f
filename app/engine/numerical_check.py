"""Why backprop and the central difference disagree, when they do: the numerical check explained.

The central difference (C_0(p + h) - C_0(p - h)) / 2h is the breakdown's independent check of
backprop. Where it disagrees, backprop is usually the one that is right, and the learner deserves
the reason rather than "relative difference 1". Four cases are told apart, in this order:

``huge_parameter``
    p + h and p - h are not 2h apart in float64 (|p| near 1e300: h is below the spacing of floats
    around p), so the difference measures a step that was never taken.
``kink``
    Some ReLU neuron's z crosses 0 between the two probes: the cost has a corner within h of p,
    and the central difference averages the slopes on its two sides, while backprop uses the slope
    at z itself (0 at or below the kink, docs/NOTATION.md).
``below_resolution``
    The cost changes over the whole step 2h by less than float64 can tell apart at this C_0 (for
    a saturated sigmoid output with squared error the gradient is ~1e-17): both probes give
    (nearly) the same C_0 and the difference reads 0 or noise.
``round_off``
    The two differ by no more than the round-off of two costs divided by 2h.

``l1_corner``
    Only for the total cost C_0 + penalty of an L1-regularised weight with 0 < |w| < h: |w| has a
    corner at 0, and the central difference of lambda |w| reads lambda w / h instead of lambda sign(w).

Anything else is ``unexplained``: the cost bends sharply within h. Agreement gives no note.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Relative difference up to which backprop and the central difference agree (NOTATION: ~1e-7).
AGREEMENT = 1e-6
#: Round-off of one computed C_0, in units of float64's epsilon relative to C_0 (generous:
#: a cost sums several rounded terms).
COST_ROUNDING_ULPS = 64
#: A slope below this marks a saturated sigmoid or tanh (as the page's zero flags do).
SATURATED_SLOPE = 0.01

EPS = float(np.finfo(float).eps)


@dataclass
class NumericalNote:
    """Why the numerical check disagrees with backprop; None from ``explain`` when they agree."""

    case: str
    """huge_parameter, kink, l1_corner, below_resolution, round_off or unexplained (see the module)."""
    text: str
    """The reason in one or two plain sentences, with this weight's numbers."""
    relative_difference: float
    """|backprop - numerical| / max(|backprop|, |numerical|), as the page shows it."""


def relative_difference(backprop: float, numerical: float) -> float:
    scale = max(abs(backprop), abs(numerical))
    return 0.0 if scale == 0 else abs(backprop - numerical) / scale


def _g(value: float) -> str:
    return format(value, ".2g").replace("e-0", "e-").replace("e+0", "e").replace("e+", "e")


def _probes(net, kind: str, layer: int, index: tuple, h: float):
    """The two perturbed copies (p + h, p - h) and the step actually taken between them."""
    probes = []
    for sign in (1.0, -1.0):
        probe = net.copy()
        parameter = (probe.weights if kind == "weight" else probe.biases)[layer - 1]
        parameter[index] = parameter[index] + sign * h
        probes.append((probe, float(parameter[index])))
    (up, p_up), (down, p_down) = probes
    return up, down, p_up - p_down


def _crossed_kink(net, up, down, x) -> tuple[int, int, float] | None:
    """The first ReLU neuron (layer, j, z at p) whose z has a different side of 0 at the two probes."""
    with np.errstate(all="ignore"):
        z_up, z_down, z_now = up.forward(x).z, down.forward(x).z, net.forward(x).z
    for l in range(1, net.depth + 1):
        if net.activation(l).name != "relu":
            continue
        flipped = (z_up[l - 1][0] > 0) != (z_down[l - 1][0] > 0)
        if np.any(flipped):
            j = int(np.argmax(flipped))
            return l, j, float(z_now[l - 1][0, j])
    return None


def _saturated_neuron(net, x) -> tuple[int, int, float, str] | None:
    """The first sigmoid or tanh neuron with a slope below SATURATED_SLOPE: (layer, j, z, activation)."""
    with np.errstate(all="ignore"):
        bp_z = net.forward(x).z
    for l in range(1, net.depth + 1):
        activation = net.activation(l)
        if activation.name not in ("sigmoid", "tanh"):
            continue
        slope = activation.slope(bp_z[l - 1][0])
        low = slope < SATURATED_SLOPE
        if np.any(low):
            j = int(np.argmax(low))
            return l, j, float(bp_z[l - 1][0, j]), activation.name
    return None


def explain(net, x, y, kind: str, layer: int, index: tuple, backprop: float, numerical: float,
            h: float, total: bool = False) -> NumericalNote | None:
    """The note for one parameter's check (kind "weight" or "bias" of layer ``layer``), or None;
    ``total``: the check of C_0 + the regularisation penalty rather than of C_0."""
    relative = relative_difference(backprop, numerical)
    if relative <= AGREEMENT:
        return None
    x = np.atleast_2d(np.asarray(x, dtype=float))
    y = np.atleast_2d(np.asarray(y, dtype=float))
    name = "w" if kind == "weight" else "b"
    value = float((net.weights if kind == "weight" else net.biases)[layer - 1][index])
    up, down, step = _probes(net, kind, layer, index, h)

    def note(case: str, text: str) -> NumericalNote:
        return NumericalNote(case=case, text=text, relative_difference=relative)

    if not np.isclose(step, 2 * h, rtol=1e-3, atol=0.0):
        spacing = float(np.spacing(abs(value)))
        return note("huge_parameter",
                    f"{name} = {_g(value)} is so large that float64 cannot add h = {_g(h)} to it (neighbouring "
                    f"numbers there are {_g(spacing)} apart): {name} + h and {name} - h are "
                    f"{_g(step)} apart instead of 2h, so the central difference measures no step. "
                    "Backprop multiplies the factors directly and is right.")
    if total and net.regularization == "l1" and kind == "weight" and 0 < abs(value) < h:
        return note("l1_corner",
                    f"{name} = {_g(value)} is within h = {_g(h)} of 0, where the L1 penalty lambda |{name}| has a "
                    f"corner: between {name} - h and {name} + h it changes slope from -lambda to +lambda, so the "
                    f"central difference of the penalty reads lambda {name} / h = {_g(net.regularization_rate * value / h)} "
                    f"instead of lambda sign({name}) = {_g(net.regularization_rate * np.sign(value))}. Backprop uses "
                    "the derivative at the weight itself and is right.")
    kink = _crossed_kink(net, up, down, x)
    if kink:
        l, j, z = kink
        return note("kink",
                    f"z of neuron {j} in layer {l} is {_g(z)}, within reach of the ReLU's kink at z = 0: between "
                    f"{name} - h and {name} + h it crosses 0, where the slope jumps between 0 and 1, so the "
                    "central difference averages the two sides of a corner. Backprop uses the slope at z "
                    f"itself ({'1' if z > 0 else '0'}: a ReLU's slope is 0 at and below 0), which is the "
                    "derivative here.")
    with np.errstate(all="ignore"):
        c_up, c_down = (up.cost(x, y) + up.penalty(), down.cost(x, y) + down.penalty()) if total else \
            (up.cost(x, y), down.cost(x, y))
    scale = max(abs(c_up), abs(c_down), np.finfo(float).tiny)
    cost_rounding = COST_ROUNDING_ULPS * EPS * scale
    if abs(backprop) * 2 * h <= cost_rounding:
        saturated = _saturated_neuron(net, x)
        why = (f" (neuron {saturated[1]} of layer {saturated[0]} is saturated: z = {_g(saturated[2])}, "
               f"where the {saturated[3]}'s slope is almost 0)") if saturated else ""
        return note("below_resolution",
                    f"The gradient {_g(backprop)} is so small{why} that moving {name} by 2h = {_g(2 * h)} changes "
                    f"C_0 by about {_g(abs(backprop) * 2 * h)}, below what float64 can tell apart at "
                    f"C_0 = {_g(scale)} (about {_g(EPS * scale)}): both costs round to (nearly) the same "
                    "number, so the central difference reads 0 or noise. Backprop multiplies the factors "
                    "and keeps the tiny gradient.")
    if abs(backprop - numerical) <= cost_rounding / (2 * h):
        return note("round_off",
                    f"They differ by {_g(abs(backprop - numerical))}, within the central difference's round-off: "
                    f"each C_0 is exact to about {_g(cost_rounding)} and the difference is divided by "
                    f"2h = {_g(2 * h)}, which allows up to {_g(cost_rounding / (2 * h))}. Backprop has no such "
                    "division and is the more precise.")
    return note("unexplained",
                f"They differ by {_g(abs(backprop - numerical))}, more than round-off, with no ReLU kink, "
                "saturation or huge parameter nearby: the cost bends sharply within h of this "
                f"{kind}, and the central difference is exact only where C_0 is smooth over "
                f"[{name} - h, {name} + h].")
