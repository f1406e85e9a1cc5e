"""Actor curation in the store: merge and split decisions (by a person or automatic), kept
as data, applied on top of what the extractor found, undoable; and the actor listings and
profiles the CLI shows. ``Curator(store)`` wraps an open Store.

Extraction results are never overwritten for good: the first time decisions are applied, the
actor ids as extracted are copied to ``mention_origins`` / ``event_origins``; applying
decisions always starts again from those, so undoing a decision restores the original state.
"""
from __future__ import annotations

import re

from ..model import slug

CURATION_SCHEMA = """
CREATE SEQUENCE IF NOT EXISTS decision_ids START 1;
CREATE TABLE IF NOT EXISTS actor_decisions (
    id INTEGER PRIMARY KEY DEFAULT nextval('decision_ids'), kind VARCHAR, actor VARCHAR, other VARCHAR,
    alias VARCHAR, decided_by VARCHAR, decided_at TIMESTAMP DEFAULT now(), undone BOOLEAN DEFAULT false,
    note VARCHAR);
CREATE TABLE IF NOT EXISTS mention_origins (
    doc_id VARCHAR, start_char INTEGER, end_char INTEGER, actor_id VARCHAR, PRIMARY KEY (doc_id, start_char, end_char));
CREATE TABLE IF NOT EXISTS event_origins (id VARCHAR PRIMARY KEY, source VARCHAR, target VARCHAR);
"""


def alias_key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


