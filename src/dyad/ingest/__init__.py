"""Ingest: sources (files, folders, JSONL feeds) to clean Documents, or Skips with a reason."""
from .readers import read_sources  # noqa: F401
