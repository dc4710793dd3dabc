"""Where tasks run: worker processes on this machine, or a Dask distributed cluster; and
tasks kept in order, with a task whose worker died run again.

A local worker that dies (killed, out of memory, a crash in a native library) breaks the
whole process pool: the pool is started again and the tasks it held are sent again. The
task that was waited on when it broke is then run alone; if it breaks the pool again, each
of its items is run alone, and an item that still kills its worker is given up with the
reason (`lost`). A Dask cluster runs a task again on another worker by itself and gives
up on it after a few deaths (KilledWorker): the same rescue follows.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import time
import weakref
from abc import ABC, abstractmethod
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from newsevents.scale import tasks

if TYPE_CHECKING:
    from distributed import Client

# What a worker process may hold: its models take 0.6 GB (584 MB at most on a 10,000-record
# WARC, 641 MB on long news pages: docs/scaling.md), with room for a batch of long documents.
WORKER_MEMORY = 800 * 2**20


class WorkerLost(Exception):
    """The worker running a task died."""


class Workers(ABC):
    """Somewhere to run tasks. `generation` grows each time the workers are started again
    (the tasks sent before then are lost)."""

    size: int = 1
    generation: int = 0

    @abstractmethod
    def submit(self, fn: Callable, *args):
        """Start fn(*args) on a worker: a future (with done())."""

    @abstractmethod
    def result(self, future) -> Any:
        """What the task returned; WorkerLost if its worker died, the task's own error if it raised."""

    @abstractmethod
    def wait(self, futures: list) -> None:
        """Wait until one of these futures is done."""

    def restart(self) -> None:
        """Start the workers again after one died (nothing to do where they restart themselves)."""

    def warm(self, options: dict) -> None:
        """Have every worker build its Pipeline now."""

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# How long closing waits for the workers to end their tasks before it kills them.
CLOSE_GRACE_SECONDS = 60.0


class LocalWorkers(Workers):
    """`size` worker processes on this machine. Started from a fork server (a clean process
    that has imported newsevents), not forked from the caller, whose threads and open
    connections a fork would copy."""

    def __init__(self, size: int):
        if size < 1:
            raise ValueError("workers must be at least 1")
        self.size = size
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["newsevents.scale.tasks"])
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.size, mp_context=self._context)

    def submit(self, fn: Callable, *args):
        try:
            return self._pool.submit(fn, *args)
        except BrokenProcessPool:  # it broke since the last task was waited on
            self.restart()
            return self._pool.submit(fn, *args)

    def result(self, future) -> Any:
        try:
            return future.result()
        except BrokenProcessPool:
            raise WorkerLost("its worker process died (killed, or out of memory)") from None

    def wait(self, futures: list) -> None:
        wait(futures, return_when=FIRST_COMPLETED)

    def restart(self) -> None:
        _stop(self._pool, grace=0.0)
        self._pool = self._start()
        self.generation += 1

    def warm(self, options: dict) -> None:
        # One task per worker, all sent at once: each takes seconds, so no worker takes two.
        try:
            for future in [self._pool.submit(tasks.warm, options) for _ in range(self.size)]:
                future.result()
        except BrokenProcessPool:
            raise RuntimeError(
                "the worker processes died as they started (see the error above); a Python script that starts "
                "workers must do so under `if __name__ == '__main__':`"
            ) from None

    def close(self) -> None:
        _stop(self._pool, grace=CLOSE_GRACE_SECONDS)


