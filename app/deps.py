"""FastAPI dependencies: the store, and the stored network a path names (a 404 if there is none).

A handler declares ``stored: StoredNetwork`` and gets the network as last committed; FastAPI
resolves it before the handler runs (in a worker thread: reading SQLite blocks).
"""
from typing import Annotated, AsyncIterator

from fastapi import Depends, Path, Request

from . import clients, turns
from .store import Store, Stored

NetworkId = Annotated[str, Path(max_length=64, description="The id POST /api/networks returned.")]


async def _store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(_store)]


def _stored(network_id: NetworkId, store: StoreDep) -> Stored:
    return store.get(network_id)


StoredNetwork = Annotated[Stored, Depends(_stored)]


async def _client(request: Request) -> str:
    return clients.client_of(request.scope)


Client = Annotated[str, Depends(_client)]
"""The address the request counts against (app/clients.py): the owner of what it makes."""


async def _turn(network_id: NetworkId) -> AsyncIterator[None]:
    async with turns.turn(network_id):
        yield


NetworkTurn = Annotated[None, Depends(_turn, scope="function")]
"""Declared by handlers that change a network: they wait for its turn without holding a thread (app/turns.py)."""
