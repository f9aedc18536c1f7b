"""Running units in the writer process or in a local process pool.

Workers only read and extract; their Arrow tables come back as IPC bytes and
the writer (this process) is the only one that opens the knowledge base.
Results are handed on in unit order, not completion order: the store keeps the
first row it sees for a key, so committing in plan order makes every engine
and every resumed run end with the same rows, and the committed units are
always a prefix of the plan. A window bounds the units in flight, which bounds
the writer's memory whatever the dump size.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import secrets
import shutil
import tempfile
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from orbat.scale.units import FilterSpec, Unit
from orbat.scale.worker import Part, failed_part, init_worker, iter_parts, ready, run_unit

WINDOW_PER_WORKER = 3  # units in flight or waiting for their turn, per worker
POLL_SECONDS = 0.25  # how often a writer waiting for a unit hears "nothing yet"

Task = Callable[..., list[Part]]  # task(unit, spec, **kwargs): run_unit, or a partition writer


class Engine(Protocol):
    """Runs units and hands their parts on in unit order; None means "nothing ready now"."""

    workers: int

    def parts(
        self, units: Sequence[Unit], spec: FilterSpec, *, task: Task | None = None, **kwargs: Any
    ) -> Iterator[Part | None]: ...

    def close(self) -> None: ...


def ordered(
    units: Sequence[Unit],
    submit: Callable[[Unit], Any],
    wait_first: Callable[[list[Any]], Iterable[Any]],
    result: Callable[[Any], Any],
    window: int,
) -> Iterator[Part | None]:
    """Each unit's parts in unit order, with at most `window` units outstanding.

    A unit whose task failed (not its pages: the task itself) yields one failed part.

    None comes before waiting, and again every `POLL_SECONDS` of it: nothing
    more is ready, so the consumer may commit what it holds back (a group
    commit) rather than hold it for as long as a slow unit takes.

    `submit` starts a unit and returns a future, `wait_first` blocks until at
    least one of the given futures is done or `POLL_SECONDS` have passed and
    returns the done ones, and
    `result` gets a done future's value; the three make this work for both
    `concurrent.futures` and Dask.
    """
    window = max(1, window)
    pending: dict[Hashable, int] = {}
    ready: dict[int, Any] = {}
    submitted = handed = 0
    try:
        while handed < len(units):
            while submitted < len(units) and submitted - handed < window:
                pending[submit(units[submitted])] = submitted
                submitted += 1
            if handed not in ready:
                yield None
                for future in wait_first(list(pending)):
                    index = pending.pop(future)
                    try:
                        ready[index] = result(future)
                    except Exception as exc:  # the task, not the unit's pages, failed
                        ready[index] = exc
                continue
            outcome = ready.pop(handed)
            if isinstance(outcome, BaseException):
                yield failed_part(units[handed], outcome)
            else:
                yield from outcome
            handed += 1
    finally:
        for future in pending:
            future.cancel()


def check_picklable(spec: FilterSpec) -> None:
    if spec.mode != "callable":
        return
    try:
        pickle.dumps(spec)
    except Exception as exc:
        raise ValueError(
            "this prefilter cannot be sent to worker processes (a lambda or closure?): "
            "pass a FilterSpec, or use one worker"
        ) from exc


class InProcessEngine:
    """One worker: the writer reads the units itself, a whole file in batches as it goes."""

    workers = 1

    def parts(
        self, units: Sequence[Unit], spec: FilterSpec, *, task: Task | None = None, **kwargs: Any
    ) -> Iterator[Part | None]:
        for unit in units:
            try:
                if task is None:
                    yield from iter_parts(unit, spec)
                else:
                    yield from task(unit, spec, **kwargs)
            except Exception as exc:  # worker code failing outside any page
                yield failed_part(unit, exc)
            yield None  # the writer is the worker: nothing else can be ready

    def close(self) -> None:
        pass


def _context() -> multiprocessing.context.BaseContext:
    """forkserver where there is one: never fork a process that holds a DuckDB connection."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["orbat.scale.preload", "orbat.scale.scan"])
        return ctx
    return multiprocessing.get_context("spawn")


class PoolEngine:
    """A local `ProcessPoolExecutor` of `workers` processes."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=_context(), initializer=init_worker
        )
        # Only named here: a worker creates it when a result first needs it, so
        # a killed ingest (the common case being small results) leaves nothing.
        self._spool = os.path.join(
            tempfile.gettempdir(), f"orbat-spool-{os.getpid()}-{secrets.token_hex(4)}"
        )
        # Start (and warm) the workers now, so that start-up is not counted as reading.
        wait([self._executor.submit(ready) for _ in range(workers)])

    def parts(
        self, units: Sequence[Unit], spec: FilterSpec, *, task: Task | None = None, **kwargs: Any
    ) -> Iterator[Part | None]:
        check_picklable(spec)
        if task is None:
            task, kwargs = run_unit, {"spool": self._spool}

        def submit(unit: Unit) -> Future[list[Part]]:
            try:
                return self._executor.submit(task, unit, spec, **kwargs)
            except BrokenProcessPool as exc:  # a worker died: the rest fail, a re-run resumes
                future: Future[list[Part]] = Future()
                future.set_exception(exc)
                return future

        def wait_first(futures: list[Future[list[Part]]]) -> set[Future[list[Part]]]:
            return wait(futures, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED).done

        window = self.workers * WINDOW_PER_WORKER
        yield from ordered(units, submit, wait_first, Future.result, window)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self._spool, ignore_errors=True)
