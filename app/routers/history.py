"""The cost history the page's loss curve draws, kept with each network (see app/cost_history.py)."""
from fastapi import APIRouter

from ..deps import StoreDep, StoredNetwork
from ..schemas.history import HistoryDoc, HistoryOut

router = APIRouter(prefix="/api/networks", tags=["training"])


@router.get("/{network_id}/history", response_model=HistoryOut)
def network_history(stored: StoredNetwork, store: StoreDep) -> HistoryOut:
    """Mini-batch costs and data-set costs over the network's training, downsampled to a bound."""
    stored, history = store.with_history(stored.id)
    doc = HistoryDoc.of(history)
    return HistoryOut(network_id=stored.id, version=stored.version, step=stored.step,
                      batch=doc.batch, evals=doc.evals)
