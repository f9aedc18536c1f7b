"""`orbat` commands for the serve stage (registered on the main app)."""

from __future__ import annotations

import os
import sys
import threading
import webbrowser
from typing import Annotated

import typer

from orbat.cli import DEFAULT_DB, DbOption, app, console, err
from orbat.errors import StoreInUse

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[
        str, typer.Option(help="Address to listen on; the default is this machine only.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    no_open: Annotated[bool, typer.Option("--no-open", help="Do not open a web browser.")] = False,
) -> None:
    """Browse the knowledge base in a web browser: search, profiles, timelines, a map,
    the network and every claim's source text. Read-only, and fully offline."""
    import uvicorn

    from orbat.serve import create_app
    from orbat.serve.app import LOCAL_HOSTS, vendor_built

    try:
        web = create_app(db, allowed_hosts=list(LOCAL_HOSTS) if host in LOOPBACK else ["*"])
    except FileNotFoundError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    except StoreInUse as exc:  # an ingest is writing to it
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    if not vendor_built():
        err.print(
            "[yellow]warning:[/yellow] the map, chart and network libraries are not built; "
            "run `make assets` (needs npm). Other pages work."
        )
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    console.print(f"[green]orbat serve[/green] {db} at [bold]{url}[/bold]  (Ctrl+C to stop)")
    if host not in LOOPBACK:
        err.print(
            f"[yellow]warning:[/yellow] listening on {host}: other machines can read "
            "this knowledge base."
        )
    if not no_open and _can_open_browser():
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(web, host=host, port=port, log_level="warning")


def _can_open_browser() -> bool:
    """Only where a graphical browser can open; never a text browser in this terminal."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
