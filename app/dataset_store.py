"""Uploaded data sets, kept in the store's database beside the networks.

- Each upload is one row under an unguessable handle (like a network's id, the only key to it):
  the CSV text as sent and what reads it (targets, test fraction, seed), so any process rebuilds
  the same arrays (app/engine/csv_data.py is deterministic) and an export carries the text as is.
- Nothing half-made is stored: the text is parsed and checked before the row is written, and the
  row is written in one transaction with the checks of how many uploads the server and the
  uploading client keep.
- An upload expires like a network: once idle (not read) for the time to live, and only when no
  network and no share link names it any more, so a network never loses its data. Expired ones
  are deleted when an upload is made (as networks are when one is made).
- ``find`` is the one place a handle becomes a Dataset, in the server's processes and in the
  training process alike: every store a process opens registers itself here (``attach``), and
  engine.load_dataset asks ``find`` for every name that is not built in.
"""
from __future__ import annotations

import secrets
import threading
import time
import weakref
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from . import limits
from .engine import Dataset
from .engine.csv_data import CsvLimits, Upload, read_upload
from .engine.datasets import resolve_others_with

if TYPE_CHECKING:
    from .store import Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS datasets (
    handle TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    client TEXT NOT NULL,
    csv TEXT NOT NULL,
    targets INTEGER NOT NULL,
    test_fraction REAL NOT NULL,
    seed INTEGER NOT NULL,
    created REAL NOT NULL,
    touched REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS datasets_by_client ON datasets (client);
CREATE INDEX IF NOT EXISTS datasets_by_touched ON datasets (touched);
"""

HANDLE_PREFIX = "data-"
"""Sets an upload's handle apart from the built-in names (and says what it is where it shows)."""
CACHE_VALUES = 8_000_000
"""Numbers the process keeps parsed (64 MB); the newest upload is kept whatever its size."""


@dataclass(frozen=True)
class Recipe:
    """What the server keeps of an upload: enough to rebuild it exactly."""

    label: str
    """The learner's name for it, shown on the page."""
    csv: str
    """The text as sent."""
    targets: int
    """How many last columns are targets."""
    test_fraction: float
    """The share of rows held out (0: none)."""
    seed: int
    """Chooses the held-out rows."""


@dataclass(frozen=True)
class Uploaded:
    """An upload as the API describes it and the engine uses it."""

    handle: str | None
    """The name networks use; None for a preview, which is not stored."""
    recipe: Recipe
    upload: Upload
    """The parsed table, the inferred task and the split."""
    dataset: Dataset
    """What training, pictures and evaluation read."""


def csv_limits() -> CsvLimits:
    return CsvLimits(max_rows=limits.MAX_UPLOAD_ROWS, max_columns=limits.MAX_UPLOAD_COLUMNS,
                     max_inputs=limits.MAX_INPUTS, max_abs=limits.MAX_ABS_VALUE,
                     max_classes=limits.MAX_UPLOAD_CLASSES)


def _names(names: list[str]) -> str:
    return ", ".join(names) if len(names) <= 6 else f"{', '.join(names[:5])}, ... {names[-1]}"


def describe(recipe: Recipe, upload: Upload) -> str:
    columns, inputs = upload.table.columns, upload.inputs
    rows = len(upload.table.values)
    split = (f"{upload.x.shape[0]} train, {upload.test_x.shape[0]} held out"
             if upload.test_x is not None else "all train")
    return (f"Your data \u201c{recipe.label}\u201d: {rows} rows ({split}), {inputs} input(s) "
            f"({_names(columns[:inputs])}) and {recipe.targets} target column(s) ({_names(columns[inputs:])}); "
            f"{upload.task}: {upload.task_reason}.")


def build(recipe: Recipe, handle: str | None = None) -> Uploaded:
    """The upload ``recipe`` describes, parsed and checked (CsvError if it is not one, a 413 if too big)."""
    from .errors import InputError  # app.errors imports the store, which imports this module

    size = len(recipe.csv.encode("utf-8"))
    if size > limits.MAX_UPLOAD_BYTES:
        raise InputError(f"the CSV is {size:,} bytes; the limit is {limits.MAX_UPLOAD_BYTES:,} bytes: upload "
                         "fewer rows or columns (or shorter numbers)", 413)
    upload = read_upload(recipe.csv, recipe.targets, recipe.test_fraction, recipe.seed, csv_limits())
    return Uploaded(handle, recipe, upload, upload.dataset(handle or "preview", describe(recipe, upload)))


# -- every store of this process, and the uploads it has parsed ----------------------------------------
_stores: weakref.WeakValueDictionary[str, Store] = weakref.WeakValueDictionary()
_cache: OrderedDict[str, Uploaded] = OrderedDict()
_lock = threading.Lock()


def attach(store: Store) -> None:
    """Let ``find`` look in this store (its table is made with the others: app/db/migrations.py)."""
    with _lock:
        _stores[store.database.name] = store


def _remember(uploaded: Uploaded) -> None:
    with _lock:
        _cache[uploaded.handle] = uploaded
        _cache.move_to_end(uploaded.handle)
        while len(_cache) > 1 and sum(u.upload.table.values.size for u in _cache.values()) > CACHE_VALUES:
            _cache.popitem(last=False)


def add(store: Store, recipe: Recipe, client: str) -> Uploaded:
    """Parse, check and keep an upload under a new handle; nothing is written if any check fails.

    StoreFull if the server already keeps as many uploads as it may, OverLimit if this client does.
    """
    from .quotas import OverLimit
    from .store import StoreFull

    uploaded = build(recipe)
    handle = HANDLE_PREFIX + secrets.token_urlsafe(16)
    store.expire()
    with store._transaction() as db:
        # Uploads expire here, as networks do when one is made: the counts below must not hold dead ones.
        expire(db, time.time() - store.ttl_seconds)
        (total,) = db.execute("SELECT COUNT(*) FROM datasets").fetchone()
        if total >= limits.MAX_DATASETS:
            raise StoreFull(f"this server already keeps its maximum of {limits.MAX_DATASETS} uploaded data "
                            "sets: try again after idle ones expire")
        mine, oldest = db.execute("SELECT COUNT(*), MIN(touched) FROM datasets WHERE client = ?",
                                  (client,)).fetchone()
        if mine >= limits.DATASETS_PER_CLIENT:
            raise OverLimit(
                f"your address already keeps {mine} uploaded data sets, the most one client may "
                f"(BACKPROP_LAB_DATASETS_PER_CLIENT = {limits.DATASETS_PER_CLIENT}): create networks on one "
                f"you have, or wait until idle ones expire ({limits.TTL_HOURS:g} hours after their last use "
                "by a network)", oldest + store.ttl_seconds - time.time())
        now = time.time()
        db.execute("INSERT INTO datasets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (handle, recipe.label, client, recipe.csv, recipe.targets, recipe.test_fraction,
                    recipe.seed, now, now))
    kept = Uploaded(handle, recipe, uploaded.upload,
                    uploaded.upload.dataset(handle, uploaded.dataset.description))
    _remember(kept)
    return kept


