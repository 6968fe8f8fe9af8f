"""FastAPI dependencies: the store, and the stored network a path names (a 404 if there is none).

A handler declares ``stored: StoredNetwork`` and gets the network as last committed; FastAPI
resolves it before the handler runs (in a worker thread: reading SQLite blocks).
"""
from typing import Annotated

from fastapi import Depends, Path, Request

from .store import Store, Stored

NetworkId = Annotated[str, Path(max_length=64, description="The id POST /api/networks returned.")]


async def _store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(_store)]


def _stored(network_id: NetworkId, store: StoreDep) -> Stored:
    return store.get(network_id)


StoredNetwork = Annotated[Stored, Depends(_stored)]
