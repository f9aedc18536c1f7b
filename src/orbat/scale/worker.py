"""What a worker does with a unit: read, filter, extract, and hand back Arrow tables.

The same code runs in the writer process (one worker), in a process pool and
on Dask workers, so every engine yields the same rows. Nothing here touches
the knowledge base. A page that cannot be read or extracted becomes an error
record in the result rather than an exception, so one bad page never costs
the rest of its unit; only the writer decides what a failed unit means.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import pyarrow as pa

from orbat.errors import InputError
from orbat.model import Document, Extraction
from orbat.redirects import FORMAT as REDIRECT
from orbat.redirects import TABLE as STAGED
from orbat.redirects import staged_rows
from orbat.scale.units import FilterSpec, PageFilter, Unit
from orbat.store.rows import to_tables

BATCH = 200  # documents per part when a whole file is read (bounds memory, not speed)
MAX_WARNINGS = 50  # per part; a dump can produce millions, the rest are only counted
SPILL_BYTES = 64 << 20  # a pool result larger than this goes through a file, not a pipe

Tables = dict[str, pa.Table]


@dataclass
class UnitStats:
    pages: int = 0  # pages (or files) looked at
    matched: int = 0  # pages the prefilter kept (redirects apart)
    redirects: int = 0  # staged for `orbat.redirects.link`, not extracted here
    documents: int = 0  # extracted (redirects apart)
    claims: int = 0  # claims extracted, before de-duplication against the store
    errors: int = 0
    warnings: int = 0
    xml_bytes: int = 0  # decompressed bytes scanned (0 when unknown)
    seconds: float = 0.0  # worker time
    cpu: float = 0.0  # CPU seconds of the worker and its decompressor, for the budget per MB

    def add(self, other: UnitStats) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass
class Part:
    """A unit's rows, or a share of them: whole files come in batches, ranges in one part.

    `payload` is the tables themselves (in-process), Arrow IPC bytes (from a
    pool or Dask), the path of a spill file, or None when the rows went to a
    Parquet partition. Errors travel as dicts: `InputError` does not pickle.
    """

    unit: Unit
    index: int
    last: bool
    stats: UnitStats = field(default_factory=UnitStats)
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unknown_fields: Counter[str] = field(default_factory=Counter)
    payload: Tables | bytes | str | None = None
    failed: bool = False  # the unit could not be read at all: never recorded as done

    def tables(self) -> Tables:
        payload = self.payload
        if payload is None:
            return {}
        if isinstance(payload, dict):
            return payload
        if isinstance(payload, str):
            data = Path(payload).read_bytes()
            os.unlink(payload)
            return from_ipc(data)
        return from_ipc(payload)

    def input_errors(self) -> list[InputError]:
        return [error_from_dict(e) for e in self.errors]


def error_to_dict(err: InputError) -> dict[str, Any]:
    keys = ("origin", "message", "line", "column", "offset", "page")
    return {k: getattr(err, k, None) for k in keys}


def error_from_dict(data: dict[str, Any]) -> InputError:
    return InputError(
        data["origin"],
        data["message"],
        line=data.get("line"),
        column=data.get("column"),
        offset=data.get("offset"),
        page=data.get("page"),
    )


# --------------------------------------------------------------------------- Arrow IPC


def to_ipc(tables: Tables) -> bytes:
    """Tables as one pickled dict of Arrow IPC streams; empty tables are left out."""
    streams = {}
    for name, table in tables.items():
        if table.num_rows == 0:
            continue
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        streams[name] = sink.getvalue().to_pybytes()
    return pickle.dumps(streams, protocol=pickle.HIGHEST_PROTOCOL)


def from_ipc(data: bytes) -> Tables:
    streams = pickle.loads(data)
    return {name: pa.ipc.open_stream(raw).read_all() for name, raw in streams.items()}


# --------------------------------------------------------------------------- reading a unit


class _Collector:
    """Extractions of one part, with the errors and warnings they brought."""

    def __init__(self, unit: Unit, index: int) -> None:
        self.part = Part(unit, index, last=False)
        self.extractions: list[Extraction] = []
        self.redirects: list[Document] = []
        self.started = time.perf_counter()
        self.cpu = _cpu()

    def error(self, err: InputError) -> None:
        self.part.errors.append(error_to_dict(err))
        self.part.stats.errors += 1

    def document(self, doc: Document) -> None:
        # Imported here: the extractor pulls in language models the writer never needs.
        from orbat.extract import extract

        part = self.part
        if doc.format == REDIRECT:  # staged, not extracted: see orbat.redirects
            part.stats.redirects += 1
            self.redirects.append(doc)
            return
        part.stats.documents += 1
        try:
            ex = extract(doc)
        except InputError as err:
            self.error(err)
            return
        except Exception as exc:  # a bug in one rule must not lose the rest of the dump
            self.error(
                InputError(
                    part.unit.origin,
                    f"extraction failed: {type(exc).__name__}: {exc}",
                    page=doc.title,
                )
            )
            return
        part.stats.claims += len(ex.claims)
        part.stats.warnings += len(ex.warnings)
        room = MAX_WARNINGS - len(part.warnings)
        if room > 0:
            part.warnings.extend(f"{doc.origin}: {w}" for w in ex.warnings[:room])
        part.unknown_fields.update(ex.unknown_fields)
        self.extractions.append(ex)

    def finish(self, last: bool) -> Part:
        part = self.part
        part.last = last
        tables = to_tables(self.extractions)
        if self.redirects:
            tables[STAGED] = staged_rows(self.redirects)
        part.payload = tables
        part.stats.seconds = time.perf_counter() - self.started
        part.stats.cpu = _cpu() - self.cpu
        return part


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the lbzip2 decompressors)."""
    own = time.process_time()
    try:
        import resource
    except ImportError:  # not on Windows
        return own
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own + children.ru_utime + children.ru_stime


