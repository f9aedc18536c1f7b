"""How close does `orbat ingest` get to the bz2 decompression floor on a multistream dump?

Builds a Wikipedia-format multistream dump (default 200 MB of XML) from the
shared samples, then measures, in one run and on the same file:

- the floor: `lbzip2 -dc -n2 FILE > /dev/null`, both cores decompressing;
- `orbat ingest --workers 2` (local process pool) and `--engine dask` (a
  2-worker LocalCluster), the targets being 0.7x and 0.6x the floor in MB/s of
  XML, with the writer's peak RSS under 1 GB;
- `--workers 1` on the ranges, and the plain single-process streaming reader
  (the same file without its index), whose peak memory issue 3 bounds at 500 MB.

The samples are mostly armed-group pages; repeated as they are, about 1 page
in 6 passes the filter, 10x the share of English Wikipedia (~60k pages in
~100 GB of XML, 0.6 per MB), and extraction, not decompression, sets the pace.
So three dumps are measured (`--mixes`): "wikipedia" (the other sample pages,
with armed-group pages inserted at `--matched-per-mb`), "none" (no armed-group
page: what the machinery itself costs) and "naive" (the samples repeated as
they are, as bench/make_multistream.py builds them). The first also gets a
CPU budget per stage, measured in one process.

    python bench/dump_scan.py                 # writes the tables into bench/RESULTS.md
    python bench/dump_scan.py --mb 1000 --mixes wikipedia --no-write

Timings are wall-clock of whole commands (Python start, planning and worker
start-up included) and, for ingests, also the ingest's own reading-and-writing
time ("steady"), which is what a 100 GB dump would see. Nothing here is a
test: the numbers depend on the machine and on what else it runs.
"""

from __future__ import annotations

import argparse
import bz2
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
try:
    import orbat  # noqa: F401
except ModuleNotFoundError:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))

import make_multistream as mm  # noqa: E402

from orbat.sources.mediawiki import WikiPage, armed_group_prefilter  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
BEGIN, END = "<!-- dump_scan:begin -->", "<!-- dump_scan:end -->"
ENWIKI_MATCHED_PER_MB = 0.6

# Runs the CLI in this interpreter and reports the peak RSS of exactly this
# process (VmHWM), which is the writer: workers are other processes.
WRAPPER = """
import json, os, re, sys
from orbat.cli import app
code = 0
try:
    result = app(sys.argv[1:], standalone_mode=False, prog_name="orbat")
    code = result if isinstance(result, int) else 0
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else 1
status = open("/proc/self/status").read()
hwm = int(re.search(r"VmHWM:\\s*(\\d+) kB", status).group(1)) * 1024
with open(os.environ["ORBAT_BENCH_STATS"], "w") as f:
    json.dump({"code": code, "writer_rss": hwm}, f)
sys.exit(code)
"""


# --------------------------------------------------------------------------- the dump


def _pages_by_kind() -> tuple[list[WikiPage], list[WikiPage]]:
    pages = mm._sample_pages(mm.DEFAULT_SOURCES)
    matched = [
        p
        for p in pages
        if p.namespace == 0 and p.redirect is None and armed_group_prefilter(p.title, p.text)
    ]
    kept = {id(p) for p in matched}
    return matched, [p for p in pages if id(p) not in kept]


def _entries(target: int, matched_per_mb: float) -> Iterator[tuple[int, str, str]]:
    """(page_id, title, xml): the other pages in turn, armed-group pages at the given rate."""
    matched, others = _pages_by_kind()
    next_id = max(p.page_id or 0 for p in matched + others) + 1
    written = len(mm.HEADER) + len(mm.FOOTER)
    n_matched = 0
    for copy in range(10**9):
        for page in others:
            yield_page = [(page, f"{page.title} (copy {copy})" if copy else page.title)]
            if n_matched < matched_per_mb * written / 1e6:
                m = matched[n_matched % len(matched)]
                turn = n_matched // len(matched)
                yield_page.append((m, f"{m.title} (copy {turn})" if turn else m.title))
                n_matched += 1
            for p, title in yield_page:
                xml = mm.page_xml(p, title=title, page_id=next_id, revision_id=next_id)
                next_id += 1
                written += len(xml.encode())
                yield next_id - 1, title, xml
            if written >= target:
                return


