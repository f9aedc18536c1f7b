"""Ingest at dump scale: units, the byte scanner, engines, resuming and partitions."""

from __future__ import annotations

import bz2
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from orbat.errors import InputError
from orbat.ingest import STOP_AFTER_ENV, ingest, ingest_to_dir, load_dir
from orbat.redirects import staged
from orbat.scale.scan import coarse_pattern, decompressor, scan_range
from orbat.scale.units import (
    MIN_UNIT_BYTES,
    TAPER,
    UNIT_BYTES,
    UNITS_PER_DUMP,
    FilterSpec,
    Unit,
    dump_unit_bytes,
    group_ranges,
    plan_units,
)
from orbat.sources.mediawiki import iter_pages
from orbat.sources.multistream import stream_ranges
from orbat.store import Store
from orbat.store.rows import ENTITIES

try:
    import conftest_dumps as cd
except ModuleNotFoundError:  # tests/ became a package
    from tests import conftest_dumps as cd

UNIT = 50_000  # compressed bytes: the sample dump (~1 MB) becomes ~20 units
DECOMPRESSORS = ["python", *(["lbzip2"] if shutil.which("lbzip2") else [])]
SPECS = {
    "all": FilterSpec.all_pages(),
    "armed": FilterSpec.armed_groups(),
    "templates": FilterSpec.custom(["Infobox country", "Infobox settlement"]),
    "titles": FilterSpec.custom(["Syria"], ["Syria", "re:^A"]),
}
# Armed groups and redirects, found by parsing every page: cheap to extract.
TITLES = FilterSpec.custom((), ("re:^$",))
# Timestamps are when, not what: they differ between any two runs. Which
# spelling of an alias is stored (aliases.alias, for names that normalise
# alike) depends on set order in store/rows.py, so on the process's hash seed.
VOLATILE = {"ingested_at", "completed_at", "alias"}
TABLES = ("documents", "entities", "aliases", "claims", "sources", "ingest_units", "redirects")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not cd.SYRIA_XML.exists():
        pytest.skip("../shared is not beside the project")
    dump, _index = cd.build_sample_multistream(tmp_path_factory.mktemp("ms"), pages_per_stream=10)
    return dump


