"""The aggregate views: timeline buckets, the actor network and the map's places."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from .. import shape
from ..deps import FilterDep, StoreDep

router = APIRouter(prefix="/api", tags=["views"])


@router.get("/timeline", summary="Events per time bucket, grouped by dyad or actor, per quad class")
def timeline(store: StoreDep, f: FilterDep,
             bucket: Annotated[Literal["month", "year"], Query()] = "month",
             group: Annotated[Literal["dyad", "actor", "none"], Query()] = "dyad",
             groups: Annotated[int, Query(ge=1, le=100, description="most active groups kept")] = 12,
             ) -> dict[str, Any]:
    t = store.timeline(f, bucket, group, groups)
    return {"bucket": bucket, "group": group, "groups": shape.group_buckets(t["rows"], group),
            "undated": t["undated"], "imprecise": t["imprecise"]}


@router.get("/network", summary="Actors as nodes, edges weighted by events with a cooperation/conflict split")
def network(store: StoreDep, f: FilterDep,
            min_weight: Annotated[int, Query(ge=1, description="events on an edge, at least")] = 1,
            max_edges: Annotated[int, Query(ge=1, le=2000)] = 300) -> dict[str, Any]:
    nodes, edges = store.network(f, min_weight, max_edges)
    degree: dict[str, int] = {}
    for e in edges:
        for end in (e["source"], e["target"]):
            degree[end] = degree.get(end, 0) + e["weight"]
    for n in nodes:
        n["events"] = degree.get(n["id"], 0)
    return {"nodes": nodes, "edges": edges}


@router.get("/places", summary="Geocoded places of events, with counts per quad class (the map)")
def places(store: StoreDep, f: FilterDep) -> dict[str, Any]:
    rows = store.places(f)
    return {"total": len(rows), "items": rows, "quad_classes": shape.quads()}