class Curator:
    def __init__(self, store) -> None:
        self.store = store
        self.con = store.con
        self.rows = store.rows

    def ensure_curation(self) -> None:
        self.con.execute(CURATION_SCHEMA)

    # -- decisions ---------------------------------------------------------------------------
    def add_decision(self, kind: str, actor: str, other: str | None = None, alias: str | None = None,
                     by: str = "user", note: str | None = None) -> int:
        if kind not in ("merge", "split"):
            raise ValueError(f"unknown decision kind {kind!r}")
        known = {r["id"] for r in self.rows("SELECT id FROM actors")}
        for a in (actor, other) if kind == "merge" else (actor,):
            if a not in known:
                raise ValueError(f"no actor with id {a!r} (see `dyad actors --search`)")
        if kind == "merge" and actor == other:
            raise ValueError("cannot merge an actor with itself")
        if kind == "split":
            n = self.con.execute("SELECT count(*) FROM mentions WHERE actor_id = ? AND lower(text) = lower(?)",
                                 [actor, alias]).fetchone()[0]
            if not n:
                raise ValueError(f"actor {actor!r} has no mention written {alias!r}")
        did = self.record(kind, actor, other, alias, by, note)
        self.apply_decisions()
        return did

    def record(self, kind: str, actor: str, other: str | None = None, alias: str | None = None,
               by: str = "user", note: str | None = None) -> int:
        """Store a decision without checking or applying it (``add_decision`` does both; the
        automatic merges of ``variants`` are applied by the fusion that follows)."""
        self.ensure_curation()
        return self.con.execute(
            "INSERT INTO actor_decisions (kind, actor, other, alias, decided_by, note) VALUES (?,?,?,?,?,?) RETURNING id",
            [kind, actor, other, alias, by, note]).fetchone()[0]

    def undo_decision(self, decision_id: int) -> None:
        self.ensure_curation()
        n = self.con.execute("UPDATE actor_decisions SET undone = true WHERE id = ? AND NOT undone RETURNING id",
                             [decision_id]).fetchall()
        if not n:
            raise ValueError(f"no active decision {decision_id}")
        self.apply_decisions()

    def decisions(self, include_undone: bool = True) -> list[dict]:
        self.ensure_curation()
        where = "" if include_undone else "WHERE NOT undone"
        return self.rows(f"SELECT * FROM actor_decisions {where} ORDER BY id")

    def apply_decisions(self) -> None:
        """Recompute actor ids of mentions and events: as extracted, then every active decision
        in order. Idempotent; cheap when there are no decisions."""
        self.ensure_curation()
        active = self.rows("SELECT * FROM actor_decisions WHERE NOT undone ORDER BY id")
        has_origins = self.con.execute("SELECT count(*) FROM event_origins").fetchone()[0] or \
            self.con.execute("SELECT count(*) FROM mention_origins").fetchone()[0]
        if not active and not has_origins:
            return
        con = self.con
        with self.store.transaction():
            con.execute("INSERT OR IGNORE INTO mention_origins SELECT doc_id, start_char, end_char, actor_id FROM mentions")
            con.execute("INSERT OR IGNORE INTO event_origins SELECT id, source, target FROM events")
            con.execute("""UPDATE mentions SET actor_id = o.actor_id FROM mention_origins o
                           WHERE mentions.doc_id = o.doc_id AND mentions.start_char = o.start_char
                           AND mentions.end_char = o.end_char""")
            con.execute("UPDATE events SET source = o.source, target = o.target FROM event_origins o WHERE events.id = o.id")
            for d in active:
                if d["kind"] == "merge":
                    keep, gone = d["actor"], d["other"]
                    con.execute("UPDATE mentions SET actor_id = ? WHERE actor_id = ?", [keep, gone])
                    con.execute("UPDATE events SET source = ? WHERE source = ?", [keep, gone])
                    con.execute("UPDATE events SET target = ? WHERE target = ?", [keep, gone])
                    con.execute("INSERT OR IGNORE INTO actor_aliases SELECT ?, alias FROM actor_aliases WHERE actor_id = ?",
                                [keep, gone])
                else:
                    self._apply_split(d["actor"], d["alias"])
            con.execute("UPDATE events SET target = NULL WHERE target = source")

    def _apply_split(self, actor: str, alias: str) -> None:
        new_id = slug(alias)
        if new_id == actor:
            new_id = f"{new_id}_2"
        a = self.rows("SELECT * FROM actors WHERE id = ?", [actor])
        if not a:
            return
        a = a[0]
        self.con.execute("INSERT OR IGNORE INTO actors VALUES (?, ?, ?, ?, ?, ?, ?, 'text')",
                         [new_id, alias, a["kind"], a["country"], a["sector"], a["org_type"], a["parent"]])
        self.con.execute("INSERT OR IGNORE INTO actor_aliases VALUES (?, ?)", [new_id, alias])
        self.con.execute("DELETE FROM actor_aliases WHERE actor_id = ? AND lower(alias) = lower(?)", [actor, alias])
        # Events whose sentence names the actor only by the split-off alias follow it.
        self.con.execute("""
            CREATE OR REPLACE TEMP TABLE _split AS
            SELECT doc_id, sent_start, bool_and(lower(text) = lower(?)) AS only_alias
            FROM mentions WHERE actor_id = ? GROUP BY doc_id, sent_start""", [alias, actor])
        for col in ("source", "target"):
            self.con.execute(f"""
                UPDATE events SET {col} = ? FROM _split s
                WHERE events.{col} = ? AND s.doc_id = events.doc_id AND s.only_alias
                AND s.sent_start BETWEEN events.sent_start - 1 AND events.sent_start""", [new_id, actor])
        self.con.execute("UPDATE mentions SET actor_id = ? WHERE actor_id = ? AND lower(text) = lower(?)",
                         [new_id, actor, alias])
        self.con.execute("DROP TABLE _split")

    # -- listings ----------------------------------------------------------------------------
    def actor_list(self, search: str | None = None, kind: str | None = None, limit: int = 50) -> list[dict]:
        where, params = [], []
        if search:
            where.append("(a.id IN (SELECT actor_id FROM actor_aliases WHERE lower(alias) LIKE ?) "
                         "OR lower(a.name) LIKE ? OR a.id LIKE ?)")
            pat = f"%{search.lower()}%"
            params += [pat, pat, pat]
        if kind:
            where.append("a.kind = ?")
            params.append(kind)
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        return self.rows(f"""
            SELECT a.id, a.name, a.kind, a.country, a.sector, a.origin,
                   (SELECT count(*) FROM events e WHERE e.source = a.id OR e.target = a.id) AS events,
                   (SELECT count(*) FROM mentions m WHERE m.actor_id = a.id) AS mentions
            FROM actors a {clause}
            ORDER BY events DESC, mentions DESC, a.name LIMIT ?""", params + [limit])

    def find_actor(self, name: str) -> str | None:
        """An actor id from an id, a name or an alias (exact, case-insensitive)."""
        for sql in ("SELECT id FROM actors WHERE id = ?", "SELECT id FROM actors WHERE lower(name) = lower(?)",
                    "SELECT actor_id FROM actor_aliases WHERE lower(alias) = lower(?) GROUP BY actor_id"):
            r = self.con.execute(sql, [name]).fetchall()
            if len(r) == 1:
                return r[0][0]
        return None

    def actor_profile(self, actor_id: str) -> dict | None:
        a = self.rows("SELECT * FROM actors WHERE id = ?", [actor_id])
        if not a:
            return None
        out = a[0]
        out["aliases"] = [r["alias"] for r in self.rows(
            "SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY alias", [actor_id])]
        out["roles"] = self.rows("SELECT * FROM actor_roles WHERE actor_id = ? ORDER BY start_date", [actor_id])
        out["events"] = self.con.execute("SELECT count(*) FROM events WHERE source = ? OR target = ?",
                                         [actor_id, actor_id]).fetchone()[0]
        out["partners"] = self.rows("""
            SELECT p.id, p.name, count(*) AS events,
                   count(*) FILTER (WHERE e.quad_class <= 2) AS cooperation,
                   count(*) FILTER (WHERE e.quad_class >= 3) AS conflict
            FROM events e JOIN actors p ON p.id = CASE WHEN e.source = ? THEN e.target ELSE e.source END
            WHERE (e.source = ? OR e.target = ?) AND e.target IS NOT NULL
            GROUP BY p.id, p.name ORDER BY events DESC, p.name LIMIT 15""", [actor_id] * 3)
        return out
