"""Read queries an HTTP API would run against a large store, timed by
``scripts/query_latency.py``. A mixin for ``Store`` (it provides ``self.con`` and ``self.rows``):

    class BigStore(ScaleQueries, Store): ...

Dates are ISO strings of day, month or year precision, so a period [start, end) compares as
strings: '2021-03-04' and '2021-03' both fall in ['2021-01', '2021-07').
"""
from __future__ import annotations


class ScaleQueries:
    """Events by actor and period, a dyad's monthly series, the network of a period."""

    def events_by_actor(self, actor_id: str, start: str, end: str, limit: int = 100) -> list[dict]:
        """The actor's events (as source or target) dated in [start, end), newest first."""
        return self.rows(
            "SELECT id, doc_id, date, source, target, code, root, goldstein, quad_class, evidence, cluster "
            "FROM events WHERE (source = ? OR target = ?) AND date >= ? AND date < ? "
            "ORDER BY date DESC, id LIMIT ?", [actor_id, actor_id, start, end, limit])

    def dyad_monthly(self, a: str, b: str, directed: bool = False) -> list[dict]:
        """Month by month: events between a and b (both directions unless `directed`), their
        distinct clusters, Goldstein total and mean, cooperation and conflict counts."""
        pair = "(source = ? AND target = ?)" + ("" if directed else " OR (source = ? AND target = ?)")
        params = [a, b] if directed else [a, b, b, a]
        return self.rows(
            f"SELECT substr(date, 1, 7) AS month, count(*) AS events, count(DISTINCT cluster) AS clusters, "
            f"sum(goldstein) AS goldstein, avg(goldstein) AS mean_goldstein, "
            f"count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation, "
            f"count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict "
            f"FROM events WHERE ({pair}) AND length(date) >= 7 GROUP BY month ORDER BY month", params)

    def network(self, start: str, end: str, limit: int = 200) -> list[dict]:
        """Directed edges of the period [start, end): actor pairs with their event and cluster
        counts and mean Goldstein score, heaviest first."""
        return self.rows(
            "SELECT source, target, count(*) AS events, count(DISTINCT cluster) AS clusters, "
            "avg(goldstein) AS mean_goldstein FROM events "
            "WHERE target IS NOT NULL AND date >= ? AND date < ? "
            "GROUP BY source, target ORDER BY events DESC, source, target LIMIT ?", [start, end, limit])

    def top_actors(self, limit: int = 50) -> list[dict]:
        """The actors with the most events (as source or target)."""
        return self.rows(
            "SELECT actor, count(*) AS events FROM (SELECT source AS actor FROM events UNION ALL "
            "SELECT target FROM events WHERE target IS NOT NULL) GROUP BY actor "
            "ORDER BY events DESC, actor LIMIT ?", [limit])

    def top_dyads(self, limit: int = 50) -> list[dict]:
        return self.rows(
            "SELECT least(source, target) AS a, greatest(source, target) AS b, count(*) AS events "
            "FROM events WHERE target IS NOT NULL GROUP BY ALL ORDER BY events DESC, a, b LIMIT ?", [limit])

    def date_range(self) -> tuple[str | None, str | None]:
        r = self.con.execute("SELECT min(date), max(date) FROM events WHERE length(date) = 10").fetchone()
        return r[0], r[1]