def iter_parts(unit: Unit, spec: FilterSpec) -> Iterator[Part]:
    """The unit's rows: one part for a range, batches of `BATCH` documents for a file."""
    if unit.is_range:
        yield _range_part(unit, spec)
    else:
        yield from _file_parts(unit, spec)


def _range_part(unit: Unit, spec: FilterSpec) -> Part:
    from orbat.scale.scan import scan_range
    from orbat.sources.wiki_pages import page_document

    assert unit.start is not None and unit.end is not None
    out = _Collector(unit, 0)
    items, scanned = scan_range(
        unit.path, unit.start, unit.end, spec, unit.origin, pages=unit.pages
    )
    for item in items:
        if isinstance(item, InputError):
            out.error(item)
        elif not item.text.strip() and not item.redirect:
            out.error(InputError(unit.origin, "the page is empty", page=item.title))
        else:
            out.document(page_document(item, unit.origin))
    part = out.finish(last=True)
    stats = part.stats
    stats.pages, stats.matched = scanned.pages, scanned.matched
    stats.redirects, stats.xml_bytes = scanned.redirects, scanned.xml_bytes
    return part


class _CountingFilter:
    """Counts the pages a streaming reader offers to the prefilter, for the page totals."""

    def __init__(self, prefilter: PageFilter) -> None:
        self.prefilter = prefilter
        self.seen = 0
        self.kept = 0

    def __call__(self, title: str, text: str) -> bool:
        self.seen += 1
        keep = self.prefilter(title, text)
        self.kept += bool(keep)
        return keep

    def take(self) -> tuple[int, int]:
        """(seen, kept) since the last call."""
        counts = self.seen, self.kept
        self.seen = self.kept = 0
        return counts


def _file_parts(unit: Unit, spec: FilterSpec) -> Iterator[Part]:
    from orbat.sources.files import DUMP_SUFFIXES, read_path

    # The documents name the path as given, as a plain ingest does; a worker
    # whose directory differs (another machine) reads the absolute path.
    source = Path(unit.origin)
    if os.path.abspath(unit.origin) != unit.path:
        source = Path(unit.path)
    inner = spec.prefilter()
    is_dump = unit.origin.lower().endswith(DUMP_SUFFIXES)
    counting = _CountingFilter(inner) if inner is not None and is_dump else None
    index = 0
    out = _Collector(unit, index)
    try:
        for item in read_path(source, prefilter=counting):
            if isinstance(item, InputError):
                out.error(item)
                continue
            out.document(item)
            if out.part.stats.documents + out.part.stats.redirects >= BATCH:
                yield _file_part(out, counting, last=False)
                index += 1
                out = _Collector(unit, index)
    except InputError as err:  # a reader that cannot go on; the documents before it stay
        out.error(err)
    except OSError as err:
        out.error(InputError(unit.origin, f"cannot read: {err}"))
    part = _file_part(out, counting, last=True)
    if index == 0 and not _is_bz2(unit.path):
        part.stats.xml_bytes = unit.size
    yield part


