"""One example through one network: forward pass, backprop, and one weight's three factors."""
import numpy as np
from fastapi import APIRouter, Request

from ..errors import InputError
from ..schemas import BackpropOut, BreakdownIn, BreakdownOut, Example, ForwardIn, ForwardOut
from ..service import check_targets, check_vector, example_xy, finite_or_error, get_or_404, store_of
from .networks import NetworkId

router = APIRouter(prefix="/api/networks", tags=["gradients"])


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
    x, y, row = example_xy(stored, body)
    with np.errstate(all="ignore"):
        bp = stored.network.backprop(x[None, :], y[None, :])
    finite_or_error(*bp.z, *bp.a, *bp.slope, *bp.delta, *bp.grad_w, *bp.grad_b, *bp.grad_a[:-1], bp.cost)
    return BackpropOut(
        example=row, x=x.tolist(), y=y.tolist(), cost=bp.cost,
        z=[v[0].tolist() for v in bp.z], a=[v[0].tolist() for v in bp.a],
        slope=[v[0].tolist() for v in bp.slope], delta=[v[0].tolist() for v in bp.delta],
        grad_a=[[float(g) if np.isfinite(g) else None for g in v[0]] for v in bp.grad_a],
        grad_w=[g.tolist() for g in bp.grad_w], grad_b=[g.tolist() for g in bp.grad_b],
    )


@router.post("/{network_id}/breakdown", response_model=BreakdownOut)
def breakdown(network_id: NetworkId, body: BreakdownIn, request: Request) -> BreakdownOut:
    """dC_0/dw_jk^(l) for one example as error x slope x input, with the paths behind a hidden error."""
    stored = get_or_404(store_of(request), network_id)
    x, y, row = example_xy(stored, body)
    try:
        stored.network.check_weight_index(body.layer, body.j, body.k)
    except IndexError as e:
        raise InputError(str(e)) from None
    with np.errstate(all="ignore"):
        bd = stored.network.breakdown(x, y, body.layer, body.j, body.k)
    finite_or_error(bd.slope, bd.input, bd.gradient, bd.bias_gradient, bd.numerical_gradient,
                    bd.numerical_bias_gradient, *[p.contribution for p in bd.paths])
    return BreakdownOut(example=row, **{k: v for k, v in vars(bd).items() if k != "paths"},
                        paths=[vars(p) for p in bd.paths])
