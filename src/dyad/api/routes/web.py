"""The web UI: one HTML page, its modules and styles (src/dyad/web), and the npm libraries
under /vendor/ (an allow-list of files from web/node_modules)."""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse

from .. import vendor

WEB = Path(__file__).resolve().parents[2] / "web"

router = APIRouter(include_in_schema=False)

_TYPES = {".js": "text/javascript; charset=utf-8", ".json": "application/json", ".css": "text/css; charset=utf-8"}


@router.api_route("/", methods=["GET", "HEAD"])
def index() -> FileResponse:
    return FileResponse(WEB / "index.html", media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-cache"})


@router.get("/vendor/{pkg}/{name}")
def vendor_file(request: Request, pkg: str, name: str) -> FileResponse:
    rel = vendor.FILES.get(f"{pkg}/{name}")
    if rel is None:
        raise HTTPException(404, f"/vendor/{pkg}/{name} is not a vendored file")
    node_modules: Path | None = request.app.state.node_modules
    path = node_modules / rel if node_modules else None
    if path is None or not path.is_file():
        raise HTTPException(404, f"npm package {pkg} is not installed: run `{vendor.INSTALL}`")
    return FileResponse(path, media_type=_TYPES[path.suffix], headers={"Cache-Control": "max-age=3600"})
