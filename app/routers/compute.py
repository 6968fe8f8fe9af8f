"""One example through one network: forward pass, backprop, and one weight's three factors."""
import numpy as np
from fastapi import APIRouter, Request

from ..engine.explain import batch_breakdown, update_preview
from ..errors import InputError
from ..schemas import (BackpropOut, BatchBreakdownIn, BatchBreakdownOut, BreakdownIn, BreakdownOut, Example,
                       ForwardIn, ForwardOut, UpdatePreviewIn, UpdatePreviewOut)
from ..service import (check_targets, check_vector, dataset_rows, example_xy, finite_or_error, get_or_404,
                       judged_by, store_of)
from .networks import NetworkId

router = APIRouter(prefix="/api/networks", tags=["gradients"])


def _check_weight(net, layer: int, j: int, k: int) -> None:
    try:
        net.check_weight_index(layer, j, k)
    except IndexError as e:
        raise InputError(str(e)) from None


@router.post("/{network_id}/forward", response_model=ForwardOut)
def forward(network_id: NetworkId, body: ForwardIn, request: Request) -> ForwardOut:
    net = get_or_404(store_of(request), network_id).network
    x = check_vector("x", body.x, net.layers[0], "input neuron")
    with np.errstate(all="ignore"):
        fw = net.forward(x)
        cost = None
        if body.y is not None:
            y = check_vector("y", body.y, net.layers[-1], "output neuron")
            check_targets(net, y)
            cost = net.cost(x, y)
    finite_or_error(*fw.z, *fw.a, cost if cost is not None else 0.0)
    return ForwardOut(z=[z[0].tolist() for z in fw.z], a=[a[0].tolist() for a in fw.a], cost=cost)


@router.post("/{network_id}/backprop", response_model=BackpropOut)
def backprop(network_id: NetworkId, body: Example, request: Request) -> BackpropOut:
    stored = get_or_404(store_of(request), network_id)
    net = judged_by(stored, body.loss)
    x, y, row = example_xy(stored, body, net)
    with np.errstate(all="ignore"):
        bp = net.backprop(x[None, :], y[None, :])
    finite_or_error(*bp.z, *bp.a, *bp.slope, *bp.delta, *bp.grad_w, *bp.grad_b, *bp.grad_a[:-1], bp.cost)
    return BackpropOut(
        example=row, loss=net.loss, x=x.tolist(), y=y.tolist(), cost=bp.cost,
        z=[v[0].tolist() for v in bp.z], a=[v[0].tolist() for v in bp.a],
        slope=[v[0].tolist() for v in bp.slope], delta=[v[0].tolist() for v in bp.delta],
        grad_a=[[float(g) if np.isfinite(g) else None for g in v[0]] for v in bp.grad_a],
        grad_w=[g.tolist() for g in bp.grad_w], grad_b=[g.tolist() for g in bp.grad_b],
    )


@router.post("/{network_id}/breakdown", response_model=BreakdownOut)
def breakdown(network_id: NetworkId, body: BreakdownIn, request: Request) -> BreakdownOut:
    """dC_0/dw_jk^(l) for one example as error x slope x input, with the paths behind a hidden error."""
    stored = get_or_404(store_of(request), network_id)
    net = judged_by(stored, body.loss)
    x, y, row = example_xy(stored, body, net)
    _check_weight(net, body.layer, body.j, body.k)
    with np.errstate(all="ignore"):
        bd = net.breakdown(x, y, body.layer, body.j, body.k)
    finite_or_error(bd.slope, bd.input, bd.gradient, bd.bias_gradient, bd.numerical_gradient,
                    bd.numerical_bias_gradient, *[p.contribution for p in bd.paths])
    return BreakdownOut(example=row, loss=net.loss, **{k: v for k, v in vars(bd).items() if k != "paths"},
                        paths=[vars(p) for p in bd.paths])


@router.post("/{network_id}/breakdown/batch", response_model=BatchBreakdownOut)
def breakdown_batch(network_id: NetworkId, body: BatchBreakdownIn, request: Request) -> BatchBreakdownOut:
    """One weight over a mini-batch of data set rows: each example's three factors, and why the
    gradient (the mean of the products) is not the product of the mean factors."""
    stored = get_or_404(store_of(request), network_id)
    net = judged_by(stored, body.loss)
    x, y = dataset_rows(stored, body.examples)
    check_targets(net, y)
    _check_weight(net, body.layer, body.j, body.k)
    with np.errstate(all="ignore"):
        bb = batch_breakdown(net, x, y, body.layer, body.j, body.k)
    finite_or_error(bb.mean_gradient, bb.product_of_means, *[e.product for e in bb.examples])
    return BatchBreakdownOut(
        layer=body.layer, j=body.j, k=body.k, loss=net.loss,
        examples=[{"example": row, **vars(e)} for row, e in zip(body.examples, bb.examples)],
        **{k: v for k, v in vars(bb).items() if k != "examples"},
    )


@router.post("/{network_id}/update-preview", response_model=UpdatePreviewOut)
def preview_update(network_id: NetworkId, body: UpdatePreviewIn, request: Request) -> UpdatePreviewOut:
    """What one gradient step on this example would do to w_jk^(l) and to C_0. Nothing is saved."""
    stored = get_or_404(store_of(request), network_id)
    net = judged_by(stored, body.loss)
    x, y, row = example_xy(stored, body, net)
    _check_weight(net, body.layer, body.j, body.k)
    with np.errstate(all="ignore"):
        up = update_preview(net, x, y, body.layer, body.j, body.k, body.learning_rate)
    finite_or_error(up.cost_before, up.cost_after_this_weight, up.cost_after_all, up.weight_after)
    return UpdatePreviewOut(layer=body.layer, j=body.j, k=body.k, example=row, **vars(up))
