"""The store: one DuckDB file. This package owns the schema and every SQL statement
(writes and core reads here, the views' read queries in ``queries.py``)."""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from ..model import Actor, ActorMention, Document, EventMention, Role
from .queries import Queries

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY, title VARCHAR, url VARCHAR, outlet VARCHAR,
    published VARCHAR, published_basis VARCHAR, published_precision VARCHAR,
    source_path VARCHAR, content_hash VARCHAR UNIQUE, text VARCHAR, ingested_at TIMESTAMP DEFAULT now());
CREATE TABLE IF NOT EXISTS actors (
    id VARCHAR PRIMARY KEY, name VARCHAR, kind VARCHAR, country VARCHAR, sector VARCHAR,
    org_type VARCHAR, parent VARCHAR, origin VARCHAR);
CREATE TABLE IF NOT EXISTS actor_aliases (actor_id VARCHAR, alias VARCHAR, PRIMARY KEY (actor_id, alias));
CREATE TABLE IF NOT EXISTS actor_roles (
    actor_id VARCHAR, org VARCHAR, title VARCHAR, sector VARCHAR, start_date VARCHAR, end_date VARCHAR,
    doc_id VARCHAR, evidence VARCHAR);
CREATE TABLE IF NOT EXISTS mentions (
    doc_id VARCHAR, actor_id VARCHAR, text VARCHAR, start_char INTEGER, end_char INTEGER,
    sent_start INTEGER, how VARCHAR, PRIMARY KEY (doc_id, start_char, end_char));
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY, doc_id VARCHAR, source VARCHAR, target VARCHAR,
    source_code VARCHAR, target_code VARCHAR, code VARCHAR, root VARCHAR,
    goldstein DOUBLE, quad_class INTEGER, plover VARCHAR,
    date VARCHAR, date_precision VARCHAR, date_basis VARCHAR, date_text VARCHAR,
    place VARCHAR, lat DOUBLE, lon DOUBLE, place_country VARCHAR,
    evidence VARCHAR, sent_start INTEGER, sent_end INTEGER, trigger VARCHAR, trigger_start INTEGER,
    confidence DOUBLE, attribution VARCHAR, cluster VARCHAR);
CREATE TABLE IF NOT EXISTS skipped (location VARCHAR, reason VARCHAR, skipped_at TIMESTAMP DEFAULT now(),
    PRIMARY KEY (location, reason));