def build_dump(out: Path, mb: float, matched_per_mb: float | None) -> tuple[Path, Path]:
    """A multistream dump and its index; None for the samples repeated as they are."""
    target = int(mb * 1e6)
    name = "naive" if matched_per_mb is None else f"dense{matched_per_mb:g}"
    dump = out / f"{name}-{mb:g}-multistream.xml.bz2"
    index = out / f"{name}-{mb:g}-multistream-index.txt.bz2"
    if dump.exists() and index.exists():
        return dump, index
    if matched_per_mb is None:
        built = mm.build_multistream(mm.DEFAULT_SOURCES, out, target_bytes=target, name="tmp")
        built[0].rename(dump)
        built[1].rename(index)
        return dump, index
    with open(dump, "wb") as f, bz2.open(index, "wt", encoding="utf-8") as idx:
        f.write(bz2.compress(mm.HEADER.encode(), 9))
        batch: list[str] = []
        offset = f.tell()
        for page_id, title, xml in _entries(target, matched_per_mb):
            if not batch:
                offset = f.tell()
            idx.write(f"{offset}:{page_id}:{title}\n")
            batch.append(xml)
            if len(batch) == 100:
                f.write(bz2.compress("".join(batch).encode(), 9))
                batch = []
        if batch:
            f.write(bz2.compress("".join(batch).encode(), 9))
        f.write(bz2.compress(mm.FOOTER.encode(), 9))
    return dump, index


def xml_size(dump: Path) -> tuple[int, int]:
    """Decompressed bytes and <page> count, read once."""
    size = pages = 0
    tail = b""
    with bz2.open(dump, "rb") as f:
        while chunk := f.read(8 << 20):
            size += len(chunk)
            pages += (tail + chunk).count(b"<page>")
            tail = chunk[-5:]
    return size, pages


# --------------------------------------------------------------------------- measuring


@dataclass
class Run:
    name: str
    command: str
    seconds: list[float] = field(default_factory=list)
    writer_rss: int | None = None  # bytes
    tree_rss: int = 0  # peak of the summed RSS of every process of the run (sampled)
    steady_mb_s: float | None = None
    steady: list[float] = field(default_factory=list)  # every run's, in order
    # For each run, the floor runs just before and after it (indices into the
    # floor's `seconds`): on a machine whose speed drifts within minutes, a
    # ratio to its neighbours is steadier than one to the best floor of all.
    neighbours: list[tuple[int, int]] = field(default_factory=list)
    cpu_ms: float | None = None  # worker CPU per MB, as the ingest reports it
    claims: int | None = None
    matched: int | None = None
    code: int = 0

    @property
    def best(self) -> float:
        return min(self.seconds)


def _session_rss(sid: int) -> int:
    total = 0
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[3]) != sid:  # session id
                continue
            total += int(Path(f"/proc/{entry}/statm").read_text().split()[1]) * page
        except (OSError, ValueError, IndexError):
            continue
    return total


