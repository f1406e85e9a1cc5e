"""Request dependencies: a read-only store per request, paging and the shared event filters."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date as Date
from typing import Annotated

import duckdb
from fastapi import Depends, HTTPException, Query, Request

from ..store import Store
from ..store.queries import EventFilter, pad_end, pad_start

DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
ROOT_PATTERN = r"^(0[1-9]|1\d|20)$"
ID_PATTERN = r"^[A-Za-z0-9_.:-]{1,200}$"
MAX_LIMIT = 500


def get_store(request: Request) -> Iterator[Store]:
    """Open the database read-only for one request (sees what `dyad ingest` added since)."""
    try:
        store = Store(request.app.state.db, read_only=True)
    except FileNotFoundError as e:
        raise HTTPException(503, str(e)) from e
    except duckdb.Error as e:  # e.g. another process is writing the file
        raise HTTPException(503, f"the database cannot be read now: {e}".splitlines()[0]) from e
    try:
        yield store
    finally:
        store.close()


StoreDep = Annotated[Store, Depends(get_store)]


@dataclass
class Paging:
    limit: int
    offset: int

    def envelope(self, total: int, items: list) -> dict:
        return {"total": total, "limit": self.limit, "offset": self.offset, "items": items}


def paging(limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size")] = 50,
           offset: Annotated[int, Query(ge=0, description="rows to skip")] = 0) -> Paging:
    return Paging(limit, offset)


PagingDep = Annotated[Paging, Depends(paging)]


def check_date(name: str, value: str | None) -> str | None:
    if value and len(value) == 10:
        try:
            Date.fromisoformat(value)
        except ValueError:
            raise HTTPException(422, f"{name}: {value!r} is not a calendar date") from None
    return value


def require_actor(store: Store, actor_id: str, what: str = "actor") -> dict:
    actor = store.actor(actor_id)
    if actor is None:
        raise HTTPException(404, f"{what}: no actor with id {actor_id!r}")
    return actor


def event_filter(
    store: StoreDep,
    actor: Annotated[str | None, Query(pattern=ID_PATTERN, description="actor id, as source or target")] = None,
    dyad: Annotated[str | None, Query(description="two actor ids separated by a comma, either direction")] = None,
    root: Annotated[str | None, Query(pattern=ROOT_PATTERN, description="CAMEO root, 01-20")] = None,
    quad: Annotated[int | None, Query(ge=1, le=4, description="quad class 1-4")] = None,
    date_from: Annotated[str | None, Query(pattern=DATE_PATTERN, description="YYYY[-MM[-DD]]")] = None,
    date_to: Annotated[str | None, Query(pattern=DATE_PATTERN, description="YYYY[-MM[-DD]]")] = None,
    place: Annotated[str | None, Query(max_length=200, description="place name or its ISO3 country")] = None,
    outlet: Annotated[str | None, Query(max_length=200, description="outlet of the reporting document")] = None,
    min_sources: Annotated[int | None, Query(ge=1, description="documents reporting the event, at least")] = None,
) -> EventFilter:
    """The filters shared by the event views. Unknown actors are 404, contradictions 400."""
    check_date("date_from", date_from)
    check_date("date_to", date_to)
    if date_from and date_to and pad_start(date_from) > pad_end(date_to):
        raise HTTPException(400, f"date_from {date_from} is after date_to {date_to}")
    pair: tuple[str, str] | None = None
    if dyad is not None:
        ids = [p.strip() for p in dyad.split(",")]
        if len(ids) != 2 or not all(re.match(ID_PATTERN, i) for i in ids):
            raise HTTPException(400, "dyad: give two actor ids separated by a comma, e.g. dyad=iran,taliban")
        if ids[0] == ids[1]:
            raise HTTPException(400, "dyad: the two actors must differ")
        pair = (ids[0], ids[1])
    for a in ([actor] if actor else []) + list(pair or ()):
        require_actor(store, a)
    return EventFilter(actor=actor, dyad=pair, root=root, quad=quad, date_from=date_from, date_to=date_to,
                       place=place, outlet=outlet, min_sources=min_sources)


FilterDep = Annotated[EventFilter, Depends(event_filter)]
