"""Stopping a pool of local workers never waits for ever: a process that does not end is killed
(a pool broken by a dead worker can be left with one that waits for work while the interpreter
waits for it: a test run once hung at exit that way)."""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

from newsevents.scale.workers import _stop


def test_a_worker_that_does_not_end_is_killed_when_the_pool_stops():
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("forkserver"))
    pool.submit(time.sleep, 3600)
    time.sleep(1)  # the worker has taken the task
    [process] = pool._processes.values()
    started = time.monotonic()
    _stop(pool, grace=0.5)
    assert time.monotonic() - started < 10
    assert not process.is_alive()
