"""Running the pipeline on more than one process: worker processes on this machine, or a
Dask distributed cluster. `newsevents.ingesting.ingest` sends them work and writes what comes back."""

from newsevents.scale.workers import (
    WORKER_MEMORY,
    DaskWorkers,
    LocalWorkers,
    WorkerLost,
    Workers,
    close_client,
    dask_client,
)

__all__ = ["WORKER_MEMORY", "Workers", "LocalWorkers", "DaskWorkers", "WorkerLost", "dask_client", "close_client"]
