#!/usr/bin/env python3
"""Build a store of about 1,000,000 events from real extracted events.

    python scripts/make_big_store.py --db /tmp/big.duckdb [--events 1000000]

1. Ingest the bundled sample corpus and, when present, the shared news feed
   (../shared/corpus/news/news.jsonl beside the repository) into a fresh store.
2. Replicate the extracted events inside DuckDB (one INSERT ... SELECT over a range): copy k
   shifts every date by 3k days (day precision), k/10 months (month precision) or k/120 years,
   and renames actors into one of 100 families (`iran` -> `iran~37`), each with its own actor
   row, so the replicas form a larger, denser network over a longer period. Event, cluster and
   document ids get a `~k` suffix; copies are inserted one after the other, as a store fills
   over time. Documents, mentions and roles are not replicated (the latency script queries
   events and actors).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dyad.config import DATA, Settings  # noqa: E402
from dyad.pipeline import ingest  # noqa: E402
from dyad.store import Store  # noqa: E402

NEWS = ROOT.parent / "shared" / "corpus" / "news" / "news.jsonl"
FAMILIES = 100


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="store to create (replaced if it exists)")
    ap.add_argument("--events", type=int, default=1_000_000, help="target number of events (default 1,000,000)")
    ap.add_argument("--news", default=str(NEWS), help="extra corpus to ingest (default: the shared news feed)")
    args = ap.parse_args()

    for f in (args.db, args.db + ".wal"):
        if os.path.exists(f):
            os.remove(f)
    t0 = time.perf_counter()
    paths = [str(DATA / "sample")] + ([args.news] if args.news and os.path.exists(args.news) else [])
    s = ingest(paths, args.db, Settings.from_env(), progress=False)
    t1 = time.perf_counter()
    print(f"ingested {s.added} documents from {', '.join(paths)}: {s.events} events ({t1 - t0:.1f} s)")

    with Store(args.db) as store:
        con = store.con
        base = con.execute("SELECT count(*) FROM events").fetchone()[0]
        copies = max(0, -(-(args.events - base) // base))
        con.execute("BEGIN")
        # Actor families: a copy of every actor row per family.
        con.execute(f"""
            INSERT OR IGNORE INTO actors
            SELECT id || '~' || f, name || ' ~' || f, kind, country, sector, org_type,
                   CASE WHEN parent IS NULL THEN NULL ELSE parent || '~' || f END, origin
            FROM actors, range(1, {FAMILIES}) t(f)""")
        shift = """CASE length(date)
                WHEN 10 THEN strftime(CAST(date AS DATE) + to_days(CAST(k * 3 AS INTEGER)), '%Y-%m-%d')
                WHEN 7 THEN strftime(CAST(date || '-01' AS DATE) + to_months(CAST(k // 10 AS INTEGER)), '%Y-%m')
                WHEN 4 THEN CAST(CAST(date AS INTEGER) + k // 120 AS VARCHAR)
                ELSE date END"""
        fam = f"CASE WHEN k % {FAMILIES} = 0 THEN {{c}} ELSE {{c}} || '~' || (k % {FAMILIES}) END"
        con.execute(f"""
            INSERT INTO events
            SELECT e.id || '~' || k, e.doc_id || '~' || k, {fam.format(c='e.source')},
                   CASE WHEN e.target IS NULL THEN NULL ELSE {fam.format(c='e.target')} END,
                   e.source_code, e.target_code, e.code, e.root, e.goldstein, e.quad_class, e.plover,
                   {shift.replace('date', 'e.date')}, e.date_precision, e.date_basis, e.date_text,
                   e.place, e.lat, e.lon, e.place_country, e.evidence, e.sent_start, e.sent_end, e.trigger,
                   e.trigger_start, e.confidence, e.attribution,
                   CASE WHEN e.cluster IS NULL THEN NULL ELSE e.cluster || '~' || k END
            FROM (SELECT * FROM events WHERE id NOT LIKE '%~%') e, range(1, {copies + 1}) t(k)
            ORDER BY k, e.id   -- copy by copy, as a store fills over time
            LIMIT {max(0, args.events - base)}""")
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
        n = con.execute("SELECT count(*) FROM events").fetchone()[0]
        a = con.execute("SELECT count(*) FROM actors").fetchone()[0]
        lo, hi = con.execute("SELECT min(date), max(date) FROM events").fetchone()
    t2 = time.perf_counter()
    size = os.path.getsize(args.db) / 2**20
    print(f"replicated {base} events into {n:,} events, {a:,} actors, dates {lo} .. {hi} "
          f"({t2 - t1:.1f} s); {args.db}: {size:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
