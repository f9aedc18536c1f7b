"""The `orbat` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(
    name="orbat",
    help=(
        "Build a sourced, time-aware knowledge base of armed groups from articles.\n\n"
        "Start with `orbat ingest PATH` (articles, wikitext pages or Wikipedia dumps), then "
        "`orbat show NAME`. Every claim keeps the document, section, span and quote it came from."
    ),
    no_args_is_help=True,
    rich_markup_mode="markdown",
)
console = Console()
err = Console(stderr=True)

DbOption = Annotated[
    Path, typer.Option("--db", help="The knowledge base file (DuckDB).", envvar="ORBAT_DB")
]
DEFAULT_DB = Path("orbat.duckdb")


def _open(db: Path, read_only: bool = True):  # noqa: ANN202
    from orbat.errors import StoreInUse
    from orbat.store import Store

    try:
        return Store(db, read_only=read_only)
    except FileNotFoundError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    except StoreInUse as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None


@app.command()
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files or folders: .txt articles, wikitext pages, MediaWiki XML (.xml, .xml.bz2)."
        ),
    ],
    db: DbOption = DEFAULT_DB,
    filter_: Annotated[
        list[str],
        typer.Option(
            "--filter",
            help="Only dump pages using this template or whose title matches "
            "(repeatable; added to the built-in armed-group filter).",
        ),
    ] = [],  # noqa: B006
    all_pages: Annotated[
        bool,
        typer.Option(
            "--all-pages", help="Read every page of a dump, not only armed-group infoboxes."
        ),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            help="Worker processes (default: all cores). A multistream dump with its index "
            "is split into byte ranges read in parallel; other inputs are one task each.",
            show_default=False,
        ),
    ] = None,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="`local` (a process pool) or `dask` (a Dask cluster; a LocalCluster "
            "of --workers processes unless --scheduler is given).",
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Address of a Dask scheduler (tcp://host:8786), with --engine dask. "
            "Its workers must see the input paths.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Write Parquet partitions into this folder instead of the knowledge base; "
            "`orbat load DIR` loads them.",
        ),
    ] = None,
    unit_mb: Annotated[
        float,
        typer.Option(
            "--unit-mb",
            min=0.001,
            help="Compressed MB of a multistream dump per unit of work (and per resume step), "
            "at most: a dump under 128 MB is cut into 32 units so that all workers stay busy.",
        ),
    ] = 4.0,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume/--no-resume",
            help="Skip units an earlier run committed with the same filter and extractor.",
        ),
    ] = True,
    resolve: Annotated[
        bool,
        typer.Option(
            "--resolve/--no-resolve",
            help="After writing, resolve entities across documents and geocode places "
            "(see `orbat resolve`).",
        ),
    ] = True,
) -> None:
    """Read articles into the knowledge base; re-ingesting the same text adds nothing.

    Errors are reported per file with their position; the other files still go in,
    and the exit code is 1 if any file failed. An interrupted ingest, run again,
    carries on where it stopped.
    """
    from orbat.ingest import ingest as run
    from orbat.ingest import ingest_to_dir
    from orbat.scale.progress import IngestProgress

    spec = _filter_spec(filter_, all_pages)
    if engine not in ("local", "dask"):
        err.print("[red]error:[/red] --engine must be local or dask")
        raise typer.Exit(2)
    options = {
        "prefilter": spec,
        "workers": workers or _cores(),
        "engine": engine,
        "scheduler": scheduler,
        "unit_bytes": max(1, int(unit_mb * (1 << 20))),
        "resume": resume,
    }
    # Opened first: a knowledge base another process holds is said before any work.
    opened = _open(db, read_only=False) if out is None else None
    with IngestProgress(err) as bar:
        if opened is None:
            report = ingest_to_dir(paths, out, progress=bar, **options)
            totals = None
        else:
            with opened as store:
                report = run(store, paths, progress=bar, **options)
                if resolve and (report.written.entities or report.written.claims):
                    resolve_entities(store)
                totals = store.counts()
    w = report.written
    if totals is None:
        console.print(
            f"[green]wrote[/green] {report.units - report.units_skipped} unit(s) of "
            f"{report.files} file(s) to {out}: {report.documents_read} document(s), "
            f"{report.claims_extracted} claims → load them with `orbat load {out}`"
        )
    else:
        console.print(
            f"[green]ingested[/green] {report.files} file(s), "
            f"{report.documents_read} document(s) read: "
            f"+{w.documents} documents, +{w.entities} entities, +{w.claims} claims, "
            f"+{w.sources} sources → {db} now holds {totals['documents']} documents, "
            f"{totals['entities']} entities, {totals['claims']} claims"
        )
    _print_scale(report)
    _print_problems(report)


def resolve_entities(store) -> None:  # noqa: ANN001 - a Store
    """Resolution runs over the whole knowledge base, so that new names meet old ones."""
    from orbat.resolve.merge import run as resolve

    with err.status("resolving entities and geocoding places…"):
        report = resolve(store)
    console.print(f"[green]resolved[/green] {report.summary()}")


def _cores() -> int:
    """Cores this process may run on (a container or `taskset` may allow fewer than exist)."""
    import os

    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _print_scale(report) -> None:  # noqa: ANN001 - an orbat.ingest.Report
    """Figures that matter for dumps: pages scanned and kept, speed, units."""
    if report.pages_scanned <= report.documents_read and not report.units_skipped:
        return
    line = (
        f"{report.pages_scanned:,} pages scanned, {report.pages_matched:,} matched, "
        f"{report.redirects:,} redirects"
    )
    if report.redirects or report.redirects_linked:  # see orbat.redirects
        line += f" ({report.redirects_linked:,} to names in the knowledge base made aliases)"
    if report.xml_bytes >= 1e6:  # rates of a few KB say nothing but start-up
        line += (
            f" · {report.xml_bytes / 1e6:,.0f} MB of XML at {report.mb_per_s:,.1f} MB/s"
            f" ({report.cpu_ms_per_mb:,.0f} ms of worker CPU per MB)"
        )
    line += f" · {report.units} units, {report.workers} worker(s) ({report.engine})"
    if report.units_skipped:
        line += f", {report.units_skipped} already done"
    if report.units_failed:
        line += f", [red]{report.units_failed} failed[/red]"
    console.print(line, highlight=False)


def _print_problems(report) -> None:  # noqa: ANN001 - an orbat.ingest.Report
    if report.unknown_fields:
        top = ", ".join(f"{k} ({n})" for k, n in report.unknown_fields.most_common(10))
        console.print(
            f"[yellow]kept as raw claims[/yellow] {len(report.unknown_fields)} "
            f"infobox field(s) with no rule: {top}"
        )
    for w_ in report.warnings[:20]:
        err.print(f"[yellow]warning:[/yellow] {w_}")
    warnings = max(report.warnings_total, len(report.warnings))
    if warnings > 20:
        err.print(f"[yellow]… {warnings - 20} more warnings[/yellow]")
    for e in report.errors[:50]:
        err.print(f"[red]error:[/red] {e}")
    if len(report.errors) > 50:
        err.print(f"[red]… {len(report.errors) - 50} more errors[/red]")
    if report.errors:
        err.print(f"[red]{len(report.failed_files)} file(s) failed[/red]; the rest were ingested")
        raise typer.Exit(1)


def _filter_spec(filters: list[str], all_pages: bool):  # noqa: ANN202
    from orbat.scale.units import FilterSpec

    if all_pages:
        return FilterSpec.all_pages()
    spec = FilterSpec.custom(filters, filters) if filters else FilterSpec.armed_groups()
    try:
        spec.prefilter()  # a bad title regex fails here, not in a worker mid-dump
    except ValueError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    return spec


def _pick(store, name: str) -> str:  # noqa: ANN001
    from orbat.query import resolve_name

    found = resolve_name(store, name)
    if not found:
        err.print(f"[red]error:[/red] no entity named {name!r}. Try `orbat search {name!r}`.")
        raise typer.Exit(2)
    if len(found) > 1:
        others = ", ".join(f"{e['name']} ({e['kind']})" for e in found[1:5])
        err.print(f"[dim]{len(found)} entities match; showing the best-attested. Others: {others}")
    return found[0]["entity_id"]


@app.command()
def show(
    name: Annotated[str, typer.Argument(help="A name or alias, e.g. 'NDF'.")],
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print the profile as JSON.")] = False,
) -> None:
    """The profile of an entity: names, dates, size over time, places, commanders,
    engagements as a tree and relations, each line with its citation."""
    from orbat.query import build_profile
    from orbat.render import render_profile

    with _open(db) as store:
        profile = build_profile(store, _pick(store, name))
    if as_json:
        sys.stdout.write(
            json.dumps(profile.to_json(), ensure_ascii=False, indent=2, default=str) + "\n"
        )
    else:
        render_profile(console, profile)


@app.command()
def claims(
    name: Annotated[str, typer.Argument(help="A name or alias.")],
    db: DbOption = DEFAULT_DB,
    prop: Annotated[
        str | None, typer.Option("--property", "-p", help="Only this property.")
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show the rule and confidence behind each claim.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The raw claims about an entity, with every source."""
    from orbat.render import render_claims

    with _open(db) as store:
        rows = store.claims(subject_id=_pick(store, name), prop=prop)
    rows.sort(key=lambda c: (c["property"], c["value_text"]))
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        render_claims(console, rows, explain=explain)


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="Folder to write entities, claims and sources to.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")] = "jsonl",
    db: DbOption = DEFAULT_DB,
) -> None:
    """Export entities, aliases, claims, sources and documents as files."""
    from orbat.export import FORMATS, export_tables

    if fmt not in FORMATS:
        err.print(f"[red]error:[/red] --format must be one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    with _open(db) as store:
        written = export_tables(store, out, fmt)
    for path, n in written.items():
        console.print(f"{path}: {n} rows")


@app.command("eval")
def eval_(
    gold: Annotated[
        list[Path], typer.Argument(help="Gold YAML files (see shared/gold/README.md).")
    ],
    root: Annotated[
        Path, typer.Option(help="Folder that gold `document` paths are relative to.")
    ] = Path("../shared"),
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Score the knowledge base against gold files: recall per tier, precision over
    closed properties, provenance, and must_not violations."""
    from orbat.eval import evaluate

    with _open(db) as store:
        try:
            result = evaluate(store, gold, root)
        except (ValueError, OSError) as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    table = Table("gold", "core", "extended", "precision", "provenance", "must_not", "found")
    rows = [(f["gold"], f) for f in result["files"]] + [("overall", result["overall"])]
    for label, s in rows:
        table.add_row(
            label,
            *(
                _pct(s[k])
                for k in ("recall_core", "recall_extended", "precision_closed", "provenance")
            ),
            str(s["must_not_violations"]),
            f"{s['found']}/{s['facts']}",
        )
    console.print(table)
    for f in result["files"]:
        if not f["ingested"]:
            err.print(f"[yellow]{f['document']} is not in the knowledge base[/yellow]")
        for m in f["missing"]:
            console.print(f"[red]missing[/red] {m}")
        for u in f["unexpected"]:
            console.print(f"[yellow]unexpected[/yellow] {u}")


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}"


# Commands of later stages live beside their code and register themselves on `app`.
from orbat import cli_resolve, cli_scale, cli_serve  # noqa: E402, F401

if __name__ == "__main__":
    app()