def _stop(pool: ProcessPoolExecutor, *, grace: float) -> None:
    """Shut a pool down, killing its processes that have not ended within `grace` seconds. A pool
    broken by a dead worker can be left with a process started as it broke, which waits for work
    for ever while the pool's manager thread waits for it (and the interpreter for that thread)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # the executor's own table
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + grace
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(5)


class DaskWorkers(Workers):
    """The workers of a Dask distributed cluster, through a `distributed.Client`."""

    def __init__(self, client):
        self.client = client
        self.size = max(1, sum(client.nthreads().values()))

    def submit(self, fn: Callable, *args):
        return self.client.submit(fn, *args, pure=False)

    def result(self, future) -> Any:
        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker as exc:
            raise WorkerLost(f"Dask workers died running it ({exc})") from None

    def wait(self, futures: list) -> None:
        from distributed import wait as dask_wait

        dask_wait(futures, return_when="FIRST_COMPLETED")

    def warm(self, options: dict) -> None:
        self.client.run(tasks.warm, options)


# Clients of a cluster that `dask_client` started on this machine: `close_client` closes it too.
_OWN_CLUSTERS: weakref.WeakSet[Client] = weakref.WeakSet()


def dask_client(address: str, workers: int | None = None) -> Client:
    """A Client of the Dask scheduler at `address` (tcp://HOST:PORT), or of a cluster of
    `workers` processes started on this machine when `address` is "local"."""
    from distributed import Client, LocalCluster

    if address == "local":
        cluster = LocalCluster(
            n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
        _OWN_CLUSTERS.add(client)
        return client
    _refused_at_once(address)
    return Client(address, timeout="10s")


def _refused_at_once(address: str) -> None:
    """Raise ConnectionRefusedError when nothing listens at a tcp:// address: Dask would retry
    it until its timeout, though a refusal will not change within it."""
    scheme, sep, rest = address.partition("://")
    host, _, port = (rest if sep else address).rpartition(":")
    if (sep and scheme != "tcp") or not port.isdigit():
        return  # another protocol (Dask's default is tcp), or an address Dask itself will judge
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=5).close()
    except ConnectionRefusedError as exc:
        raise ConnectionRefusedError(f"nothing listens at {address} ({exc.strerror})") from exc
    except OSError:
        pass  # unreachable for now or unresolvable: Dask's own timeout and message apply


def close_client(client: Client) -> None:
    cluster = client.cluster if client in _OWN_CLUSTERS else None
    client.close()
    if cluster is not None:
        cluster.close()


@dataclass(eq=False)
class Task:
    fn: Callable
    args: tuple
    items: list
    lost: Callable[[Any, str], list]  # an item given up on: its results, saying why
    future: Any = None
    generation: int = 0


@dataclass
class Ordered:
    """Tasks over lists of items, each giving a list of results, taken back in the order they
    were sent; a task whose worker died is sent again and then, if need be, split."""

    workers: Workers
    live: list[Task] = field(default_factory=list)

    def submit(self, fn: Callable, args: tuple, items: list, lost: Callable[[Any, str], list]) -> Task:
        task = Task(fn, args, items, lost, self.workers.submit(fn, *args, items), self.workers.generation)
        self.live.append(task)
        return task

    def result(self, task: Task) -> list:
        self.resend()
        try:
            out = self.workers.result(task.future)
        except WorkerLost as exc:
            out = self._rescue(task, exc, restart=True)
        except Exception as exc:  # the task itself failed: its items are tried one by one
            out = self._rescue(task, exc, restart=False)
        self.live.remove(task)
        return out

    def running(self) -> list:
        """The futures of the tasks not done yet."""
        self.resend()
        return [task.future for task in self.live if not task.future.done()]

    def resend(self) -> None:
        """Send again the tasks lost when the workers were last started again."""
        for task in self.live:
            if task.generation != self.workers.generation:
                task.future = self.workers.submit(task.fn, *task.args, task.items)
                task.generation = self.workers.generation

    def _alone(self, task: Task, items: list) -> list:
        return self.workers.result(self.workers.submit(task.fn, *task.args, items))

    def _rescue(self, task: Task, error: Exception, *, restart: bool) -> list:
        if restart:
            self.workers.restart()
        if len(task.items) > 1 or restart:
            try:
                return self._alone(task, task.items)
            except WorkerLost as exc:
                self.workers.restart()
                error = exc
            except Exception as exc:
                error = exc
        if len(task.items) == 1:
            return task.lost(task.items[0], _reason(error))
        out: list = []
        for item in task.items:
            try:
                out.extend(self._alone(task, [item]))
            except WorkerLost as exc:
                self.workers.restart()
                out.extend(task.lost(item, _reason(exc)))
            except Exception as exc:
                out.extend(task.lost(item, _reason(exc)))
        return out


def _reason(error: Exception) -> str:
    return str(error) if isinstance(error, WorkerLost) else f"internal error: {error!r}"
