"""Event mentions, clusters (one real-world event = mentions sharing `events.cluster`) and the
conflicts between sources about them."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query

from .. import shape
from ..deps import FilterDep, PagingDep, StoreDep
from ...store import Store

router = APIRouter(prefix="/api", tags=["events"])

Order = Annotated[Literal["desc", "asc"], Query(description="by event date")]


@router.get("/events", summary="Event mentions matching the filters")
def events(store: StoreDep, page: PagingDep, f: FilterDep, order: Order = "desc") -> dict[str, Any]:
    total, rows = store.events_page(f, page.limit, page.offset, order)
    return page.envelope(total, shape.events(rows))


def _cluster_detail(store: Store, cluster: str) -> dict[str, Any]:
    mentions = shape.events(store.cluster_mentions(cluster))
    docs: dict[str, dict] = {}
    for m in mentions:
        if m["doc_id"] not in docs:
            docs[m["doc_id"]] = store.document(m["doc_id"]) or {}
    _, conflicts = store.conflicts_page(cluster, 100, 0)
    return {"cluster": cluster, "mentions": mentions, "documents": list(docs.values()),
            "sources": len(docs), "conflicts": conflicts, "fusion": store.cluster_record(cluster)}


@router.get("/events/{event_id}", summary="One event mention, with every mention of its event (cluster), "
                                          "their articles' text, the conflicts about it and the fusion "
                                          "stage's record of the cluster (credibility), when present")
def event(store: StoreDep, event_id: str) -> dict[str, Any]:
    row = store.event(event_id)
    if row is None:
        raise HTTPException(404, f"no event with id {event_id!r}")
    return {"event": shape.event(row), **_cluster_detail(store, row["cluster"] or row["id"])}


@router.get("/clusters", summary="Events (clusters) with a mention matching the filters: mention and "
                                 "source counts, first and last report")
def clusters(store: StoreDep, page: PagingDep, f: FilterDep, order: Order = "desc") -> dict[str, Any]:
    total, rows = store.clusters_page(f, page.limit, page.offset, order)
    return page.envelope(total, shape.events(rows))


@router.get("/clusters/{cluster}", summary="One cluster with all its mentions and their articles")
def cluster(store: StoreDep, cluster: str) -> dict[str, Any]:
    detail = _cluster_detail(store, cluster)
    if not detail["mentions"]:
        raise HTTPException(404, f"no cluster with id {cluster!r}")
    return detail


@router.get("/conflicts", summary="Disagreements between sources (empty when the store has no conflicts table)")
def conflicts(store: StoreDep, page: PagingDep,
              cluster: Annotated[str | None, Query(max_length=200)] = None) -> dict[str, Any]:
    total, rows = store.conflicts_page(cluster, page.limit, page.offset)
    return page.envelope(total, rows)
