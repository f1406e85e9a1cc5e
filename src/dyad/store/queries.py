"""Read queries behind the views (HTTP API, web UI, CLI tables). Part of the store: only the
store package speaks SQL. Mixed into ``Store``."""
from __future__ import annotations


class Queries:
    """Query methods; `self.rows(sql, params)` is provided by Store."""
