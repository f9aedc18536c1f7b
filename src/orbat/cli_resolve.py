"""`orbat` commands for the resolve stage (registered on the main app).

`merge` and `split` record a user's correction and re-run resolution at once, so
that `orbat show` reflects it; corrections are kept by entity id (a hash of the
name), so they hold through re-ingest and later runs.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.table import Table

from orbat.cli import DEFAULT_DB, DbOption, _open, app, console, err


def _member(store: Any, name: str) -> dict[str, Any]:
    """The entity a user means by `name`: its own name first, then an alias."""
    from orbat.resolve.merge import entities_named

    found = entities_named(store, name)
    if not found:
        err.print(f"[red]error:[/red] no entity named {name!r}. Try `orbat search {name!r}`.")
        raise typer.Exit(2)
    if len(found) > 1 and not found[0]["own_name"]:
        others = ", ".join(f"{e['name']} ({e['kind']})" for e in found[:5])
        err.print(f"[yellow]{name!r} is a name of several entities: {others}; using the first")
    return found[0]


def _print_report(report: Any, verbose: bool) -> None:
    console.print(f"[green]resolved[/green] {report.summary()}")
    if verbose:
        for m in report.merges:
            console.print(f"  [cyan]{m.member_name}[/cyan] → [bold]{m.canonical_name}[/bold]")
            console.print(f"    [dim]{m.origin}: {m.reason}[/dim]")
        for r in report.refused:
            console.print(f"  [yellow]kept apart[/yellow] {r}")
        if report.unresolved_places:
            console.print(
                "  [yellow]places not found[/yellow] " + "; ".join(report.unresolved_places[:30])
            )


@app.command()
def merge(
    a: Annotated[str, typer.Argument(help="A name or alias of the first entity.")],
    b: Annotated[str, typer.Argument(help="A name or alias of the second entity.")],
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why they are one thing (kept with the merge).")
    ] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Say that A and B are one real thing. Overrides automatic resolution, survives
    re-ingest; undo with `orbat split A B`."""
    from orbat.resolve.merge import user_merge

    with _open(db, read_only=False) as store:
        ea, eb = _member(store, a), _member(store, b)
        if ea["entity_id"] == eb["entity_id"]:
            err.print(f"[red]error:[/red] {a!r} and {b!r} are the same entity already")
            raise typer.Exit(2)
        report = user_merge(store, ea["entity_id"], eb["entity_id"], reason)
    console.print(f"[green]merged[/green] {ea['name']} + {eb['name']}")
    _print_report(report, verbose=False)


@app.command()
def split(
    a: Annotated[str, typer.Argument(help="A name or alias of the first entity.")],
    b: Annotated[str, typer.Argument(help="A name or alias of the second entity.")],
    reason: Annotated[str | None, typer.Option("--reason", help="Why they are two things.")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Say that A and B are two things: they are never merged again, automatically or
    through a third entity; survives re-ingest."""
    from orbat.resolve.merge import user_split

    with _open(db, read_only=False) as store:
        ea, eb = _member(store, a), _member(store, b)
        if ea["entity_id"] == eb["entity_id"]:
            err.print(f"[red]error:[/red] {a!r} and {b!r} name one entity; nothing to split")
            raise typer.Exit(2)
        report = user_split(store, ea["entity_id"], eb["entity_id"], reason)
    console.print(f"[green]split[/green] {ea['name']} / {eb['name']}")
    _print_report(report, verbose=False)


@app.command()
def resolve(
    db: DbOption = DEFAULT_DB,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every merge with its reason.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Re-run entity resolution and geocoding over the whole knowledge base."""
    from orbat.resolve.merge import run

    with _open(db, read_only=False) as store:
        report = run(store)
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        _print_report(report, verbose)


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Words of a name, alias or claim; typos are fine.")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many results.")] = 10,
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Find entities by name, alias or the words of their claims, best match first."""
    from orbat.resolve.search import search as run_search

    with _open(db) as store:
        hits = run_search(store, text, limit)
    if as_json:
        sys.stdout.write(json.dumps([h.to_json() for h in hits], ensure_ascii=False) + "\n")
        return
    if not hits:
        err.print(f"no entity matches {text!r}")
        raise typer.Exit(1)
    table = Table("score", "name", "kind", "matched", "claims")
    for h in hits:
        matched = h.matched if h.matched == h.name else f"{h.matched} ({h.via})"
        table.add_row(f"{h.score:.2f}", h.name, h.kind, matched, str(h.n_claims))
    console.print(table)