@pytest.fixture(scope="module")
def reference(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The sample read the plain way, as one stream without its index, in this process."""
    plain = tmp_path_factory.mktemp("plain") / "sample.xml.bz2"
    shutil.copy(sample, plain)
    db = plain.with_suffix(".duckdb")
    with Store(db) as store:
        report = ingest(store, [plain], prefilter=FilterSpec.armed_groups())
    assert report.units == 1 and not report.errors
    return snapshot(db, origin=(str(plain), str(sample)))


def snapshot(db: Path, origin: tuple[str, str] | None = None) -> dict[str, Any]:
    """Every row of every table, sorted, without timestamps; `origin` renames a path."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out: dict[str, Any] = {}
        for table in TABLES:
            cur = con.execute(f"SELECT * FROM {table}")
            cols = [d[0] for d in cur.description]
            keep = [i for i, c in enumerate(cols) if c not in VOLATILE]
            rows = []
            for row in cur.fetchall():
                values = [row[i] for i in keep]
                if origin is not None:
                    values = [
                        v.replace(origin[0], origin[1]) if isinstance(v, str) else v for v in values
                    ]
                rows.append(tuple(values))
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        con.close()


def without_units(snap: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in snap.items() if k != "ingest_units"}


# --------------------------------------------------------------------------- units


def test_units_are_stream_runs_with_stable_ids(sample: Path, tmp_path: Path) -> None:
    ranges = stream_ranges(sample)
    assert group_ranges(ranges, 1) == ranges
    assert group_ranges(ranges, 10**12) == [(ranges[0][0], ranges[-1][1])]
    grouped = group_ranges(ranges, UNIT)
    assert all(a[1] == b[0] for a, b in zip(grouped, grouped[1:], strict=False))
    assert (grouped[0][0], grouped[-1][1]) == (ranges[0][0], ranges[-1][1])
    head = grouped[: -len(TAPER) - 1]
    assert head and all(e - s >= UNIT for s, e in head)

    plan = plan_units([sample], UNIT)
    assert [(u.start, u.end) for u in plan.units] == grouped
    assert [u.ordinal for u in plan.units] == list(range(len(grouped)))
    assert plan.total_bytes == ranges[-1][1] - ranges[0][0]
    again = plan_units([sample], UNIT)
    assert [u.unit_id for u in again.units] == [u.unit_id for u in plan.units]
    assert len({u.unit_id for u in plan.units}) == len(plan.units)

    # A dump moved elsewhere is the same dump; the same bytes under another name are not.
    moved = tmp_path / sample.name
    shutil.copy(sample, moved)
    shutil.copy(sample.with_name("sample-multistream-index.txt.bz2"), tmp_path)
    assert [u.unit_id for u in plan_units([moved], UNIT).units] == [u.unit_id for u in plan.units]
    plain = tmp_path / "other.xml.bz2"
    shutil.copy(sample, plain)
    (whole,) = plan_units([plain], UNIT).units
    assert not whole.is_range and whole.size == plain.stat().st_size


def test_the_last_units_of_a_dump_are_smaller_so_that_no_worker_waits_long() -> None:
    k = 100_000
    ranges = [(i * k, (i + 1) * k) for i in range(200)]  # 200 streams of 100 kB
    sizes = [(e - s) // k for s, e in group_ranges(ranges, 4_000_000)]
    # Streams of 4 MB, the rest, then halving every two units: 1/2, 1/4, 1/8 and
    # 1/16 of a unit (at least MIN_TAIL_BYTES), each rounded up to whole streams.
    assert sizes == [40, 40, 40, 4, 20, 20, 10, 10, 5, 5, 3, 3]
    assert sum(sizes) == 200
    # Never less than one stream, however small the share.
    streams = [(i * 10**7, (i + 1) * 10**7) for i in range(12)]
    assert group_ranges(streams, 15 * 10**6)[-len(TAPER) :] == streams[-len(TAPER) :]


def test_small_dumps_get_smaller_units_whatever_the_workers() -> None:
    mb = 1 << 20
    assert dump_unit_bytes(23_000 * mb, UNIT_BYTES) == UNIT_BYTES  # the full English dump
    assert dump_unit_bytes(56 * mb, UNIT_BYTES) == 56 * mb // UNITS_PER_DUMP
    assert dump_unit_bytes(mb, UNIT_BYTES) == MIN_UNIT_BYTES
    assert dump_unit_bytes(56 * mb, 100_000) == 100_000  # asked for less: given less


def test_an_index_of_another_dump_falls_back_to_reading_the_whole_file(
    sample: Path, tmp_path: Path
) -> None:
    dump = tmp_path / "x-multistream.xml.bz2"
    shutil.copy(sample, dump)
    index = tmp_path / "x-multistream-index.txt"
    index.write_text("1:1:Nowhere\n")  # offset 1 is no stream start
    plan = plan_units([dump], UNIT)
    assert len(plan.units) == 1 and not plan.units[0].is_range
    assert "wrong index" in plan.warnings[0]


# --------------------------------------------------------------------------- scanning


def _scan_streams(dump: Path, spec: FilterSpec) -> tuple[list[Any], list[Any]]:
    """Every stream of a dump scanned as its own range: the items, and each range's stats."""
    got, stats = [], []
    for start, end in stream_ranges(dump):
        items, scanned = scan_range(str(dump), start, end, spec, str(dump))
        got.extend(items)
        stats.append(scanned)
    return got, stats


@pytest.mark.parametrize("method", DECOMPRESSORS)
@pytest.mark.parametrize("name", list(SPECS))
def test_scanner_keeps_exactly_the_pages_of_the_streaming_reader(
    sample: Path, name: str, method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORBAT_BZ2", method)
    spec = SPECS[name]
    expected = list(iter_pages(sample, prefilter=spec.prefilter()))
    got, stats = _scan_streams(sample, spec)
    assert got == expected
    assert sum(s.pages for s in stats) == len(list(iter_pages(sample, namespaces=None)))
    if name == "armed":
        assert decompressor() == ("python" if method == "python" else shutil.which("lbzip2"))


@pytest.mark.parametrize("unit_bytes", [1, UNIT, 10**12])
def test_units_know_their_pages_from_the_index(sample: Path, unit_bytes: int) -> None:
    """Workers take a range's page count from the index; it must be what scanning counts."""
    plan = plan_units([sample], unit_bytes)
    spec = SPECS["armed"]
    for unit in plan.units:
        assert unit.pages is not None and unit.pages > 0
        items, counted = scan_range(unit.path, unit.start, unit.end, spec, unit.origin)
        kept = list(items)
        items, told = scan_range(
            unit.path, unit.start, unit.end, spec, unit.origin, pages=unit.pages
        )
        assert list(items) == kept
        assert told.pages == counted.pages == unit.pages
    assert sum(u.pages or 0 for u in plan.units) == len(list(iter_pages(sample, namespaces=None)))


@pytest.mark.skipif(shutil.which("lbzip2") is None, reason="lbzip2 not installed")
@pytest.mark.parametrize(("chunk", "read_ahead"), [(1000, 1), (1000, 5000), (1 << 20, 1 << 30)])
def test_lbzip2_read_ahead_hands_on_every_byte_once(
    sample: Path, chunk: int, read_ahead: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches of one chunk, of several, and a whole unit give the same pages."""
    from orbat.scale import scan

    monkeypatch.setenv("ORBAT_BZ2", "lbzip2")
    monkeypatch.setattr(scan, "CHUNK", chunk)
    monkeypatch.setattr(scan, "READ_AHEAD", read_ahead)
    spec = SPECS["armed"]
    expected = list(iter_pages(sample, prefilter=spec.prefilter()))
    got, stats = _scan_streams(sample, spec)
    xml = sum(s.xml_bytes for s in stats)
    assert got == expected
    with bz2.open(sample) as whole:
        header = len(bz2.decompress(sample.read_bytes()[: stream_ranges(sample)[0][0]]))
        assert xml == len(whole.read()) - header


ODD_PAGES = {
    # title: (wikitext, kept by the armed-group filter)
    "Upper": ("{{INFOBOX MILITARY UNIT\n| name = A\n}}", True),
    "Mixed case": ("{{iNfObOx War_FACTION|name=A2}}", True),
    "Underscores": ("{{Template:Infobox_war_faction|name=B}}", True),
    "Nbsp": ("{{Infobox\u00a0militant organization|name=C}}", True),
    "Tabs": ("{{ infobox\t\tterrorist  organisation<!-- old -->|name=D}}", True),
    "Carriage return": ("{{Infobox\r\nnational military|name=E}}", True),  # &#13; in XML
    "Dotted I": ("{{\u0130nfobox m\u0131litary person|name=F}}", True),  # re's IGNORECASE
    "Kelvin and long s": ("{{Infobox terrori\u017ft organi\u017fation}} \u212a", True),
    "Personnel": ("{{Infobox military personnel|name=G}}", False),
    "Conflict": ("{{Infobox military conflict|name=H}}", False),
    "Escaped": ("<b>{{Infobox military unit</b>", True),
    "Plain": ('No infobox here & <nothing> "at all".', False),
}


def _page(title: str, text: str, n: int) -> Any:
    from orbat.sources.mediawiki import WikiPage

    return WikiPage(title, 0, n, n, "2020-01-01T00:00:00Z", text, None, "")


def test_scanner_handles_case_spacing_and_escapes(tmp_path: Path) -> None:
    mm = cd.make_multistream()
    pages = "".join(
        mm.page_xml(_page(title, text, n)) for n, (title, (text, _)) in enumerate(ODD_PAGES.items())
    )
    export = tmp_path / "odd.xml"
    export.write_text(mm.HEADER + pages + mm.FOOTER, encoding="utf-8")
    dump, _ = mm.build_multistream([export], tmp_path, pages_per_stream=3, name="odd")
    spec = FilterSpec.armed_groups()
    expected = list(iter_pages(dump, prefilter=spec.prefilter()))
    assert [p.title for p in expected] == [t for t, (_, kept) in ODD_PAGES.items() if kept]
    assert coarse_pattern(spec) is not None
    got = [p for s, e in stream_ranges(dump) for p in scan_range(str(dump), s, e, spec, "")[0]]
    assert [(p.title, p.text) for p in got] == [(p.title, p.text) for p in expected]


def test_a_malformed_page_among_candidates_is_an_error_of_that_page_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Candidates are parsed in batches; a batch with a bad page falls back to one by one."""
    from orbat.scale import scan
    from orbat.sources.mediawiki import WikiPage

    mm = cd.make_multistream()
    pages = [
        _page("Alpha", "{{Infobox military unit|name=A}}", 1),
        _page("Broken", "{{Infobox military unit|name=B}}", 2),
        _page("Gamma", "{{Infobox war faction|name=C}} &amp; more", 3),
        WikiPage("Delta", 0, 4, 4, "2020-01-01T00:00:00Z", "#REDIRECT [[Alpha]]", "Alpha", ""),
        _page("Plain", "No infobox here.", 5),
    ]
    xml = "".join(mm.page_xml(p) for p in pages)
    xml = xml.replace("name=B}}", "name=B <}}")  # a bare "<" in the text
    head, body = bz2.compress(mm.HEADER.encode()), bz2.compress(xml.encode())
    dump = tmp_path / "broken-multistream.xml.bz2"  # the builder would refuse the bad page
    dump.write_bytes(head + body + bz2.compress(mm.FOOTER.encode()))
    spec = FilterSpec.armed_groups()

    def read() -> list[Any]:
        out: list[Any] = []
        for start, end in [(len(head), len(head) + len(body))]:
            for item in scan_range(str(dump), start, end, spec, "")[0]:
                if isinstance(item, InputError):
                    out.append(("error", item.page, "malformed XML" in str(item)))
                else:
                    out.append((item.title, item.text, item.redirect))
        return out

    batched = read()
    monkeypatch.setattr(scan, "_BATCH_BYTES", 0)  # every page parsed on its own
    assert read() == batched
    assert batched == [
        ("Alpha", "{{Infobox military unit|name=A}}", None),
        ("error", "Broken", True),
        ("Gamma", "{{Infobox war faction|name=C}} &amp; more", None),
        ("Delta", "#REDIRECT [[Alpha]]", "Alpha"),
    ]


@pytest.mark.parametrize("method", DECOMPRESSORS)
def test_damaged_stream_is_an_error_of_its_unit_only(
    sample: Path, tmp_path: Path, method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORBAT_BZ2", method)
    dump = tmp_path / sample.name
    shutil.copy(sample, dump)
    shutil.copy(sample.with_name("sample-multistream-index.txt.bz2"), tmp_path)
    ranges = stream_ranges(dump)
    start, end = ranges[3]
    data = bytearray(dump.read_bytes())
    middle = (start + end) // 2
    data[middle : middle + 64] = bytes(64)
    dump.write_bytes(bytes(data))
    with Store(tmp_path / "kb.duckdb") as store:
        report = ingest(store, [dump], prefilter=TITLES, unit_bytes=1)
        assert len(report.errors) == 1
        assert f"bytes {start}-{end}" in str(report.errors[0])
        assert report.failed_files == {str(dump)}
        assert report.units == len(ranges) and report.units_failed == 0
        # the other 27 streams went in (their redirects staged, see orbat.redirects)
        assert store.counts()["documents"] + staged(store)[0] > 100
        # The damaged unit is committed with its error: a re-run reads nothing
        # again and still reports it, as the first run did.
        again = ingest(store, [dump], prefilter=TITLES, unit_bytes=1)
    assert again.units_skipped == again.units == len(ranges)
    assert [str(e) for e in again.errors] == [str(e) for e in report.errors]


# --------------------------------------------------------------------------- engines


def test_group_commit_leaves_the_rows_of_unit_by_unit_commits(sample: Path, tmp_path: Path) -> None:
    from orbat.scale.batch import merge
    from orbat.scale.worker import iter_parts

    units = plan_units([sample], UNIT).units
    batches = [p.tables() for u in units for p in iter_parts(u, FilterSpec.armed_groups())]
    batches += batches[::-1]  # every key again, in another order
    # The same entities seen with other names and kinds: upgrades only to stronger kinds.
    batches[3:3] = [
        {
            "entities": pa.Table.from_pylist(
                [
                    {"entity_id": f"Etest{i}", "name": f"{kind} {i}", "kind": kind}
                    for i, kind in enumerate(kinds)
                ],
                schema=ENTITIES,
            )
        }
        for kinds in (("other", "place"), ("organisation", "person"), ("battle", "other"))
    ]
    one_by_one, merged = tmp_path / "one.duckdb", tmp_path / "merged.duckdb"
    with Store(one_by_one) as store:
        for tables in batches:
            store.write_tables(tables)
    with Store(merged) as store:
        store.write_tables(merge(batches[:7]))
        store.write_tables(merge(batches[7:]))
    assert snapshot(merged) == snapshot(one_by_one)
    with Store(merged, read_only=True) as store:
        found = store.query("SELECT * FROM entities WHERE entity_id LIKE 'Etest%' ORDER BY 1")
    assert [(e["name"], e["kind"]) for e in found] == [("other 0", "battle"), ("place 1", "place")]


def test_merge_keeps_the_first_row_of_a_repeated_key_and_all_rows_otherwise() -> None:
    from orbat.scale.batch import merge

    def docs(*rows: tuple[str, int]) -> dict[str, pa.Table]:
        return {"documents": pa.table({"doc_id": [r[0] for r in rows], "v": [r[1] for r in rows]})}

    first, repeat, fresh = docs(("d1", 1), ("d2", 2)), docs(("d3", 3), ("d1", 4)), docs(("d4", 5))
    assert merge([first, repeat])["documents"].to_pylist() == [
        {"doc_id": "d1", "v": 1},
        {"doc_id": "d2", "v": 2},
        {"doc_id": "d3", "v": 3},
    ]
    assert merge([first, fresh])["documents"].to_pylist() == [
        {"doc_id": "d1", "v": 1},
        {"doc_id": "d2", "v": 2},
        {"doc_id": "d4", "v": 5},
    ]


def _ingest(db: Path, paths: list[Path], **options: Any) -> Any:
    with Store(db) as store:
        return ingest(store, paths, prefilter=FilterSpec.armed_groups(), **options)


def test_local_dask_workers_and_lbzip2_run_without_malloc_trim(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Set at all, MALLOC_TRIM_THRESHOLD_ cost workers and lbzip2 ~15-20% more CPU per MB.

    lbzip2 gets the heap tunables instead (see `orbat.scale.heap`).
    """
    from orbat.scale.dask_engine import DaskEngine
    from orbat.scale.heap import MALLOC_TRIM

    engine = DaskEngine(1)
    try:
        seen = engine.client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"))
    finally:
        engine.close()
    assert list(seen.values()) == [None]

    lbzip2 = shutil.which("lbzip2")
    if lbzip2 is None:
        pytest.skip("lbzip2 not installed")
    tool = tmp_path / "lbzip2-checked"  # fails where the variable reaches it
    tool.write_text(
        "#!/bin/sh\n"
        f'[ -z "${{{MALLOC_TRIM}+x}}" ] || exit 3\n'
        'case "$GLIBC_TUNABLES" in *glibc.malloc.hugetlb=1*) ;; *) exit 4 ;; esac\n'
        f'exec {lbzip2} "$@"\n'
    )
    tool.chmod(0o755)
    monkeypatch.setenv("ORBAT_BZ2", str(tool))
    monkeypatch.setenv(MALLOC_TRIM, "65536")
    start, end = stream_ranges(sample)[0]
    items, _ = scan_range(str(sample), start, end, SPECS["armed"], str(sample))
    assert not [i for i in items if isinstance(i, Exception)]


@pytest.mark.slow
def test_one_worker_two_workers_and_dask_write_the_same_rows(
    sample: Path, tmp_path: Path, reference: dict[str, Any]
) -> None:
    reports, snaps = {}, {}
    runs = {
        "one": {"workers": 1},
        "pool": {"workers": 2},
        "dask": {"workers": 2, "engine": "dask"},
    }
    for name, options in runs.items():
        db = tmp_path / f"{name}.duckdb"
        reports[name] = _ingest(db, [sample], unit_bytes=UNIT, **options)
        snaps[name] = snapshot(db)
    one = snaps["one"]
    assert len(one["claims"]) > 1000 and len(one["documents"]) > 40
    assert len(one["redirects"]) > 50  # staged: they point to pages the filter did not keep
    assert snaps["pool"] == one
    assert snaps["dask"] == one
    assert reports["pool"].workers == 2 and reports["dask"].workers == 2
    for report in reports.values():
        assert report.units == len(one["ingest_units"]) > 10
        assert report.pages_scanned == 277 and report.pages_matched == 46
        assert report.written.claims == len(one["claims"])
    # ... and the same as the plain streaming reader of the whole file.
    assert without_units(one) == without_units(reference)


@pytest.mark.slow
def test_partitions_written_by_workers_load_to_the_same_rows(
    sample: Path, tmp_path: Path, reference: dict[str, Any]
) -> None:
    out = tmp_path / "parts"
    spec = FilterSpec.armed_groups()
    report = ingest_to_dir([sample], out, prefilter=spec, workers=2, unit_bytes=UNIT)
    assert report.units > 10 and not report.errors
    assert (out / "units").is_dir() and list((out / "claims").glob("*.parquet"))
    again = ingest_to_dir([sample], out, prefilter=spec, workers=2, unit_bytes=UNIT)
    assert again.units_skipped == again.units  # every unit has its record already
    with pytest.raises(ValueError, match="another filter"):
        ingest_to_dir([sample], out, prefilter=FilterSpec.all_pages(), unit_bytes=UNIT)

    db = tmp_path / "loaded.duckdb"
    with Store(db) as store:
        loaded = load_dir(store, out)
        assert loaded.units == report.units and loaded.units_skipped == 0
        assert loaded.redirects == report.redirects > 0  # staged by the workers, counted on load
        assert load_dir(store, out).units_skipped == report.units
    direct = tmp_path / "direct.duckdb"
    _ingest(direct, [sample], unit_bytes=UNIT)
    assert snapshot(db) == snapshot(direct)
    assert without_units(snapshot(db)) == without_units(reference)


def test_resume_skips_committed_units_unless_the_filter_changes(
    sample: Path, tmp_path: Path
) -> None:
    db = tmp_path / "kb.duckdb"
    first = _ingest(db, [sample], unit_bytes=UNIT)
    assert first.units_skipped == 0 and first.written.claims > 0
    second = _ingest(db, [sample], unit_bytes=UNIT)
    assert second.units_skipped == second.units == first.units
    assert second.documents_read == 0 and second.written.claims == 0
    forced = _ingest(db, [sample], unit_bytes=UNIT, resume=False)
    assert forced.documents_read == first.documents_read and forced.written.claims == 0
    with Store(db) as store:
        other = ingest(store, [sample], prefilter=SPECS["templates"], unit_bytes=UNIT)
    assert other.units_skipped == 0 and other.documents_read > first.documents_read


def test_a_lambda_filter_runs_in_process_and_is_not_recorded(sample: Path, tmp_path: Path) -> None:
    with Store(tmp_path / "kb.duckdb") as store:
        report = ingest(store, [sample], prefilter=lambda title, _text: "Syria" in title)
        assert report.documents_read > 0
        assert store.query("SELECT count(*) AS n FROM ingest_units")[0]["n"] == 0
        with pytest.raises(ValueError, match="cannot be sent"):
            ingest(store, [sample], prefilter=lambda t, _x: True, workers=2, unit_bytes=UNIT)


def test_big_results_of_a_pool_go_through_spill_files(
    sample: Path, reference: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from orbat.scale import worker

    plain = tmp_path / "plain.xml.bz2"
    shutil.copy(sample, plain)
    (unit,) = plan_units([plain]).units
    monkeypatch.setattr(worker, "BATCH", 40)
    monkeypatch.setattr(worker, "SPILL_BYTES", 0)
    spec = FilterSpec.armed_groups()
    parts = worker.run_unit(unit, spec, spool=str(tmp_path))
    assert len(parts) > 2 and [p.last for p in parts] == [False] * (len(parts) - 1) + [True]
    assert all(isinstance(p.payload, str) for p in parts)
    tables = [p.tables() for p in parts]
    rows = sum(t["documents"].num_rows for t in tables if "documents" in t)
    assert rows == len(reference["documents"])
    assert not list(tmp_path.glob("*.ipc"))  # read once, then removed
    inline = worker.run_unit(unit, spec)
    assert all(isinstance(p.payload, bytes) for p in inline)


# --------------------------------------------------------------------------- kill and resume


def _orbat(*args: str) -> list[str]:
    return [sys.executable, "-c", "from orbat.cli import app; app()", *args]


@pytest.mark.slow
def test_killed_ingest_resumes_to_the_same_rows(sample: Path, tmp_path: Path) -> None:
    args = ["ingest", "--workers", "2", "--unit-mb", "0.01", str(sample)]
    env = {**os.environ, "COLUMNS": "200"}
    clean_db = tmp_path / "clean.duckdb"
    clean = subprocess.run(
        _orbat(*args, "--db", str(clean_db)), capture_output=True, text=True, env=env
    )
    assert clean.returncode in (0, 1), clean.stderr  # 1: some pages did not extract

    killed_db = tmp_path / "killed.duckdb"
    log = tmp_path / "stderr.log"
    with open(log, "wb") as stderr:
        proc = subprocess.Popen(
            _orbat(*args, "--db", str(killed_db)),
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            # The writer commits three units, then waits: killed midway, whatever the timing.
            env={**env, STOP_AFTER_ENV: "3"},
            start_new_session=True,  # the pool's workers go down with it, as in a crash
        )
        try:
            deadline = time.monotonic() + 120
            while "waiting to be killed" not in log.read_text(errors="replace"):
                assert proc.poll() is None, log.read_text(errors="replace")
                assert time.monotonic() < deadline, "no unit was committed in 120 s"
                time.sleep(0.05)
            os.killpg(proc.pid, signal.SIGKILL)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == -signal.SIGKILL

    total = len(plan_units([sample], int(0.01 * (1 << 20))).units)
    partial = snapshot(killed_db)
    assert len(partial["ingest_units"]) == 3 < total

    resumed = subprocess.run(
        _orbat(*args, "--db", str(killed_db)), capture_output=True, text=True, env=env
    )
    final, expected = snapshot(killed_db), snapshot(clean_db)
    if {u[1] for u in final["ingest_units"]} != {u[1] for u in expected["ingest_units"]}:
        pytest.skip("the extraction code changed while this test ran (its config differs)")
    assert resumed.returncode == clean.returncode, resumed.stderr
    assert f"{len(partial['ingest_units'])} already done" in resumed.stdout
    assert len(final["ingest_units"]) == total
    assert {k: len(v) for k, v in final.items()} == {k: len(v) for k, v in expected.items()}
    assert final == expected
    con = duckdb.connect(str(killed_db), read_only=True)
    try:
        n, distinct = con.execute(
            "SELECT count(*), count(DISTINCT claim_id) FROM claims"
        ).fetchone()
    finally:
        con.close()
    assert n == distinct


# --------------------------------------------------------------------------- command line


def test_cli_out_and_load(sample: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from orbat.cli import app

    runner = CliRunner()
    out, db = tmp_path / "parts", tmp_path / "kb.duckdb"
    common = ["--workers", "1", "--unit-mb", "0.05", str(sample)]
    r = runner.invoke(app, ["ingest", "--out", str(out), *common])
    assert r.exit_code in (0, 1), r.output
    assert "orbat load" in r.output and "pages scanned" in r.output
    r = runner.invoke(app, ["load", "--db", str(db), str(out)])
    assert r.exit_code in (0, 1), r.output
    assert "loaded" in r.output and "+0 claims" not in r.output
    r = runner.invoke(app, ["ingest", "--db", str(db), *common])
    assert "already done" in r.output and "+0 claims" in r.output
    r = runner.invoke(app, ["load", "--db", str(db), str(tmp_path / "nothing")])
    assert r.exit_code == 2


def test_a_writer_waiting_on_a_slow_unit_hears_so_every_poll() -> None:
    """The writer commits what it holds while a slow unit runs, not after it."""
    from concurrent.futures import FIRST_COMPLETED, Future, wait

    from orbat.scale.pool import POLL_SECONDS, ordered
    from orbat.scale.worker import Part

    unit = plan_units([Path(__file__)]).units[0]
    slow: Future[list[Part]] = Future()
    done = Part(unit, 0, last=True)
    timer = threading.Timer(4 * POLL_SECONDS, slow.set_result, [[done]])
    timer.start()
    try:
        out = list(
            ordered(
                [unit],
                lambda _unit: slow,
                lambda fs: wait(fs, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED).done,
                Future.result,
                window=1,
            )
        )
    finally:
        timer.cancel()
    assert out[-1] is done
    assert out.count(None) >= 3  # not one None, then silence until the unit ends


@pytest.mark.parametrize(("finishing", "commits"), [(0, [6]), (2, [4, 1, 1])])
def test_the_writer_commits_at_every_pause_once_only_the_last_units_are_left(
    tmp_path: Path, finishing: int, commits: list[int]
) -> None:
    """Near the end what the writer holds goes in while the last units run, not after them."""
    from orbat.ingest import Report, _Files, _write
    from orbat.scale.worker import Part

    units = [
        Unit(f"u{i}", str(tmp_path / f"{i}.txt"), f"{i}.txt", None, None, 1, i) for i in range(6)
    ]
    stream: list[Part | None] = []
    for unit in units:
        stream += [Part(unit, 0, last=True), None]  # a pause after every unit
    done: list[int] = []  # units through, at each commit

    def emit(event: str, amount: int) -> None:
        if event == "claims":
            done.append(0)
        elif event == "unit":
            done[-1] += amount

    with Store(tmp_path / "kb.duckdb") as store:
        _write(store, iter(stream), None, Report(), emit, _Files(units, emit), finishing)
    assert done == commits


@pytest.mark.parametrize("method", DECOMPRESSORS)
def test_a_range_past_the_end_of_the_file_is_an_error_naming_the_byte(
    sample: Path, method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from orbat.scale.scan import decompress_range

    monkeypatch.setenv("ORBAT_BZ2", method)
    start, end = stream_ranges(sample)[-1]
    size = sample.stat().st_size
    with pytest.raises(InputError, match=f"file ends at byte {size}, before {size + 100}"):
        for _ in decompress_range(str(sample), start, size + 100, "dump.xml.bz2"):
            pass
