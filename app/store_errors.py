"""What the store refuses, raised by app/store.py (and app/dataset_store.py), answered by app/errors.py."""
from __future__ import annotations


class RunStopped(Exception):
    """A live-training run was stopped (paused, or replaced by a newer run) before this chunk."""


class StoreFull(Exception):
    """The server holds as many networks (or share links) as it may."""


class NetworkNotFound(Exception):
    """No network has this id: it was deleted, expired, or never existed."""

    def __init__(self, network_id: str):
        super().__init__(network_id)
        self.network_id = network_id


class ShareNotFound(Exception):
    """No share link has this token: it expired or never existed."""

    def __init__(self, token: str):
        super().__init__(token)
        self.token = token
