"""Read queries behind the views (HTTP API, web UI, CLI tables). Part of the store: only the
store package speaks SQL. Mixed into ``Store``.

Conventions:
- an *event mention* is one row of ``events``; an *event* is a fusion cluster (rows sharing
  ``events.cluster``; a row without a cluster is its own). Aggregates count events (distinct
  clusters) and mentions (rows) separately;
- a *source* is a document reporting the event; *outlets* are distinct outlets;
- dates are ISO strings of variable precision (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``); a date
  range keeps the events whose whole date interval lies inside it (``2023`` is not inside
  ``2023-05``, ``2023-05-28`` is);
- paged methods return ``(total, rows)``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from collections.abc import Callable
from typing import Any

Rows = list[dict[str, Any]]
Page = tuple[int, Rows]


def _start(col: str) -> str:
    """SQL: first day of a variable-precision ISO date column."""
    return f"(CASE length({col}) WHEN 4 THEN {col} || '-01-01' WHEN 7 THEN {col} || '-01' ELSE {col} END)"


def _end(col: str) -> str:
    """SQL: last day (as a sortable string) of a variable-precision ISO date column."""
    return f"(CASE length({col}) WHEN 4 THEN {col} || '-12-31' WHEN 7 THEN {col} || '-31' ELSE {col} END)"


def pad_start(date: str) -> str:
    return {4: date + "-01-01", 7: date + "-01"}.get(len(date), date)


def pad_end(date: str) -> str:
    return {4: date + "-12-31", 7: date + "-31"}.get(len(date), date)


def like_pattern(text: str) -> str:
    """A case-insensitive substring pattern for ILIKE ... ESCAPE '\\'."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# Every event-mention query reads from this: the mention (e, with its cluster key `ckey`), its
# document (d), its actors (sa, ta) and its cluster's mention and source counts (cs).
_EVENTS_FROM = """
    (SELECT *, coalesce(cluster, id) AS ckey FROM events) e
    JOIN documents d ON d.id = e.doc_id
    LEFT JOIN actors sa ON sa.id = e.source
    LEFT JOIN actors ta ON ta.id = e.target
    JOIN (SELECT coalesce(cluster, id) AS ckey, count(*) AS cluster_mentions,
                 count(DISTINCT doc_id) AS cluster_sources
          FROM events GROUP BY 1) cs ON cs.ckey = e.ckey"""

_EVENT_COLUMNS = """
    e.* EXCLUDE (ckey), coalesce(sa.name, e.source) AS source_name, sa.kind AS source_kind,
    coalesce(ta.name, e.target) AS target_name, ta.kind AS target_kind,
    d.title AS doc_title, d.outlet, d.published, d.url,
    cs.cluster_mentions, cs.cluster_sources"""

_EVENT_ORDER = {
    "desc": f"{_start('e.date')} DESC NULLS LAST, e.doc_id, e.sent_start, e.trigger_start, e.id",
    "asc": f"{_start('e.date')} ASC NULLS LAST, e.doc_id, e.sent_start, e.trigger_start, e.id",
}



def _quads(t: str = "") -> str:
    """SQL: events (distinct clusters) per quad class, as q1..q4; ``t`` qualifies the columns."""
    return ", ".join(f"count(DISTINCT {t}ckey) FILTER (WHERE {t}quad_class = {q}) AS q{q}" for q in (1, 2, 3, 4))


