"""The ingest driver: paths → units → workers (read, filter, extract) → one writer, with a report.

Errors are per input: a bad file or page is reported with its position and the
rest still goes in. The work is cut into units (`orbat.scale.units`): byte
ranges of multistream dumps, whole files otherwise. Workers, in this process,
a local pool or a Dask cluster, turn a unit into Arrow tables; this process is
the only one that writes, one transaction per unit (per batch of documents for
a big single file), with the unit's record in the same transaction so that an
interrupted ingest, run again, skips what is in and ends as if never stopped.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orbat.errors import InputError
from orbat.redirects import count as staged_count
from orbat.scale.batch import merge, nbytes  # with pyarrow.compute: ~0.15 s, not in the timed loop
from orbat.scale.resume import TABLE, committed, unit_record
from orbat.scale.units import UNIT_BYTES, FilterSpec, Plan, Unit, config_key, plan_units
from orbat.scale.worker import BATCH, Part, Tables, UnitStats
from orbat.sources.files import PageFilter
from orbat.store import Store, WriteStats

__all__ = ["BATCH", "Progress", "Report", "ingest", "ingest_to_dir", "load_dir"]

MAX_REPORTED_WARNINGS = 1000  # kept for printing; the rest are counted
# A group commit ends at this many units or bytes of Arrow, which bounds the
# writer's memory however far it falls behind.
GROUP_UNITS = 32
GROUP_BYTES = 32 << 20
# A commit costs the writer ~40 ms of CPU whatever its size (a 14 MB unit of a
# dump brings ~5 ms of rows), so on a two-core machine committing each unit as
# it arrives takes CPU from the workers; the writer commits once this many
# seconds have passed since the oldest part it holds: at 3 s, under 2% of one
# core. A killed ingest loses at most that much of the workers' results (in one
# process, also the unit being read): the units are recorded in the same
# transaction as their rows.
COMMIT_SECONDS = 3.0
# For tests of killing and resuming: commit the first N units, then wait to be killed.
STOP_AFTER_ENV = "ORBAT_TEST_STOP_AFTER_UNITS"
ENGINES = ("local", "dask")

Progress = Callable[[str, int], None]
"""(event, amount). "file" and "document" as before; see `orbat.scale.progress` for the rest."""


@dataclass
class Report:
    files: int = 0
    documents_read: int = 0
    written: WriteStats = field(default_factory=WriteStats)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unknown_fields: Counter[str] = field(default_factory=Counter)
    failed_files: set[str] = field(default_factory=set)
    units: int = 0
    units_skipped: int = 0  # committed by an earlier run
    units_failed: int = 0  # whose task died; not recorded, so a re-run tries them again
    pages_scanned: int = 0
    pages_matched: int = 0
    redirects: int = 0  # staged
    redirects_linked: int = 0  # staged redirects made into documents and alias claims
    claims_extracted: int = 0
    warnings_total: int = 0
    xml_bytes: int = 0
    input_bytes: int = 0
    seconds: float = 0.0  # reading and writing, without planning or starting workers
    worker_cpu: float = 0.0  # CPU seconds of workers and their decompressors
    engine: str = "local"
    workers: int = 1

    @property
    def mb_per_s(self) -> float:
        return self.xml_bytes / 1e6 / self.seconds if self.seconds > 0 else 0.0

    @property
    def cpu_ms_per_mb(self) -> float:
        """Worker CPU per MB of XML: how many cores a target speed needs."""
        return self.worker_cpu * 1000 / (self.xml_bytes / 1e6) if self.xml_bytes else 0.0

    def error(self, err: InputError) -> None:
        self.errors.append(err)
        self.failed_files.add(err.origin.split("#", 1)[0])  # a dump page's origin is path#title

    def add(self, stats: UnitStats) -> None:
        self.documents_read += stats.documents
        self.pages_scanned += stats.pages
        self.pages_matched += stats.matched
        self.redirects += stats.redirects
        self.claims_extracted += stats.claims
        self.warnings_total += stats.warnings
        self.xml_bytes += stats.xml_bytes
        self.worker_cpu += stats.cpu

    def add_part(self, part: Part) -> None:
        self.add(part.stats)
        for err in part.input_errors():
            self.error(err)
        room = MAX_REPORTED_WARNINGS - len(self.warnings)
        if room > 0:
            self.warnings.extend(part.warnings[:room])
        self.unknown_fields.update(part.unknown_fields)
        if part.failed:
            self.units_failed += 1

    def skip(self, record: dict[str, Any]) -> None:
        """A unit committed earlier: its errors are reported again, as a full run would."""
        from orbat.scale.worker import error_from_dict

        self.units_skipped += 1
        for err in record["errors_list"]:
            self.error(error_from_dict(err))


def _noop(_event: str, _amount: int) -> None:
    pass


@contextmanager
def open_engine(engine: str, workers: int, scheduler: str | None, units: int) -> Iterator[Any]:
    """The engine for a run; one worker, or one unit, runs here without a pool."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if engine == "dask":
        from orbat.scale.dask_engine import DaskEngine

        runner: Any = DaskEngine(workers, scheduler)
    elif workers > 1 and units > 1:
        from orbat.scale.pool import PoolEngine

        runner = PoolEngine(min(workers, units))
    else:
        from orbat.scale.pool import InProcessEngine

        runner = InProcessEngine()
    try:
        yield runner
    finally:
        runner.close()


