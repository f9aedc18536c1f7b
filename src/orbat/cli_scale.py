"""`orbat` commands for the scale stage (registered on the main app)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from orbat.cli import (
    DEFAULT_DB,
    DbOption,
    _open,
    _print_problems,
    _print_scale,
    app,
    console,
    err,
    resolve_entities,
)


@app.command()
def load(
    folder: Annotated[
        Path, typer.Argument(help="A folder written by `orbat ingest --out`.", exists=True)
    ],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Load the Parquet partitions of `orbat ingest --out DIR` into the knowledge base.

    Each unit goes in with its record in one transaction, in the order the
    ingest planned them, so loading is resumable and ends with the same rows as
    a direct ingest; units already in the knowledge base are skipped.
    """
    from orbat.ingest import load_dir
    from orbat.scale.progress import IngestProgress

    with _open(db, read_only=False) as store, IngestProgress(err, label="load") as bar:
        try:
            report = load_dir(store, folder, progress=bar)
        except (FileNotFoundError, ValueError) as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None
        if report.written.entities or report.written.claims:
            resolve_entities(store)
        totals = store.counts()
    w = report.written
    console.print(
        f"[green]loaded[/green] {report.units - report.units_skipped} unit(s) from {folder}"
        f" ({report.units_skipped} already in): +{w.documents} documents, "
        f"+{w.entities} entities, +{w.claims} claims, +{w.sources} sources → {db} now holds "
        f"{totals['documents']} documents, {totals['entities']} entities, "
        f"{totals['claims']} claims"
    )
    _print_scale(report)
    _print_problems(report)
