"""A network's cost history, as GET .../history answers it and as an exported file carries it."""
from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from ..cost_history import MAX_POINTS, CostHistory
from .base import Body

Step = Annotated[int, Field(ge=0, le=2**53 - 1)]
Cost = Annotated[float | None, Field(allow_inf_nan=False)]


class BatchPoint(Body):
    step: Step = Field(description="The step this mini-batch cost was measured before.")
    cost: Cost = Field(description="The mini-batch cost; null where it was not finite.")


class EvalPoint(Body):
    step: Step = Field(description="The step after which the data set was scored.")
    cost: Cost = Field(description="Mean cost over the training split; null where it was not finite.")
    test_cost: Cost = Field(None, description="Mean cost over the held-out split, where it was scored.")


class HistoryDoc(Body):
    """The curve's points, each list oldest first and at most MAX_POINTS long."""

    batch: list[BatchPoint] = Field(default_factory=list, max_length=MAX_POINTS)
    evals: list[EvalPoint] = Field(default_factory=list, max_length=MAX_POINTS)

    @classmethod
    def of(cls, history: CostHistory) -> "HistoryDoc":
        return cls(batch=[BatchPoint(step=s, cost=c) for s, c in history.batch],
                   evals=[EvalPoint(step=s, cost=c, test_cost=t) for s, c, t in history.evals])

    def history(self) -> CostHistory:
        return CostHistory([[p.step, p.cost] for p in self.batch],
                           [[p.step, p.cost, p.test_cost] for p in self.evals])


class HistoryOut(BaseModel):
    network_id: str
    version: int = Field(description="The network's version this history belongs to.")
    step: int = Field(description="The network's step now: the last point is at most this.")
    limit: int = Field(MAX_POINTS, description="Most points each list keeps; older ones are thinned.")
    batch: list[BatchPoint]
    evals: list[EvalPoint]