@dataclass
class EventFilter:
    """Which event mentions a view looks at. Every field is optional; all given ones must hold."""
    actor: str | None = None                 # source or target
    dyad: tuple[str, str] | None = None      # the two actors, either direction
    root: str | None = None                  # CAMEO root, two digits
    quad: int | None = None                  # 1..4
    date_from: str | None = None             # YYYY[-MM[-DD]]
    date_to: str | None = None
    place: str | None = None                 # place name (any case) or ISO3 country of the place
    outlet: str | None = None                # document outlet (any case)
    min_sources: int | None = None           # documents reporting the event's cluster
    cluster: str | None = None
    doc: str | None = None

    def where(self) -> tuple[str, list]:
        """SQL conditions over ``_EVENTS_FROM`` (starting with WHERE) and their parameters."""
        conds: list[str] = ["TRUE"]
        params: list = []
        if self.actor:
            conds.append("(e.source = ? OR e.target = ?)")
            params += [self.actor, self.actor]
        if self.dyad:
            a, b = self.dyad
            conds.append("((e.source = ? AND e.target = ?) OR (e.source = ? AND e.target = ?))")
            params += [a, b, b, a]
        if self.root:
            conds.append("e.root = ?")
            params.append(self.root)
        if self.quad:
            conds.append("e.quad_class = ?")
            params.append(self.quad)
        if self.date_from:
            conds.append(f"e.date IS NOT NULL AND {_start('e.date')} >= ?")
            params.append(pad_start(self.date_from))
        if self.date_to:
            conds.append(f"e.date IS NOT NULL AND {_end('e.date')} <= ?")
            params.append(pad_end(self.date_to))
        if self.place:
            conds.append("(lower(e.place) = lower(?) OR e.place_country = upper(?))")
            params += [self.place, self.place]
        if self.outlet:
            conds.append("lower(d.outlet) = lower(?)")
            params.append(self.outlet)
        if self.min_sources:
            conds.append("cs.cluster_sources >= ?")
            params.append(self.min_sources)
        if self.cluster:
            conds.append("e.ckey = ?")
            params.append(self.cluster)
        if self.doc:
            conds.append("e.doc_id = ?")
            params.append(self.doc)
        return "WHERE " + " AND ".join(conds), params