def _lookup(store: Store, handle: str) -> Uploaded | None:
    db = store._db()
    row = db.execute("SELECT touched FROM datasets WHERE handle = ?", (handle,)).fetchone()
    if row is None:
        return None
    if time.time() - row[0] > 60:
        # Reading keeps an upload alive, at most one write a minute for it (as for networks).
        db.execute("UPDATE datasets SET touched = ? WHERE handle = ?", (time.time(), handle))
    with _lock:
        cached = _cache.get(handle)
    if cached is not None:
        return cached
    row = db.execute("SELECT label, csv, targets, test_fraction, seed FROM datasets WHERE handle = ?",
                     (handle,)).fetchone()
    if row is None:
        return None
    uploaded = build(Recipe(*row), handle)
    _remember(uploaded)
    return uploaded


def find(handle: str) -> Uploaded | None:
    """The upload called ``handle`` in any store this process has open; None if there is none."""
    if not handle.startswith(HANDLE_PREFIX):
        return None
    with _lock:
        stores = list(_stores.values())
    for store in reversed(stores):
        found = _lookup(store, handle)
        if found is not None:
            return found
    return None


def expire(db, cutoff: float) -> int:
    """Delete uploads idle since before ``cutoff`` that no network or share link names any more."""
    return db.execute(
        "DELETE FROM datasets WHERE touched < ? "
        f"AND NOT EXISTS (SELECT 1 FROM networks WHERE {db.json_text('networks.spec', 'dataset')} = datasets.handle) "
        f"AND NOT EXISTS (SELECT 1 FROM shares WHERE {db.json_text('shares.spec', 'dataset')} = datasets.handle)",
        (cutoff,)).rowcount


def discard(store: Store, handle: str) -> None:
    """Delete an upload made for something that then failed (an import whose network was refused)."""
    store._db().execute("DELETE FROM datasets WHERE handle = ?", (handle,))
    with _lock:
        _cache.pop(handle, None)


@contextmanager
def imported(store: Store, name: str | None, recipe: Recipe | None, client: str) -> Iterator[str | None]:
    """The data set an imported network names: ``name`` itself, unless the file carries the upload's
    recipe and this server does not have that very upload, which is then made (a new handle) and
    deleted again if the block fails, so a refused import leaves nothing behind."""
    if recipe is None or name is None or not name.startswith(HANDLE_PREFIX):
        yield name  # a built-in data set: a recipe beside it is not what the network names
        return
    here = find(name)
    if here is not None and here.recipe == recipe:
        yield name
        return
    made = add(store, recipe, client).handle
    try:
        yield made
    except BaseException:
        discard(store, made)
        raise


def find_dataset(handle: str) -> Dataset | None:
    found = find(handle)
    return found.dataset if found is not None else None


# Every caller of engine.load_dataset (a request, the training process) now resolves handles too.
resolve_others_with(find_dataset)