"""


EVENT_COLUMNS = ("id", "doc_id", "source", "target", "source_code", "target_code", "code", "root",
                 "goldstein", "quad_class", "plover", "date", "date_precision", "date_basis", "date_text",
                 "place", "lat", "lon", "place_country", "evidence", "sent_start", "sent_end", "trigger",
                 "trigger_start", "confidence", "attribution", "cluster")


def _insert(con, table: str, columns: tuple[str, ...], rows: list, conflict: str = "",
            or_ignore: bool = False, or_replace: bool = False) -> None:
    """Bulk insert: one Arrow scan when pyarrow is installed, else multi-row VALUES statements
    (both far faster than executemany, which runs one statement per row). Other modules of the
    store package may use it for their own bulk writes."""
    if not rows:
        return
    verb = "INSERT OR IGNORE" if or_ignore else "INSERT OR REPLACE" if or_replace else "INSERT"
    head = f"{verb} INTO {table} ({', '.join(columns)})"
    try:
        import pyarrow as pa
    except ImportError:
        pa = None
    if pa is not None:
        data = pa.table({c: pa.array(list(v)) for c, v in zip(columns, zip(*rows))})
        name = f"_bulk_{table}"
        con.register(name, data)
        try:
            con.execute(f"{head} SELECT * FROM {name} {conflict}")
        finally:
            con.unregister(name)
        return
    one = "(" + ", ".join("?" * len(columns)) + ")"
    for i in range(0, len(rows), 256):
        chunk = rows[i:i + 256]
        con.execute(f"{head} VALUES {', '.join([one] * len(chunk))} {conflict}",
                    [v for row in chunk for v in row])


def update_from(con, name: str, columns: tuple[str, ...], rows: list, sql: str) -> None:
    """Run `sql` (an UPDATE ... FROM `name`) with `rows` as the table `name` (VARCHAR columns):
    an Arrow table scanned in place when pyarrow is installed, else a temporary table."""
    try:
        import pyarrow as pa
    except ImportError:
        pa = None
    if pa is not None:
        con.register(name, pa.table({c: pa.array([r[i] for r in rows], pa.string()) for i, c in enumerate(columns)}))
        try:
            con.execute(sql)
        finally:
            con.unregister(name)
        return
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({', '.join(c + ' VARCHAR' for c in columns)})")
    try:
        _insert(con, name, columns, rows)
        con.execute(sql)
    finally:
        con.execute(f"DROP TABLE {name}")


class Store(Queries):
    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = str(path)
        if read_only and not Path(self.path).exists():
            raise FileNotFoundError(f"no database at {self.path} (run `dyad ingest` first)")
        self.con = duckdb.connect(self.path, read_only=read_only)
        self._in_transaction = False
        if not read_only:
            with self.transaction():
                self.con.execute(SCHEMA)
                self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block in one transaction (committed at its end, rolled back on an error);
        inside another ``transaction()`` block, as part of that one. Each statement outside
        a transaction commits on its own, and every commit is a write to the database file."""
        if self._in_transaction:
            yield
            return
        self.con.execute("BEGIN TRANSACTION")
        self._in_transaction = True
        try:
            yield
        except BaseException:
            self._in_transaction = False
            self.con.execute("ROLLBACK")
            raise
        self._in_transaction = False
        self.con.execute("COMMIT")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reads -------------------------------------------------------------------------------
    def rows(self, sql: str, params: list | None = None) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def has_hash(self, content_hash: str) -> str | None:
        r = self.con.execute("SELECT id FROM documents WHERE content_hash = ?", [content_hash]).fetchone()
        return r[0] if r else None

    def stored(self, hashes: list[str], ids: list[str]) -> tuple[dict[str, str], set[str]]:
        """Which of these content hashes (-> the id stored with it) and ids are stored: the
        answers of ``has_hash`` and ``has_doc`` for many documents in one query."""
        if not hashes and not ids:
            return {}, set()
        rows = self.con.execute("SELECT id, content_hash FROM documents "
                                "WHERE list_contains(?, content_hash) OR list_contains(?, id)",
                                [sorted(set(hashes)), sorted(set(ids))]).fetchall()
        wanted = set(hashes)
        return {h: i for i, h in rows if h in wanted}, {i for i, _ in rows}

    def has_doc(self, doc_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone() is not None

    COUNTED = ("documents", "actors", "actor_aliases", "actor_roles", "mentions", "events", "skipped")

    def counts(self, tables: tuple[str, ...] = COUNTED) -> dict[str, int]:
        """Rows per table (one query)."""
        row = self.con.execute("SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in tables)).fetchone()
        return dict(zip(tables, row))

    def learned_actors(self) -> list[Actor]:
        actors = {r["id"]: Actor(id=r["id"], name=r["name"], kind=r["kind"], country=r["country"],
                                 sector=r["sector"], org_type=r["org_type"], parent=r["parent"], origin="text")
                  for r in self.rows("SELECT * FROM actors WHERE origin = 'text'")}
        for r in self.rows("SELECT actor_id, alias FROM actor_aliases"):
            if r["actor_id"] in actors:
                actors[r["actor_id"]].aliases.add(r["alias"])
        for r in self.rows("SELECT * FROM actor_roles"):
            if r["actor_id"] in actors:
                actors[r["actor_id"]].roles.append(Role(r["org"], r["title"], r["sector"], r["start_date"],
                                                        r["end_date"], r["doc_id"], r["evidence"]))
        return list(actors.values())

    # -- writes ------------------------------------------------------------------------------
    def add_skip(self, where: str, reason: str) -> None:
        self.con.execute("INSERT OR IGNORE INTO skipped (location, reason) VALUES (?, ?)", [where, reason])

    ACTOR_FIELDS = ("name", "kind", "country", "sector", "org_type", "parent", "origin")

    def upsert_actors(self, actors: list[Actor]) -> None:
        """Insert actors or merge them into the stored ones, in one bulk statement.

        Knowledge-base actors replace their row (the knowledge base is authoritative). Actors
        learned from text merge: the first value seen for a field wins (the stored row first,
        then the given list in order), later ones only fill gaps. The merge depends only on the
        order of the input, so documents processed on different workers merge into the same rows
        as a sequential run."""
        if not actors:
            return
        merged: dict[str, list] = {}
        for a in actors:
            row = [a.id, a.name, a.kind, a.country, a.sector, a.org_type, a.parent, a.origin]
            have = merged.get(a.id)
            if have is None or a.origin == "kb":
                merged[a.id] = row
            elif have[7] != "kb":
                merged[a.id] = [h if h is not None else r for h, r in zip(have, row)]
        sets = ", ".join(
            f"{c} = CASE WHEN excluded.origin = 'kb' THEN excluded.{c} ELSE "
            + (f"actors.{c}" if c in ("name", "kind", "origin") else f"coalesce(actors.{c}, excluded.{c})")
            + " END" for c in self.ACTOR_FIELDS)
        _insert(self.con, "actors", ("id",) + self.ACTOR_FIELDS, list(merged.values()),
                f"ON CONFLICT (id) DO UPDATE SET {sets}")

    def add_aliases(self, pairs: set[tuple[str, str]]) -> None:
        if pairs:
            _insert(self.con, "actor_aliases", ("actor_id", "alias"), sorted(set(pairs)), or_ignore=True)

    def add_document(self, doc: Document | list[Document], mentions: list[ActorMention],
                     events: list[EventMention], roles: list[tuple[str, Role]],
                     actors: list[Actor] | None = None, aliases: set[tuple[str, str]] | None = None) -> None:
        """Store one document (or a batch of documents) and everything extracted from it, in one
        transaction, with bulk inserts; `actors` and `aliases`, when given, are merged in the same
        transaction (see ``upsert_actors``)."""
        docs = doc if isinstance(doc, list) else [doc]
        con = self.con
        with self.transaction():
            if actors:
                self.upsert_actors(actors)
            if aliases:
                self.add_aliases(aliases)
            _insert(con, "documents", ("id", "title", "url", "outlet", "published", "published_basis",
                                       "published_precision", "source_path", "content_hash", "text"),
                    [[d.id, d.title, d.url, d.outlet, d.published, d.published_basis, d.published_precision,
                      d.source_path, d.content_hash, d.text] for d in docs])
            _insert(con, "mentions", ("doc_id", "actor_id", "text", "start_char", "end_char", "sent_start", "how"),
                    [[m.doc_id, m.actor_id, m.text, m.start, m.end, m.sent_start, m.how] for m in mentions],
                    or_ignore=True)
            _insert(con, "events", EVENT_COLUMNS,
                    [[e.id, e.doc_id, e.source, e.target, e.source_code, e.target_code, e.code, e.root,
                      e.goldstein, e.quad_class, e.plover, e.date.value, e.date.precision, e.date.basis,
                      e.date.text, e.place.name if e.place else None, e.place.lat if e.place else None,
                      e.place.lon if e.place else None, e.place.country if e.place else None,
                      e.evidence, e.sent_start, e.sent_end, e.trigger, e.trigger_start, e.confidence,
                      e.attribution, e.cluster] for e in events], or_ignore=True)
            _insert(con, "actor_roles", ("actor_id", "org", "title", "sector", "start_date", "end_date",
                                         "doc_id", "evidence"),
                    [[aid, r.org, r.title, r.sector, r.start, r.end, r.doc_id, r.evidence] for aid, r in roles])

    def set_clusters(self, assignments: dict[str, str]) -> None:
        if not assignments:
            return
        update_from(self.con, "_cl", ("id", "cluster"), list(assignments.items()),
                    "UPDATE events SET cluster = _cl.cluster FROM _cl "
                    "WHERE events.id = _cl.id AND events.cluster IS DISTINCT FROM _cl.cluster")

    # -- views for export and CLI --------------------------------------------------------
    def documents(self) -> list[dict]:
        return self.rows("SELECT id, title, url, outlet, published, published_basis, published_precision "
                         "FROM documents ORDER BY id")

    def events(self, where: str = "", params: list | None = None) -> list[dict]:
        return self.rows(f"SELECT * FROM events {where} ORDER BY doc_id, sent_start, trigger_start, id", params)

    def actors_used(self) -> list[dict]:
        """Actors that appear in a mention or an event, with their aliases seen in the text."""
        rows = self.rows("""
            SELECT a.*, list(DISTINCT m.text) FILTER (WHERE m.text IS NOT NULL) AS surface
            FROM actors a LEFT JOIN mentions m ON m.actor_id = a.id
            WHERE a.id IN (SELECT actor_id FROM mentions UNION SELECT source FROM events
                           UNION SELECT target FROM events)
            GROUP BY ALL ORDER BY a.id""")
        roles = {}
        for r in self.rows("SELECT * FROM actor_roles ORDER BY actor_id, start_date"):
            roles.setdefault(r["actor_id"], []).append(r)
        for r in rows:
            r["roles"] = roles.get(r["id"], [])
        return rows

    def dump_json(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)
