"""Every error is JSON: ``{"status": 404, "error": "Not Found", "message": "...", "details": [...]}``."""
from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException


def error_body(status: int, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status, "error": HTTPStatus(status).phrase, "message": message}
    if details:
        body["details"] = details
    return body


def _param(loc: tuple | list) -> str:
    parts = [str(p) for p in loc if p not in ("query", "path", "body", "header")]
    return ".".join(parts) or "request"


async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    details = [{"param": _param(e.get("loc", ())), "in": str(e.get("loc", ["query"])[0]),
                "message": e.get("msg", "invalid")} for e in exc.errors()]
    message = "; ".join(f"{d['param']}: {d['message']}" for d in details) or "invalid request"
    return JSONResponse(error_body(422, message, details), status_code=422)


async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    if message == HTTPStatus(exc.status_code).phrase and exc.status_code in (404, 405):
        message = f"{message}: {request.method} {request.url.path}"
    return JSONResponse(error_body(exc.status_code, message), status_code=exc.status_code,
                        headers=getattr(exc, "headers", None))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(error_body(500, f"internal error: {type(exc).__name__}"), status_code=500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)
