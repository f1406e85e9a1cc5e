"""Corpus-wide views: metadata for the filters, the overview, documents and full-text search."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from .. import shape, vendor
from ..deps import PagingDep, StoreDep
from ...store.queries import EventFilter

router = APIRouter(prefix="/api", tags=["corpus"])


@router.get("/meta", summary="Filter vocabularies and what this store and server have")
def meta(request: Request, store: StoreDep) -> dict[str, Any]:
    missing = vendor.missing(request.app.state.node_modules)
    return {
        "roots": shape.roots(), "quad_classes": shape.quads(), "outlets": store.outlets(),
        "has_conflicts": store.has_table("conflicts"),
        "has_credibility": store.has_column("events", "credibility") or store.has_column("clusters", "credibility"),
        "vendor": {"ok": not missing, "missing": missing, "install": vendor.INSTALL},
    }


@router.get("/overview", summary="Corpus size, date span, top actors and dyads, latest events, open conflicts")
def overview(store: StoreDep, top: Annotated[int, Query(ge=1, le=100)] = 10) -> dict[str, Any]:
    _, dyads = store.dyads_page(EventFilter(), top, 0)
    _, latest = store.clusters_page(EventFilter(), top, 0, order="desc")
    n_conflicts, conflicts = store.conflicts_page(None, top, 0)
    return {"stats": store.corpus_stats(), "top_actors": store.top_actors(top), "top_dyads": dyads,
            "latest_events": shape.events(latest), "conflicts": {"total": n_conflicts, "items": conflicts}}


@router.get("/documents", summary="Documents (newest first), optionally by title/id substring and outlet")
def documents(store: StoreDep, page: PagingDep,
              q: Annotated[str | None, Query(max_length=200, description="substring of title or id")] = None,
              outlet: Annotated[str | None, Query(max_length=200)] = None) -> dict[str, Any]:
    total, rows = store.documents_page(q, outlet, page.limit, page.offset)
    return page.envelope(total, rows)


@router.get("/documents/{doc_id}", summary="One document with its text, actor mentions and event mentions")
def document(store: StoreDep, doc_id: str) -> dict[str, Any]:
    doc = store.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document with id {doc_id!r}")
    _, evs = store.events_page(EventFilter(doc=doc_id), 10_000, 0, order="asc")
    doc["mentions"] = store.document_mentions(doc_id)
    doc["events"] = shape.events(sorted(evs, key=lambda e: (e["sent_start"] or 0, e["id"])))
    return doc


@router.get("/search", summary="Search article text and evidence sentences (case-insensitive substring)")
def search(store: StoreDep, page: PagingDep,
           q: Annotated[str, Query(min_length=2, max_length=200, description="text to find")]) -> dict[str, Any]:
    q = q.strip()
    if len(q) < 2:
        raise HTTPException(422, "q: give at least two non-blank characters")
    n_docs, docs = store.search_documents(q, page.limit, page.offset)
    n_ev, evs = store.search_evidence(q, page.limit, page.offset)
    return {"q": q, "documents": page.envelope(n_docs, docs), "evidence": page.envelope(n_ev, shape.events(evs))}
