"""The HTTP API and the web UI's server: ``create_app(db)`` returns the FastAPI application."""
from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
