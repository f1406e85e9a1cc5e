"""The application: JSON API under /api/, the web UI at / and /static/, npm libraries under
/vendor/, security headers on every response."""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from . import errors, vendor
from .routes import actors, corpus, events, views, web

# Article text is hostile input: the UI renders it as text, and the browser is told to run
# only this server's scripts, load nothing from elsewhere, and never be framed.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def create_app(db: str | Path, node_modules: Path | None = None) -> FastAPI:
    """The app for one DuckDB file (opened read-only per request). ``node_modules`` defaults to
    the first of $DYAD_WEB_MODULES, the repository's web/node_modules, ./web/node_modules."""
    app = FastAPI(title="dyad", version="1", docs_url=None, redoc_url=None,
                  description="Sourced event data from news: actors, CAMEO-coded events, clusters, conflicts. "
                              "Lists are paged: `limit` (1-500) and `offset`, answered as "
                              "`{total, limit, offset, items}`. Errors are JSON: `{status, error, message}`.")
    app.state.db = str(db)
    app.state.node_modules = node_modules or vendor.find_node_modules()
    errors.install(app)

    @app.middleware("http")
    async def security_headers(request: Request, call_next) -> Response:
        response = await call_next(request)
        for k, v in HEADERS.items():
            response.headers.setdefault(k, v)
        if request.url.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    for module in (corpus, actors, events, views, web):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=web.WEB, check_dir=False), name="static")
    return app