def _plan(
    paths: list[Path], unit_bytes: int, report: Report, spec: FilterSpec
) -> tuple[Plan, str | None]:
    spec.prefilter()  # a bad title regex fails here, before any worker starts
    plan = plan_units(paths, unit_bytes)
    report.files = len(plan.files)
    report.units = len(plan.units)
    report.warnings.extend(plan.warnings)
    for err in plan.errors:
        report.error(err)
    return plan, config_key(spec)


class _Files:
    """Emits the "file" event when the last unit of a file is through."""

    def __init__(self, units: list[Unit], emit: Progress) -> None:
        self.left = Counter(u.origin for u in units)
        self.total = len(units)
        self.emit = emit

    def unit_done(self, unit: Unit) -> None:
        self.left[unit.origin] -= 1
        if self.left[unit.origin] == 0:
            self.emit("file", 1)


def _emit_part(emit: Progress, part: Part) -> None:
    stats = part.stats
    emit("document", stats.documents)
    emit("pages", stats.pages)
    emit("matched", stats.matched)
    emit("xml_bytes", stats.xml_bytes)
    if part.last:
        emit("bytes", part.unit.size)
        emit("unit", 1)


def ingest(
    store: Store,
    paths: list[Path],
    *,
    prefilter: FilterSpec | PageFilter | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    unit_bytes: int = UNIT_BYTES,
    resume: bool = True,
) -> Report:
    """Read `paths` into `store`.

    `prefilter` is a `FilterSpec` or a `(title, text) -> keep?` function (which
    only a single worker can use unless it pickles, and which disables
    resuming since what it tests cannot be known). With `resume`, units this
    store already holds, read with the same filter and extraction code, are
    skipped.
    """
    spec = FilterSpec.coerce(prefilter)
    emit = progress or _noop
    report = Report(engine=engine, workers=workers)
    plan, config = _plan(paths, unit_bytes, report, spec)
    todo = plan.units
    if resume and config is not None:
        done = committed(store, config)
        todo = [u for u in plan.units if u.unit_id not in done]
        for unit in plan.units:
            if unit.unit_id in done:
                report.skip(done[unit.unit_id])
    report.input_bytes = sum(u.size for u in todo)
    files = _Files(todo, emit)
    staged_before = staged_count(store)
    with open_engine(engine, workers, scheduler, len(todo)) as runner:
        report.workers = runner.workers
        emit("units", len(todo))
        emit("total", report.input_bytes)
        started = time.perf_counter()
        with _writer_threads(store, 1 if runner.workers > 1 else None):
            finishing = runner.workers if runner.workers > 1 else 0
            _write(store, runner.parts(todo, spec), config, report, emit, files, finishing)
        report.seconds = time.perf_counter() - started
    _link_redirects(store, report, emit, staged_before)
    return report


@contextmanager
def _writer_threads(store: Store, threads: int | None) -> Iterator[None]:
    """DuckDB's threads while workers have the cores: one.

    A group commit is a few small inserts; with a thread per core DuckDB spends
    ~25% more CPU on them (scheduling work it then does alone), CPU the workers
    need. None leaves the setting alone.
    """
    if threads is None:
        yield
        return
    store.con.execute(f"SET threads = {int(threads)}")
    try:
        yield
    finally:
        store.con.execute("RESET threads")


def _link_redirects(store: Store, report: Report, emit: Progress, staged_before: int) -> None:
    """Alias claims for the staged redirects whose targets are now known; runs every time.

    Every time, not only when this run staged some: a redirect staged by an
    earlier ingest links once a later one brings its target, and a link step
    killed midway finishes on the next run. Rows staged into a table that had
    some may repeat them (a dump read again), so the table is compacted first.
    """
    from orbat.redirects import compact, link

    if staged_before and staged_count(store) > staged_before:
        compact(store)

    linked, written = link(store, lambda n: emit("redirects_linked", n))
    report.redirects_linked += linked
    report.written += written


