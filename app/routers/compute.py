"""One example through one network: forward pass, backprop, and one weight's three factors.

Nothing here checks a number: the engine refuses what it cannot compute, and ``Answer.of`` refuses
an answer that overflowed float64 (both become a 422 in app/errors.py).
"""
import numpy as np
from fastapi import APIRouter

from ..deps import StoredNetwork
from ..engine.explain import batch_breakdown, regularized_gradient, update_preview
from ..schemas.compute import (BackpropOut, BatchBreakdownIn, BatchBreakdownOut, BreakdownIn, BreakdownOut,
                               Example, ExampleFactorsOut, ForwardIn, ForwardOut, UpdatePreviewIn,
                               UpdatePreviewOut)
from ..service import dataset_rows, judged_by, judged_example, point_inputs

router = APIRouter(prefix="/api/networks", tags=["gradients"])


@router.post("/{network_id}/forward", response_model=ForwardOut)
def forward(stored: StoredNetwork, body: ForwardIn) -> ForwardOut:
    net = stored.network
    x = point_inputs(stored, body.x)
    y = None if body.y is None else np.array(body.y, dtype=float)
    net.check_example(x, y)
    with np.errstate(all="ignore"):
        fw = net.forward(x).example(0)
        cost = None if y is None else net.cost(x, y)
    return ForwardOut.of(fw, stored, cost=cost)


@router.post("/{network_id}/backprop", response_model=BackpropOut)
def backprop(stored: StoredNetwork, body: Example) -> BackpropOut:
    net, x, y, row = judged_example(stored, body)
    with np.errstate(all="ignore"):
        bp = net.backprop(x[None, :], y[None, :]).example(0)
    return BackpropOut.of(bp, stored, example=row, loss=net.loss, x=x, y=y)


@router.post("/{network_id}/breakdown", response_model=BreakdownOut)
def breakdown(stored: StoredNetwork, body: BreakdownIn) -> BreakdownOut:
    """dC_0/dw_jk^(l) for one example as error x slope x input, with the paths behind a hidden error."""
    net, x, y, row = judged_example(stored, body)
    with np.errstate(all="ignore"):
        bd = net.breakdown(x, y, body.layer, body.j, body.k)
        total = regularized_gradient(net, x, y, body.layer, body.j, body.k, bd.gradient, bd.numerical_gradient,
                                     bd.numerical_note)
    return BreakdownOut.of(bd, total, stored, example=row, loss=net.loss)


@router.post("/{network_id}/breakdown/batch", response_model=BatchBreakdownOut)
def breakdown_batch(stored: StoredNetwork, body: BatchBreakdownIn) -> BatchBreakdownOut:
    """One weight over a mini-batch of data set rows: each example's three factors, and why the
    gradient (the mean of the products) is not the product of the mean factors."""
    net = judged_by(stored, body.loss)
    x, y = dataset_rows(stored, body.examples)
    net.check_targets(y)
    with np.errstate(all="ignore"):
        bb = batch_breakdown(net, x, y, body.layer, body.j, body.k)
    examples = [ExampleFactorsOut.of(e, example=row) for row, e in zip(body.examples, bb.examples)]
    return BatchBreakdownOut.of(bb, stored, body, loss=net.loss, examples=examples)


@router.post("/{network_id}/update-preview", response_model=UpdatePreviewOut)
def preview_update(stored: StoredNetwork, body: UpdatePreviewIn) -> UpdatePreviewOut:
    """What one gradient step on this example would do to w_jk^(l) and to C_0. Nothing is saved."""
    net, x, y, row = judged_example(stored, body)
    with np.errstate(all="ignore"):
        up = update_preview(net, x, y, body.layer, body.j, body.k, body.learning_rate)
    return UpdatePreviewOut.of(up, stored, body, example=row)