def _file_part(out: _Collector, counting: _CountingFilter | None, *, last: bool) -> Part:
    part = out.finish(last=last)
    stats = part.stats
    if counting is None:  # every page (or the one article) became a document or was staged
        stats.matched = stats.documents
        stats.pages = stats.documents + stats.redirects
    else:  # redirects bypass the prefilter
        seen, kept = counting.take()
        stats.pages, stats.matched = seen + stats.redirects, kept
    return part


def _is_bz2(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(3) == b"BZh"
    except OSError:
        return False


# --------------------------------------------------------------------------- task entry points


def run_unit(unit: Unit, spec: FilterSpec, spool: str | None = None) -> list[Part]:
    """A pool or Dask task: the unit's parts, their tables as Arrow IPC.

    Whole files can be large, so beyond `SPILL_BYTES` the parts go to files in
    `spool` (a local pool's temporary folder) instead of all through memory.
    """
    parts = []
    inline = 0
    for part in iter_parts(unit, spec):
        data = to_ipc(part.tables())
        if spool is not None and inline + len(data) > SPILL_BYTES:
            path = Path(spool) / f"{unit.unit_id}-{part.index:06d}.ipc"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            part.payload = str(path)
        else:
            part.payload = data
            inline += len(data)
        parts.append(part)
    return parts


def failed_part(unit: Unit, exc: BaseException) -> Part:
    """A unit whose task died (a crashed worker, a lost Dask worker): reported, not recorded."""
    part = Part(unit, 0, last=True, failed=True)
    part.errors.append(
        error_to_dict(
            InputError(
                unit.origin,
                f"could not process {unit.describe()}: {type(exc).__name__}: {exc}",
            )
        )
    )
    part.stats.errors = 1
    return part


def init_worker() -> None:
    """Pool initializer: leave Ctrl-C to the writer, and die with it.

    A SIGKILLed writer cannot shut its pool down, and workers blocked on their
    task queue would live on as orphans; a watchdog thread notices that the
    parent changed and exits.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="orbat-orphan-watch", daemon=True).start()
    warm_up()


_WARM_UP = """{{Infobox military unit
| name = Example Brigade
| active = 2012–2015
| country = Syria
| size = 1,000 (2013)
| commander1 = Ahmad Issa
}}
The '''Example Brigade''' is a Syrian rebel group founded in March 2012 by Ahmad Issa in Idlib.
It fought in the [[Battle of Aleppo (2012–2016)|Battle of Aleppo]] and had 1,000 fighters in 2013.

== History ==
In 2014 the group joined the [[Islamic Front (Syria)|Islamic Front]].
"""


def warm_up() -> None:
    """Load what extraction loads lazily (language models, gazetteers) before the first unit.

    The first page that needs them otherwise pays seconds, in every worker,
    and the unit holding it holds up the units committed after it.
    """
    import gc

    from orbat.extract import extract

    # A broken extractor shows on the real pages, with their names.
    with contextlib.suppress(Exception):
        extract(
            Document(text=_WARM_UP, title="Example Brigade", origin="warm-up", format="wikitext")
        )
    # What is loaded now lives as long as the worker: out of the collector's
    # sight, it is not traversed again at every collection (~10% of extraction's
    # CPU), and forked workers do not touch, and so copy, its pages. Collected
    # first: a long-lived Dask worker warms up at every ingest, and garbage
    # frozen would never be freed.
    gc.collect()
    gc.freeze()
    # A page's extraction makes ~10^5 short-lived objects; at the default
    # threshold (700) the collector runs ~2 times per page and takes ~4% of a
    # worker's CPU, at 10,000 about half that. Reference counting frees nearly
    # all of them anyway.
    gc.set_threshold(10_000, 10, 10)


def ready() -> bool:
    """A no-op task: the pool is started once it has run."""
    return True
