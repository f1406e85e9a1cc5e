"""Fusion tables of the store: document sources (outlet, syndication group), clusters (one
real-world event), conflicts (where reports disagree). ``FusionStore(store)`` wraps an open
Store; the fusion stage reads and writes through it."""
from __future__ import annotations

import json

import numpy as np

from . import _insert, update_from

FUSION_SCHEMA = """
CREATE TABLE IF NOT EXISTS outlets (
    id VARCHAR PRIMARY KEY, name VARCHAR, type VARCHAR, country VARCHAR, reliability VARCHAR,
    stance VARCHAR, known BOOLEAN);
CREATE TABLE IF NOT EXISTS doc_sources (
    doc_id VARCHAR PRIMARY KEY, outlet_id VARCHAR, syndication_group VARCHAR, signature UBIGINT[]);
CREATE TABLE IF NOT EXISTS clusters (
    id VARCHAR PRIMARY KEY, root VARCHAR, code VARCHAR, source VARCHAR, target VARCHAR,
    date VARCHAR, date_precision VARCHAR, place VARCHAR, lat DOUBLE, lon DOUBLE,
    mentions INTEGER, documents INTEGER, sources INTEGER, outlets VARCHAR[],
    first_report VARCHAR, last_report VARCHAR, credibility INTEGER, credibility_reason VARCHAR,
    goldstein DOUBLE, quad_class INTEGER);
CREATE TABLE IF NOT EXISTS conflicts (
    id VARCHAR PRIMARY KEY, about VARCHAR, kind VARCHAR, cluster VARCHAR, claims JSON);
"""