def measure(cmd: list[str], stdout: int | None = None) -> tuple[float, int, str, int]:
    """Wall seconds, peak summed RSS of the process tree, stdout, exit status."""
    peak = 0
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.2):
            peak = max(peak, _session_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    text = (out or b"").decode(errors="replace") + (err or b"").decode(errors="replace")
    return elapsed, peak, text, proc.returncode


def floor(dump: Path, repeat: int, run: Run | None = None) -> Run:
    run = run or Run("floor: `lbzip2 -dc -n2`", f"lbzip2 -dc -n2 {dump.name} > /dev/null")
    for _ in range(repeat):
        with open(os.devnull, "wb") as null:
            cmd = ["lbzip2", "-dc", "-n2", str(dump)]
            seconds, peak, _, code = measure(cmd, stdout=null.fileno())
        run.seconds.append(seconds)
        run.tree_rss = max(run.tree_rss, peak)
        if code:
            raise SystemExit(f"lbzip2 failed with status {code}")
    return run


def ingest(
    name: str, dump: Path, options: list[str], repeat: int, work: Path, run: Run | None = None
) -> Run:
    shown = " ".join(["orbat ingest", *options, dump.name])
    run = run or Run(name, shown)
    for _ in range(repeat):
        db = work / "bench.duckdb"
        for p in (db, db.with_suffix(".duckdb.wal")):
            p.unlink(missing_ok=True)
        stats = work / "stats.json"
        # Resolution is a pass over the whole graph after the last unit, not
        # reading: it is timed on its own (`resolve_after`), not in MB/s.
        env_cmd = [sys.executable, "-c", WRAPPER, "ingest", "--db", str(db), "--no-resolve"]
        env_cmd += [*options, str(dump)]
        os.environ["ORBAT_BENCH_STATS"] = str(stats)
        os.environ["COLUMNS"] = "300"  # one line per message, for the figures parsed below
        seconds, peak, text, code = measure(env_cmd)
        data = json.loads(stats.read_text())
        run.seconds.append(seconds)
        run.tree_rss = max(run.tree_rss, peak)
        run.writer_rss = max(run.writer_rss or 0, data["writer_rss"])
        run.code = code
        if (m := re.search(r"at ([\d,.]+) MB/s", text)) is not None:
            steady = float(m.group(1).replace(",", ""))
            run.steady_mb_s = max(run.steady_mb_s or 0.0, steady)
            run.steady.append(steady)
        if (m := re.search(r"\(([\d,.]+) ms of worker CPU per MB\)", text)) is not None:
            cpu = float(m.group(1).replace(",", ""))
            run.cpu_ms = min(run.cpu_ms or cpu, cpu)
        if (m := re.search(r"\+(\d+) claims", text)) is not None:
            run.claims = int(m.group(1))
        if (m := re.search(r"([\d,]+) matched", text)) is not None:
            run.matched = int(m.group(1).replace(",", ""))
        if code not in (0, 1):  # 1: some pages failed to extract, reported per page
            raise SystemExit(f"{shown} failed ({code}):\n{text[-3000:]}")
    return run


# --------------------------------------------------------------------------- reporting


def resolve_after(work: Path) -> str:
    """`orbat resolve` on the knowledge base the last ingest left: its seconds and peak RSS."""
    db = work / "bench.duckdb"
    stats = work / "stats.json"
    os.environ["ORBAT_BENCH_STATS"] = str(stats)
    cmd = [sys.executable, "-c", WRAPPER, "resolve", "--db", str(db)]
    seconds, _peak, text, code = measure(cmd)
    if code != 0:
        raise SystemExit(f"orbat resolve failed ({code}):\n{text[-3000:]}")
    rss = json.loads(stats.read_text())["writer_rss"]
    return (
        f"\n\nThe ingests above ran with `--no-resolve`; `orbat resolve` on the result took "
        f"{seconds:.1f} s (peak RSS {_mb(rss)}), once per ingest whatever the dump's size "
        "in MB, as it works on the entities found, not on the XML."
    )


def _mb(n: int | None) -> str:
    return "—" if not n else f"{n / 1e6:,.0f} MB"


def table(runs: list[Run], floor_run: Run, xml: int, pages: int) -> str:
    floor_rate = xml / 1e6 / floor_run.best
    lines = [
        "| run | MB/s (wall) | × floor | MB/s (steady) | × floor | × neighbouring floors "
        "| pages/s | worker CPU ms/MB | writer peak RSS | all processes peak RSS | matched "
        "| claims written |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        rate = xml / 1e6 / run.best
        steady = run.steady_mb_s
        paired = paired_ratios(run, floor_run, xml)
        lines.append(
            f"| {run.name} | {rate:,.1f} | {rate / floor_rate:.2f} | "
            f"{'—' if steady is None else f'{steady:,.1f}'} | "
            f"{'—' if steady is None else f'{steady / floor_rate:.2f}'} | "
            f"{'—' if not paired else _paired(paired)} | "
            f"{pages / run.best:,.0f} | {'—' if run.cpu_ms is None else f'{run.cpu_ms:,.0f}'} | "
            f"{_mb(run.writer_rss)} | {_mb(run.tree_rss)} | "
            f"{'—' if run.matched is None else f'{run.matched:,}'} | "
            f"{'—' if run.claims is None else f'{run.claims:,}'} |"
        )
    return "\n".join(lines)


def paired_ratios(run: Run, floor_run: Run, xml: int) -> list[float]:
    """Each run's steady MB/s over the mean rate of the two floor runs around it."""
    if len(run.steady) != len(run.neighbours):
        return []
    out = []
    for steady, (before, after) in zip(run.steady, run.neighbours, strict=True):
        rates = [xml / 1e6 / floor_run.seconds[i] for i in (before, after)]
        out.append(steady / statistics.mean(rates))
    return out


def _paired(ratios: list[float]) -> str:
    shown = ", ".join(f"{r:.2f}" for r in ratios)
    return f"{statistics.median(ratios):.2f} ({shown})"


def conditions() -> str:
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor() or "unknown CPU"
    lbzip2 = subprocess.run(["lbzip2", "--version"], capture_output=True, text=True)
    version = (lbzip2.stdout or lbzip2.stderr).splitlines()[0] if lbzip2.returncode == 0 else "?"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {version}; "
        f"load average {load}"
    )


def write_results(section: str) -> None:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
    block = f"{BEGIN}\n{section}\n{END}"
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def budget(dump: Path, unit_mb: float | None) -> str:
    """CPU per MB of XML for each stage, in this process, over the whole dump."""
    from orbat.extract import extract
    from orbat.redirects import TABLE as STAGED
    from orbat.redirects import link, staged_rows
    from orbat.scale.batch import merge
    from orbat.scale.resume import TABLE, unit_record
    from orbat.scale.scan import scan_range
    from orbat.scale.units import UNIT_BYTES, FilterSpec, plan_units
    from orbat.scale.worker import UnitStats, from_ipc, to_ipc, warm_up
    from orbat.sources.wiki_pages import page_document
    from orbat.store import Store
    from orbat.store.rows import to_tables

    warm_up()
    unit_bytes = int(unit_mb * (1 << 20)) if unit_mb else UNIT_BYTES
    plan = plan_units([dump], unit_bytes)
    spec = FilterSpec.armed_groups()
    cpu = dict.fromkeys(
        ["decompress (lbzip2 -n1)", "scan and cut pages", "extract", "rows", "IPC", "write"], 0.0
    )
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    db = dump.with_name("budget.duckdb")
    db.unlink(missing_ok=True)
    xml = matched = held_xml = 0
    held: list[dict] = []
    with Store(db) as store:
        for unit in plan.units:
            t = time.process_time()
            items, stats = scan_range(
                unit.path, unit.start, unit.end, spec, unit.origin, pages=unit.pages
            )
            pages = [p for p in items if not isinstance(p, Exception)]
            cpu["scan and cut pages"] += time.process_time() - t
            t = time.process_time()
            extractions = []
            redirects = []
            for page in pages:
                doc = page_document(page, unit.origin)
                if page.redirect:  # staged, as a worker does; linked after the last unit
                    redirects.append(doc)
                    continue
                try:
                    extractions.append(extract(doc))
                except Exception:  # noqa: BLE001 - counted by the ingest runs, not here
                    continue
            cpu["extract"] += time.process_time() - t
            t = time.process_time()
            tables = to_tables(extractions)
            tables[STAGED] = staged_rows(redirects)
            cpu["rows"] += time.process_time() - t
            t = time.process_time()
            tables = from_ipc(to_ipc(tables))
            cpu["IPC"] += time.process_time() - t
            t = time.process_time()
            tables[TABLE] = unit_record(unit, "budget", UnitStats(), [])
            held.append(tables)
            held_xml += stats.xml_bytes
            # The writer commits once a second (ingest.COMMIT_SECONDS): at the
            # speeds measured here, about every 50 MB of XML.
            if held_xml >= 50e6:
                store.write_tables(merge(held))
                held, held_xml = [], 0
            cpu["write"] += time.process_time() - t
            xml += stats.xml_bytes
            matched += stats.matched
        t = time.process_time()
        if held:
            store.write_tables(merge(held))
        cpu["write"] += time.process_time() - t
        t = time.process_time()
        link(store)
        cpu["write"] += time.process_time() - t
    db.unlink(missing_ok=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu["decompress (lbzip2 -n1)"] = (after.ru_utime + after.ru_stime) - (
        children.ru_utime + children.ru_stime
    )
    mb = xml / 1e6
    total = sum(cpu.values())
    lines = ["| stage | CPU s | ms per MB of XML | share |", "|---|---:|---:|---:|"]
    for stage, seconds in cpu.items():
        lines.append(
            f"| {stage} | {seconds:.2f} | {seconds / mb * 1000:.1f} | {seconds / total:.0%} |"
        )
    lines.append(f"| total | {total:.2f} | {total / mb * 1000:.1f} | |")
    ceiling = cpu["decompress (lbzip2 -n1)"] / total
    return (
        "\n".join(lines)
        + f"\n\n{matched} pages matched. The floor spends all of its CPU on decompression, "
        "an ingest only part of it, so with every core busy an ingest reaches at most "
        f"decompression / total = **{ceiling:.2f}× the floor** on this mix."
    )


MIXES = {
    "wikipedia": "Wikipedia's density: {d:g} armed-group pages per MB",
    "none": "no armed-group page: the machinery alone (scan, redirects, writer)",
    "naive": "the samples repeated as they are: ~1 page in 6 an armed group",
}


def measure_mix(
    mix: str, args: argparse.Namespace, work: Path, unit: list[str], full: bool
) -> tuple[str, list[Run]]:
    density = {"wikipedia": args.matched_per_mb, "none": 0.0, "naive": None}[mix]
    started = time.perf_counter()
    dump, _index = build_dump(work, args.mb, density)
    xml, pages = xml_size(dump)
    print(
        f"{dump}: {xml / 1e6:.0f} MB of XML, {pages:,} pages, {dump.stat().st_size / 1e6:.0f} MB"
        f" (built/read in {time.perf_counter() - started:.0f} s)",
        flush=True,
    )
    # Interleaved, so that a busy minute on a shared machine hits the floor and
    # the ingests alike; the best run of each counts.
    floor_run = floor(dump, 1)
    pool = Run("`--workers 2`", f"orbat ingest --workers 2 {dump.name}")
    dask = Run(
        "`--engine dask` (LocalCluster, 2 workers)",
        f"orbat ingest --engine dask --workers 2 {dump.name}",
    )
    for _ in range(args.repeat):
        engines = ((pool, ["--workers", "2"]), (dask, ["--engine", "dask", "--workers", "2"]))
        for run, engine in engines:
            before = len(floor_run.seconds) - 1
            ingest(run.name, dump, [*engine, *unit], 1, work, run)
            floor(dump, 1, floor_run)
            run.neighbours.append((before, before + 1))
    runs = [floor_run, pool, dask]
    if full:
        runs.append(ingest("`--workers 1` (ranges)", dump, ["--workers", "1", *unit], 1, work))
        stream = work / f"stream-{dump.name.replace('-multistream', '')}"
        if not stream.exists():
            stream.symlink_to(dump)  # no index beside this name: read as one stream
        name = "single-process streaming (no index)"
        runs.append(ingest(name, stream, ["--workers", "1"], 1, work))
    for run in runs:
        print(f"  {run.name}: {[round(s, 2) for s in run.seconds]} s", flush=True)
    resolve_line = resolve_after(work) if full else ""
    title = MIXES[mix].format(d=density or 0)
    floor_rate = xml / 1e6 / floor_run.best
    median = xml / 1e6 / statistics.median(floor_run.seconds)
    text = (
        f"#### {title}\n\n{xml / 1e6:.0f} MB of XML, {pages:,} pages, "
        f"{dump.stat().st_size / 1e6:.0f} MB of bz2 in streams of 100 pages. "
        f"Floor {floor_rate:.1f} MB/s (median {median:.1f}).\n\n"
        + table(runs, floor_run, xml, pages)
        + resolve_line
    )
    if full and args.budget:
        text += "\n\nCPU by stage, one process, same dump:\n\n" + budget(dump, args.unit_mb)
    return text, runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=200, help="MB of XML (default 200)")
    parser.add_argument(
        "--matched-per-mb",
        type=float,
        default=ENWIKI_MATCHED_PER_MB,
        help="armed-group pages per MB of XML in the main mix (English Wikipedia: ~0.6)",
    )
    parser.add_argument(
        "--mixes",
        default="wikipedia,none,naive",
        help="which dumps to build and measure, of: wikipedia, none, naive",
    )
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best counts")
    parser.add_argument("--unit-mb", type=float, default=None, help="passed to orbat ingest")
    parser.add_argument("--no-budget", dest="budget", action="store_false", help="skip it")
    parser.add_argument("--work", type=Path, default=None, help="folder for dumps and databases")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    if shutil.which("lbzip2") is None:
        raise SystemExit("lbzip2 is needed for the floor: make sysdeps (apt-get install lbzip2)")
    work = args.work or Path(tempfile.gettempdir()) / "orbat-dump-scan"
    work.mkdir(parents=True, exist_ok=True)
    unit = ["--unit-mb", str(args.unit_mb)] if args.unit_mb else []
    mixes = [m.strip() for m in args.mixes.split(",") if m.strip()]
    unknown = set(mixes) - set(MIXES)
    if unknown:
        raise SystemExit(f"unknown mix(es): {', '.join(sorted(unknown))}")

    before = conditions()
    print(before, flush=True)
    sections = []
    for i, mix in enumerate(mixes):
        text, _runs = measure_mix(mix, args, work, unit, full=i == 0)
        sections.append(text)
    command = "python bench/dump_scan.py " + " ".join(argv if argv is not None else sys.argv[1:])
    load_after = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    section = (
        f"### Dump scan, {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}\n\n"
        f"`{command.strip()}`\n\n"
        f"Machine: {before}; load average after: {load_after}. Best of {args.repeat} for "
        f"`--workers 2` and Dask, of {2 * args.repeat + 1} for the floor (interleaved with "
        "them), one run otherwise. "
        "MB/s are of uncompressed XML. Wall: the whole command (interpreter, plan, worker "
        "start-up included). Steady: the ingest's own reading-and-writing time as it reports it, "
        "what a 100 GB dump would see. × neighbouring floors: each run's steady MB/s over the "
        "mean of the two floor runs just before and after it, median (and each run's); steadier "
        "than best against best when the machine's speed drifts. Writer peak RSS: VmHWM of the "
        "`orbat` process, the only one that opens DuckDB; all processes: the summed RSS of the "
        "command's process tree, sampled every 0.2 s (lbzip2 for the floor; writer, workers and "
        "their lbzip2 otherwise)."
        "\n\n" + "\n\n".join(sections)
    )
    print(section)
    if not args.no_write:
        write_results(section)
        print(f"written to {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
