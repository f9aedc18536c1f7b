"""The FastAPI application behind `orbat serve`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from orbat.serve import api, pages
from orbat.serve.db import Database
from orbat.serve.security import SecurityHeaders

STATIC = Path(__file__).parent / "static"
# Host names a browser uses for a server on this machine; anything else (a DNS
# rebinding attack from a web page, say) is refused.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]", "testserver")


def vendor_built() -> bool:
    """Whether the front-end libraries (`make assets`) are in the package."""
    return (STATIC / "vendor" / "leaflet" / "leaflet.js").exists()


def create_app(db_path: str | Path, *, allowed_hosts: Sequence[str] | None = None) -> FastAPI:
    """The web app over the knowledge base at `db_path`, opened read-only.

    `allowed_hosts` are the Host headers accepted (default: this machine's names;
    `["*"]` accepts any)."""
    db = Database(db_path)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        db.close()

    app = FastAPI(
        title="orbat",
        summary="A sourced, time-aware knowledge base of armed groups, read-only.",
        description=(
            "Every claim carries its sources: the document, section, character span in the "
            "stored text and the quote. Lists are paginated with `limit` and `offset`."
        ),
        version="0.1.0",
        docs_url=None,  # Swagger UI and ReDoc load from a CDN; /api-docs renders the spec here
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.db = db
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts or LOCAL_HOSTS))
    app.add_middleware(SecurityHeaders)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return pages.render(
            request,
            "error.html",
            status_code=exc.status_code,
            status=exc.status_code,
            detail=exc.detail,
        )

    @app.exception_handler(pages.MovedTo)
    async def moved(request: Request, exc: pages.MovedTo) -> Response:
        return RedirectResponse(exc.url, status_code=301)

    return app
