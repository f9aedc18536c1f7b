"""Running units on a Dask cluster (dask.distributed), or a LocalCluster without one.

Tasks are the same `run_unit` calls as in the local pool, so a cluster gives
the same rows; only the writer (the client process) opens the knowledge base.
On a cluster every worker must see the inputs at the same absolute paths (a
shared filesystem), and orbat must be installed there. `dask-jobqueue`
clusters (SLURM, PBS) work through their scheduler address.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any

from orbat.scale.heap import MALLOC_TRIM
from orbat.scale.pool import POLL_SECONDS, WINDOW_PER_WORKER, Task, check_picklable, ordered
from orbat.scale.units import FilterSpec, Unit
from orbat.scale.worker import Part, run_unit, warm_up

_QUIET_LOCAL_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}


def _without_malloc_trim() -> dict[str, Any]:
    """The nanny's environment for new workers, less MALLOC_TRIM_THRESHOLD_.

    Dask sets it so that long-lived workers give memory back to the system;
    set at all, it also fixes glibc's mmap threshold, so every buffer over
    128 KB is mapped and unmapped afresh. A worker reading 4 MB chunks, and
    the lbzip2 it starts (which inherits the variable), then spent ~20% more
    CPU per MB. The workers of this LocalCluster live for one ingest.
    """
    import dask

    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {})
    environ.pop(MALLOC_TRIM, None)
    return {"distributed.nanny.pre-spawn-environ": environ}


class DaskEngine:
    """A `distributed.Client` to `scheduler`, or to a LocalCluster of `workers` processes."""

    def __init__(self, workers: int, scheduler: str | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - the scale extra is not installed
            raise RuntimeError(
                "--engine dask needs dask.distributed: pip install 'orbat[scale]'"
            ) from exc
        self._cluster: Any = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            import dask

            # A worker's event loop wakes ~70 times a second by default: to
            # sample its own stacks for a dashboard this cluster does not have
            # (every 10 ms), to check it is not blocked (20 ms), to measure its
            # memory (100 ms) and the host (500 ms). Each wake-up takes the GIL
            # from the unit being read; together they cost a worker ~10% more
            # CPU per MB than a pool process. A cluster's own workers keep
            # their configuration.
            with dask.config.set({**_QUIET_LOCAL_WORKERS, **_without_malloc_trim()}):
                self._cluster = LocalCluster(
                    n_workers=max(1, workers),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            self.client = Client(self._cluster)
        self.workers = max(1, sum(self.client.nthreads().values()))
        self.client.run(warm_up)  # as the pool's initializer does

    def parts(
        self, units: Sequence[Unit], spec: FilterSpec, *, task: Task | None = None, **kwargs: Any
    ) -> Iterator[Part | None]:
        """Parts in unit order; `task`/`kwargs` let `--out` runs write partitions instead."""
        from distributed import wait

        check_picklable(spec)
        client = self.client
        task = task or run_unit

        def submit(unit: Unit) -> Any:
            # pure=False: a unit id is not a content hash of the result, and a
            # retried unit must run again.
            return client.submit(task, unit, spec, pure=False, **kwargs)

        def wait_first(futures: list[Any]) -> Any:
            try:
                return wait(futures, timeout=POLL_SECONDS, return_when="FIRST_COMPLETED").done
            except TimeoutError:
                return set()

        def result(future: Any) -> Any:
            return future.result()

        window = self.workers * WINDOW_PER_WORKER
        yield from ordered(units, submit, wait_first, result, window)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
