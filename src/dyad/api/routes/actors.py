"""Actors (search, profile) and dyads (pairs of actors, monthly series)."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query

from .. import shape
from ..deps import FilterDep, PagingDep, StoreDep, require_actor
from ...store.queries import EventFilter

router = APIRouter(prefix="/api", tags=["actors"])


@router.get("/actors", summary="Actors by name or alias (substring), most active first")
def actors(store: StoreDep, page: PagingDep,
           q: Annotated[str | None, Query(max_length=200, description="substring of name, id or alias")] = None,
           kind: Annotated[Literal["person", "organization", "country"] | None, Query()] = None) -> dict[str, Any]:
    total, rows = store.actors_page(q, kind, page.limit, page.offset)
    return page.envelope(total, rows)


@router.get("/actors/{actor_id}", summary="Actor profile: aliases, roles over time with evidence, "
                                          "event counts, partners, yearly cooperation/conflict")
def actor(store: StoreDep, actor_id: str) -> dict[str, Any]:
    profile = require_actor(store, actor_id)
    series = store.timeline(EventFilter(actor=actor_id), "year", "none", 1)
    groups = shape.group_buckets(series["rows"], "none")
    profile.update(aliases=store.actor_aliases(actor_id), roles=store.actor_roles(actor_id),
                   counts=store.actor_event_counts(actor_id), partners=store.actor_partners(actor_id),
                   series=groups[0]["buckets"] if groups else [], undated=series["undated"])
    return profile


@router.get("/dyads", summary="Pairs of actors with events between them (either direction)")
def dyads(store: StoreDep, page: PagingDep, f: FilterDep) -> dict[str, Any]:
    total, rows = store.dyads_page(f, page.limit, page.offset)
    return page.envelope(total, rows)


@router.get("/dyads/{a}/{b}", summary="Monthly series between two actors: events per quad class, "
                                      "each direction, Goldstein mean and sum")
def dyad(store: StoreDep, a: str, b: str, f: FilterDep) -> dict[str, Any]:
    if a == b:
        raise HTTPException(400, "a dyad needs two different actors")
    actor_a, actor_b = require_actor(store, a), require_actor(store, b)
    series = store.dyad_series(a, b, f)
    totals = {k: sum(m[k] for m in series) for k in ("events", "mentions", "q1", "q2", "q3", "q4",
                                                      "a_to_b", "b_to_a")}
    totals["goldstein_sum"] = round(sum(m["goldstein_sum"] or 0 for m in series), 2)
    return {"a": actor_a, "b": actor_b, "bucket": "month", "series": series, "totals": totals}