def _write(
    store: Store,
    parts: Iterator[Part | None],
    config: str | None,
    report: Report,
    emit: Progress,
    files: _Files,
    finishing: int = 0,
) -> None:
    """Commit parts in order; while the engine has more ready, several per transaction.

    Once no more than `finishing` units are left (the workers' last ones), the
    writer commits whenever it waits: what it held would otherwise be written
    after the last unit, while the cores stand idle.
    """
    totals = UnitStats()
    errors: list[dict[str, Any]] = []
    held: list[tuple[Part, Tables]] = []
    held_since = 0.0
    held_bytes = 0  # kept as parts come: a table's nbytes walks its buffers
    stop_after = int(os.environ.get(STOP_AFTER_ENV) or 0)
    units_seen = 0

    def commit() -> None:
        nonlocal held_bytes
        if not held:
            return
        tables = merge([t for _, t in held])
        written = WriteStats()
        if any(t.num_rows for t in tables.values()):
            written = store.write_tables(tables)
            report.written += written
        emit("claims", written.claims)
        for part, _ in held:
            _emit_part(emit, part)
            if part.last:
                files.unit_done(part.unit)
        held.clear()
        held_bytes = 0

    for part in parts:
        if part is None:  # nothing else is ready; engines say so every 0.25 s while waiting
            due = time.monotonic() - held_since >= COMMIT_SECONDS
            if held and (due or files.total - units_seen <= finishing):
                commit()
            continue
        if not held:
            held_since = time.monotonic()
        tables = part.tables()
        totals.add(part.stats)
        errors.extend(part.errors)
        if part.last and config is not None and not part.failed:
            tables[TABLE] = unit_record(part.unit, config, totals, errors)
        if part.last:
            totals, errors = UnitStats(), []
        report.add_part(part)
        held.append((part, tables))
        held_bytes += nbytes(tables)
        units_seen += part.last
        if stop_after and units_seen >= stop_after:
            commit()
            _wait_to_be_killed(units_seen)
        if len(held) >= GROUP_UNITS or held_bytes >= GROUP_BYTES:
            commit()
    commit()


def _wait_to_be_killed(units: int) -> None:
    import sys

    print(f"{STOP_AFTER_ENV}: {units} unit(s) committed; waiting to be killed", file=sys.stderr)
    sys.stderr.flush()
    while True:
        time.sleep(60)


def ingest_to_dir(
    paths: list[Path],
    out: Path,
    *,
    prefilter: FilterSpec | PageFilter | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    unit_bytes: int = UNIT_BYTES,
    resume: bool = True,
) -> Report:
    """Like `ingest`, but workers write Parquet partitions into `out` for `load_dir`."""
    from orbat.scale.partitions import prepare, write_unit, written_units

    spec = FilterSpec.coerce(prefilter)
    emit = progress or _noop
    report = Report(engine=engine, workers=workers)
    plan, config = _plan(paths, unit_bytes, report, spec)
    if config is None:
        raise ValueError("--out needs a filter that can be recorded (a FilterSpec)")
    prepare(out, spec, config)
    done = written_units(out) if resume else set()
    todo = [u for u in plan.units if u.unit_id not in done]
    report.units_skipped = len(plan.units) - len(todo)
    report.input_bytes = sum(u.size for u in todo)
    files = _Files(todo, emit)
    with open_engine(engine, workers, scheduler, len(todo)) as runner:
        report.workers = runner.workers
        emit("units", len(todo))
        emit("total", report.input_bytes)
        started = time.perf_counter()
        kwargs = {"out": str(out.resolve()), "config": config}
        for part in runner.parts(todo, spec, task=write_unit, **kwargs):
            if part is None:
                continue
            report.add_part(part)
            _emit_part(emit, part)
            if part.last:
                files.unit_done(part.unit)
        report.seconds = time.perf_counter() - started
    return report


def load_dir(store: Store, out: Path, progress: Progress | None = None) -> Report:
    """Commit the partitions `ingest_to_dir` wrote; units already in the store are skipped."""
    from orbat.scale.partitions import load, record_errors

    report = Report()
    started = time.perf_counter()
    staged_before = staged_count(store)
    written, loaded, skipped = load(store, out, progress)
    report.written = written
    report.redirects = staged_count(store) - staged_before  # unit records do not count them
    _link_redirects(store, report, progress or _noop, staged_before)
    report.seconds = time.perf_counter() - started
    report.units = len(loaded) + skipped
    report.units_skipped = skipped
    for record in loaded:
        report.add(
            UnitStats(
                pages=record["pages"],
                matched=record["matched"],
                documents=record["documents"],
                claims=record["claims"],
                xml_bytes=record["xml_bytes"],
            )
        )
        for err in record_errors(record):
            report.error(err)
    return report
