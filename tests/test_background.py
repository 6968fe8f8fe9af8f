"""Training's child process (app/background.py): another process, a lower CPU priority, errors intact."""
import os
import signal
from concurrent.futures.process import BrokenProcessPool

import pytest

from app import background
from app.errors import InputError
from app.store import Store
from async_support import run_async


def where_am_i(store: Store) -> tuple[int, int, str]:
    return os.getpid(), os.getpriority(os.PRIO_PROCESS, 0), str(store.directory)


def refuse(store: Store) -> None:
    raise InputError("this network has no data set to train on", 409)


def die(store: Store) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "data", max_networks=10, ttl_seconds=3600)


def test_work_runs_in_a_lower_priority_process_on_the_same_store(store):
    pid, niceness, directory = run_async(background.run(store, where_am_i))
    assert pid != os.getpid()
    assert niceness == min(19, os.getpriority(os.PRIO_PROCESS, 0) + background.NICENESS)
    assert directory == str(store.directory)


def test_an_input_error_keeps_its_status_code(store):
    with pytest.raises(InputError) as raised:
        run_async(background.run(store, refuse))
    assert (raised.value.status_code, raised.value.detail) == (409, "this network has no data set to train on")


def test_a_killed_child_is_replaced(store):
    before, _, _ = run_async(background.run(store, where_am_i))
    # The work is tried once more in a new child, which it kills too: the caller gets the error.
    with pytest.raises(BrokenProcessPool):
        run_async(background.run(store, die))
    after, _, _ = run_async(background.run(store, where_am_i))
    assert after != before


def pause_and_tell(store: Store) -> int:
    import time
    time.sleep(0.4)
    return os.getpid()


def test_a_worker_s_training_processes_run_at_once(store):
    # One per core (BACKPROP_LAB_TRAINING_PROCESSES): a worker holding most of a class's streams
    # trains them on every core, not on one.
    import asyncio

    async def calls():
        # Each call to the idlest lane: one each.
        at_once = await asyncio.gather(*(background.run(store, pause_and_tell)
                                         for _ in range(background.TRAINING_PROCESSES)))
        # A lane is one process: a live stream's chunks keep to it. (In one thread: a child dies
        # with the thread that started it, PR_SET_PDEATHSIG, and run_async's thread ends.)
        lane_0 = [(await background.run(store, where_am_i, lane=0))[0] for _ in range(3)]
        return at_once, lane_0

    at_once, lane_0 = run_async(calls())
    assert len(set(at_once)) == background.TRAINING_PROCESSES
    assert set(lane_0) == {at_once[0]}
