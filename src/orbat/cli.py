"""The `orbat` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
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
    from orbat.store import Store

    try:
        return Store(db, read_only=read_only)
    except FileNotFoundError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None


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
) -> None:
    """Read articles into the knowledge base; re-ingesting the same text adds nothing.

    Errors are reported per file with their position; the other files still go in,
    and the exit code is 1 if any file failed.
    """
    from orbat.ingest import ingest as run
    from orbat.store import Store

    prefilter = _prefilter(filter_, all_pages)
    with (
        Store(db) as store,
        Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files · {task.fields[docs]} documents"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        ) as bar,
    ):
        from orbat.sources.files import discover

        files, _ = discover(paths)
        task = bar.add_task("ingest", total=len(files), docs=0)

        def progress(event: str, n: int) -> None:
            if event == "file":
                bar.advance(task, n)
            else:
                bar.update(task, docs=bar.tasks[0].fields["docs"] + n)

        report = run(store, paths, prefilter=prefilter, progress=progress)
        totals = store.counts()
    w = report.written
    console.print(
        f"[green]ingested[/green] {report.files} file(s), "
        f"{report.documents_read} document(s) read: "
        f"+{w.documents} documents, +{w.entities} entities, +{w.claims} claims, "
        f"+{w.sources} sources → {db} now holds {totals['documents']} documents, "
        f"{totals['entities']} entities, {totals['claims']} claims"
    )
    if report.unknown_fields:
        top = ", ".join(f"{k} ({n})" for k, n in report.unknown_fields.most_common(10))
        console.print(
            f"[yellow]kept as raw claims[/yellow] {len(report.unknown_fields)} "
            f"infobox field(s) with no rule: {top}"
        )
    for w_ in report.warnings[:20]:
        err.print(f"[yellow]warning:[/yellow] {w_}")
    for e in report.errors:
        err.print(f"[red]error:[/red] {e}")
    if report.errors:
        err.print(f"[red]{len(report.failed_files)} file(s) failed[/red]; the rest were ingested")
        raise typer.Exit(1)


def _prefilter(filters: list[str], all_pages: bool):  # noqa: ANN202
    if all_pages:
        return None
    try:
        from orbat.sources.mediawiki import armed_group_prefilter, make_prefilter
    except ImportError:
        return None
    if filters:
        return make_prefilter(templates=filters, titles=filters)
    return armed_group_prefilter


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