class FusionStore:
    def __init__(self, store, create: bool = True) -> None:
        self.store = store
        self.con = store.con
        self.rows = store.rows
        if create:
            self.con.execute(FUSION_SCHEMA)
        self._outlets: dict[str, list] = {}   # outlet rows this FusionStore wrote

    @staticmethod
    def present(store) -> bool:
        """Whether fusion has run on this store (its tables exist)."""
        return bool(store.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'clusters'").fetchone()[0])

    @classmethod
    def read(cls, store) -> "FusionStore":
        """For reading a store opened read-only (tables are not created)."""
        return cls(store, create=False)

    # -- sources ----------------------------------------------------------------------------
    def docs_without_source(self) -> list[dict]:
        return self.rows("""SELECT d.id, d.url, d.outlet, d.text FROM documents d
                            LEFT JOIN doc_sources s ON s.doc_id = d.id WHERE s.doc_id IS NULL ORDER BY d.id""")

    def add_sources(self, rows: list[tuple[str, str | None, np.ndarray]], outlets: list) -> None:
        # Bulk writes; the last row of a key wins, as with one INSERT OR REPLACE per row.
        # An outlet row already written by this FusionStore is not written again: the ingest
        # writes each batch's sources through one FusionStore.
        last = {o.id: [o.id, o.name, o.type, o.country, o.reliability, o.stance, o.known] for o in outlets}
        new = [row for oid, row in last.items() if self._outlets.get(oid) != row]
        if new:
            _insert(self.con, "outlets", ("id", "name", "type", "country", "reliability", "stance", "known"),
                    new, or_replace=True)
            self._outlets.update((row[0], row) for row in new)
        if rows:
            last = {d: [d, o, [int(x) for x in sig]] for d, o, sig in rows}
            _insert(self.con, "doc_sources", ("doc_id", "outlet_id", "signature"), list(last.values()),
                    or_replace=True)

    def signatures(self) -> dict[str, np.ndarray]:
        return {r[0]: np.array(r[1], dtype=np.uint64)
                for r in self.con.execute("SELECT doc_id, signature FROM doc_sources").fetchall()}

    def set_groups(self, groups: dict[str, str]) -> None:
        update_from(self.con, "_g", ("doc_id", "g"), sorted(groups.items()),
                    "UPDATE doc_sources SET syndication_group = _g.g FROM _g WHERE doc_sources.doc_id = _g.doc_id")

    # -- events for fusion --------------------------------------------------------------------
    def event_rows(self) -> list[dict]:
        return self.rows("""
            SELECT e.id, e.doc_id, e.source, e.target, e.code, e.root, e.date, e.date_precision, e.date_basis, e.date_text,
                   e.place, e.lat, e.lon, e.place_country, e.evidence, e.trigger, e.goldstein, e.quad_class,
                   d.published, s.outlet_id, coalesce(s.syndication_group, e.doc_id) AS grp,
                   o.reliability, o.name AS outlet_name
            FROM events e JOIN documents d ON d.id = e.doc_id
            LEFT JOIN doc_sources s ON s.doc_id = e.doc_id LEFT JOIN outlets o ON o.id = s.outlet_id
            ORDER BY e.id""")

    def texts(self, doc_ids: set[str]) -> dict[str, str]:
        if not doc_ids:
            return {}
        rows = self.con.execute("SELECT id, text FROM documents WHERE list_contains(?, id)",
                                [sorted(doc_ids)]).fetchall()
        return dict(rows)

    def text_roles(self) -> list[dict]:
        return self.rows("""SELECT r.actor_id, a.name, r.org, r.title, r.start_date, r.doc_id, r.evidence, d.published
                            FROM actor_roles r JOIN actors a ON a.id = r.actor_id
                            JOIN documents d ON d.id = r.doc_id ORDER BY r.doc_id, r.actor_id""")

    def replace_clusters(self, clusters: list[dict], conflicts: list[dict]) -> None:
        con = self.con
        with self.store.transaction():
            con.execute("DELETE FROM clusters")
            con.execute("DELETE FROM conflicts")
            if clusters:
                cols = ["id", "root", "code", "source", "target", "date", "date_precision", "place", "lat", "lon",
                        "mentions", "documents", "sources", "outlets", "first_report", "last_report",
                        "credibility", "credibility_reason", "goldstein", "quad_class"]
                _insert(con, "clusters", tuple(cols), [[c[k] for k in cols] for c in clusters])
            if conflicts:   # the last conflict of an id wins, as with one INSERT OR REPLACE per row
                last = {c["id"]: [c["id"], c["about"], c["kind"], c.get("cluster"),
                                  json.dumps(c["claims"], ensure_ascii=False)] for c in conflicts}
                _insert(con, "conflicts", ("id", "about", "kind", "cluster", "claims"), list(last.values()),
                        or_replace=True)

    # -- reads ----------------------------------------------------------------------------
    def conflicts(self) -> list[dict]:
        rows = self.rows("SELECT * FROM conflicts ORDER BY kind, id")
        for r in rows:
            r["claims"] = json.loads(r["claims"]) if isinstance(r["claims"], str) else r["claims"]
        return rows

    def clusters(self) -> dict[str, dict]:
        return {r["id"]: r for r in self.rows("SELECT * FROM clusters")}

    def event_table(self, actors: list[str] | None = None, dyad: tuple[str, str] | None = None,
                    since: str | None = None, until: str | None = None, root: str | None = None,
                    limit: int = 100) -> list[dict]:
        """Fused events (one row per cluster) with their sources and credibility."""
        where, params = [], []
        for a in actors or []:
            where.append("(c.source = ? OR c.target = ?)")
            params += [a, a]
        if dyad:
            where.append("((c.source = ? AND c.target = ?) OR (c.source = ? AND c.target = ?))")
            params += [dyad[0], dyad[1], dyad[1], dyad[0]]
        if since:
            where.append("c.date >= ?")
            params.append(since)
        if until:
            where.append("substr(c.date, 1, length(?)) <= ?")
            params += [until, until]
        if root:
            where.append("c.root = ?")
            params.append(root.zfill(2)[:2])
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        return self.rows(f"""
            SELECT c.*, sa.name AS source_name, ta.name AS target_name
            FROM clusters c LEFT JOIN actors sa ON sa.id = c.source LEFT JOIN actors ta ON ta.id = c.target
            {clause} ORDER BY c.date NULLS LAST, c.id LIMIT ?""", params + [limit])