class Queries:
    """Query methods; `self.rows(sql, params)` is provided by Store."""

    rows: Callable[..., Rows]  # provided by Store (annotation only: no attribute here)

    def _count(self, sql: str, params: list) -> int:
        return int(self.rows(f"SELECT count(*) AS n FROM ({sql})", params)[0]["n"])

    # -- schema probes -------------------------------------------------------------------------
    def has_table(self, name: str) -> bool:
        return bool(self.rows("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = ?",
                              [name])[0]["n"])

    def has_column(self, table: str, column: str) -> bool:
        return bool(self.rows("SELECT count(*) AS n FROM information_schema.columns "
                              "WHERE table_name = ? AND column_name = ?", [table, column])[0]["n"])

    # -- overview ------------------------------------------------------------------------------
    def corpus_stats(self) -> dict[str, Any]:
        r = self.rows(f"""
            SELECT (SELECT count(*) FROM documents) AS documents,
                   (SELECT count(*) FROM (SELECT source FROM events UNION SELECT target FROM events
                                          WHERE target IS NOT NULL)) AS actors,
                   (SELECT count(*) FROM events) AS mentions,
                   (SELECT count(DISTINCT coalesce(cluster, id)) FROM events) AS events,
                   (SELECT count(DISTINCT coalesce(outlet, id)) FROM documents) AS outlets,
                   (SELECT count(*) FROM skipped) AS skipped,
                   (SELECT min({_start('date')}) FROM events WHERE date IS NOT NULL) AS first_event,
                   (SELECT max({_end('date')}) FROM events WHERE date IS NOT NULL) AS last_event,
                   (SELECT min(published) FROM documents) AS first_published,
                   (SELECT max(published) FROM documents) AS last_published""")[0]
        return r

    def top_actors(self, limit: int = 10) -> Rows:
        return self.rows("""
            SELECT a.id, a.name, a.kind, a.country, count(DISTINCT x.ckey) AS events, count(*) AS mentions
            FROM (SELECT source AS id, coalesce(cluster, id) AS ckey FROM events
                  UNION ALL SELECT target, coalesce(cluster, id) FROM events
                  WHERE target IS NOT NULL AND target <> source) x
            JOIN actors a ON a.id = x.id
            GROUP BY ALL ORDER BY events DESC, mentions DESC, a.name LIMIT ?""", [limit])

    def dyads_page(self, f: EventFilter, limit: int, offset: int) -> Page:
        """Unordered actor pairs with their event counts, cooperation (quad 1-2) and conflict (3-4)."""
        where, params = f.where()
        sql = f"""
            SELECT least(e.source, e.target) AS a, greatest(e.source, e.target) AS b,
                   count(DISTINCT e.ckey) AS events, count(*) AS mentions,
                   count(DISTINCT e.ckey) FILTER (WHERE e.quad_class <= 2) AS cooperation,
                   count(DISTINCT e.ckey) FILTER (WHERE e.quad_class >= 3) AS conflict
            FROM {_EVENTS_FROM} {where} AND e.target IS NOT NULL AND e.target <> e.source
            GROUP BY 1, 2"""
        total = self._count(sql, params)
        rows = self.rows(f"""
            SELECT p.*, coalesce(aa.name, p.a) AS a_name, coalesce(ab.name, p.b) AS b_name
            FROM ({sql}) p LEFT JOIN actors aa ON aa.id = p.a LEFT JOIN actors ab ON ab.id = p.b
            ORDER BY events DESC, mentions DESC, a_name, b_name LIMIT ? OFFSET ?""", params + [limit, offset])
        return total, rows

    # -- documents -----------------------------------------------------------------------------
    def documents_page(self, q: str | None, outlet: str | None, limit: int, offset: int) -> Page:
        conds, params = ["TRUE"], []
        if q:
            conds.append("(d.title ILIKE ? ESCAPE '\\' OR d.id ILIKE ? ESCAPE '\\')")
            params += [like_pattern(q)] * 2
        if outlet:
            conds.append("lower(d.outlet) = lower(?)")
            params.append(outlet)
        sql = f"""
            SELECT d.id, d.title, d.url, d.outlet, d.published, d.published_basis, d.published_precision,
                   length(d.text) AS chars,
                   (SELECT count(*) FROM events e WHERE e.doc_id = d.id) AS mentions
            FROM documents d WHERE {' AND '.join(conds)}"""
        total = self._count(sql, params)
        rows = self.rows(sql + " ORDER BY d.published DESC NULLS LAST, d.id LIMIT ? OFFSET ?",
                         params + [limit, offset])
        return total, rows

    def document(self, doc_id: str) -> dict[str, Any] | None:
        r = self.rows("""
            SELECT id, title, url, outlet, published, published_basis, published_precision, text
            FROM documents WHERE id = ?""", [doc_id])
        return r[0] if r else None

    def document_mentions(self, doc_id: str) -> Rows:
        return self.rows("""
            SELECT m.actor_id, coalesce(a.name, m.actor_id) AS actor_name, m.text, m.start_char, m.end_char, m.how
            FROM mentions m LEFT JOIN actors a ON a.id = m.actor_id
            WHERE m.doc_id = ? ORDER BY m.start_char""", [doc_id])

    def outlets(self) -> list[str]:
        return [r["outlet"] for r in self.rows(
            "SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL ORDER BY outlet")]

    # -- actors --------------------------------------------------------------------------------
    def actors_page(self, q: str | None, kind: str | None, limit: int, offset: int) -> Page:
        conds, params = ["TRUE"], []
        if q:
            pat = like_pattern(q)
            conds.append("(a.name ILIKE ? ESCAPE '\\' OR a.id ILIKE ? ESCAPE '\\' OR a.id IN "
                         "(SELECT actor_id FROM actor_aliases WHERE alias ILIKE ? ESCAPE '\\'))")
            params += [pat, pat, pat]
        if kind:
            conds.append("a.kind = ?")
            params.append(kind)
        sql = f"""
            SELECT a.id, a.name, a.kind, a.country, a.sector, a.origin,
                   coalesce(n.events, 0) AS events, coalesce(n.mentions, 0) AS mentions
            FROM actors a LEFT JOIN (
                SELECT id, count(DISTINCT ckey) AS events, count(*) AS mentions FROM (
                    SELECT source AS id, coalesce(cluster, id) AS ckey FROM events
                    UNION ALL SELECT target, coalesce(cluster, id) FROM events
                    WHERE target IS NOT NULL AND target <> source) GROUP BY id) n ON n.id = a.id
            WHERE {' AND '.join(conds)}"""
        total = self._count(sql, params)
        rows = self.rows(sql + " ORDER BY events DESC, mentions DESC, a.name LIMIT ? OFFSET ?",
                         params + [limit, offset])
        return total, rows

    def actor(self, actor_id: str) -> dict[str, Any] | None:
        r = self.rows("""
            SELECT a.*, p.name AS parent_name FROM actors a LEFT JOIN actors p ON p.id = a.parent
            WHERE a.id = ?""", [actor_id])
        return r[0] if r else None

    def actor_aliases(self, actor_id: str) -> list[str]:
        return [r["alias"] for r in self.rows("""
            SELECT DISTINCT trim(regexp_replace(alias, '\\s+', ' ', 'g')) AS alias
            FROM actor_aliases WHERE actor_id = ? AND trim(regexp_replace(alias, '\\s+', ' ', 'g')) <> ''
            ORDER BY alias""", [actor_id])]

    def actor_roles(self, actor_id: str) -> Rows:
        """Roles over time, each with the document and sentence that taught it (none: the KB)."""
        return self.rows("""
            SELECT r.org, coalesce(o.name, r.org) AS org_name, r.title, r.sector, r.start_date, r.end_date,
                   r.doc_id, d.title AS doc_title, d.published, r.evidence
            FROM actor_roles r LEFT JOIN actors o ON o.id = r.org LEFT JOIN documents d ON d.id = r.doc_id
            WHERE r.actor_id = ? ORDER BY r.start_date NULLS FIRST, d.published, r.title""", [actor_id])

    def actor_event_counts(self, actor_id: str) -> dict[str, Any]:
        return self.rows(f"""
            SELECT count(DISTINCT ckey) AS events, count(*) AS mentions,
                   count(DISTINCT ckey) FILTER (WHERE source = ?) AS as_source,
                   count(DISTINCT ckey) FILTER (WHERE target = ?) AS as_target,
                   count(DISTINCT ckey) FILTER (WHERE quad_class <= 2) AS cooperation,
                   count(DISTINCT ckey) FILTER (WHERE quad_class >= 3) AS conflict, {_quads()}
            FROM (SELECT *, coalesce(cluster, id) AS ckey FROM events) WHERE source = ? OR target = ?""",
                         [actor_id] * 4)[0]

    def actor_partners(self, actor_id: str, limit: int = 50) -> Rows:
        return self.rows("""
            SELECT p.id, coalesce(a.name, p.id) AS name, a.kind, a.country,
                   count(DISTINCT p.ckey) AS events, count(*) AS mentions,
                   count(DISTINCT p.ckey) FILTER (WHERE p.quad_class <= 2) AS cooperation,
                   count(DISTINCT p.ckey) FILTER (WHERE p.quad_class >= 3) AS conflict,
                   count(DISTINCT p.ckey) FILTER (WHERE p.outgoing) AS outgoing,
                   count(DISTINCT p.ckey) FILTER (WHERE NOT p.outgoing) AS incoming
            FROM (SELECT CASE WHEN source = ? THEN target ELSE source END AS id, source = ? AS outgoing,
                         coalesce(cluster, id) AS ckey, quad_class
                  FROM events WHERE (source = ? OR target = ?) AND target IS NOT NULL AND source <> target) p
            LEFT JOIN actors a ON a.id = p.id
            GROUP BY ALL ORDER BY events DESC, mentions DESC, name LIMIT ?""", [actor_id] * 4 + [limit])

    # -- events and clusters -------------------------------------------------------------------
    def events_page(self, f: EventFilter, limit: int, offset: int, order: str = "desc") -> Page:
        where, params = f.where()
        total = self._count(f"SELECT 1 FROM {_EVENTS_FROM} {where}", params)
        rows = self.rows(f"SELECT {_EVENT_COLUMNS} FROM {_EVENTS_FROM} {where} "
                         f"ORDER BY {_EVENT_ORDER[order]} LIMIT ? OFFSET ?", params + [limit, offset])
        return total, rows

    def event(self, event_id: str) -> dict[str, Any] | None:
        r = self.rows(f"SELECT {_EVENT_COLUMNS} FROM {_EVENTS_FROM} WHERE e.id = ?", [event_id])
        return r[0] if r else None

    def cluster_mentions(self, cluster: str) -> Rows:
        """Every mention of one event (cluster), oldest report first."""
        return self.rows(f"SELECT {_EVENT_COLUMNS} FROM {_EVENTS_FROM} WHERE e.ckey = ? "
                         "ORDER BY d.published NULLS LAST, e.doc_id, e.sent_start, e.id", [cluster])

    def clusters_page(self, f: EventFilter, limit: int, offset: int, order: str = "desc") -> Page:
        """Clusters with at least one mention matching ``f``: mention, source and outlet counts,
        first and last report (publication dates) and the earliest-reported mention's fields."""
        where, params = f.where()
        selected = f"SELECT DISTINCT e.ckey FROM {_EVENTS_FROM} {where}"
        total = self._count(selected, params)
        direction = "DESC" if order == "desc" else "ASC"
        rows = self.rows(f"""
            WITH agg AS (
                SELECT e.ckey AS cluster, count(*) AS mentions, count(DISTINCT e.doc_id) AS sources,
                       count(DISTINCT coalesce(d.outlet, d.id)) AS outlets,
                       min(d.published) AS first_report, max(d.published) AS last_report,
                       arg_min(e.id, coalesce(d.published, '9999') || '|' || e.doc_id || '|'
                               || lpad(CAST(coalesce(e.sent_start, 0) AS VARCHAR), 9, '0')) AS event_id,
                       arg_max(e.date, coalesce(length(e.date), 0)) AS date,
                       round(avg(e.goldstein), 2) AS goldstein
                FROM (SELECT *, coalesce(cluster, id) AS ckey FROM events) e JOIN documents d ON d.id = e.doc_id
                WHERE e.ckey IN ({selected}) GROUP BY e.ckey)
            SELECT agg.*, r.source, r.target, coalesce(sa.name, r.source) AS source_name,
                   coalesce(ta.name, r.target) AS target_name, r.code, r.root, r.quad_class, r.plover,
                   CASE length(agg.date) WHEN 4 THEN 'year' WHEN 7 THEN 'month' WHEN 10 THEN 'day' END
                       AS date_precision, r.place, r.lat, r.lon, r.evidence, r.doc_id
            FROM agg JOIN events r ON r.id = agg.event_id
            LEFT JOIN actors sa ON sa.id = r.source LEFT JOIN actors ta ON ta.id = r.target
            ORDER BY {_start('agg.date')} {direction} NULLS LAST, agg.mentions DESC, agg.cluster
            LIMIT ? OFFSET ?""", params + [limit, offset])
        return total, rows

    def cluster_record(self, cluster: str) -> dict[str, Any] | None:
        """The fusion stage's row for a cluster (credibility, independent sources, outlets), when
        the store has a ``clusters`` table."""
        if not self.has_table("clusters"):
            return None
        r = self.rows("SELECT * FROM clusters WHERE id = ?", [cluster])
        return r[0] if r else None

    # -- conflicts (table added by the conflict detector; absent in older stores) ---------------
    def conflicts_page(self, cluster: str | None, limit: int, offset: int) -> Page:
        if not self.has_table("conflicts"):
            return 0, []
        cond, params = ("WHERE c.cluster = ?", [cluster]) if cluster else ("", [])
        total = self._count(f"SELECT 1 FROM conflicts c {cond}", params)
        rows = self.rows(f"""
            SELECT c.*, (SELECT min(e.id) FROM events e WHERE e.cluster = c.cluster) AS event_id
            FROM conflicts c {cond} ORDER BY c.id LIMIT ? OFFSET ?""", params + [limit, offset])
        for r in rows:
            if isinstance(r.get("claims"), str):
                try:
                    r["claims"] = json.loads(r["claims"])
                except ValueError:
                    pass  # shown as stored
        return total, rows

    # -- timeline, network, dyad series, map ---------------------------------------------------
    def timeline(self, f: EventFilter, bucket: str, group: str, groups: int) -> dict[str, Any]:
        """Counts per time bucket (``month`` or ``year``) and group (``dyad``, ``actor`` or ``none``):
        events per quad class and mentions. Month buckets leave out year-only dates (counted in
        ``imprecise``); undated mentions are counted in ``undated``."""
        where, params = f.where()
        width = 7 if bucket == "month" else 4
        base = f"SELECT e.ckey, e.source, e.target, e.quad_class, e.date FROM {_EVENTS_FROM} {where}"
        if group == "dyad":
            keyed = (f"SELECT least(source, target) AS a, greatest(source, target) AS b, * FROM base "
                     f"WHERE target IS NOT NULL AND target <> source")
        elif group == "actor":
            keyed = ("SELECT source AS a, NULL AS b, * FROM base UNION ALL "
                     "SELECT target, NULL, * FROM base WHERE target IS NOT NULL AND target <> source")
        else:
            keyed = "SELECT NULL AS a, NULL AS b, * FROM base"
        rows = self.rows(f"""
            WITH base AS ({base}), keyed AS ({keyed}),
                 dated AS (SELECT substr(date, 1, {width}) AS bucket, * FROM keyed WHERE length(date) >= {width}),
                 top AS (SELECT a, b, count(DISTINCT ckey) AS events, count(*) AS mentions FROM dated
                         GROUP BY ALL ORDER BY events DESC, mentions DESC, a, b LIMIT ?)
            SELECT dated.a, dated.b, coalesce(aa.name, dated.a) AS a_name, coalesce(ab.name, dated.b) AS b_name,
                   bucket, count(DISTINCT ckey) AS events, count(*) AS mentions, {_quads()},
                   any_value(top.events) AS group_events
            FROM dated JOIN top ON top.a IS NOT DISTINCT FROM dated.a AND top.b IS NOT DISTINCT FROM dated.b
            LEFT JOIN actors aa ON aa.id = dated.a LEFT JOIN actors ab ON ab.id = dated.b
            GROUP BY ALL ORDER BY group_events DESC, dated.a, dated.b, bucket""", params + [groups])
        extra = self.rows(f"""
            SELECT count(*) FILTER (WHERE e.date IS NULL) AS undated,
                   count(*) FILTER (WHERE length(e.date) < {width}) AS imprecise
            FROM {_EVENTS_FROM} {where}""", params)[0]
        return {"rows": rows, **extra}

    def network(self, f: EventFilter, min_weight: int, max_edges: int) -> tuple[Rows, Rows]:
        """Undirected edges between actors (weight = events, split cooperation / conflict) and the
        actors they join."""
        where, params = f.where()
        edges = self.rows(f"""
            SELECT least(e.source, e.target) AS source, greatest(e.source, e.target) AS target,
                   count(DISTINCT e.ckey) AS weight, count(*) AS mentions,
                   count(DISTINCT e.ckey) FILTER (WHERE e.quad_class <= 2) AS cooperation,
                   count(DISTINCT e.ckey) FILTER (WHERE e.quad_class >= 3) AS conflict,
                   round(avg(e.goldstein), 2) AS goldstein_mean
            FROM {_EVENTS_FROM} {where} AND e.target IS NOT NULL AND e.target <> e.source
            GROUP BY 1, 2 HAVING count(DISTINCT e.ckey) >= ?
            ORDER BY weight DESC, mentions DESC, source, target LIMIT ?""", params + [min_weight, max_edges])
        ids = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
        nodes = self.rows("""
            SELECT a.id, a.name, a.kind, a.country FROM actors a WHERE list_contains(?, a.id) ORDER BY a.id""",
                          [ids]) if ids else []
        return nodes, edges

    def dyad_series(self, a: str, b: str, f: EventFilter) -> Rows:
        """Monthly series of the events between two actors (either direction): events per quad
        class, each direction, Goldstein mean and sum (one score per event: its mentions' mean)."""
        f = EventFilter(**{**f.__dict__, "dyad": (a, b)})
        where, params = f.where()
        return self.rows(f"""
            WITH per_event AS (
                SELECT e.ckey, min(substr(e.date, 1, 7)) AS month, mode(e.quad_class) AS quad_class,
                       avg(e.goldstein) AS goldstein, count(*) AS mentions,
                       bool_or(e.source = ?) AS a_to_b, bool_or(e.source = ?) AS b_to_a
                FROM {_EVENTS_FROM} {where} AND length(e.date) >= 7 GROUP BY e.ckey)
            SELECT month, count(*) AS events, sum(mentions) AS mentions,
                   count(*) FILTER (WHERE quad_class = 1) AS q1, count(*) FILTER (WHERE quad_class = 2) AS q2,
                   count(*) FILTER (WHERE quad_class = 3) AS q3, count(*) FILTER (WHERE quad_class = 4) AS q4,
                   count(*) FILTER (WHERE a_to_b) AS a_to_b, count(*) FILTER (WHERE b_to_a) AS b_to_a,
                   round(avg(goldstein), 2) AS goldstein_mean, round(sum(goldstein), 2) AS goldstein_sum
            FROM per_event GROUP BY month ORDER BY month""", [a, b] + params)

    def places(self, f: EventFilter) -> Rows:
        """Geocoded places with their event counts per quad class."""
        where, params = f.where()
        return self.rows(f"""
            SELECT e.place, e.lat, e.lon, any_value(e.place_country) AS country,
                   count(DISTINCT e.ckey) AS events, count(*) AS mentions, {_quads('e.')}
            FROM {_EVENTS_FROM} {where} AND e.lat IS NOT NULL AND e.lon IS NOT NULL
            GROUP BY e.place, e.lat, e.lon ORDER BY events DESC, e.place""", params)

    # -- search --------------------------------------------------------------------------------
    def search_documents(self, q: str, limit: int, offset: int, context: int = 90) -> Page:
        """Documents whose text or title contains ``q`` (any case), with a snippet around the first hit."""
        pat = like_pattern(q)
        sql = "SELECT id FROM documents WHERE text ILIKE ? ESCAPE '\\' OR title ILIKE ? ESCAPE '\\'"
        total = self._count(sql, [pat, pat])
        rows = self.rows(f"""
            SELECT id, title, outlet, published, pos, hits,
                   substr(text, greatest(1, pos - ?), ? * 2 + ?) AS snippet, greatest(1, pos - ?) - 1 AS snippet_start
            FROM (SELECT *, strpos(lower(text), lower(?)) AS pos,
                         (length(lower(text)) - length(replace(lower(text), lower(?), ''))) // greatest(length(?), 1)
                         AS hits
                  FROM documents WHERE id IN ({sql}))
            ORDER BY hits DESC, published DESC NULLS LAST, id LIMIT ? OFFSET ?""",
                         [context, context, len(q), context, q, q, q, pat, pat, limit, offset])
        for r in rows:
            r["match_start"] = r.pop("pos") - 1 if r["pos"] else None  # 0-based offset in the text
        return total, rows

    def search_evidence(self, q: str, limit: int, offset: int) -> Page:
        """Event mentions whose evidence sentence contains ``q`` (any case)."""
        sql = f"FROM {_EVENTS_FROM} WHERE e.evidence ILIKE ? ESCAPE '\\'"
        params = [like_pattern(q)]
        total = self._count(f"SELECT 1 {sql}", params)
        rows = self.rows(f"SELECT {_EVENT_COLUMNS} {sql} ORDER BY {_EVENT_ORDER['desc']} LIMIT ? OFFSET ?",
                         params + [limit, offset])
        return total, rows
